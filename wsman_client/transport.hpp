// HttpTransport: HTTP(S) POSTs through libcurl with the session's credentials, TLS policy,
// deadlines and byte limit; a pool of handles so several threads may post at once. Kept free of
// WS-Management so outbound event delivery can use it too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "wsman_client/model.hpp"

namespace wsman::client {

enum class Auth { none, basic, digest, negotiate_basic_digest };

struct TransportOptions {
  std::string url;  // http(s)://host:port/path
  Auth auth = Auth::basic;
  std::string user, password;
  std::string client_cert, client_key;  // PEM files: TLS client certificate
  std::string ca_file, ca_dir;          // trust anchors (default: the system's)
  bool verify_peer = true;              // opt-out: skip the CA check
  bool verify_host = true;              // opt-out: skip the host-name check
  // The server's certificate by thumbprint (SHA-1 of its DER, 40 hex digits, or SHA-256, 64;
  // colons and spaces allowed): when set, it replaces the CA and host-name checks (pinning.hpp).
  std::string pinned_thumbprint;
  std::uint32_t connect_timeout_ms = 10000;
  std::uint32_t timeout_ms = 60000;     // the whole exchange, trickling answers included
  std::size_t max_response_bytes = 32u << 20;
  bool keep_alive = true;
  bool utf16 = false;                   // send requests as UTF-16LE with a BOM
  // Proxy: "" follows libcurl's environment (http_proxy, https_proxy, no_proxy); a URL
  // (http://[user:pw@]host:port, socks5://...) is used for every host, whatever no_proxy says;
  // no_proxy ignores both.
  std::string proxy;
  bool no_proxy = false;
};

struct HttpAnswer {
  long status = 0;
  std::string content_type;
  std::string body;
};

struct PostOptions {
  bool unauthenticated_identify = false;  // no credentials, WSMANIDENTIFY: unauthenticated
};

class HttpTransport {
 public:
  explicit HttpTransport(TransportOptions options);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // One POST; transport failures as Failure (connect, TLS, timeout, too large, closed, redirect).
  Result<HttpAnswer> post(std::string_view body, const PostOptions& post_options = {});
  const TransportOptions& options() const { return options_; }

 private:
  struct Handle;
  std::unique_ptr<Handle> take();
  void give_back(std::unique_ptr<Handle> h);

  TransportOptions options_;
  std::string pin_;  // pinned_thumbprint normalized (the TLS callback reads it)
  std::mutex mutex_;
  std::vector<std::unique_ptr<Handle>> idle_;
};

// UTF-8 to UTF-16LE with a byte-order mark (requests when TransportOptions::utf16).
std::string utf8_to_utf16le(std::string_view s);

}  // namespace wsman::client
