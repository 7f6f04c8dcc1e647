// libFuzzer target: what a hostile event source sends to bmcwsman-client's event sink, through
// the sink's request path (RequestReader fed in two chunks, split where the first byte says,
// then pipelined requests; read_notification on each body; the Ack and refusal envelopes built
// for its MessageID, which must parse back). No crash, no hang, bounded head and body.
#include <cstdint>
#include <string>

#include "wsman_client/event_request.hpp"
#include "wsman_client/xml.hpp"

namespace wc = wsman::client;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t split = bytes.empty() ? 0 : data[0] % (bytes.size() + 1);
  wc::SinkLimits limits;
  limits.max_head = 2048;
  limits.max_body = 64 * 1024;
  wc::RequestReader reader(limits);
  auto state = reader.feed(bytes.substr(0, split));
  if (state == wc::RequestReader::State::need_more) state = reader.feed(bytes.substr(split));
  for (int requests = 0; state == wc::RequestReader::State::complete && requests < 8; ++requests) {
    auto n = wc::read_notification(reader.take_body());
    if (n) {
      for (const auto& e : n->events) {
        (void)e.instance();
        if (!wc::parse_xml(e.xml())) __builtin_trap();
      }
      if (!wc::parse_xml(wc::ack_envelope(n->message_id))) __builtin_trap();
      if (!wc::parse_xml(wc::refusal_envelope(n->message_id))) __builtin_trap();
    }
    reader.next();
    state = reader.state();
  }
  if (state == wc::RequestReader::State::failed && reader.status() < 400) __builtin_trap();
  return 0;
}
