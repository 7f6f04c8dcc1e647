#include "agent/serve_eventing.hpp"

#include <filesystem>
#include <fmt/format.h>

namespace agent {

std::unique_ptr<eventing::EventService> make_eventing(sel_archive::Archive* archive, PolledBmc& bmc,
                                                      const ServeArgs& args, const http::LogSink& log) {
    if (archive == nullptr) {
        log(http::LogLevel::notice, "no SEL archive: event subscriptions are not served");
        return nullptr;
    }
    eventing::ServiceOptions o;
    o.limits.total = args.max_subscriptions;
    o.limits.per_user = args.max_subscriptions_per_user;
    o.notify_allow = args.notify_allow;
    o.delivery.ca_file = args.sink_ca_file;
    o.delivery.client_cert = args.sink_client_cert;
    o.delivery.client_key = args.sink_client_key;
    o.log = log;
    return std::make_unique<eventing::EventService>(
        *archive, [&bmc] { return bmc.published(); }, std::filesystem::path(args.state_dir) / "subscriptions",
        std::move(o));
}

void start_eventing(eventing::EventService& events, const http::LogSink& log) {
    for (const auto& w : events.start()) {
        log(http::LogLevel::warning, "eventing: " + w);
    }
    log(http::LogLevel::info, fmt::format("eventing: {} subscriptions restored", events.subscriptions()));
}

} // namespace agent
