// Get System Interface Capabilities decoding, clamped as Linux's ssif_probe.
#include "ssif_driver/protocol.hpp"

#include <algorithm>

namespace ssif {

Capabilities parse_capabilities(std::span<const std::uint8_t> data) noexcept {
    Capabilities caps;
    // Table 22-16 (SSIF): [0] reserved, [1] flags, [2] input size, [3] output size.
    if (data.size() < 4) {
        return caps;
    }
    const std::uint8_t flags = data[1];
    caps.pec = (flags >> 3 & 1U) != 0;
    std::size_t in = data[2];
    std::size_t out = data[3];
    switch (flags >> 6 & 3U) {
    case 0: // single-part only
        caps.transactions = Capabilities::Transactions::single_part;
        in = std::min(in, single_part_max);
        out = std::min(out, single_part_max);
        break;
    case 1: // START and END only: at most 63/62 bytes (Linux ssif_probe)
        caps.transactions = Capabilities::Transactions::start_end;
        in = std::min<std::size_t>(in, 63);
        out = std::min<std::size_t>(out, 62);
        break;
    default: // START, MIDDLE, END (3 is reserved; treated the same, as Linux does)
        caps.transactions = Capabilities::Transactions::start_middle_end;
        break;
    }
    // A size of 0 is not a usable limit: keep the single-part size.
    caps.max_request = in == 0 ? single_part_max : in;
    caps.max_response = out == 0 ? single_part_max : out;
    return caps;
}

} // namespace ssif
