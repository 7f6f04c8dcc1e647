// Session: one WS-Management endpoint with its credentials and defaults; the operations of
// DSP0226 7 (WS-Transfer Get/Put/Create/Delete, custom actions), 8 (Enumerate/Pull/Release)
// and 11 (Identify). Safe to use from several threads at once.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "wsman_client/answer.hpp"
#include "wsman_client/envelope.hpp"
#include "wsman_client/eventing.hpp"
#include "wsman_client/model.hpp"
#include "wsman_client/transport.hpp"

namespace wsman::client {

struct SessionOptions {
  TransportOptions transport;
  std::uint32_t operation_timeout_ms = 60000;  // wsman:OperationTimeout
  std::uint32_t max_envelope_size = 512000;    // wsman:MaxEnvelopeSize
  std::string locale = "en-US";                // wsman:Locale
  Selectors option_set;                         // wsman:OptionSet on every request (DSP0226 6.4)
  std::string fragment;                         // wsman:FragmentTransfer for Get and Put (DSP0226 7.7)
  XmlLimits xml_limits;
};

class Enumerator;

class Session {
 public:
  explicit Session(SessionOptions options);

  Result<IdentifyInfo> identify(bool unauthenticated = false);
  Result<Item> get(const std::string& resource_uri, const Selectors& selectors = {});
  // body_xml: the whole new representation (one element).
  Result<Item> put(const std::string& resource_uri, const Selectors& selectors, const std::string& body_xml);
  Result<Epr> create(const std::string& resource_uri, const std::string& body_xml);
  Result<void> remove(const std::string& resource_uri, const Selectors& selectors = {});
  // Action = resource URI + "/" + method; input_xml "" sends an empty <p:METHOD_INPUT>.
  Result<Item> invoke(const std::string& resource_uri, const std::string& method, const Selectors& selectors,
                      const std::string& input_xml = {});
  // Starts an enumeration; items come lazily from Enumerator::next.
  Result<Enumerator> enumerate(const std::string& resource_uri, const EnumerateOptions& options = {});

  // WS-Eventing (DSP0226 10): Renew, GetStatus and Unsubscribe address the subscription by its
  // reference parameters; they go to this session's endpoint with wsa:To the manager's address.
  Result<Subscription> subscribe(const std::string& resource_uri, const SubscribeOptions& options);
  Result<std::string> renew(const Subscription& s, std::optional<std::uint32_t> expires_ms);  // the new expiry
  Result<std::string> get_status(const Subscription& s);                                       // the expiry
  Result<void> unsubscribe(const Subscription& s);
  // Pull-mode events (DSP0226 10.2.9.6): Pulls over the subscription's context; never Released
  // (Unsubscribe ends a subscription). A wsman:TimedOut answer means no event yet and is pulled
  // again; one that came back in under half the OperationTimeout asked (a server that does not
  // wait) is followed by a pause for the rest of it, so such a server is not polled in a loop.
  // After `until`, next() gives std::nullopt instead of another Pull (a Pull under way finishes).
  Enumerator pull_events(const Subscription& s, std::uint32_t max_elements = 100,
                         std::optional<std::chrono::steady_clock::time_point> until = {});

  // Lower level: any request; the answer parsed, faults as Failure.
  Result<Answer> call(const HeaderFields& header, const std::string& body_xml);
  HeaderFields header(const std::string& action, const std::string& resource_uri, const Selectors& selectors = {}) const;
  const SessionOptions& options() const { return options_; }

 private:
  friend class Enumerator;
  Result<Answer> exchange(const std::string& envelope, const PostOptions& post = {});

  SessionOptions options_;
  std::shared_ptr<HttpTransport> transport_;
};

// Lazy Pull (WS-Enumeration 3.2): items of the optimized Enumerate first, then one Pull per
// exhausted batch until wsman:EndOfSequence. Release on destruction when not at the end. The
// Session must outlive its Enumerators (they hold a pointer to it).
class Enumerator {
 public:
  Enumerator(Enumerator&&) noexcept;
  Enumerator& operator=(Enumerator&&) noexcept;
  ~Enumerator();

  // The next item, std::nullopt at the end.
  Result<std::optional<Item>> next();
  // Ends the enumeration early (wsen:Release); a no-op at the end.
  Result<void> release();
  bool done() const { return done_; }
  const std::string& context() const { return context_; }
  std::string_view last_raw() const { return last_ ? last_->raw() : std::string_view{}; }  // the last answer's bytes

 private:
  friend class Session;
  Enumerator(Session* session, std::string resource_uri, EnumerateOptions options);
  void take_batch(const DocumentPtr& document, const Element& response);

  Session* session_ = nullptr;
  std::string resource_uri_;
  EnumerateOptions options_;
  std::string context_;
  std::vector<Item> batch_;
  std::size_t next_index_ = 0;
  bool done_ = false;
  bool events_ = false;  // a subscription's Pulls: no Release
  std::optional<std::chrono::steady_clock::time_point> until_;  // events: no Pull after this
  DocumentPtr last_;
};

}  // namespace wsman::client
