// libFuzzer target: a subscription file as the agent reads it back at start-up
// (SubscriptionStore::load: each <state_dir>/subscriptions/*.json through from_json). The
// files are the agent's own, but a disk, a crash or an operator's edit can leave anything
// there. Either nullopt or a subscription; one that is read prints (to_json) back to the
// same subscription. No crash, no exception escaping, no undefined behaviour.
#include "eventing/subscription_store.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto s = eventing::from_json(text);
    if (!s) {
        return 0;
    }
    const auto again = eventing::from_json(eventing::to_json(*s));
    if (!again || !(*again == *s)) {
        __builtin_trap();
    }
    return 0;
}
