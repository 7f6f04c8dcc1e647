// The one place a subscription's sink becomes HTTP transport settings (credentials, TLS
// trust, deadlines, UTF-16): NotifyTo deliveries and SubscriptionEnd to EndTo both go through it.
#pragma once

#include "eventing/delivery_options.hpp"
#include "eventing/subscription.hpp"
#include "wsman_client/transport.hpp"

#include <cstdint>
#include <string>

namespace eventing {

[[nodiscard]] wsman::client::TransportOptions sink_options(const Subscription& s, const std::string& url,
                                                           const DeliveryOptions& o, std::uint32_t timeout_ms);

} // namespace eventing
