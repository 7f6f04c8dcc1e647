#include "sim/profile.hpp"

#include <nlohmann/json.hpp>

namespace sim {

std::string_view server45_profile_json(); // generated: sim/profile/embed_profile.py

namespace {

using json = nlohmann::json;

std::vector<std::uint8_t> hex(const std::string& text) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
        out.push_back(static_cast<std::uint8_t>(std::stoul(text.substr(i, 2), nullptr, 16)));
    }
    return out;
}

// Threshold names of the profile, in Get Sensor Thresholds order (Table 35-9).
constexpr std::array<const char*, 6> threshold_names{"lnc", "lc", "lnr", "unc", "uc", "unr"};

SimSensor sensor_from(const json& s) {
    SimSensor out;
    out.number = s.at("number").get<std::uint8_t>();
    out.lun = s.at("lun").get<std::uint8_t>();
    const auto kind = s.at("kind").get<std::string>();
    out.kind = kind == "threshold"  ? SimSensor::Kind::threshold
               : kind == "discrete" ? SimSensor::Kind::discrete
                                    : SimSensor::Kind::event_only;
    out.scanning = s.value("scanning", true);
    if (out.kind == SimSensor::Kind::threshold) {
        out.reading = s.at("reading").get<std::uint8_t>();
        out.is_signed = s.value("signed", false);
        out.wave = s.value("wave", std::uint8_t{0});
        out.nonlinear = s.value("nonlinear", false);
        const auto& t = s.at("thresholds");
        for (std::size_t i = 0; i < threshold_names.size(); ++i) {
            if (t.contains(threshold_names[i])) {
                out.thresholds[i] = t.at(threshold_names[i]).get<std::uint8_t>();
                out.readable_mask = static_cast<std::uint8_t>(out.readable_mask | (1U << i));
            }
        }
        for (const auto& name : s.at("settable")) {
            for (std::size_t i = 0; i < threshold_names.size(); ++i) {
                if (name.get<std::string>() == threshold_names[i]) {
                    out.settable_mask = static_cast<std::uint8_t>(out.settable_mask | (1U << i));
                }
            }
        }
        out.default_thresholds = out.thresholds;
        out.hysteresis_positive = s.at("hysteresis").at(0).get<std::uint8_t>();
        out.hysteresis_negative = s.at("hysteresis").at(1).get<std::uint8_t>();
    } else if (out.kind == SimSensor::Kind::discrete) {
        out.states = s.at("states").get<std::uint16_t>();
    }
    return out;
}

} // namespace

std::optional<Profile> parse_profile(std::string_view text) {
    const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) {
        return std::nullopt;
    }
    try { // start-up only: a malformed profile is a build error, reported once
        Profile p;
        p.name = doc.at("name").get<std::string>();
        const auto& d = doc.at("device");
        p.device_id = d.at("device_id").get<std::uint8_t>();
        p.device_revision = d.at("device_revision").get<std::uint8_t>();
        p.firmware_major = d.at("firmware_major").get<std::uint8_t>();
        p.firmware_minor_bcd = d.at("firmware_minor").get<std::uint8_t>();
        p.ipmi_version_bcd = d.at("ipmi_version").get<std::uint8_t>();
        p.additional_support = d.at("additional_support").get<std::uint8_t>();
        p.manufacturer_id = d.at("manufacturer_id").get<std::uint32_t>();
        p.product_id = d.at("product_id").get<std::uint16_t>();
        // The GUID in the SMBIOS byte order (first three fields little-endian).
        auto uuid = doc.at("system_uuid").get<std::string>();
        std::erase(uuid, '-');
        const auto b = hex(uuid);
        if (b.size() != 16) {
            return std::nullopt;
        }
        p.guid = {b[3], b[2], b[1],  b[0],  b[5],  b[4],  b[7],  b[6],
                  b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]};
        for (const auto& r : doc.at("sdr")) {
            p.sdr.push_back(hex(r.get<std::string>()));
        }
        for (const auto& s : doc.at("sensors")) {
            p.sensors.push_back(sensor_from(s));
        }
        for (const auto& [id, image] : doc.at("fru").items()) {
            p.fru[static_cast<std::uint8_t>(std::stoul(id))] = hex(image.get<std::string>());
        }
        std::uint16_t record_id = 1;
        for (const auto& e : doc.at("sel")) {
            const auto data = hex(e.at("data").get<std::string>());
            if (data.size() != 13) {
                return std::nullopt;
            }
            std::array<std::uint8_t, 16> entry{};
            entry[0] = static_cast<std::uint8_t>(record_id & 0xff);
            entry[1] = static_cast<std::uint8_t>(record_id >> 8);
            entry[2] = e.at("record_type").get<std::uint8_t>();
            std::copy(data.begin(), data.end(), entry.begin() + 3);
            p.sel.push_back(entry);
            ++record_id;
        }
        p.power_on = doc.at("chassis").at("power_on").get<bool>();
        return p;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

const Profile& server45() {
    static const Profile profile = [] {
        auto p = parse_profile(server45_profile_json());
        return p ? std::move(*p) : Profile{};
    }();
    return profile;
}

} // namespace sim
