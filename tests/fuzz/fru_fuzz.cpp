// libFuzzer target: FRU images through the parser (header, areas, fields, multirecords) and
// every type/length field decoder under each language.
#include "ipmi/fru/inventory.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> bytes(data, size);
    if (auto inv = ipmi::fru::parse(bytes)) {
        if (inv->board) {
            (void)inv->board->manufactured_unix();
        }
    }
    for (std::uint8_t language : {std::uint8_t{0}, std::uint8_t{25}, std::uint8_t{7}}) {
        (void)ipmi::fru::read_field(bytes, language);
    }
    return 0;
}
