// The users file: every attribute, each malformed line named by file:line, lookups, users_line
// round trips.
#include "http_server/digest_auth.hpp"
#include "http_server/users.hpp"

#include <fmt/format.h>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

namespace http {
namespace {

// One SHA-512 hash for the whole file (crypt is slow on purpose).
const std::string& pw_hash() {
    static const std::string h = hash_password("pw");
    return h;
}

const std::string md5_a = "0123456789abcdef0123456789abcdef";
const std::string sha_a = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

class UsersFile : public ::testing::Test {
protected:
    std::filesystem::path path_;
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = std::filesystem::temp_directory_path() /
                fmt::format("bmcwsman_users_{}_{}_{}", ::getpid(), info->test_suite_name(),
                            info->name());
    }
    void TearDown() override { std::filesystem::remove(path_); }
    std::expected<Users, std::string> load(const std::string& text) {
        std::ofstream(path_, std::ios::trunc) << text;
        return Users::load(path_);
    }
    // The error for `bad` as line 3, after a comment and a good user.
    std::string error_at_line3(const std::string& bad) {
        auto u = load(fmt::format("# users\nok:{}:reader\n{}\n", pw_hash(), bad));
        EXPECT_FALSE(u.has_value()) << bad;
        if (u) {
            return {};
        }
        const std::string prefix = path_.string() + ":3: ";
        EXPECT_TRUE(u.error().starts_with(prefix)) << u.error();
        return u.error();
    }
};

TEST_F(UsersFile, PlainLinesStillLoad) {
    auto u = load(fmt::format("# comment\n\nann:{}:reader\nbob:{}:operator\r\ncarl:{}:admin\n",
                              pw_hash(), pw_hash(), pw_hash()));
    ASSERT_TRUE(u) << u.error();
    EXPECT_EQ(u->size(), 3u);
    EXPECT_EQ(u->verify("ann", "pw"), cim::Role::reader);
    EXPECT_EQ(u->verify("bob", "pw"), cim::Role::operator_role) << "a CRLF line";
    EXPECT_EQ(u->verify("carl", "pw"), cim::Role::admin);
    EXPECT_EQ(u->verify("ann", "wrong"), std::nullopt);
    EXPECT_EQ(u->verify("nobody", "pw"), std::nullopt);
    EXPECT_EQ(u->ha1("ann", DigestAlgorithm::md5), std::nullopt);
    EXPECT_EQ(u->find("ann")->subject, std::nullopt);
}

TEST_F(UsersFile, EveryAttribute) {
    const std::string upper_sha =
        "00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff"; // stored lower-case
    auto u = load(
        fmt::format("ann:{}:admin:md5ha1={}:sha256ha1={}:subject=CN=ann,O=Example\\, Inc.,C=DE\n"
                    "bob:{}:reader:subject=CN=bob\n"
                    "carl:{}:operator:sha256ha1={}\n",
                    pw_hash(), md5_a, upper_sha, pw_hash(), pw_hash(), sha_a));
    ASSERT_TRUE(u) << u.error();
    const User* ann = u->find("ann");
    ASSERT_NE(ann, nullptr);
    EXPECT_EQ(ann->role, cim::Role::admin);
    EXPECT_EQ(ann->md5_ha1, md5_a);
    EXPECT_EQ(ann->sha256_ha1, sha_a);
    EXPECT_EQ(ann->subject, "CN=ann,O=Example\\, Inc.,C=DE");
    EXPECT_EQ(u->verify("ann", "pw"), cim::Role::admin);

    EXPECT_EQ(u->ha1("ann", DigestAlgorithm::md5), md5_a);
    EXPECT_EQ(u->ha1("ann", DigestAlgorithm::sha256), sha_a);
    EXPECT_EQ(u->ha1("bob", DigestAlgorithm::md5), std::nullopt);
    EXPECT_EQ(u->ha1("carl", DigestAlgorithm::md5), std::nullopt);
    EXPECT_EQ(u->ha1("carl", DigestAlgorithm::sha256), sha_a);
    EXPECT_EQ(u->ha1("nobody", DigestAlgorithm::sha256), std::nullopt);

    ASSERT_NE(u->by_subject("CN=bob"), nullptr);
    EXPECT_EQ(u->by_subject("CN=bob")->name, "bob");
    EXPECT_EQ(u->by_subject("CN=ann,O=Example\\, Inc.,C=DE"), ann);
    EXPECT_EQ(u->by_subject("cn=bob"), nullptr) << "exact match";
    EXPECT_EQ(u->by_subject("CN=bob "), nullptr);
    EXPECT_EQ(u->by_subject(""), nullptr);
    EXPECT_EQ(u->find("carl")->subject, std::nullopt);
    EXPECT_EQ(u->find("Ann"), nullptr);
}

TEST_F(UsersFile, MalformedLinesNameFileAndLine) {
    const std::string h = pw_hash();
    struct Case {
        std::string line;
        std::string says;
    };
    const std::vector<Case> cases = {
        {"ann", "expected name:hash:role"},
        {"ann:" + h, "expected name:hash:role"},
        {":" + h + ":reader", "expected name:hash:role"},
        {"ann:" + h + ":root", "role must be"},
        {"ann:" + h + ":", "role must be"},
        {"ann::reader", "SHA-512"},
        {"ann:$1$abc$def:reader", "SHA-512"},
        {"ann:$5$abc$def:reader", "SHA-512"},
        {"ann:abcdefghijklm:reader", "SHA-512"},
        {"ann:" + h + ":reader:", "attr=value"},
        {"ann:" + h + ":reader:md5ha1", "attr=value"},
        {"ann:" + h + ":reader:=x", "attr=value"},
        {"ann:" + h + ":reader:colour=blue", "unknown attribute 'colour'"},
        {"ann:" + h + ":reader:MD5HA1=" + md5_a, "unknown attribute"},
        {"ann:" + h + ":reader:md5ha1=" + md5_a.substr(1), "md5ha1 must be 32 hex digits"},
        {"ann:" + h + ":reader:md5ha1=" + md5_a + "0", "md5ha1 must be 32 hex digits"},
        {"ann:" + h + ":reader:md5ha1=" + md5_a.substr(1) + "g", "md5ha1 must be 32 hex digits"},
        {"ann:" + h + ":reader:md5ha1=", "md5ha1 must be 32 hex digits"},
        {"ann:" + h + ":reader:sha256ha1=" + md5_a, "sha256ha1 must be 64 hex digits"},
        {"ann:" + h + ":reader:sha256ha1=" + sha_a.substr(2) + "-1",
         "sha256ha1 must be 64 hex digits"},
        {"ann:" + h + ":reader:md5ha1=" + md5_a + ":md5ha1=" + md5_a, "md5ha1 given twice"},
        {"ann:" + h + ":reader:sha256ha1=" + sha_a + ":sha256ha1=" + sha_a,
         "sha256ha1 given twice"},
        {"ann:" + h + ":reader:subject=", "subject is empty"},
        {"ann:" + h + ":reader:subject=CN=a:subject=CN=b", "subject given twice"},
        {"ann:" + h + ":reader:subject=CN=a:b",
         "attr=value"}, // a ':' in a subject cannot be written
        {"ok:" + h + ":admin", "user 'ok' is already defined"},
        {"ann:" + h + ":reader:subject=CN=ok", "subject 'CN=ok' is already mapped to user 'ok'"},
    };
    for (const auto& c : cases) {
        // The good first user owns subject CN=ok for the duplicate-subject case.
        auto u = load(fmt::format("# users\nok:{}:reader:subject=CN=ok\n{}\n", h, c.line));
        ASSERT_FALSE(u.has_value()) << c.line;
        const std::string prefix = path_.string() + ":3: ";
        EXPECT_TRUE(u.error().starts_with(prefix)) << c.line << " -> " << u.error();
        EXPECT_NE(u.error().find(c.says), std::string::npos) << c.line << " -> " << u.error();
        // An HA1 is password-equivalent: never echoed in an error.
        EXPECT_EQ(u.error().find(md5_a.substr(1, 20)), std::string::npos) << u.error();
    }
    EXPECT_NE(error_at_line3("ann:" + h + ":reader:x=1").find("unknown attribute"),
              std::string::npos);
}

TEST_F(UsersFile, MissingFile) {
    auto u = Users::load(path_);
    ASSERT_FALSE(u);
    EXPECT_NE(u.error().find(path_.string()), std::string::npos);
}

TEST(Users, RoleNames) {
    EXPECT_EQ(role_name(cim::Role::reader), "reader");
    EXPECT_EQ(role_name(cim::Role::operator_role), "operator");
    EXPECT_EQ(role_name(cim::Role::admin), "admin");
}

TEST(Users, UsersLineShape) {
    auto line = users_line("ann", "Circle of Life", cim::Role::operator_role);
    ASSERT_TRUE(line) << line.error();
    EXPECT_TRUE(line->starts_with("ann:$6$")) << *line;
    EXPECT_NE(line->find(":operator:md5ha1="), std::string::npos) << *line;
    EXPECT_NE(line->find(":md5ha1=" +
                         digest_ha1(DigestAlgorithm::md5, "ann", "bmcwsman", "Circle of Life")),
              std::string::npos);
    EXPECT_TRUE(line->ends_with(
        ":sha256ha1=" + digest_ha1(DigestAlgorithm::sha256, "ann", "bmcwsman", "Circle of Life")));
    EXPECT_EQ(line->find('\n'), std::string::npos);
    auto other = users_line("ann", "Circle of Life", cim::Role::operator_role);
    ASSERT_TRUE(other);
    EXPECT_NE(*line, *other) << "a fresh salt every time";

    auto realm = users_line("ann", "pw", cim::Role::reader, "elsewhere");
    ASSERT_TRUE(realm);
    EXPECT_NE(realm->find("md5ha1=" + digest_ha1(DigestAlgorithm::md5, "ann", "elsewhere", "pw")),
              std::string::npos);

    for (const auto& bad :
         std::vector<std::string>{"", "a:b", "#ann", "a\nb", std::string("a\0b", 3)}) {
        EXPECT_FALSE(users_line(bad, "pw", cim::Role::reader)) << bad;
    }
}

TEST_F(UsersFile, UsersLineRoundTrip) {
    auto ann = users_line("ann", "Circle of Life", cim::Role::admin);
    auto bob = users_line("bob", "p:a=s#s", cim::Role::reader);
    ASSERT_TRUE(ann && bob);
    auto u = load("# written by hash-password\n" + *ann + "\n" + *bob + "\n");
    ASSERT_TRUE(u) << u.error();
    EXPECT_EQ(u->verify("ann", "Circle of Life"), cim::Role::admin);
    EXPECT_EQ(u->verify("ann", "circle of life"), std::nullopt);
    EXPECT_EQ(u->verify("bob", "p:a=s#s"), cim::Role::reader);
    EXPECT_EQ(u->ha1("ann", DigestAlgorithm::md5),
              digest_ha1(DigestAlgorithm::md5, "ann", "bmcwsman", "Circle of Life"));
    EXPECT_EQ(u->ha1("ann", DigestAlgorithm::sha256),
              digest_ha1(DigestAlgorithm::sha256, "ann", "bmcwsman", "Circle of Life"));

    // And the stored HA1 serves a Digest login end to end.
    DigestAuth auth({});
    const auto t = DigestAuth::Clock::now();
    const auto challenge = auth.challenges(false, t).at(0);
    const auto params = parse_auth_params(std::string_view(challenge).substr(7));
    ASSERT_TRUE(params);
    std::string nonce;
    std::string opaque;
    for (const auto& [k, v] : *params) {
        if (k == "nonce")
            nonce = v;
        if (k == "opaque")
            opaque = v;
    }
    const std::string ha1 =
        digest_ha1(DigestAlgorithm::sha256, "ann", "bmcwsman", "Circle of Life");
    const std::string response = digest_response(DigestAlgorithm::sha256, ha1, nonce, "00000001",
                                                 "abc", "auth", "POST", "/wsman");
    const std::string header =
        fmt::format(R"(Digest username="ann", realm="bmcwsman", nonce="{}", uri="/wsman", )"
                    R"(algorithm=SHA-256, response="{}", qop=auth, nc=00000001, )"
                    R"(cnonce="abc", opaque="{}")",
                    nonce, response, opaque);
    const DigestAuth::Ha1Lookup lookup = [&](const std::string& name, DigestAlgorithm a) {
        return u->ha1(name, a);
    };
    const auto r = auth.verify(header, "POST", "/wsman", lookup, t);
    EXPECT_EQ(r.verdict, DigestAuth::Verdict::ok);
    EXPECT_EQ(r.user, "ann");
    EXPECT_EQ(u->find(r.user)->role, cim::Role::admin);
}

} // namespace
} // namespace http
