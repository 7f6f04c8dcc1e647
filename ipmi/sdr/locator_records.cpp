// Parses the device locator records: FRU (11h, Table 43-7) and management controller (12h,
// Table 43-9).
#include "ipmi/errc.hpp"
#include "ipmi/sdr/bytes.hpp"
#include "ipmi/sdr/record.hpp"

namespace ipmi::sdr {
namespace {

using detail::bit;
using detail::bits;

constexpr std::size_t locator_min_size = 16; // bytes 1-16, device ID string may be empty

Entity entity_of(std::uint8_t id, std::uint8_t instance) {
    return {id, bits(instance, 0, 7), bit(instance, 7)};
}

} // namespace

std::expected<FruDeviceLocatorRecord, std::error_code>
parse_fru_device_locator(const SdrHeader& header, std::span<const std::uint8_t> r) {
    if (r.size() < locator_min_size) {
        return std::unexpected(make_error_code(Errc::sdr_record_too_short));
    }
    FruDeviceLocatorRecord f;
    f.header = header;
    f.access_address = static_cast<std::uint8_t>(r[5] & 0xfeU);
    f.fru_device_id = r[6];
    f.logical = bit(r[7], 7);
    f.access_lun = bits(r[7], 3, 2);
    f.private_bus = bits(r[7], 0, 3);
    f.channel = bits(r[8], 4, 4);
    // byte 10 reserved
    f.device_type = r[10];
    f.device_type_modifier = r[11];
    f.entity = entity_of(r[12], r[13]);
    f.oem = r[14];
    auto id = parse_id_string(r.subspan(15));
    if (!id) {
        return std::unexpected(id.error());
    }
    f.id = std::move(*id);
    return f;
}

std::expected<McDeviceLocatorRecord, std::error_code>
parse_mc_device_locator(const SdrHeader& header, std::span<const std::uint8_t> r) {
    if (r.size() < locator_min_size) {
        return std::unexpected(make_error_code(Errc::sdr_record_too_short));
    }
    McDeviceLocatorRecord m;
    m.header = header;
    m.slave_address = static_cast<std::uint8_t>(r[5] & 0xfeU);
    m.channel = bits(r[6], 0, 4);
    m.acpi_system_power_notification = bit(r[7], 7);
    m.acpi_device_power_notification = bit(r[7], 6);
    m.controller_logs_init_errors = bit(r[7], 3);
    m.log_init_agent_errors = bit(r[7], 2);
    m.global_initialization = bits(r[7], 0, 2);
    m.chassis_device = bit(r[8], 7);
    m.bridge = bit(r[8], 6);
    m.event_generator = bit(r[8], 5);
    m.event_receiver = bit(r[8], 4);
    m.fru_inventory = bit(r[8], 3);
    m.sel_device = bit(r[8], 2);
    m.sdr_repository = bit(r[8], 1);
    m.sensor_device = bit(r[8], 0);
    // bytes 10-12 reserved
    m.entity = entity_of(r[12], r[13]);
    m.oem = r[14];
    auto id = parse_id_string(r.subspan(15));
    if (!id) {
        return std::unexpected(id.error());
    }
    m.id = std::move(*id);
    return m;
}

} // namespace ipmi::sdr
