// The seam to WS-Eventing (issue 18; DSP0226 section 10): the dispatcher hands Subscribe,
// Renew, GetStatus and Unsubscribe, and Pulls on a subscription's enumeration context, to an
// EventSource the agent plugs in (eventing/), so wsman_front does not depend on it.
#pragma once

#include "cim_mapping/provider.hpp"
#include "wsman_front/request.hpp"
#include "wsman_front/xml_node.hpp"

#include <optional>
#include <string>

namespace wsman {

struct Reply;

class EventSource {
public:
    virtual ~EventSource() = default;
    // The answer when the request is the event source's (an eventing action, or a Pull on
    // one of its subscriptions' contexts); nullopt lets the dispatcher go on. `envelope` is
    // the whole request (the wse:Identifier header is read from it). Never waits on a sink.
    [[nodiscard]] virtual std::optional<Reply> handle(const Request& request, const XmlNode& envelope,
                                                      const cim::Caller& caller) = 0;
};

} // namespace wsman
