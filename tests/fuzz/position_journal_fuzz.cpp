// libFuzzer target: the positions journal (eventing/position_journal.hpp) read back from any
// bytes (what a crash, a full disk or a hand edit may leave): never a crash, every position
// taken from a whole, well-formed line, at most one per id.
#include "eventing/position_journal.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto j = eventing::parse_journal(text);
    std::size_t lines = 0;
    for (char c : text) {
        lines += c == '\n' ? 1U : 0U;
    }
    if (j.positions.size() > lines || j.bad_lines > lines + 1) {
        std::abort();
    }
    for (const auto& [id, position] : j.positions) {
        if (id.empty() || id.find(' ') != std::string::npos || id.find('\n') != std::string::npos) {
            std::abort();
        }
        (void)position;
    }
    return 0;
}
