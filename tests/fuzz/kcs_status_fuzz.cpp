// libFuzzer target: the KCS state machine fed status and data bytes from the input
// (layout and loop in kcs_status_run.hpp; seeds recorded from the simulated BMC).
#include "tests/fuzz/kcs_status_run.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto out = kcs_fuzz::run_input(std::span(data, size));
    if (out && (out->start_refused || out->hang || out->overlong)) {
        __builtin_trap();
    }
    return 0;
}
