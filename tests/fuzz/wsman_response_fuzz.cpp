// libFuzzer target: an answer as a hostile WS-Management server sends it, through the client's
// response path (read_answer: status, XML limits, SOAP envelope, faults) and then the readers
// of every item shape (object, EPR, object and EPR) and the item writer. The first byte picks
// the HTTP status. No crash, no hang, bounded depth.
#include <cstdint>
#include <string>

#include "wsman_client/answer.hpp"
#include "wsman_client/namespaces.hpp"
#include "wsman_client/session.hpp"

namespace wc = wsman::client;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr long statuses[] = {200, 400, 401, 500, 302};
  const long status = statuses[data[0] % 5];
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  auto answer = wc::read_answer(status, "application/soap+xml", std::move(body));
  if (!answer) return 0;
  const wc::Element& payload = *answer->body;
  const wc::Element* items = payload.child(wc::ns::wsman, "Items");
  if (items == nullptr) items = payload.child(wc::ns::wsen, "Items");
  for (auto mode : {wc::EnumerationMode::object, wc::EnumerationMode::epr, wc::EnumerationMode::object_and_epr}) {
    wc::Item whole(answer->document, &payload, mode);
    (void)whole.instance();
    if (items != nullptr) {
      for (const auto& e : items->children) {
        wc::Item item(answer->document, &e, mode);
        (void)item.instance();
        (void)item.epr();
        auto again = wc::parse_xml(item.xml());  // the writer's output parses back
        if (!again) __builtin_trap();
      }
    }
  }
  return 0;
}
