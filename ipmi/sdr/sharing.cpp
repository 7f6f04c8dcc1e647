// Expands shared compact and event-only records into one record per sensor (section 43.2,
// Table 43-2 bytes 24-25 "ID String Instance Modifier").
#include "ipmi/sdr/record.hpp"

#include <fmt/format.h>

namespace ipmi::sdr {
namespace {

// Base 26 with 0 = "A", 25 = "Z", 26 = "AA" (the spec's example); 7-bit offset plus a
// 4-bit index stays within two letters.
std::string alpha(unsigned n) {
    constexpr unsigned letters = 26;
    std::string out;
    if (n >= letters) {
        out.push_back(static_cast<char>('A' + (n / letters - 1) % letters));
    }
    out.push_back(static_cast<char>('A' + n % letters));
    return out;
}

template <typename Record> std::vector<Record> expand(const Record& record) {
    std::vector<Record> out;
    const auto count = record.sharing.share_count;
    if (count <= 1) {
        out.push_back(record);
        return out;
    }
    out.reserve(count);
    for (std::uint8_t i = 0; i < count; ++i) {
        Record r = record;
        r.number = static_cast<std::uint8_t>(record.number + i);
        if (record.sharing.entity_instance_increments) {
            r.entity.instance = static_cast<std::uint8_t>((record.entity.instance + i) & 0x7fU);
        }
        r.id.text = shared_name(record.id.text, record.sharing, i);
        r.sharing.share_count = 1;
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace

std::string shared_name(const std::string& id, const RecordSharing& sharing, std::uint8_t index) {
    const unsigned n = sharing.modifier_offset + unsigned{index};
    const std::string modifier =
        sharing.modifier_type == IdModifierType::alpha ? alpha(n) : fmt::format("{}", n);
    const bool spaced = id.empty() || id.back() == ' ';
    return spaced ? id + modifier : id + ' ' + modifier;
}

std::vector<CompactSensorRecord> expand_shared(const CompactSensorRecord& record) {
    return expand(record);
}

std::vector<EventOnlyRecord> expand_shared(const EventOnlyRecord& record) {
    return expand(record);
}

} // namespace ipmi::sdr
