// The daemon's event source (issue 18): WS-Eventing over the SEL archive, its subscriptions
// in the state directory's subscriptions/, events rendered from the published model.
#pragma once

#include "agent/polled_bmc.hpp"
#include "agent/serve_command.hpp"
#include "eventing/event_service.hpp"
#include "http_server/log_sink.hpp"

#include <memory>

namespace agent {

// nullptr (and a log line) without an archive: Subscribe is then wsa:ActionNotSupported.
// The service is started later (start_eventing) so that it creates its files as the user
// the daemon runs as.
[[nodiscard]] std::unique_ptr<eventing::EventService>
make_eventing(sel_archive::Archive* archive, PolledBmc& bmc, const ServeArgs& args, const http::LogSink& log);

// Loads the persisted subscriptions and starts their delivery; warnings logged.
void start_eventing(eventing::EventService& events, const http::LogSink& log);

} // namespace agent
