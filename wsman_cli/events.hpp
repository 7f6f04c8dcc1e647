// The eventing verbs' output and the `listen` loop: subscriptions and notifications printed in
// the chosen format (text like winrm's layout, xml, pretty, json one object per line).
#pragma once

#include <cstdint>
#include <string>

#include "wsman_cli/output.hpp"
#include "wsman_client/event_sink.hpp"
#include "wsman_client/eventing.hpp"

namespace wsman::cli {

std::string subscription_output(const client::Subscription& s, Format f);
// A Renew or GetStatus answer: the subscription's expiry.
std::string expiry_output(const std::string& name, const std::string& identifier, const std::string& expires, Format f);
std::string notification_output(const client::Notification& n, Format f);

// Listens with the sink until SIGINT/SIGTERM or `count` notifications (0: no limit), printing
// each as it arrives (and its URL on stderr first). Returns the exit code.
int listen(const client::EventSinkOptions& options, Format f, std::uint64_t count);

}  // namespace wsman::cli
