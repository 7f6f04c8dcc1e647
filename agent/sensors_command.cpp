#include "agent/sensors_command.hpp"

#include "agent/exit_codes.hpp"
#include "ipmi/client.hpp"
#include "ipmi/commands/sensor.hpp"
#include "ipmi/sdr_cache.hpp"
#include "ipmi/sensor_record.hpp"

#include <cmath>
#include <cstdio>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace agent {
namespace {

constexpr std::array<const char*, 6> threshold_names{
    "lower_non_critical", "lower_critical", "lower_non_recoverable",
    "upper_non_critical", "upper_critical", "upper_non_recoverable"};

// Table 35-15 byte 3 for threshold sensors, to a health: non-recoverable beats
// critical beats non-critical.
std::string health(std::uint8_t status) {
    if ((status & 0x24U) != 0) {
        return "nonrecoverable";
    }
    if ((status & 0x12U) != 0) {
        return "critical";
    }
    if ((status & 0x09U) != 0) {
        return "warning";
    }
    return "ok";
}

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
    nlohmann::json out = nlohmann::json::array();
    for (const auto& record : repo->records) {
        auto sensors = ipmi::sensors_of(record);
        if (!sensors) {
            fmt::print(stderr, "bmcwsman: SDR record {:#06x}: {}\n", record[0] | (record[1] << 8),
                       sensors.error().message());
            continue;
        }
        for (const auto& s : *sensors) {
            if (!s.readable()) {
                continue;
            }
            nlohmann::json j{
                {"number", s.number},           {"owner", s.owner_id},
                {"lun", s.owner_lun},           {"name", s.name},
                {"sensor_type", s.sensor_type}, {"event_reading_type", s.event_reading_type},
                {"record_id", s.record_id}};
            // Sensors owned by other controllers would need bridging: not read here.
            auto r = client.call(ipmi::cmd::GetSensorReading{s.number}, s.owner_lun);
            if (!r) {
                j["error"] = r.error().message();
                out.push_back(std::move(j));
                continue;
            }
            j["raw"] = r->reading;
            j["scanning"] = r->scanning_enabled;
            j["reading_unavailable"] = r->reading_unavailable;
            if (s.threshold_based()) {
                const bool usable = r->scanning_enabled && !r->reading_unavailable;
                std::optional<double> value = s.value(r->reading);
                if (usable && s.record_type == 0x01 && ipmi::is_nonlinear(s.linearization)) {
                    // Non-linear (70h-7Fh): the factors for this raw reading come from
                    // Get Sensor Reading Factors (IPMI 2.0 35.5), then convert linearly.
                    auto f = client.call(ipmi::cmd::GetSensorReadingFactors{s.number, r->reading},
                                         s.owner_lun);
                    if (f) {
                        value = ipmi::raw_to_value(r->reading, s.format, 0x00,
                                                   ipmi::parse_factors(f->factors));
                    }
                }
                j["reading"] = usable ? maybe(value) : nlohmann::json(nullptr);
                j["unit"] = ipmi::unit_name(s.base_unit);
                j["resolution"] = ipmi::resolution(s.factors);
                nlohmann::json thresholds;
                for (std::size_t i = 0; i < 6; ++i) {
                    if (s.thresholds[i]) {
                        thresholds[threshold_names[i]] = maybe(s.value(*s.thresholds[i]));
                    }
                }
                j["thresholds"] = thresholds;
                const std::uint8_t status = r->state1.value_or(0) & 0x3fU;
                j["threshold_status"] = status;
                j["health"] = usable ? health(status) : "unknown";
            } else {
                const auto states = static_cast<unsigned>(r->state1.value_or(0) |
                                                          ((r->state2.value_or(0) & 0x7fU) << 8));
                j["state_bits"] = states & (s.reading_mask != 0 ? s.reading_mask : 0x7fffU);
            }
            out.push_back(std::move(j));
        }
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
            reading = fmt::format("states {:#06x}", j["state_bits"].get<unsigned>());
        }
        fmt::print("{:3} | {:<16} | {}\n", j["number"].get<unsigned>(),
                   j["name"].get<std::string>(), reading);
    }
    return exit_code::ok;
}

} // namespace agent
