// libFuzzer target: SEL entries (16 bytes each) decoded and worded, with and without the
// generating sensor's SDR record (every analog format and linearization via the input).
#include "ipmi/sdr/sensor.hpp"
#include "ipmi/sel/event_text.hpp"
#include "ipmi/sel/record.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ipmi::sdr::FullSensorRecord r;
    r.owner = {0x10, false, 0, 0};
    r.number = 0x01;
    r.sensor_type = 0x01;
    r.event_reading_type = 0x01;
    if (size >= 4) { // the first bytes choose the sensor's conversion
        r.analog_format = static_cast<ipmi::sdr::AnalogFormat>(data[0] & 0x03U);
        r.linearization = static_cast<std::uint8_t>(data[1] & 0x7fU);
        r.factors.m = static_cast<std::int16_t>(static_cast<std::int8_t>(data[2]));
        r.factors.r_exp = static_cast<std::int8_t>(static_cast<std::int8_t>(data[3]) % 8);
        data += 4;
        size -= 4;
    }
    // The whole input as one Get SEL Entry answer: refused unless exactly 16 bytes.
    if (auto whole = ipmi::sel::decode(std::span<const std::uint8_t>(data, size))) {
        (void)ipmi::sel::event_text(*whole, nullptr);
    }
    const auto sensor = ipmi::sdr::sensor_of(r);
    const std::vector<ipmi::sdr::Sensor> sensors{sensor};
    for (std::size_t at = 0; at + 16 <= size; at += 16) {
        ipmi::sel::Bytes16 entry{};
        std::memcpy(entry.data(), data + at, 16);
        const auto record = ipmi::sel::decode(entry);
        (void)ipmi::sel::event_text(record, nullptr);
        if (const auto* e = record.system_event()) {
            (void)ipmi::sel::event_text(record, ipmi::sel::find_sensor(sensors, *e));
            (void)ipmi::sel::event_text(record, &sensor);
        }
    }
    return 0;
}
