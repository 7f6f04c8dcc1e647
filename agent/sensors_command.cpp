#include "agent/sensors_command.hpp"

#include "agent/exit_codes.hpp"
#include "ipmi/client.hpp"
#include "ipmi/sdr/conversion.hpp"
#include "ipmi/sdr/event_tables.hpp"
#include "ipmi/sdr/sensor.hpp"
#include "ipmi/sdr/units.hpp"
#include "ipmi/sdr_cache.hpp"
#include "ipmi/sensor_reader.hpp"

#include <cmath>
#include <cstdio>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace agent {
namespace {

constexpr std::array<const char*, 6> threshold_names{
    "lower_non_critical", "lower_critical", "lower_non_recoverable",
    "upper_non_critical", "upper_critical", "upper_non_recoverable"};

nlohmann::json maybe(std::optional<double> v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

} // namespace

int run_sensors(const TransportChoice& choice, const std::string& sdr_cache_dir, bool json) {
    auto transport = open_transport(choice);
    if (!transport) {
        fmt::print(stderr, "bmcwsman: {}\n", transport.error().message());
        return exit_code::failure;
    }
    ipmi::Client client(**transport);
    auto repo = ipmi::load_sdr_repository(client, sdr_cache_dir, std::string((*transport)->name()));
    if (!repo) {
        fmt::print(stderr, "bmcwsman: reading the SDR repository: {}\n", repo.error().message());
        return exit_code::failure;
    }
    auto parsed = ipmi::sdr::parse_repository(repo->records);
    for (const auto& [id, error] : parsed.rejected) {
        fmt::print(stderr, "bmcwsman: SDR record {:#06x}: {}\n", id, error.message());
    }
    const auto& records = parsed.records;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& s : ipmi::sdr::sensors_of(records)) {
        if (!s.readable()) {
            continue;
        }
        nlohmann::json j{{"number", s.number},
                         {"owner", s.owner.address()},
                         {"lun", s.owner.lun},
                         {"name", s.name},
                         {"sensor_type", s.sensor_type},
                         {"sensor_type_name", ipmi::sdr::sensor_type_name(s.sensor_type)},
                         {"event_reading_type", s.event_reading_type},
                         {"record_id", s.header.record_id}};
        auto sample = ipmi::read_sensor(client, s);
        if (!sample) {
            j["error"] = sample.error().message();
            out.push_back(std::move(j));
            continue;
        }
        const auto& r = sample->reading;
        j["raw"] = r.raw;
        j["scanning"] = r.scanning_enabled;
        j["reading_unavailable"] = r.unavailable;
        j["health"] = sample->health ? ipmi::sdr::to_string(*sample->health) : "unknown";
        if (s.threshold_based()) {
            j["reading"] = maybe(sample->value);
            if (sample->value_error) {
                j["reading_error"] = sample->value_error.message();
            }
            j["unit"] = ipmi::sdr::unit_string(s.units);
            if (s.full) {
                auto resolution = ipmi::sdr::resolution(ipmi::sdr::Conversion::from_record(*s.full));
                j["resolution"] = resolution ? nlohmann::json(*resolution) : nlohmann::json(nullptr);
            }
            nlohmann::json thresholds = nlohmann::json::object();
            for (std::size_t i = 0; i < threshold_names.size(); ++i) {
                const auto t = static_cast<ipmi::sdr::Threshold>(i);
                if (s.masks.readable(t)) {
                    thresholds[threshold_names[i]] = maybe(ipmi::threshold_value(s, t));
                }
            }
            j["thresholds"] = thresholds;
            j["threshold_status"] = r.threshold_status();
        } else {
            const auto mask = s.masks.discrete_reading_mask();
            const auto states = static_cast<std::uint16_t>(r.states & (mask != 0 ? mask : 0x7fffU));
            j["state_bits"] = states;
            nlohmann::json names = nlohmann::json::array();
            for (auto n : ipmi::sdr::asserted_state_names(s.event_reading_type, s.sensor_type, states)) {
                names.push_back(n);
            }
            j["states"] = names;
        }
        out.push_back(std::move(j));
    }
    if (json) {
        const nlohmann::json doc{{"sensors", out},
                                 {"sdr_from_cache", repo->from_cache},
                                 {"transactions", client.stats().transactions}};
        fmt::print("{}\n", doc.dump(1));
        return exit_code::ok;
    }
    for (const auto& j : out) {
        std::string reading;
        if (j.contains("error")) {
            reading = "error: " + j["error"].get<std::string>();
        } else if (j.contains("reading")) {
            reading = j["reading"].is_null() ? "N/A"
                                             : fmt::format("{:.2f} {}", j["reading"].get<double>(),
                                                           j["unit"].get<std::string>());
            reading += " [" + j["health"].get<std::string>() + "]";
        } else {
            std::string names;
            for (const auto& n : j["states"]) {
                names += (names.empty() ? "" : ", ") + n.get<std::string>();
            }
            reading = fmt::format("states {:#06x} ({}) [{}]", j["state_bits"].get<unsigned>(),
                                  names.empty() ? "none" : names, j["health"].get<std::string>());
        }
        fmt::print("{:3} | {:<16} | {}\n", j["number"].get<unsigned>(),
                   j["name"].get<std::string>(), reading);
    }
    return exit_code::ok;
}

} // namespace agent
