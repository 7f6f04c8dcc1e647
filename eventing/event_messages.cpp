#include "eventing/event_messages.hpp"

#include "eventing/names.hpp"
#include "wsman_front/namespaces.hpp"
#include "wsman_front/xml_parser.hpp"
#include "wsman_front/xml_writer.hpp"

#include <fmt/format.h>

namespace eventing {
namespace {

namespace ns = wsman::ns;


// The envelope to an endpoint: addressing headers (wsa:To = its address, the action, a new
// MessageID, ReplyTo anonymous), its reference parameters, then `extra` headers.
Outbound message_to(const Endpoint& to, std::string_view action, std::string_view extra, std::string_view body,
                    std::string_view resource_uri) {
    Outbound out;
    out.message_id = wsman::new_message_id();
    out.text = fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        "<s:Envelope xmlns:s=\"{}\" xmlns:wsa=\"{}\" xmlns:wsman=\"{}\" xmlns:wse=\"{}\" xmlns:xsi=\"{}\" "
        "xmlns:cim=\"{}\"><s:Header><wsa:To>{}</wsa:To><wsa:Action s:mustUnderstand=\"true\">{}</wsa:Action>"
        "<wsa:MessageID>{}</wsa:MessageID><wsa:ReplyTo><wsa:Address>{}</wsa:Address></wsa:ReplyTo>",
        ns::soap12, ns::wsa, ns::wsman, uri::wse, ns::xsi, ns::cim_common, wsman::escape(to.address), action,
        out.message_id, ns::anonymous);
    if (!resource_uri.empty()) {
        out.text += fmt::format("<wsman:ResourceURI>{}</wsman:ResourceURI>", wsman::escape(resource_uri));
    }
    for (const auto& h : to.reference_headers) {
        out.text += h;
    }
    out.text += extra;
    out.text += "</s:Header><s:Body>";
    out.text += body;
    out.text += "</s:Body></s:Envelope>";
    return out;
}

std::string extra_headers(const MessageOptions& o) {
    std::string out;
    if (o.ack_requested) {
        out += "<wsman:AckRequested/>";
    }
    if (o.bookmark) {
        out += fmt::format("<wsman:Bookmark>{}</wsman:Bookmark>", wsman::escape(*o.bookmark));
    }
    return out;
}

} // namespace

Outbound event_message(const Subscription& s, std::string_view body, const MessageOptions& o) {
    return message_to(s.notify_to, uri::action::event, extra_headers(o), body, s.resource_uri);
}

Outbound events_message(const Subscription& s, const std::vector<std::string_view>& bodies, const MessageOptions& o) {
    std::string body = "<wsman:Events>";
    for (auto b : bodies) {
        body += fmt::format("<wsman:Event Action=\"{}\">", uri::action::event);
        body += b;
        body += "</wsman:Event>";
    }
    body += "</wsman:Events>";
    return message_to(s.notify_to, uri::action::events, extra_headers(o), body, s.resource_uri);
}

Outbound heartbeat_message(const Subscription& s, bool ack_requested) {
    return message_to(s.notify_to, uri::action::heartbeat, ack_requested ? "<wsman:AckRequested/>" : "", "",
                      s.resource_uri);
}

Outbound dropped_events_message(const Subscription& s, std::size_t count, bool ack_requested) {
    return message_to(s.notify_to, uri::action::dropped_events, ack_requested ? "<wsman:AckRequested/>" : "",
                      fmt::format("<wsman:DroppedEvents Action=\"{}\">{}</wsman:DroppedEvents>", uri::action::event,
                                  count),
                      s.resource_uri);
}

Outbound subscription_end_message(const Subscription& s, std::string_view manager_address, std::string_view status,
                                  std::string_view reason) {
    const Endpoint& to = s.end_to ? *s.end_to : s.notify_to;
    return message_to(
        to, uri::action::subscription_end, "",
        fmt::format("<wse:SubscriptionEnd><wse:SubscriptionManager><wsa:Address>{}</wsa:Address>"
                    "<wsa:ReferenceParameters><wse:Identifier>{}</wse:Identifier></wsa:ReferenceParameters>"
                    "</wse:SubscriptionManager><wse:Status>{}</wse:Status>"
                    "<wse:Reason xml:lang=\"en-US\">{}</wse:Reason></wse:SubscriptionEnd>",
                    wsman::escape(manager_address), wsman::escape(s.id), status, wsman::escape(reason)),
        "");
}

SinkAnswer read_sink_answer(std::string_view body, std::string_view message_id) {
    if (body.empty() || body.size() > (1u << 20)) {
        return SinkAnswer::other;
    }
    auto doc = wsman::parse_document(body);
    if (!doc || doc->ns != ns::soap12 || doc->local != "Envelope") {
        return SinkAnswer::other;
    }
    if (const wsman::XmlNode* b = doc->child(ns::soap12, "Body")) {
        if (const wsman::XmlNode* f = b->child(ns::soap12, "Fault")) {
            const wsman::XmlNode* code = f->child(ns::soap12, "Code");
            const wsman::XmlNode* sub = code != nullptr ? code->child(ns::soap12, "Subcode") : nullptr;
            const wsman::XmlNode* value = sub != nullptr ? sub->child(ns::soap12, "Value") : nullptr;
            const auto v = value != nullptr ? wsman::trim_text(value->text) : std::string();
            // wsman:DeliveryRefused (any prefix bound to the wsman namespace is taken on trust).
            return v.ends_with(":DeliveryRefused") || v == "DeliveryRefused" ? SinkAnswer::refused : SinkAnswer::other;
        }
    }
    const wsman::XmlNode* header = doc->child(ns::soap12, "Header");
    if (header == nullptr) {
        return SinkAnswer::other;
    }
    const wsman::XmlNode* action = header->child(ns::wsa, "Action");
    const wsman::XmlNode* relates = header->child(ns::wsa, "RelatesTo");
    if (action == nullptr || relates == nullptr) {
        return SinkAnswer::other;
    }
    const auto a = wsman::trim_text(action->text);
    if ((a == uri::action::ack || a == uri::action::ack_openwsman) && wsman::trim_text(relates->text) == message_id) {
        return SinkAnswer::acked;
    }
    return SinkAnswer::other;
}

} // namespace eventing
