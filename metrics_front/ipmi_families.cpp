// The ipmi_exporter collectors from the model (sources in ipmi_families.hpp).
#include "metrics_front/ipmi_families.hpp"

#include "metrics_front/sensor_families.hpp"

#include <fmt/format.h>
#include <freeipmi/spec/ipmi-iana-enterprise-numbers-spec.h>

#include <string>

namespace metrics {
namespace {

// bmc-info's "Firmware Revision : %u.%02X" (minor is BCD, IPMI 2.0 Table 20-2) through
// ipmi_exporter's regex ^Firmware Revision\s*:\s*([0-9.]*) (collector_bmc.go).
std::string firmware_revision(const ipmi::cmd::GetDeviceId::Response& id) {
    const auto text = fmt::format("{}.{:02X}", id.firmware_major, id.firmware_minor);
    return text.substr(0, text.find_first_not_of("0123456789."));
}

// bmc-info's "Manufacturer ID : NAME (N)" with FreeIPMI's IANA table, "N" when unnamed.
std::string manufacturer(std::uint32_t id) {
    if (IPMI_IANA_ENTERPRISE_ID_VALID(id) && ipmi_iana_enterprise_numbers[id] != nullptr) {
        return fmt::format("{} ({})", ipmi_iana_enterprise_numbers[id], id);
    }
    return std::to_string(id);
}

Family gauge(std::string name, std::string help, double value) {
    return Family{std::move(name), Type::gauge, std::move(help), {{{}, value}}};
}

} // namespace

Family scrape_duration_family(double seconds) {
    return gauge("ipmi_scrape_duration_seconds", "Returns how long the scrape took to complete in seconds.",
                 seconds);
}

std::vector<Family> ipmi_families(const ModelView& model, const Collectors& collectors,
                                  double max_reading_age_seconds) {
    std::vector<Family> out;
    Family up{"ipmi_up", Type::gauge, "'1' if a scrape of the IPMI device was successful, '0' otherwise.", {}};
    const cim::Snapshot* s = model.snapshot.get();
    const bool fresh = s != nullptr && model.reachable && s->bmc_reachable &&
                       model.age_seconds <= max_reading_age_seconds;
    auto collector = [&](bool enabled, const char* name, bool has_data, auto&& append) {
        if (!enabled) {
            return;
        }
        const bool ok = fresh && has_data;
        up.samples.push_back({{{"collector", name}}, ok ? 1.0 : 0.0});
        if (ok) {
            append();
        }
    };
    collector(collectors.bmc, "bmc", s != nullptr && s->bmc.has_value(), [&] {
        // System Firmware Version comes from Get System Info Parameters, which the model does
        // not read: "N/A", as ipmi_exporter writes when bmc-info prints none.
        out.push_back(Family{"ipmi_bmc_info", Type::gauge, "Constant metric with value '1' providing details about the BMC.",
                             {{{{"firmware_revision", firmware_revision(*s->bmc)},
                                {"manufacturer_id", manufacturer(s->bmc->manufacturer_id)},
                                {"system_firmware_version", "N/A"}},
                               1.0}}});
    });
    collector(collectors.chassis, "chassis", s != nullptr && s->chassis.has_value(), [&] {
        out.push_back(gauge("ipmi_chassis_power_state", "Current power state (1=on, 0=off).",
                            s->chassis->power_on() ? 1.0 : 0.0));
    });
    collector(collectors.ipmi, "ipmi", s != nullptr && !s->sensors.empty(), [&] { append_sensor_families(*s, out); });
    collector(collectors.sel, "sel", s != nullptr && s->sel_info.has_value(), [&] {
        out.push_back(gauge("ipmi_sel_logs_count", "Current number of log entries in the SEL.", s->sel_info->entries));
        out.push_back(gauge("ipmi_sel_free_space_bytes", "Current free space remaining for new SEL entries.",
                            s->sel_info->free_space));
    });
    out.push_back(std::move(up));
    return out;
}

} // namespace metrics
