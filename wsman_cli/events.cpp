// Subscription and notification renderings; listen's signal handling and loop.
#include "wsman_cli/events.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <iostream>

#include "wsman_cli/exit_codes.hpp"
#include "wsman_client/xml.hpp"

namespace wsman::cli {

namespace {

std::atomic<bool> stop_listening{false};

extern "C" void on_signal(int) { stop_listening.store(true); }

const char* kind_name(client::NotificationKind k) {
  switch (k) {
    case client::NotificationKind::event: return "Event";
    case client::NotificationKind::events: return "Events";
    case client::NotificationKind::heartbeat: return "Heartbeat";
    case client::NotificationKind::dropped_events: return "DroppedEvents";
    case client::NotificationKind::subscription_end: return "SubscriptionEnd";
  }
  return "Event";
}

std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

std::string subscription_output(const client::Subscription& s, Format f) {
  if (f == Format::json) {
    nlohmann::ordered_json j;
    j["identifier"] = s.identifier;
    j["manager"] = s.manager_address;
    j["expires"] = s.expires;
    if (!s.enumeration_context.empty()) j["enumeration_context"] = s.enumeration_context;
    j["reference_parameters"] = s.reference_xml;
    return dump(j) + "\n";
  }
  if (f == Format::xml || f == Format::pretty) {
    const char* nl = f == Format::pretty ? "\n  " : "";
    std::string x = "<Subscription>";
    x += nl + std::string("<Identifier>") + client::xml_escape(s.identifier) + "</Identifier>";
    x += nl + std::string("<SubscriptionManager>") + client::xml_escape(s.manager_address) + "</SubscriptionManager>";
    x += nl + std::string("<Expires>") + client::xml_escape(s.expires) + "</Expires>";
    if (!s.enumeration_context.empty()) {
      x += nl + std::string("<EnumerationContext>") + client::xml_escape(s.enumeration_context) + "</EnumerationContext>";
    }
    x += f == Format::pretty ? "\n</Subscription>\n" : "</Subscription>\n";
    return x;
  }
  std::string t = "SubscribeResponse\n";
  t += "    Identifier = " + s.identifier + "\n";
  t += "    SubscriptionManager = " + s.manager_address + "\n";
  t += "    Expires = " + (s.expires.empty() ? std::string("null") : s.expires) + "\n";
  if (!s.enumeration_context.empty()) t += "    EnumerationContext = " + s.enumeration_context + "\n";
  return t;
}

std::string expiry_output(const std::string& name, const std::string& identifier, const std::string& expires, Format f) {
  if (f == Format::json) {
    nlohmann::ordered_json j;
    j["identifier"] = identifier;
    j["expires"] = expires;
    return dump(j) + "\n";
  }
  if (f == Format::text) return name + "\n    Expires = " + (expires.empty() ? std::string("null") : expires) + "\n";
  return "<" + name + "><Expires>" + client::xml_escape(expires) + "</Expires></" + name + ">\n";
}

std::string notification_output(const client::Notification& n, Format f) {
  switch (f) {
    case Format::xml: return std::string(n.document->raw()) + "\n";
    case Format::pretty: return client::to_xml(n.document->root, true) + "\n";
    case Format::json: {
      nlohmann::ordered_json j;
      j["kind"] = kind_name(n.kind);
      j["action"] = n.action;
      j["message_id"] = n.message_id;
      j["ack_requested"] = n.ack_requested;
      if (!n.bookmark_xml.empty()) j["bookmark"] = n.bookmark_xml;
      if (!n.reference_xml.empty()) j["reference_parameters"] = n.reference_xml;
      nlohmann::ordered_json events = nlohmann::ordered_json::array();
      for (std::size_t i = 0; i < n.events.size(); ++i) {
        auto e = nlohmann::ordered_json::parse(json_of(n.events[i]));
        e["action"] = n.event_actions[i];
        events.push_back(std::move(e));
      }
      j["events"] = std::move(events);
      return dump(j) + "\n";
    }
    case Format::text: break;
  }
  std::string t = kind_name(n.kind);
  t += "\n    Action = " + n.action + "\n    MessageID = " + n.message_id + "\n";
  if (!n.bookmark_xml.empty()) t += "    Bookmark = " + n.bookmark_xml + "\n";
  for (const auto& e : n.events) {
    if (e.element() != nullptr) t += text_of(*e.element());
  }
  return t;
}

int listen(const client::EventSinkOptions& options, Format f, std::uint64_t count) {
  auto sink = client::EventSink::open(options);
  if (!sink) {
    std::cerr << "Error: " << sink.error().message << "\n";
    return exit_code::connection;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  const bool v6 = options.address.find(':') != std::string::npos;
  std::cerr << "listening on http://" << (v6 ? "[" + options.address + "]" : options.address) << ":"
            << (*sink)->port() << options.path << std::endl;
  std::uint64_t seen = 0;
  auto r = (*sink)->run(
      [&](const client::Notification& n) {
        std::cout << notification_output(n, f) << std::flush;
        if (count != 0 && ++seen >= count) stop_listening.store(true);
        return client::Verdict::accept;
      },
      stop_listening, [](const std::string& what) { std::cerr << "listen: " << what << std::endl; });
  if (!r) {
    std::cerr << "Error: " << r.error().message << "\n";
    return exit_code::connection;
  }
  return exit_code::ok;
}

}  // namespace wsman::cli
