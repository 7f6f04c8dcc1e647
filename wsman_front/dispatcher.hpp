// One request in, one answer out, without sockets: Identify, Get, Put, Enumerate, Pull,
// Release and Invoke (DSP0226 7-9, DSP0227) over the cim::Provider, every failure a fault.
#pragma once

#include "cim_mapping/provider.hpp"
#include "wsman_front/bounded_call.hpp"
#include "wsman_front/enumerations.hpp"
#include "wsman_front/event_source.hpp"
#include "wsman_front/held_reply.hpp"
#include "http_server/log_sink.hpp"
#include "wsman_front/request.hpp"
#include "wsman_front/xml_node.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace wsman {

struct ServiceInfo {
    std::string product_vendor = "bmcwsman project";
    std::string product_version;
    std::vector<std::string> security_profiles; // reported to authenticated callers only
    std::size_t max_elements = 100;             // server cap on items per Enumerate/Pull
    http::LogSink log;                                // state-changing operations are logged here
};

struct Reply {
    Reply() = default;
    Reply(int status, std::string text, std::shared_ptr<Later> held = nullptr)
        : http_status(status), body(std::move(text)), later(std::move(held)) {}
    int http_status = 200; // 500 for faults, as WinRM answers them
    std::string body;
    // Set when the answer may come later (held_reply.hpp); status and body are then the
    // answer for when the request cannot wait.
    std::shared_ptr<Later> later;
};

class Dispatcher {
public:
    Dispatcher(cim::Provider& provider, EnumerationStore& enumerations, ServiceInfo info)
        : provider_(provider), enumerations_(enumerations), info_(std::move(info)) {}

    // `caller` is nullptr only for an unauthenticated Identify the server let through.
    [[nodiscard]] Reply handle(const XmlNode& envelope, const cim::Caller* caller);
    // Eventing (set before serving; nullptr: eventing actions are wsa:ActionNotSupported).
    void set_event_source(EventSource* events) { events_ = events; }
    // True for the requests that may wait on the BMC (Put, and Invoke: any action other than
    // Identify, Get, Enumerate, Pull and Release), which the route runs off the connection's thread.
    [[nodiscard]] static bool may_wait(const XmlNode& envelope);
    // The operation for counting: Identify (no wsa:Action), Get, Put, Enumerate, Pull, Release,
    // Subscribe, Renew, GetStatus, Unsubscribe, or Invoke (any other action: a method, whose name is not a metric label).
    [[nodiscard]] static std::string_view operation(const XmlNode& envelope);

private:
    [[nodiscard]] Reply enumerate(const Request& r, const cim::Caller& caller, const cim::ClassDef* cls);
    // The next items of a context, at most `max` (and the server cap) and `budget` bytes.
    [[nodiscard]] std::optional<EnumerationStore::Batch> next_batch(const std::string& user, const std::string& id,
                                                                    std::size_t max, std::size_t budget,
                                                                    std::vector<Item>& items);

    cim::Provider& provider_;
    EnumerationStore& enumerations_;
    ServiceInfo info_;
    EventSource* events_ = nullptr;
    BoundedCalls changes_; // Invoke and Put, bounded by OperationTimeout (last: destroyed first)
};

} // namespace wsman
