// TLS contexts on the configured policy, and client certificate subjects.
#include "http_server/tls.hpp"

#include <openssl/err.h>
#include <openssl/x509.h>

namespace http {
namespace {

std::string openssl_error() {
    const unsigned long e = ERR_get_error();
    ERR_clear_error();
    if (e == 0) {
        return {};
    }
    char buf[256] = {};
    ERR_error_string_n(e, buf, sizeof buf);
    return std::string(": ") + buf;
}

std::expected<int, std::string> version_of(const std::string& v) {
    if (v == "1.2") {
        return TLS1_2_VERSION;
    }
    if (v == "1.3") {
        return TLS1_3_VERSION;
    }
    return std::unexpected("the lowest TLS version must be 1.2 or 1.3, not \"" + v + "\"");
}

std::expected<void, std::string> apply(SSL_CTX* ctx, const TlsPolicy& p) {
    auto version = version_of(p.min_version);
    if (!version) {
        return std::unexpected(version.error());
    }
    if (SSL_CTX_set_min_proto_version(ctx, *version) != 1) {
        return std::unexpected("cannot set the lowest TLS version" + openssl_error());
    }
    if (SSL_CTX_set_cipher_list(ctx, p.ciphers.c_str()) != 1) {
        return std::unexpected("no usable TLS 1.2 cipher in \"" + p.ciphers + "\"" + openssl_error());
    }
    if (SSL_CTX_set_ciphersuites(ctx, p.ciphersuites.c_str()) != 1) {
        return std::unexpected("no usable TLS 1.3 cipher suite in \"" + p.ciphersuites + "\"" + openssl_error());
    }
    if (SSL_CTX_set1_groups_list(ctx, "X25519:P-256:P-384") != 1) {
        return std::unexpected("cannot set the key exchange groups" + openssl_error());
    }
    return {};
}

} // namespace

std::expected<void, std::string> check_tls_policy(const TlsPolicy& policy) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == nullptr) {
        return std::unexpected("cannot set up TLS" + openssl_error());
    }
    auto r = apply(ctx, policy);
    SSL_CTX_free(ctx);
    return r;
}

std::expected<SSL_CTX*, std::string> make_tls_context(const TlsFiles& f, const TlsPolicy& policy) {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    const auto fail = [&](const std::string& what) -> std::expected<SSL_CTX*, std::string> {
        const std::string why = openssl_error();
        if (ctx != nullptr) {
            SSL_CTX_free(ctx);
        }
        return std::unexpected(what + why);
    };
    if (ctx == nullptr) {
        return fail("cannot set up TLS");
    }
    if (auto applied = apply(ctx, policy); !applied) {
        SSL_CTX_free(ctx);
        return std::unexpected(applied.error());
    }
    // No renegotiation, no compression; the server's cipher order wins; write buffers may
    // move between retries (answers are written non-blocking, partly). Record buffers stay
    // with the session (SSL_MODE_RELEASE_BUFFERS would free and allocate ~34 KB per
    // request on a busy keep-alive connection).
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (SSL_CTX_use_certificate_chain_file(ctx, f.certificate.c_str()) != 1) {
        return fail("cannot load the TLS certificate " + f.certificate);
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, f.key.c_str(), SSL_FILETYPE_PEM) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
        return fail("cannot load the TLS key " + f.key + " (or it does not match the certificate)");
    }
    if (!f.client_ca.empty()) {
        if (SSL_CTX_load_verify_locations(ctx, f.client_ca.c_str(), nullptr) != 1) {
            return fail("cannot load the client CA file " + f.client_ca);
        }
        if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(f.client_ca.c_str())) {
            SSL_CTX_set_client_CA_list(ctx, names);
        }
        // Ask for a certificate but do not require one: password schemes stay possible. A
        // certificate that does not verify fails the handshake.
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
        SSL_CTX_set_verify_depth(ctx, 4);
        static constexpr unsigned char sid[] = "bmcwsman";
        SSL_CTX_set_session_id_context(ctx, sid, sizeof sid - 1);
    }
    return ctx;
}

std::string verified_peer_subject(SSL* ssl) {
    if (ssl == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) {
        return {};
    }
    X509* cert = SSL_get1_peer_certificate(ssl);
    if (cert == nullptr) {
        return {};
    }
    std::string out;
    if (BIO* bio = BIO_new(BIO_s_mem())) {
        if (X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253) >= 0) {
            char* data = nullptr;
            const long n = BIO_get_mem_data(bio, &data);
            if (n > 0 && data != nullptr) {
                out.assign(data, static_cast<std::size_t>(n));
            }
        }
        BIO_free(bio);
    }
    X509_free(cert);
    return out;
}

} // namespace http
