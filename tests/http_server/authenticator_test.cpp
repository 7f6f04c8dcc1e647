// Who is calling: base64, Basic with its cache, Digest through the Authenticator, client
// certificate subjects, the challenges, failures slowed per address, users replaced.
#include "http_server/auth_failures.hpp"
#include "http_server/authenticator.hpp"

#include <gtest/gtest.h>

namespace {

using namespace http;
using namespace std::chrono_literals;

std::string basic(const std::string& user, const std::string& password) {
    static constexpr char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const std::string in = user + ":" + password;
    std::string out;
    for (std::size_t i = 0; i < in.size(); i += 3) {
        std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])) << 16;
        if (i + 1 < in.size()) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8;
        if (i + 2 < in.size()) v |= static_cast<unsigned char>(in[i + 2]);
        out += b64[(v >> 18) & 63];
        out += b64[(v >> 12) & 63];
        out += i + 1 < in.size() ? b64[(v >> 6) & 63] : '=';
        out += i + 2 < in.size() ? b64[v & 63] : '=';
    }
    return "Basic " + out;
}

std::shared_ptr<const Users> users_with(const std::string& name, const std::string& password, cim::Role role,
                                        std::optional<std::string> subject = std::nullopt) {
    User u{name, hash_password(password), role, {}, {}, subject};
    u.sha256_ha1 = digest_ha1(DigestAlgorithm::sha256, name, users_realm, password);
    u.md5_ha1 = digest_ha1(DigestAlgorithm::md5, name, users_realm, password);
    return std::make_shared<const Users>(std::vector<User>{u});
}

AuthRequest request(const std::string& authorization, bool basic_allowed = true) {
    AuthRequest r;
    r.authorization = authorization;
    r.method = "POST";
    r.uri = "/wsman";
    r.basic_allowed = basic_allowed;
    r.peer = "127.0.0.9";
    return r;
}

TEST(Base64, StrictRfc4648) {
    EXPECT_EQ(*base64_decode("YW5uOnB3"), "ann:pw");
    EXPECT_EQ(*base64_decode("YQ=="), "a");
    EXPECT_EQ(*base64_decode("YWI="), "ab");
    EXPECT_EQ(*base64_decode(""), "");
    EXPECT_FALSE(base64_decode("YW5"));       // not a multiple of 4
    EXPECT_FALSE(base64_decode("YW=u"));      // padding inside
    EXPECT_FALSE(base64_decode("YQ==YQ=="));  // padding before the end
    EXPECT_FALSE(base64_decode("Y W5"));      // white space
    EXPECT_FALSE(base64_decode(std::string(9000, 'A')));
}

TEST(Authenticator, BasicOnlyWhereAllowedAndCached) {
    Authenticator auth(users_with("ann", "pw", cim::Role::operator_role), {});
    auto ok = auth.authenticate(request(basic("ann", "pw")));
    ASSERT_TRUE(ok.caller);
    EXPECT_EQ(ok.caller->user, "ann");
    EXPECT_EQ(ok.caller->role, cim::Role::operator_role);
    EXPECT_EQ(ok.scheme, "Basic");
    // Cached now: the same answer again, a wrong password still refused.
    EXPECT_TRUE(auth.authenticate(request(basic("ann", "pw"))).caller);
    auto wrong = auth.authenticate(request(basic("ann", "nope")));
    EXPECT_FALSE(wrong.caller);
    EXPECT_EQ(wrong.user, "ann");
    EXPECT_EQ(wrong.why.find("nope"), std::string::npos); // never the password
    // Over plain HTTP without the option: refused even with the right password.
    auto http = auth.authenticate(request(basic("ann", "pw"), false));
    EXPECT_FALSE(http.caller);
    for (const auto& c : http.challenges) {
        EXPECT_FALSE(c.starts_with("Basic")); // and not offered
    }
    EXPECT_FALSE(auth.authenticate(request("Basic !!!!")).caller);
    EXPECT_FALSE(auth.authenticate(request("Negotiate abc")).caller);
}

TEST(Authenticator, ChallengesForEveryEnabledScheme) {
    Authenticator auth(users_with("ann", "pw", cim::Role::reader), {});
    auto none = auth.authenticate(request(""));
    EXPECT_FALSE(none.caller);
    EXPECT_TRUE(none.scheme.empty()); // no credentials: not a failure
    EXPECT_EQ(none.delay, 0ms);
    ASSERT_EQ(none.challenges.size(), 3U);
    EXPECT_NE(none.challenges[0].find("algorithm=SHA-256"), std::string::npos);
    EXPECT_NE(none.challenges[1].find("algorithm=MD5"), std::string::npos);
    EXPECT_EQ(none.challenges[2], "Basic realm=\"bmcwsman\"");
}

TEST(Authenticator, DigestRoundTrip) {
    Authenticator auth(users_with("ann", "pw", cim::Role::admin), {});
    const auto challenge = auth.authenticate(request("")).challenges[0];
    const auto value = [&](const std::string& key) {
        const auto at = challenge.find(key + "=\"") + key.size() + 2;
        return challenge.substr(at, challenge.find('"', at) - at);
    };
    const std::string nonce = value("nonce");
    const std::string ha1 = digest_ha1(DigestAlgorithm::sha256, "ann", "bmcwsman", "pw");
    const std::string response =
        digest_response(DigestAlgorithm::sha256, ha1, nonce, "00000001", "c0ffee", "auth", "POST", "/wsman");
    const std::string header = "Digest username=\"ann\", realm=\"bmcwsman\", nonce=\"" + nonce +
                               "\", uri=\"/wsman\", algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"c0ffee\", "
                               "response=\"" + response + "\", opaque=\"" + value("opaque") + "\"";
    auto ok = auth.authenticate(request(header, false)); // Digest needs no TLS
    ASSERT_TRUE(ok.caller);
    EXPECT_EQ(ok.caller->role, cim::Role::admin);
    auto replay = auth.authenticate(request(header, false));
    EXPECT_FALSE(replay.caller);
    EXPECT_EQ(replay.why, "replayed nonce count");
}

TEST(Authenticator, ClientCertificateSubjects) {
    Authenticator auth(users_with("ann", "pw", cim::Role::reader, "CN=ann,O=Test"), {});
    auto r = request("");
    r.client_subject = "CN=ann,O=Test";
    auto ok = auth.authenticate(r);
    ASSERT_TRUE(ok.caller);
    EXPECT_EQ(ok.scheme, "certificate");
    r.client_subject = "CN=mallory,O=Test";
    auto no = auth.authenticate(r);
    EXPECT_FALSE(no.caller);
    EXPECT_EQ(no.scheme, "certificate");
}

TEST(Authenticator, ReplacedUsersTakeEffectAndDropTheCache) {
    Authenticator auth(users_with("ann", "pw", cim::Role::reader), {});
    ASSERT_TRUE(auth.authenticate(request(basic("ann", "pw"))).caller); // now cached
    const auto before = auth.generation();
    auth.replace_users(users_with("bob", "pw2", cim::Role::reader));
    EXPECT_NE(auth.generation(), before);
    EXPECT_FALSE(auth.authenticate(request(basic("ann", "pw"))).caller); // the cache went with the users
    EXPECT_TRUE(auth.authenticate(request(basic("bob", "pw2"))).caller);
}

TEST(AuthFailures, FreeFailuresThenDoublingDelaysPerAddress) {
    AuthFailures f(AuthFailures::Limits{3, 250ms, 4000ms, std::chrono::seconds(300), 2});
    const auto t = AuthFailures::Clock::now();
    EXPECT_EQ(f.failed("a", t), 0ms);
    EXPECT_EQ(f.failed("a", t), 0ms);
    EXPECT_EQ(f.failed("a", t), 0ms);
    EXPECT_EQ(f.failed("a", t), 250ms);
    EXPECT_EQ(f.failed("a", t), 500ms);
    EXPECT_EQ(f.failed("a", t), 1000ms);
    for (int i = 0; i < 10; ++i) {
        (void)f.failed("a", t);
    }
    EXPECT_EQ(f.failed("a", t), 4000ms); // capped
    EXPECT_EQ(f.failed("b", t), 0ms);    // another address is not slowed
    f.succeeded("a");
    EXPECT_EQ(f.failed("a", t), 0ms);
    EXPECT_EQ(f.failed("a", t + std::chrono::seconds(301)), 0ms); // an old streak is forgiven
    (void)f.failed("c", t);
    EXPECT_LE(f.tracked(), 2U); // bounded
}

} // namespace
