// The sink's request reader and notification reader; the Ack and refusal envelopes.
#include "wsman_client/event_request.hpp"

#include <strings.h>

#include "wsman_client/envelope.hpp"
#include "wsman_client/errc.hpp"
#include "wsman_client/namespaces.hpp"
#include "wsman_client/xml.hpp"

namespace wsman::client {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view strip(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

std::string trimmed(std::string_view s) { return std::string(trim_space(s)); }

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

}  // namespace

RequestReader::State RequestReader::fail(int status) {
  status_ = status;
  state_ = State::failed;
  keep_alive_ = false;
  return state_;
}

RequestReader::State RequestReader::feed(std::string_view bytes) {
  if (state_ != State::need_more) return state_;
  buffer_.append(bytes);
  return parse();
}

void RequestReader::next() {
  if (state_ != State::complete) return;
  buffer_.erase(0, head_size_ + content_length_);
  state_ = State::need_more;
  head_size_ = content_length_ = 0;
  method_.clear();
  target_.clear();
  content_type_.clear();
  authorization_.clear();
  body_.clear();
  if (!buffer_.empty()) parse();
}

RequestReader::State RequestReader::parse() {
  if (head_size_ == 0) {
    // Blank lines before a request line are ignored (RFC 9112 2.2).
    std::size_t lead = 0;
    while (lead + 1 < buffer_.size() && buffer_[lead] == '\r' && buffer_[lead + 1] == '\n') lead += 2;
    if (lead != 0) buffer_.erase(0, lead);
    const std::size_t end = buffer_.find("\r\n\r\n");
    if (end == std::string::npos) {
      return buffer_.size() > limits_.max_head ? fail(431) : State::need_more;
    }
    if (end + 4 > limits_.max_head) return fail(431);
    std::string_view head(buffer_.data(), end);
    const std::size_t line_end = head.find("\r\n");
    std::string_view line = head.substr(0, line_end);
    const std::size_t sp1 = line.find(' ');
    const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || sp1 == 0 || sp2 == sp1 + 1) return fail(400);
    std::string_view method = line.substr(0, sp1);
    for (char c : method) {
      if (!is_token_char(c)) return fail(400);
    }
    std::string_view version = line.substr(sp2 + 1);
    if (version != "HTTP/1.1" && version != "HTTP/1.0") return fail(version.starts_with("HTTP/") ? 505 : 400);
    method_.assign(method);
    target_.assign(line.substr(sp1 + 1, sp2 - sp1 - 1));
    keep_alive_ = version == "HTTP/1.1";
    bool have_length = false;
    std::string_view rest = line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2);
    while (!rest.empty()) {
      const std::size_t e = rest.find("\r\n");
      std::string_view h = rest.substr(0, e);
      rest = e == std::string_view::npos ? std::string_view{} : rest.substr(e + 2);
      const std::size_t colon = h.find(':');
      if (colon == std::string_view::npos || colon == 0) return fail(400);
      std::string_view name = h.substr(0, colon);
      for (char c : name) {
        if (!is_token_char(c)) return fail(400);  // also no space before the colon (RFC 9112 5.1)
      }
      std::string_view value = strip(h.substr(colon + 1));
      if (iequals(name, "content-length")) {
        if (have_length || value.empty() || value.size() > 12) return fail(value.size() > 12 ? 413 : 400);
        std::size_t n = 0;
        for (char c : value) {
          if (c < '0' || c > '9') return fail(400);
          n = n * 10 + static_cast<std::size_t>(c - '0');
        }
        if (n > limits_.max_body) return fail(413);
        content_length_ = n;
        have_length = true;
      } else if (iequals(name, "transfer-encoding")) {
        return fail(411);
      } else if (iequals(name, "content-type")) {
        content_type_.assign(value);
      } else if (iequals(name, "authorization")) {
        authorization_.assign(value);
      } else if (iequals(name, "connection")) {
        if (iequals(value, "close")) keep_alive_ = false;
        if (iequals(value, "keep-alive")) keep_alive_ = true;
      }
    }
    if (!have_length && method_ == "POST") return fail(411);
    head_size_ = end + 4;
  }
  if (buffer_.size() < head_size_ + content_length_) return State::need_more;
  body_.assign(buffer_, head_size_, content_length_);
  state_ = State::complete;
  return state_;
}

Result<Notification> read_notification(std::string body, const XmlLimits& limits) {
  auto bad = [](std::string why) { return std::unexpected(failure(make_error_code(Errc::bad_response), std::move(why))); };
  auto doc = parse_owned(std::move(body), limits);
  if (!doc) return bad("the notification is not well-formed XML within the limits");
  const Element& root = (*doc)->root;
  if (root.ns != ns::soap || root.name != "Envelope") return bad("the notification is not a SOAP 1.2 envelope");
  const Element* header = root.child(ns::soap, "Header");
  const Element* envelope_body = root.child(ns::soap, "Body");
  if (header == nullptr || envelope_body == nullptr) return bad("the notification has no Header or no Body");
  Notification n;
  for (const auto& h : header->children) {
    if (h.ns == ns::wsa && h.name == "Action") n.action = trimmed(h.text);
    else if (h.ns == ns::wsa && h.name == "MessageID") n.message_id = trimmed(h.text);
    else if (h.ns == ns::wsa && h.name == "To") n.to = trimmed(h.text);
    else if (h.ns == ns::wsman && h.name == "AckRequested") n.ack_requested = true;
    else if (h.ns == ns::wsman && h.name == "Bookmark") {
      for (const auto& c : h.children) n.bookmark_xml += to_xml(c);
      if (h.children.empty()) n.bookmark_xml = trimmed(h.text);
    } else if (h.ns != ns::wsa && h.ns != ns::wsman) {
      n.reference_xml.push_back(to_xml(h));
    }
  }
  if (n.action.empty()) return bad("the notification has no wsa:Action");
  const std::string_view action = n.action;
  const Element* events = envelope_body->child(ns::wsman, "Events");
  if (action.ends_with("/Heartbeat")) {
    n.kind = NotificationKind::heartbeat;  // its body is empty or an empty wsman:Events (Windows)
  } else if (action.ends_with("/DroppedEvents")) {
    n.kind = NotificationKind::dropped_events;
  } else if (action == ns::action_subscription_end) {
    n.kind = NotificationKind::subscription_end;
  } else if (events != nullptr) {
    n.kind = NotificationKind::events;
  }
  if (n.kind == NotificationKind::events) {
    for (const auto& e : events->children) {
      if (e.ns != ns::wsman || e.name != "Event") continue;
      const std::string_view* a = e.attribute("", "Action");
      n.event_actions.emplace_back(a != nullptr ? std::string(*a) : std::string(ns::action_event));
      // The event element, or the wsman:Event itself when it carries text (Windows' CDATA option).
      n.events.emplace_back(*doc, e.children.empty() ? &e : &e.children.front(), EnumerationMode::object);
    }
  } else if (n.kind != NotificationKind::heartbeat && !envelope_body->children.empty()) {
    n.event_actions.push_back(n.action);
    n.events.emplace_back(*doc, &envelope_body->children.front(), EnumerationMode::object);
  }
  n.document = std::move(*doc);
  return n;
}

namespace {

std::string reply_header(const char* action, std::string_view relates_to) {
  std::string s;
  append_envelope_start(s);
  s += "<s:Header><a:To>";
  s += ns::anonymous;
  s += "</a:To><a:Action s:mustUnderstand=\"true\">";
  s += action;
  s += "</a:Action><a:MessageID>" + new_message_id() + "</a:MessageID><a:RelatesTo>";
  append_escaped(s, relates_to);
  s += "</a:RelatesTo></s:Header>";
  return s;
}

}  // namespace

std::string ack_envelope(std::string_view relates_to) {
  return reply_header(ns::action_ack, relates_to) + "<s:Body/></s:Envelope>";
}

std::string refusal_envelope(std::string_view relates_to) {
  return reply_header(ns::action_wsman_fault, relates_to) +
         "<s:Body><s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>w:DeliveryRefused</s:Value>"
         "</s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en-US\">The event sink refuses further events."
         "</s:Text></s:Reason></s:Fault></s:Body></s:Envelope>";
}

}  // namespace wsman::client
