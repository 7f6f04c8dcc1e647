// The pin as OpenSSL's certificate verification: SSL_CTX_set_cert_verify_callback replaces
// the chain check with a comparison of the leaf's digest.
#include "wsman_client/pinning.hpp"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cctype>

namespace wsman::client {

namespace {

int verify_leaf(X509_STORE_CTX* store, void* arg) {
  const auto& pin = *static_cast<const std::string*>(arg);
  X509* leaf = X509_STORE_CTX_get0_cert(store);
  if (leaf == nullptr) return 0;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (X509_digest(leaf, pin.size() == 40 ? EVP_sha1() : EVP_sha256(), md, &n) != 1) return 0;
  static constexpr char hex[] = "0123456789abcdef";
  std::string got;
  for (unsigned int i = 0; i < n; ++i) {
    got += hex[md[i] >> 4U];
    got += hex[md[i] & 0xFU];
  }
  if (got != pin) {
    X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
    return 0;
  }
  X509_STORE_CTX_set_error(store, X509_V_OK);
  return 1;
}

}  // namespace

std::optional<std::string> normalize_thumbprint(std::string_view text) {
  std::string out;
  for (char ch : text) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == ':' || std::isspace(u) != 0) continue;
    if (std::isxdigit(u) == 0 || out.size() == 64) return std::nullopt;
    out += static_cast<char>(std::tolower(u));
  }
  if (out.size() != 40 && out.size() != 64) return std::nullopt;
  return out;
}

int pin_thumbprint(void* /*curl*/, void* ssl_ctx, void* thumbprint) {
  auto* ctx = static_cast<SSL_CTX*>(ssl_ctx);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);  // a failed comparison ends the handshake
  SSL_CTX_set_cert_verify_callback(ctx, verify_leaf, thumbprint);
  return CURLE_OK;
}

}  // namespace wsman::client
