// libFuzzer target: an event sink's answer to a delivery as the deliverer reads it
// (read_sink_answer: the bounded XML parse, then a SOAP fault's wsman:DeliveryRefused or a
// wsman:Ack, either spelling, relating to the message sent). A hostile or broken sink
// decides whether a subscription goes on: no crash; an answer acknowledges at most one of two
// messages, and a refusal does not depend on which message it answers.
#include "eventing/event_messages.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto one = eventing::read_sink_answer(text, "uuid:00000000-0000-4000-8000-000000000001");
    const auto other = eventing::read_sink_answer(text, "uuid:ffffffff-ffff-4fff-bfff-ffffffffffff");
    if ((one == eventing::SinkAnswer::acked && other == eventing::SinkAnswer::acked) ||
        ((one == eventing::SinkAnswer::refused) != (other == eventing::SinkAnswer::refused))) {
        __builtin_trap();
    }
    return 0;
}
