// The TLS side of a listener (OpenSSL 3): a server context on the Mozilla "intermediate"
// policy by default (TLS 1.3, and TLS 1.2 with ECDHE key exchange and AEAD ciphers only: no
// RSA key exchange, no CBC, no SHA-1 MACs), optional client certificates, and the verified
// peer's subject. Cipher lists and the lowest version are configurable.
#pragma once

#include <expected>
#include <string>

#include <openssl/ssl.h>

namespace http {

struct TlsPolicy {
    // OpenSSL cipher string for TLS 1.2 (Mozilla intermediate, ECDHE + AEAD only).
    std::string ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                          "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
                          "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
    // TLS 1.3 suites (all three are AEAD with forward secrecy).
    std::string ciphersuites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
    std::string min_version = "1.2"; // "1.2" or "1.3"
};

struct TlsFiles {
    std::string certificate; // PEM chain
    std::string key;         // PEM private key
    std::string client_ca;   // PEM CAs whose client certificates are verified ("" none)
};

// A server context for these files and policy, or why not (the file or setting named).
[[nodiscard]] std::expected<SSL_CTX*, std::string> make_tls_context(const TlsFiles& files, const TlsPolicy& policy);

// The policy's strings checked without any file (configuration errors at start-up).
[[nodiscard]] std::expected<void, std::string> check_tls_policy(const TlsPolicy& policy);

// The subject (RFC 2253) of the peer's certificate when it verified, else "".
[[nodiscard]] std::string verified_peer_subject(SSL* ssl);

} // namespace http
