// libFuzzer target: the Authorization header as a hostile client sends it, through the
// Authenticator (Basic's base64, Digest's parameter parser and verification against users
// with Digest credentials and a certificate subject), and the parser and base64 on their
// own. The first byte chooses the listener's Basic policy. No crash, no hang, no success
// for credentials that were never issued.
#include "http_server/authenticator.hpp"
#include "http_server/digest_auth.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

std::shared_ptr<const http::Users> fuzz_users() {
    http::User u{"ann", http::hash_password("a long random password"), cim::Role::admin, {}, {}, "CN=ann,O=Test"};
    u.md5_ha1 = http::digest_ha1(http::DigestAlgorithm::md5, "ann", http::users_realm, "a long random password");
    u.sha256_ha1 =
        http::digest_ha1(http::DigestAlgorithm::sha256, "ann", http::users_realm, "a long random password");
    return std::make_shared<const http::Users>(std::vector<http::User>{u});
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static http::Authenticator auth(fuzz_users(), {});
    if (size == 0) {
        return 0;
    }
    const std::string_view header(reinterpret_cast<const char*>(data + 1), size - 1);
    http::AuthRequest r;
    r.authorization = header;
    r.method = "POST";
    r.uri = "/wsman";
    r.basic_allowed = (data[0] & 1U) != 0;
    r.client_subject = (data[0] & 2U) != 0 ? header.substr(0, 40) : std::string_view{};
    r.peer = "fuzz";
    const auto result = auth.authenticate(r);
    // Only the certificate subject that was issued can succeed without the password.
    if (result.caller && result.scheme != "certificate" && result.scheme != "Basic" && result.scheme != "Digest") {
        std::abort();
    }
    if (result.caller && result.scheme == "certificate" && r.client_subject != "CN=ann,O=Test") {
        std::abort();
    }
    (void)http::parse_auth_params(header);
    (void)http::base64_decode(header);
    return 0;
}
