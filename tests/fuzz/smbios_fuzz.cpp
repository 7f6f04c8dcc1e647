// libFuzzer target: arbitrary bytes as an SMBIOS entry point and table, through
// the table walker and every structure decoder. The first byte chooses the split.
#include "smbios/inventory.hpp"
#include "smbios/ipmi_device.hpp"
#include "smbios/table.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    const std::span<const std::uint8_t> all(data + 1, size - 1);
    const std::size_t split = std::min<std::size_t>(data[0], all.size());
    auto table = smbios::parse_table(all.first(split), all.subspan(split));
    if (!table) {
        return 0;
    }
    (void)smbios::locate_bmc(*table);
    (void)smbios::decode_all_processors(*table);
    (void)smbios::decode_all_memory(*table);
    for (const auto& s : table->structures()) {
        (void)smbios::decode_ipmi_device(s);
        (void)smbios::decode_bios(s);
        (void)smbios::decode_system(s, table->entry_point());
        (void)smbios::decode_baseboard(s);
        (void)smbios::decode_chassis(s);
        (void)smbios::decode_processor(s);
        (void)smbios::decode_memory_device(s);
        for (unsigned i = 0; i < 256; i += 17) {
            (void)s.string(static_cast<std::uint8_t>(i));
        }
    }
    return 0;
}
