// libFuzzer target: what `bmcwsman status` reads from the agent's status socket (whoever
// holds that socket path answers), through render_status in both forms (indented JSON and
// the summary lines). An error for anything but a JSON object, else text: no crash, no
// exception escaping, no undefined behaviour (a float where a count belongs).
#include "agent/status_command.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto lines = agent::render_status(text, false);
    const auto json = agent::render_status(text, true);
    if (lines.has_value() != json.has_value() || (lines && (lines->text.empty() || json->text.empty() ||
                                                            lines->bmc_reachable != json->bmc_reachable))) {
        __builtin_trap();
    }
    return 0;
}
