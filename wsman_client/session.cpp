// The operations as envelopes out and typed answers back; HTTP statuses and SOAP faults to Failure.
#include "wsman_client/session.hpp"

#include <algorithm>
#include <thread>

#include "wsman_client/answer.hpp"
#include "wsman_client/errc.hpp"
#include "wsman_client/namespaces.hpp"

namespace wsman::client {

Session::Session(SessionOptions options)
    : options_(std::move(options)), transport_(std::make_shared<HttpTransport>(options_.transport)) {}

HeaderFields Session::header(const std::string& action, const std::string& resource_uri,
                             const Selectors& selectors) const {
  HeaderFields h;
  h.to = options_.transport.url;
  h.action = action;
  h.resource_uri = resource_uri;
  h.selectors = selectors;
  h.max_envelope_size = options_.max_envelope_size;
  h.operation_timeout_ms = options_.operation_timeout_ms;
  h.locale = options_.locale;
  h.options = options_.option_set;
  return h;
}

Result<Answer> Session::exchange(const std::string& envelope, const PostOptions& post) {
  auto http = transport_->post(envelope, post);
  if (!http) return std::unexpected(std::move(http.error()));
  return read_answer(http->status, http->content_type, std::move(http->body), options_.xml_limits);
}

Result<Answer> Session::call(const HeaderFields& h, const std::string& body_xml) {
  return exchange(build_envelope(h, body_xml));
}

Result<IdentifyInfo> Session::identify(bool unauthenticated) {
  PostOptions post;
  post.unauthenticated_identify = unauthenticated;
  auto a = exchange(identify_envelope(), post);
  if (!a) return std::unexpected(std::move(a.error()));
  if (a->body->name != "IdentifyResponse") {
    return std::unexpected(failure(make_error_code(Errc::bad_response), "no wsmid:IdentifyResponse in the answer"));
  }
  IdentifyInfo info;
  for (const auto& c : a->body->children) {
    if (c.name == "ProtocolVersion") info.protocol_version = c.text;
    if (c.name == "ProductVendor") info.product_vendor = c.text;
    if (c.name == "ProductVersion") info.product_version = c.text;
    if (c.name == "SecurityProfiles") {
      for (const auto& p : c.children) info.security_profiles.emplace_back(p.text);
    }
  }
  info.body = a->body;
  info.document = std::move(a->document);
  return info;
}

namespace {

// DSP0226 7.7: the fragment's XPath (the default dialect) as a header the server must understand.
void add_fragment(HeaderFields& h, const std::string& fragment) {
  if (fragment.empty()) return;
  h.extra_headers_xml += "<w:FragmentTransfer s:mustUnderstand=\"true\">" + xml_escape(fragment) + "</w:FragmentTransfer>";
}

}  // namespace

Result<Item> Session::get(const std::string& resource_uri, const Selectors& selectors) {
  auto h = header(ns::action_get, resource_uri, selectors);
  add_fragment(h, options_.fragment);
  auto a = call(h, {});
  if (!a) return std::unexpected(std::move(a.error()));
  return Item(a->document, a->body, EnumerationMode::object);
}

Result<Item> Session::put(const std::string& resource_uri, const Selectors& selectors, const std::string& body_xml) {
  auto h = header(ns::action_put, resource_uri, selectors);
  add_fragment(h, options_.fragment);
  auto a = call(h, body_xml);
  if (!a) return std::unexpected(std::move(a.error()));
  return Item(a->document, a->body, EnumerationMode::object);
}

Result<Epr> Session::create(const std::string& resource_uri, const std::string& body_xml) {
  auto a = call(header(ns::action_create, resource_uri), body_xml);
  if (!a) return std::unexpected(std::move(a.error()));
  // WS-Transfer 4: wxf:ResourceCreated is an EPR.
  if (auto epr = read_epr(*a->body)) return *epr;
  return std::unexpected(failure(make_error_code(Errc::bad_response), "no wxf:ResourceCreated in the answer"));
}

Result<void> Session::remove(const std::string& resource_uri, const Selectors& selectors) {
  auto a = call(header(ns::action_delete, resource_uri, selectors), {});
  if (!a) return std::unexpected(std::move(a.error()));
  return {};
}

Result<Item> Session::invoke(const std::string& resource_uri, const std::string& method, const Selectors& selectors,
                             const std::string& input_xml) {
  std::string base = resource_uri.substr(0, resource_uri.find('?'));
  std::string body = input_xml;
  if (body.empty()) {
    body = "<p:" + method + "_INPUT xmlns:p=\"" + xml_escape(base) + "\"/>";
  }
  auto a = call(header(base + "/" + method, resource_uri, selectors), body);
  if (!a) return std::unexpected(std::move(a.error()));
  return Item(a->document, a->body, EnumerationMode::object);
}

Result<Enumerator> Session::enumerate(const std::string& resource_uri, const EnumerateOptions& options) {
  auto a = call(header(ns::action_enumerate, resource_uri), enumerate_body(options));
  if (!a) return std::unexpected(std::move(a.error()));
  Enumerator e(this, resource_uri, options);
  if (a->body->name != "EnumerateResponse") {
    return std::unexpected(failure(make_error_code(Errc::bad_response), "no wsen:EnumerateResponse in the answer"));
  }
  e.take_batch(a->document, *a->body);
  return e;
}

Result<Subscription> Session::subscribe(const std::string& resource_uri, const SubscribeOptions& options) {
  auto body = subscribe_body(options);
  if (!body) return std::unexpected(std::move(body.error()));
  auto a = call(header(ns::action_subscribe, resource_uri), *body);
  if (!a) return std::unexpected(std::move(a.error()));
  auto s = read_subscribe_response(*a->body);
  if (!s) return std::unexpected(failure(make_error_code(Errc::bad_response), "no wse:SubscribeResponse in the answer"));
  s->resource_uri = resource_uri;
  if (options.mode == DeliveryMode::pull && s->enumeration_context.empty()) {
    return std::unexpected(failure(make_error_code(Errc::bad_response), "a Pull subscription's answer has no context"));
  }
  return *s;
}

namespace {

HeaderFields manager_header(const Session& session, const char* action, const Subscription& s) {
  HeaderFields h = session.header(action, s.resource_uri);
  if (!s.manager_address.empty()) h.to = s.manager_address;
  h.extra_headers_xml = subscription_headers(s);
  return h;
}

}  // namespace

Result<std::string> Session::renew(const Subscription& s, std::optional<std::uint32_t> expires_ms) {
  auto a = call(manager_header(*this, ns::action_renew, s), renew_body(expires_ms));
  if (!a) return std::unexpected(std::move(a.error()));
  if (a->body->name != "RenewResponse") {
    return std::unexpected(failure(make_error_code(Errc::bad_response), "no wse:RenewResponse in the answer"));
  }
  return read_expires(*a->body);
}

Result<std::string> Session::get_status(const Subscription& s) {
  auto a = call(manager_header(*this, ns::action_get_status, s), get_status_body());
  if (!a) return std::unexpected(std::move(a.error()));
  if (a->body->name != "GetStatusResponse") {
    return std::unexpected(failure(make_error_code(Errc::bad_response), "no wse:GetStatusResponse in the answer"));
  }
  return read_expires(*a->body);
}

Result<void> Session::unsubscribe(const Subscription& s) {
  auto a = call(manager_header(*this, ns::action_unsubscribe, s), unsubscribe_body());
  if (!a) return std::unexpected(std::move(a.error()));
  return {};
}

Enumerator Session::pull_events(const Subscription& s, std::uint32_t max_elements,
                                std::optional<std::chrono::steady_clock::time_point> until) {
  EnumerateOptions o;
  o.max_elements = max_elements;
  Enumerator e(this, s.resource_uri, o);
  e.context_ = s.enumeration_context;
  e.events_ = true;
  e.until_ = until;
  e.done_ = s.enumeration_context.empty();
  return e;
}

Enumerator::Enumerator(Session* session, std::string resource_uri, EnumerateOptions options)
    : session_(session), resource_uri_(std::move(resource_uri)), options_(std::move(options)) {}

Enumerator::Enumerator(Enumerator&& o) noexcept
    : session_(o.session_), resource_uri_(std::move(o.resource_uri_)), options_(std::move(o.options_)),
      context_(std::move(o.context_)), batch_(std::move(o.batch_)), next_index_(o.next_index_), done_(o.done_),
      events_(o.events_), until_(o.until_), last_(std::move(o.last_)) {
  o.done_ = true;
  o.context_.clear();
}

Enumerator& Enumerator::operator=(Enumerator&& o) noexcept {
  if (this != &o) {
    (void)release();
    session_ = o.session_;
    resource_uri_ = std::move(o.resource_uri_);
    options_ = std::move(o.options_);
    context_ = std::move(o.context_);
    batch_ = std::move(o.batch_);
    next_index_ = o.next_index_;
    done_ = o.done_;
    events_ = o.events_;
    until_ = o.until_;
    last_ = std::move(o.last_);
    o.done_ = true;
    o.context_.clear();
  }
  return *this;
}

Enumerator::~Enumerator() { (void)release(); }

void Enumerator::take_batch(const DocumentPtr& document, const Element& response) {
  batch_.clear();
  next_index_ = 0;
  last_ = document;
  // wsman:Items (optimized Enumerate, DSP0226 8.2.3) or wsen:Items (Pull).
  const Element* items = response.child(ns::wsman, "Items");
  if (items == nullptr) items = response.child(ns::wsen, "Items");
  if (items != nullptr) {
    batch_.reserve(items->children.size());
    for (const auto& e : items->children) batch_.emplace_back(document, &e, options_.mode);
  }
  const Element* ctx = response.child(ns::wsen, "EnumerationContext");
  const bool end = response.child(ns::wsman, "EndOfSequence") != nullptr ||
                   response.child(ns::wsen, "EndOfSequence") != nullptr;
  if (ctx != nullptr) {
    context_ = std::string(ctx->text);
  } else if (!events_) {
    context_.clear();  // an event subscription's context outlives Pulls that do not repeat it
  }
  if (end || context_.empty()) {
    done_ = true;
    context_.clear();
  }
}

Result<std::optional<Item>> Enumerator::next() {
  for (int empty_pulls = 0; next_index_ >= batch_.size(); ++empty_pulls) {
    if (done_) return std::optional<Item>{};
    if (empty_pulls > 1000 && !events_) {  // a subscription may stay quiet for ever: that is not an error
      return std::unexpected(failure(make_error_code(Errc::bad_response), "the server answers empty Pulls forever"));
    }
    using Clock = std::chrono::steady_clock;
    if (events_ && until_ && Clock::now() >= *until_) {
      done_ = true;
      return std::optional<Item>{};
    }
    const auto started = Clock::now();
    auto a = session_->call(session_->header(ns::action_pull, resource_uri_), pull_body(context_, options_.max_elements));
    // DSP0226 10.2.9.6: no event within the OperationTimeout is a wsman:TimedOut fault; pull again.
    if (!a && events_ && a.error().fault && a.error().fault->subcode.ends_with("TimedOut")) {
      // A server that answers TimedOut at once did not wait the OperationTimeout out: wait the
      // rest here (at least 100 ms apart), up to `until`, before the next Pull.
      const auto asked = std::max<Clock::duration>(
          std::chrono::milliseconds(session_->options_.operation_timeout_ms), std::chrono::milliseconds(100));
      if (Clock::now() - started < asked / 2) {
        auto resume = started + asked;
        if (until_) resume = std::min(resume, *until_);
        std::this_thread::sleep_until(resume);
      }
      continue;
    }
    if (!a) {
      done_ = true;
      context_.clear();
      return std::unexpected(std::move(a.error()));
    }
    if (a->body->name != "PullResponse") {
      done_ = true;
      return std::unexpected(failure(make_error_code(Errc::bad_response), "no wsen:PullResponse in the answer"));
    }
    take_batch(a->document, *a->body);
  }
  return std::optional<Item>{std::move(batch_[next_index_++])};
}

Result<void> Enumerator::release() {
  if (done_ || events_ || context_.empty() || session_ == nullptr) {
    done_ = true;
    return {};
  }
  done_ = true;
  std::string ctx = std::move(context_);
  context_.clear();
  batch_.clear();
  next_index_ = 0;
  auto a = session_->call(session_->header(ns::action_release, resource_uri_), release_body(ctx));
  if (!a) return std::unexpected(std::move(a.error()));
  return {};
}

}  // namespace wsman::client
