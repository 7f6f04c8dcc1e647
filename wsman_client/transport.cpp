// libcurl easy handles configured once per handle; answers read into a bounded buffer.
#include "wsman_client/transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <strings.h>

#include "wsman_client/errc.hpp"
#include "wsman_client/pinning.hpp"

namespace wsman::client {

namespace {

std::once_flag global_init;

struct Sink {
  std::string body;
  std::string content_type;
  std::size_t limit = 0;
  bool over_limit = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t n = size * count;
  if (sink->body.size() + n > sink->limit) {
    sink->over_limit = true;
    return 0;  // CURLE_WRITE_ERROR
  }
  sink->body.append(data, n);
  return n;
}

// Refuses a declared Content-Length over the limit before any body byte is read.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t n = size * count;
  std::string_view line(data, n);
  auto colon = line.find(':');
  if (colon == std::string_view::npos) {
    if (line.starts_with("HTTP/")) sink->content_type.clear();  // a new answer (after 100 or 401)
    return n;
  }
  std::string_view name = line.substr(0, colon);
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
  if (name.size() == 14 && strncasecmp(name.data(), "content-length", 14) == 0) {
    unsigned long long length = 0;
    auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (ec == std::errc::result_out_of_range || (ec == std::errc{} && length > sink->limit)) {
      sink->over_limit = true;
      return 0;
    }
    // One allocation for the body instead of doublings (capped: the length is the server's word).
    if (ec == std::errc{}) sink->body.reserve(static_cast<std::size_t>(std::min<unsigned long long>(length, 8u << 20)));
    (void)p;
  } else if (name.size() == 12 && strncasecmp(name.data(), "content-type", 12) == 0) {
    sink->content_type.assign(value);
  }
  return n;
}

Errc errc_of(CURLcode c) {
  switch (c) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return Errc::connect_failed;
    case CURLE_OPERATION_TIMEDOUT:
      return Errc::timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
      return Errc::tls_failed;
    case CURLE_WRITE_ERROR:
      return Errc::too_large;
    case CURLE_TOO_MANY_REDIRECTS:
      return Errc::redirect;
    case CURLE_URL_MALFORMAT:
      return Errc::invalid_argument;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      return Errc::closed;
    default:
      return Errc::bad_response;
  }
}

}  // namespace

struct HttpTransport::Handle {
  CURL* curl = nullptr;
  curl_slist* headers = nullptr;
  curl_slist* identify_headers = nullptr;
  ~Handle() {
    curl_slist_free_all(headers);
    curl_slist_free_all(identify_headers);
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

HttpTransport::HttpTransport(TransportOptions options)
    : options_(std::move(options)), pin_(normalize_thumbprint(options_.pinned_thumbprint).value_or("")) {
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpTransport::~HttpTransport() = default;

std::unique_ptr<HttpTransport::Handle> HttpTransport::take() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto h = std::move(idle_.back());
      idle_.pop_back();
      return h;
    }
  }
  auto h = std::make_unique<Handle>();
  h->curl = curl_easy_init();
  if (h->curl == nullptr) return nullptr;
  const auto& o = options_;
  CURL* c = h->curl;
  curl_easy_setopt(c, CURLOPT_URL, o.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // a 3xx is reported, never followed
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(o.connect_timeout_ms));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(o.timeout_ms));
  curl_easy_setopt(c, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(c, CURLOPT_FORBID_REUSE, o.keep_alive ? 0L : 1L);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, nullptr);
  if (!pin_.empty()) {
    // The pin decides alone (pinning.cpp sets OpenSSL's verification itself); an https URL
    // is needed for it to mean anything, which post() checks.
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    if (curl_easy_setopt(c, CURLOPT_SSL_CTX_FUNCTION, pin_thumbprint) != CURLE_OK ||
        curl_easy_setopt(c, CURLOPT_SSL_CTX_DATA, &pin_) != CURLE_OK) {
      return nullptr;  // a libcurl without the OpenSSL back end cannot pin
    }
  } else {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, o.verify_peer ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, o.verify_host ? 2L : 0L);
  }
  if (!o.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, o.ca_file.c_str());
  if (!o.ca_dir.empty()) curl_easy_setopt(c, CURLOPT_CAPATH, o.ca_dir.c_str());
  if (!o.client_cert.empty()) {
    curl_easy_setopt(c, CURLOPT_SSLCERT, o.client_cert.c_str());
    curl_easy_setopt(c, CURLOPT_SSLKEY, (o.client_key.empty() ? o.client_cert : o.client_key).c_str());
  }
  if (o.no_proxy) {
    curl_easy_setopt(c, CURLOPT_PROXY, "");
  } else if (!o.proxy.empty()) {
    curl_easy_setopt(c, CURLOPT_PROXY, o.proxy.c_str());
    curl_easy_setopt(c, CURLOPT_NOPROXY, "");  // the proxy asked for wins over no_proxy
  }
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  const char* type = o.utf16 ? "Content-Type: application/soap+xml;charset=UTF-16"
                             : "Content-Type: application/soap+xml;charset=UTF-8";
  h->headers = curl_slist_append(nullptr, type);
  h->headers = curl_slist_append(h->headers, "Expect:");  // no 100-continue round trip
  h->headers = curl_slist_append(h->headers, "User-Agent: bmcwsman-client");
  h->identify_headers = curl_slist_append(nullptr, type);
  h->identify_headers = curl_slist_append(h->identify_headers, "Expect:");
  h->identify_headers = curl_slist_append(h->identify_headers, "WSMANIDENTIFY: unauthenticated");
  return h;
}

void HttpTransport::give_back(std::unique_ptr<Handle> h) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < 64) idle_.push_back(std::move(h));
}

Result<HttpAnswer> HttpTransport::post(std::string_view body, const PostOptions& post_options) {
  if (!options_.url.starts_with("http://") && !options_.url.starts_with("https://")) {
    return std::unexpected(failure(make_error_code(Errc::invalid_argument), "the endpoint must be an http:// or https:// URL"));
  }
  if (!options_.pinned_thumbprint.empty() && (pin_.empty() || !options_.url.starts_with("https://"))) {
    return std::unexpected(failure(make_error_code(Errc::invalid_argument),
                                   pin_.empty() ? "the pinned thumbprint is not 40 or 64 hex digits"
                                                : "a pinned thumbprint needs an https:// URL"));
  }
  auto h = take();
  if (!h) return std::unexpected(failure(make_error_code(Errc::connect_failed), "cannot create a libcurl handle"));
  CURL* c = h->curl;
  const auto& o = options_;
  std::string utf16;
  if (o.utf16) {
    utf16 = utf8_to_utf16le(body);
    body = utf16;
  }
  Sink sink;
  sink.limit = o.max_response_bytes;
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &sink);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  const bool anonymous = post_options.unauthenticated_identify || o.auth == Auth::none || o.user.empty();
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, post_options.unauthenticated_identify ? h->identify_headers : h->headers);
  if (anonymous) {
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_NONE);
    curl_easy_setopt(c, CURLOPT_USERNAME, nullptr);
    curl_easy_setopt(c, CURLOPT_PASSWORD, nullptr);
  } else {
    long mask = o.auth == Auth::basic    ? static_cast<long>(CURLAUTH_BASIC)
                : o.auth == Auth::digest ? static_cast<long>(CURLAUTH_DIGEST)
                                         : static_cast<long>(CURLAUTH_BASIC | CURLAUTH_DIGEST);
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, mask);
    curl_easy_setopt(c, CURLOPT_USERNAME, o.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, o.password.c_str());
  }
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  CURLcode rc = curl_easy_perform(c);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, nullptr);
  if (rc != CURLE_OK) {
    // A failed handle may hold a broken connection: drop it rather than pool it.
    Errc e = sink.over_limit ? Errc::too_large : errc_of(rc);
    std::string msg = std::string(make_error_code(e).message()) + ": " + (error[0] ? error : curl_easy_strerror(rc));
    if (e == Errc::too_large) msg += " (limit " + std::to_string(o.max_response_bytes) + " bytes)";
    return std::unexpected(failure(make_error_code(e), std::move(msg)));
  }
  HttpAnswer answer;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &answer.status);
  answer.body = std::move(sink.body);
  answer.content_type = std::move(sink.content_type);
  give_back(std::move(h));
  return answer;
}

std::string utf8_to_utf16le(std::string_view s) {
  std::string out = "\xFF\xFE";
  out.reserve(2 + s.size() * 2);
  auto put = [&](unsigned u) {
    out.push_back(static_cast<char>(u & 0xFF));
    out.push_back(static_cast<char>((u >> 8) & 0xFF));
  };
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    unsigned cp = 0xFFFD;
    std::size_t len = 1;
    if (b < 0x80) {
      cp = b;
    } else if ((b >> 5) == 0x6 && i + 1 < s.size()) {
      cp = ((b & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      len = 2;
    } else if ((b >> 4) == 0xE && i + 2 < s.size()) {
      cp = ((b & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
      len = 3;
    } else if ((b >> 3) == 0x1E && i + 3 < s.size()) {
      cp = ((b & 0x07u) << 18) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 12) |
           ((static_cast<unsigned char>(s[i + 2]) & 0x3Fu) << 6) | (static_cast<unsigned char>(s[i + 3]) & 0x3Fu);
      len = 4;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put(0xD800 + (cp >> 10));
      put(0xDC00 + (cp & 0x3FF));
    } else {
      put(cp);
    }
    i += len;
  }
  return out;
}

}  // namespace wsman::client
