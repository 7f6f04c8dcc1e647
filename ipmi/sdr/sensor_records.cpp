// Parses the sensor records: full (Table 43-1), compact (Table 43-2), event-only (Table 43-3).
#include "ipmi/errc.hpp"
#include "ipmi/sdr/bytes.hpp"
#include "ipmi/sdr/record.hpp"

namespace ipmi::sdr {
namespace {

using detail::bit;
using detail::bits;
using detail::le16;

constexpr std::size_t full_min_size = 48;       // bytes 1-48, ID string may be empty
constexpr std::size_t compact_min_size = 32;    // bytes 1-32
constexpr std::size_t event_only_min_size = 17; // bytes 1-17

std::unexpected<std::error_code> too_short() {
    return std::unexpected(make_error_code(Errc::sdr_record_too_short));
}

// Bytes 6-7 (record[5], record[6]).
SensorOwner owner_of(std::span<const std::uint8_t> r) {
    return {bits(r[5], 1, 7), bit(r[5], 0), bits(r[6], 4, 4), bits(r[6], 0, 2)};
}

Entity entity_of(std::uint8_t id, std::uint8_t instance) {
    return {id, bits(instance, 0, 7), bit(instance, 7)};
}

SensorInitialization initialization_of(std::uint8_t b) {
    return {bit(b, 7), bit(b, 6), bit(b, 5), bit(b, 4), bit(b, 3), bit(b, 2), bit(b, 1), bit(b, 0)};
}

SensorCapabilities capabilities_of(std::uint8_t b) {
    return {bit(b, 7), bit(b, 6), bits(b, 4, 2), bits(b, 2, 2), bits(b, 0, 2)};
}

// Bytes 15-20 (record[14..19]).
EventMasks masks_of(std::span<const std::uint8_t> r) {
    return {le16(r, 14), le16(r, 16), le16(r, 18)};
}

// Bytes 21-23 (record[20..22]).
SensorUnits units_of(std::span<const std::uint8_t> r) {
    return {bits(r[20], 3, 3), static_cast<ModifierUse>(bits(r[20], 1, 2)), bit(r[20], 0), r[21],
            r[22]};
}

RecordSharing sharing_of(std::uint8_t first, std::uint8_t second) {
    RecordSharing s;
    s.share_count = bits(first, 0, 4);
    if (s.share_count == 0) {
        s.share_count = 1; // 0h and 1h both mean one sensor
    }
    s.modifier_type = static_cast<IdModifierType>(bits(first, 4, 2));
    s.modifier_offset = bits(second, 0, 7);
    s.entity_instance_increments = bit(second, 7);
    return s;
}

} // namespace

std::uint8_t FullSensorRecord::threshold(Threshold t) const {
    switch (t) {
    case Threshold::lower_non_critical:
        return lower_non_critical;
    case Threshold::lower_critical:
        return lower_critical;
    case Threshold::lower_non_recoverable:
        return lower_non_recoverable;
    case Threshold::upper_non_critical:
        return upper_non_critical;
    case Threshold::upper_critical:
        return upper_critical;
    case Threshold::upper_non_recoverable:
        return upper_non_recoverable;
    }
    return 0;
}

std::expected<FullSensorRecord, std::error_code>
parse_full_sensor(const SdrHeader& header, std::span<const std::uint8_t> r) {
    if (r.size() < full_min_size) {
        return too_short();
    }
    FullSensorRecord s;
    s.header = header;
    s.owner = owner_of(r);
    s.number = r[7];
    s.entity = entity_of(r[8], r[9]);
    s.initialization = initialization_of(r[10]);
    s.capabilities = capabilities_of(r[11]);
    s.sensor_type = r[12];
    s.event_reading_type = r[13];
    s.masks = masks_of(r);
    s.analog_format = static_cast<AnalogFormat>(bits(r[20], 6, 2));
    s.units = units_of(r);
    s.linearization = bits(r[23], 0, 7);
    s.factors = parse_factors(r.subspan<24, 6>());
    s.direction = bits(r[28], 0, 2);
    s.nominal_specified = bit(r[30], 0);
    s.normal_max_specified = bit(r[30], 1);
    s.normal_min_specified = bit(r[30], 2);
    s.nominal_reading = r[31];
    s.normal_maximum = r[32];
    s.normal_minimum = r[33];
    s.sensor_maximum = r[34];
    s.sensor_minimum = r[35];
    s.upper_non_recoverable = r[36];
    s.upper_critical = r[37];
    s.upper_non_critical = r[38];
    s.lower_non_recoverable = r[39];
    s.lower_critical = r[40];
    s.lower_non_critical = r[41];
    s.positive_hysteresis = r[42];
    s.negative_hysteresis = r[43];
    // bytes 45-46 reserved
    s.oem = r[46];
    auto id = parse_id_string(r.subspan(47));
    if (!id) {
        return std::unexpected(id.error());
    }
    s.id = std::move(*id);
    return s;
}

std::expected<CompactSensorRecord, std::error_code>
parse_compact_sensor(const SdrHeader& header, std::span<const std::uint8_t> r) {
    if (r.size() < compact_min_size) {
        return too_short();
    }
    CompactSensorRecord s;
    s.header = header;
    s.owner = owner_of(r);
    s.number = r[7];
    s.entity = entity_of(r[8], r[9]);
    s.initialization = initialization_of(r[10]);
    s.capabilities = capabilities_of(r[11]);
    s.sensor_type = r[12];
    s.event_reading_type = r[13];
    s.masks = masks_of(r);
    s.units = units_of(r);
    s.direction = bits(r[23], 6, 2);
    s.sharing = sharing_of(r[23], r[24]);
    s.positive_hysteresis = r[25];
    s.negative_hysteresis = r[26];
    // bytes 28-30 reserved
    s.oem = r[30];
    auto id = parse_id_string(r.subspan(31));
    if (!id) {
        return std::unexpected(id.error());
    }
    s.id = std::move(*id);
    return s;
}

std::expected<EventOnlyRecord, std::error_code> parse_event_only(const SdrHeader& header,
                                                                 std::span<const std::uint8_t> r) {
    if (r.size() < event_only_min_size) {
        return too_short();
    }
    EventOnlyRecord s;
    s.header = header;
    s.owner = owner_of(r);
    s.number = r[7];
    s.entity = entity_of(r[8], r[9]);
    s.sensor_type = r[10];
    s.event_reading_type = r[11];
    s.direction = bits(r[12], 6, 2);
    s.sharing = sharing_of(r[12], r[13]);
    // byte 15 reserved
    s.oem = r[15];
    auto id = parse_id_string(r.subspan(16));
    if (!id) {
        return std::unexpected(id.error());
    }
    s.id = std::move(*id);
    return s;
}

} // namespace ipmi::sdr
