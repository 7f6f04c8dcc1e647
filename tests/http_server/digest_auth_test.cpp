// HTTP Digest: the RFC 7616 example, challenges, round trips, stale/replay/forged nonces, hostile
// headers.
#include "http_server/digest_auth.hpp"

#include <array>
#include <atomic>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <map>
#include <openssl/evp.h>
#include <random>
#include <thread>

namespace http {
namespace {

using namespace std::chrono_literals;
using Clock = DigestAuth::Clock;
using Verdict = DigestAuth::Verdict;

// The client's hash, written apart from digest_auth.cpp.
std::string client_h(DigestAlgorithm algorithm, const std::string& data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int size = 0;
    EVP_Digest(data.data(), data.size(), md.data(), &size,
               algorithm == DigestAlgorithm::sha256 ? EVP_sha256() : EVP_md5(), nullptr);
    std::string out;
    for (unsigned int i = 0; i < size; ++i) {
        out += fmt::format("{:02x}", md[i]);
    }
    return out;
}

std::map<std::string, std::string> params_of(const std::string& challenge) {
    EXPECT_TRUE(challenge.starts_with("Digest ")) << challenge;
    auto parsed = parse_auth_params(std::string_view(challenge).substr(7));
    EXPECT_TRUE(parsed.has_value()) << challenge;
    std::map<std::string, std::string> out;
    if (parsed) {
        for (auto& [k, v] : *parsed) {
            out[k] = v;
        }
    }
    return out;
}

struct Client {
    std::string user = "ann";
    std::string password = "s3cret pass";
    std::string realm = "bmcwsman";
    std::string method = "POST";
    std::string uri = "/wsman";
    std::string cnonce = "0a4f113b";
    DigestAlgorithm algorithm = DigestAlgorithm::sha256;
    bool send_algorithm = true;
    std::string nonce;
    std::string opaque;
    std::optional<std::string> realm_sent; // a realm other than the one hashed

    void take(const std::string& challenge) {
        auto p = params_of(challenge);
        nonce = p["nonce"];
        opaque = p["opaque"];
        realm = p["realm"];
        algorithm = p["algorithm"] == "SHA-256" ? DigestAlgorithm::sha256 : DigestAlgorithm::md5;
    }
    std::string response(unsigned nc) const {
        const std::string ha1 = client_h(algorithm, user + ":" + realm + ":" + password);
        const std::string ha2 = client_h(algorithm, method + ":" + uri);
        return client_h(algorithm,
                        fmt::format("{}:{}:{:08x}:{}:auth:{}", ha1, nonce, nc, cnonce, ha2));
    }
    std::string header(unsigned nc) const {
        std::string h = fmt::format(
            R"(Digest username="{}", realm="{}", nonce="{}", uri="{}", )"
            R"(response="{}", qop=auth, nc={:08x}, cnonce="{}", opaque="{}")",
            user, realm_sent.value_or(realm), nonce, uri, response(nc), nc, cnonce, opaque);
        if (send_algorithm) {
            h += fmt::format(", algorithm={}", algorithm_name(algorithm));
        }
        return h;
    }
};

// The server's side of the users file: ann with both HA1s.
std::optional<std::string> lookup(const std::string& user, DigestAlgorithm algorithm) {
    if (user != "ann") {
        return std::nullopt;
    }
    return digest_ha1(algorithm, "ann", "bmcwsman", "s3cret pass");
}

const DigestAuth::Ha1Lookup ha1_of = lookup;

Client client_for(DigestAuth& auth, Clock::time_point t, std::size_t which = 0) {
    Client c;
    c.take(auth.challenges(false, t).at(which));
    return c;
}

TEST(DigestAuth, Rfc7616Example) {
    // RFC 7616 section 3.9.1: Mufasa, "Circle of Life", GET /dir/index.html.
    const std::string nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    const std::string cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    const std::string md5_ha1 =
        digest_ha1(DigestAlgorithm::md5, "Mufasa", "http-auth@example.org", "Circle of Life");
    const std::string sha_ha1 =
        digest_ha1(DigestAlgorithm::sha256, "Mufasa", "http-auth@example.org", "Circle of Life");
    EXPECT_EQ(md5_ha1, "3d78807defe7de2157e2b0b6573a855f");
    EXPECT_EQ(sha_ha1, "7987c64c30e25f1b74be53f966b49b90f2808aa92faf9a00262392d7b4794232");
    EXPECT_EQ(digest_response(DigestAlgorithm::md5, md5_ha1, nonce, "00000001", cnonce, "auth",
                              "GET", "/dir/index.html"),
              "8ca523f5e9506fed4657c9700eebdbec");
    EXPECT_EQ(digest_response(DigestAlgorithm::sha256, sha_ha1, nonce, "00000001", cnonce, "auth",
                              "GET", "/dir/index.html"),
              "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

TEST(DigestAuth, Rfc7616ExampleHeaderParses) {
    const std::string header =
        R"(username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, )"
        R"(nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, )"
        R"(cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, )"
        R"(response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", )"
        R"(opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS")";
    auto p = parse_auth_params(header);
    ASSERT_TRUE(p);
    ASSERT_EQ(p->size(), 10u);
    EXPECT_EQ((*p)[0], (std::pair<std::string, std::string>{"username", "Mufasa"}));
    EXPECT_EQ((*p)[3], (std::pair<std::string, std::string>{"algorithm", "SHA-256"}));
    EXPECT_EQ((*p)[5], (std::pair<std::string, std::string>{"nc", "00000001"}));
}

TEST(DigestAuth, ChallengesShaFirstThenMd5) {
    DigestAuth auth({});
    ASSERT_TRUE(auth.ready());
    const auto t = Clock::now();
    const auto c = auth.challenges(false, t);
    ASSERT_EQ(c.size(), 2u);
    auto sha = params_of(c[0]);
    auto md5 = params_of(c[1]);
    EXPECT_EQ(sha["algorithm"], "SHA-256");
    EXPECT_EQ(md5["algorithm"], "MD5");
    for (auto* p : {&sha, &md5}) {
        EXPECT_EQ((*p)["realm"], "bmcwsman");
        EXPECT_EQ((*p)["qop"], "auth");
        EXPECT_FALSE((*p)["nonce"].empty());
        EXPECT_FALSE((*p)["opaque"].empty());
        EXPECT_EQ(p->count("stale"), 0u);
    }
    EXPECT_EQ(sha["nonce"], md5["nonce"]);
    EXPECT_TRUE(
        c[0].starts_with(R"(Digest realm="bmcwsman", qop="auth", algorithm=SHA-256, nonce=")"))
        << c[0];

    const auto again = auth.challenges(true, t);
    ASSERT_EQ(again.size(), 2u);
    EXPECT_EQ(params_of(again[0])["stale"], "true");
    EXPECT_EQ(params_of(again[1])["stale"], "true");
    EXPECT_NE(params_of(again[0])["nonce"], sha["nonce"]) << "every challenge has a fresh nonce";
}

TEST(DigestAuth, RealmIsQuoted) {
    DigestAuth auth({.realm = R"(a "b" \c)"});
    const auto c = auth.challenges(false);
    ASSERT_FALSE(c.empty());
    EXPECT_TRUE(c[0].starts_with(R"(Digest realm="a \"b\" \\c", )")) << c[0];
    EXPECT_EQ(params_of(c[0])["realm"], R"(a "b" \c)");
}

TEST(DigestAuth, RoundTripSha256) {
    DigestAuth auth({});
    const auto t = Clock::now();
    Client c = client_for(auth, t, 0);
    ASSERT_EQ(c.algorithm, DigestAlgorithm::sha256);
    const auto r = auth.verify(c.header(1), "POST", "/wsman", ha1_of, t + 1s);
    EXPECT_EQ(r.verdict, Verdict::ok);
    EXPECT_EQ(r.user, "ann");
}

TEST(DigestAuth, RoundTripMd5AndAlgorithmAbsent) {
    DigestAuth auth({});
    const auto t = Clock::now();
    Client c = client_for(auth, t, 1);
    ASSERT_EQ(c.algorithm, DigestAlgorithm::md5);
    EXPECT_EQ(auth.verify(c.header(1), "POST", "/wsman", ha1_of, t).verdict, Verdict::ok);
    c.send_algorithm = false; // RFC 2617 clients: absent means MD5
    EXPECT_EQ(auth.verify(c.header(2), "POST", "/wsman", ha1_of, t).verdict, Verdict::ok);
}

TEST(DigestAuth, SchemeOptionalAndCaseInsensitive) {
    DigestAuth auth({});
    const auto t = Clock::now();
    Client c = client_for(auth, t);
    EXPECT_EQ(auth.verify(c.header(1).substr(7), "POST", "/wsman", ha1_of, t).verdict, Verdict::ok);
    EXPECT_EQ(auth.verify("digest  " + c.header(2).substr(7), "POST", "/wsman", ha1_of, t).verdict,
              Verdict::ok);
    EXPECT_EQ(auth.verify("DIGEST\t" + c.header(3).substr(7), "POST", "/wsman", ha1_of, t).verdict,
              Verdict::ok);
    EXPECT_EQ(auth.verify("Basic " + c.header(4).substr(7), "POST", "/wsman", ha1_of, t).verdict,
              Verdict::bad);
}

TEST(DigestAuth, AlgorithmNameCaseInsensitive) {
    DigestAuth auth({});
    const auto t = Clock::now();
    Client c = client_for(auth, t);
    c.send_algorithm = false;
    EXPECT_EQ(auth.verify(c.header(1) + ", algorithm=sha-256", "POST", "/wsman", ha1_of, t).verdict,
              Verdict::ok);
    c.algorithm = DigestAlgorithm::md5;
    EXPECT_EQ(auth.verify(c.header(2) + ", algorithm=\"md5\"", "POST", "/wsman", ha1_of, t).verdict,
              Verdict::ok);
}

TEST(DigestAuth, StaleAfterLifetimeOnlyWithTheRightPassword) {
    DigestAuth auth({.nonce_lifetime = 300s});
    const auto t = Clock::now();
    Client c = client_for(auth, t);
    EXPECT_EQ(auth.verify(c.header(1), "POST", "/wsman", ha1_of, t + 299s).verdict, Verdict::ok);
    const auto r = auth.verify(c.header(2), "POST", "/wsman", ha1_of, t + 301s);
    EXPECT_EQ(r.verdict, Verdict::stale);
    EXPECT_EQ(r.user, "ann");
    c.password = "wrong";
    EXPECT_EQ(auth.verify(c.header(3), "POST", "/wsman", ha1_of, t + 301s).verdict, Verdict::bad);
    // A nonce stamped after `now` was not issued by this process.
    Client later = client_for(auth, t + 10s);
    EXPECT_EQ(auth.verify(later.header(1), "POST", "/wsman", ha1_of, t).verdict, Verdict::bad);
}

TEST(DigestAuth, StaleThenFreshNonceWorks) {
    DigestAuth auth({.nonce_lifetime = 60s});
    const auto t = Clock::now();
    Client c = client_for(auth, t);
    ASSERT_EQ(auth.verify(c.header(1), "POST", "/wsman", ha1_of, t + 61s).verdict, Verdict::stale);
    const auto again = auth.challenges(true, t + 61s);
    c.take(again[0]);
    EXPECT_EQ(auth.verify(c.header(1), "POST", "/wsman", ha1_of, t + 62s).verdict, Verdict::ok);
}

TEST(DigestAuth, TamperedNonceIsBad) {
    DigestAuth auth({});
    const auto t = Clock::now();
    Client c = client_for(auth, t);
    const std::string good = c.nonce;
    ASSERT_EQ(good.size(), 64u);
    for (std::size_t i : {0u, 5u, 12u, 20u, 40u, 63u}) {
        c.nonce = good;
        c.nonce[i] = c.nonce[i] == 'A' ? 'B' : 'A';
        EXPECT_EQ(auth.verify(c.header(1), "POST", "/wsman", ha1_of, t).verdict, Verdict::bad) << i;
    }
    for (const auto& nonce : {std::string(), good.substr(1), good + "A", std::string(64, '!')}) {
        c.nonce = nonce;
        EXPECT_EQ(auth.verify(c.header(1), "POST", "/wsman", ha1_of, t).verdict, Verdict::bad)
            << nonce;
    }
    // Another process (another secret) issued it.
    DigestAuth other({});
    Client foreign = client_for(other, t);
    EXPECT_EQ(auth.verify(foreign.header(1), "POST", "/wsman", ha1_of, t).verdict, Verdict::bad);
}

TEST(DigestAuth, ReplayedOrLowerNcIsReplay) {
    DigestAuth auth({});
    const auto t = Clock::now();
    Client c = client_for(auth, t);
    EXPECT_EQ(auth.verify(c.header(1), "POST", "/wsman", ha1_of, t).verdict, Verdict::ok);
    const auto r = auth.verify(c.header(1), "POST", "/wsman", ha1_of, t);
    EXPECT_EQ(r.verdict, Verdict::replay);
    EXPECT_EQ(r.user, "ann");
    EXPECT_EQ(auth.verify(c.header(2), "POST", "/wsman", ha1_of, t).verdict, Verdict::ok);
    EXPECT_EQ(auth.verify(c.header(3), "POST", "/wsman", ha1_of, t).verdict, Verdict::ok);
    EXPECT_EQ(auth.verify(c.header(10), "POST", "/wsman", ha1_of, t).verdict, Verdict::ok);
    EXPECT_EQ(auth.verify(c.header(9), "POST", "/wsman", ha1_of, t).verdict, Verdict::replay);
    EXPECT_EQ(auth.verify(c.header(10), "POST", "/wsman", ha1_of, t).verdict, Verdict::replay);
    EXPECT_EQ(auth.verify(c.header(0xffffffffu), "POST", "/wsman", ha1_of, t).verdict, Verdict::ok);
    EXPECT_EQ(auth.tracked_nonces(), 1u);
}

TEST(DigestAuth, WrongDigestDoesNotBurnNc) {
    DigestAuth auth({});
    const auto t = Clock::now();
    Client c = client_for(auth, t);
    Client attacker = c;
    attacker.password = "guess";
    EXPECT_EQ(auth.verify(attacker.header(100), "POST", "/wsman", ha1_of, t).verdict, Verdict::bad);
    EXPECT_EQ(auth.verify(c.header(1), "POST", "/wsman", ha1_of, t).verdict, Verdict::ok);
}

TEST(DigestAuth, EachNonceHasItsOwnNc) {
    DigestAuth auth({});
    const auto t = Clock::now();
    Client a = client_for(auth, t);
    Client b = client_for(auth, t);
    ASSERT_NE(a.nonce, b.nonce);
    EXPECT_EQ(auth.verify(a.header(1), "POST", "/wsman", ha1_of, t).verdict, Verdict::ok);
    EXPECT_EQ(auth.verify(b.header(1), "POST", "/wsman", ha1_of, t).verdict, Verdict::ok);
    EXPECT_EQ(auth.tracked_nonces(), 2u);
}

TEST(DigestAuth, TrackedNoncesExpireAndStayBounded) {
    DigestAuth auth({.nonce_lifetime = 60s, .max_tracked_nonces = 2});
    const auto t = Clock::now();
    Client a = client_for(auth, t);
    Client b = client_for(auth, t + 1s);
    Client c = client_for(auth, t + 2s);
    ASSERT_EQ(auth.verify(a.header(1), "POST", "/wsman", ha1_of, t + 3s).verdict, Verdict::ok);
    ASSERT_EQ(auth.verify(b.header(1), "POST", "/wsman", ha1_of, t + 3s).verdict, Verdict::ok);
    ASSERT_EQ(auth.verify(c.header(1), "POST", "/wsman", ha1_of, t + 3s).verdict, Verdict::ok);
    EXPECT_EQ(auth.tracked_nonces(), 2u);
    // a's record was dropped while a was valid: its nc values could replay, so it is stale.
    EXPECT_EQ(auth.verify(a.header(1), "POST", "/wsman", ha1_of, t + 4s).verdict, Verdict::stale);
    EXPECT_EQ(auth.verify(a.header(2), "POST", "/wsman", ha1_of, t + 4s).verdict, Verdict::stale);
    EXPECT_EQ(auth.verify(b.header(2), "POST", "/wsman", ha1_of, t + 4s).verdict, Verdict::ok);
    EXPECT_EQ(auth.verify(c.header(1), "POST", "/wsman", ha1_of, t + 4s).verdict, Verdict::replay);
    // After the lifetime the records go with their nonces.
    Client d = client_for(auth, t + 100s);
    EXPECT_EQ(auth.verify(d.header(1), "POST", "/wsman", ha1_of, t + 100s).verdict, Verdict::ok);
    EXPECT_EQ(auth.tracked_nonces(), 1u);
}

TEST(DigestAuth, WrongUriRealmUserPasswordOpaqueAreBad) {
    DigestAuth auth({});
    const auto t = Clock::now();
    const Client good = client_for(auth, t);
    unsigned nc = 1;
    auto verdict = [&](const Client& c, std::string_view method = "POST",
                       std::string_view uri = "/wsman") {
        return auth.verify(c.header(nc++), method, uri, ha1_of, t);
    };
    Client c = good;
    c.uri = "/other";
    EXPECT_EQ(verdict(c).verdict, Verdict::bad) << "uri not the request's";
    EXPECT_EQ(verdict(good, "POST", "/wsman?x").verdict, Verdict::bad) << "request uri differs";
    EXPECT_EQ(verdict(good, "GET").verdict, Verdict::bad) << "method differs";
    c = good;
    c.realm = "other";
    EXPECT_EQ(verdict(c).verdict, Verdict::bad) << "realm";
    c = good;
    c.realm_sent = "other"; // the digest is right for bmcwsman, the realm named is not ours
    EXPECT_EQ(verdict(c).verdict, Verdict::bad) << "realm sent";
    c.realm_sent = "BMCWSMAN";
    EXPECT_EQ(verdict(c).verdict, Verdict::bad) << "realm is case-sensitive";
    c = good;
    c.user = "bob";
    const auto unknown = verdict(c);
    EXPECT_EQ(unknown.verdict, Verdict::bad) << "unknown user";
    EXPECT_TRUE(unknown.user.empty());
    c = good;
    c.password = "s3cret pas";
    EXPECT_EQ(verdict(c).verdict, Verdict::bad) << "password";
    c = good;
    c.opaque = "0000";
    EXPECT_EQ(verdict(c).verdict, Verdict::bad) << "opaque";
    // Without opaque (older clients): accepted.
    std::string h = good.header(nc++);
    const auto at = h.find(", opaque=");
    h.erase(at, h.find('"', h.find('"', at) + 1) + 1 - at);
    ASSERT_EQ(h.find("opaque"), std::string::npos) << h;
    EXPECT_EQ(auth.verify(h, "POST", "/wsman", ha1_of, t).verdict, Verdict::ok);
    EXPECT_EQ(verdict(good).verdict, Verdict::ok);
}

TEST(DigestAuth, NoCredentialForTheAlgorithmIsBad) {
    DigestAuth auth({});
    const auto t = Clock::now();
    const DigestAuth::Ha1Lookup md5_only = [](const std::string& user,
                                              DigestAlgorithm a) -> std::optional<std::string> {
        if (a != DigestAlgorithm::md5)
            return std::nullopt;
        return lookup(user, a);
    };
    Client sha = client_for(auth, t, 0);
    EXPECT_EQ(auth.verify(sha.header(1), "POST", "/wsman", md5_only, t).verdict, Verdict::bad);
    Client md5 = client_for(auth, t, 1);
    EXPECT_EQ(auth.verify(md5.header(1), "POST", "/wsman", md5_only, t).verdict, Verdict::ok);
    // A malformed stored value is no credential.
    const DigestAuth::Ha1Lookup junk = [](const std::string&,
                                          DigestAlgorithm) -> std::optional<std::string> {
        return std::string("zz");
    };
    EXPECT_EQ(auth.verify(md5.header(2), "POST", "/wsman", junk, t).verdict, Verdict::bad);
}

// Replaces (or with an empty value, removes) one directive of a valid header.
std::string with(std::string header, const std::string& name,
                 const std::optional<std::string>& value) {
    const auto at = header.find(", " + name + "=");
    const auto start = at == std::string::npos ? header.find(" " + name + "=") : at;
    EXPECT_NE(start, std::string::npos) << name;
    auto end = header.find('=', start) + 1;
    if (header[end] == '"') {
        end = header.find('"', end + 1) + 1;
    } else {
        end = std::min(header.find(',', end), header.size());
    }
    const std::string lead = at == std::string::npos ? " " : ", ";
    header.replace(start, end - start,
                   value ? lead + name + "=" + *value : (at == std::string::npos ? " " : ""));
    return header;
}

TEST(DigestAuth, RefusedDirectives) {
    DigestAuth auth({});
    const auto t = Clock::now();
    const Client c = client_for(auth, t);
    const std::string good = c.header(1);
    ASSERT_EQ(with(good, "qop", "auth"), good);
    const std::vector<std::pair<std::string, std::optional<std::string>>> cases = {
        {"qop", std::nullopt},
        {"qop", "auth-int"},
        {"qop", "\"auth,auth-int\""},
        {"algorithm", "MD5-sess"},
        {"algorithm", "SHA-256-sess"},
        {"algorithm", "SHA-512-256"},
        {"nc", "0000001"},
        {"nc", "000000001"},
        {"nc", "0000000g"},
        {"nc", std::nullopt},
        {"cnonce", "\"\""},
        {"cnonce", std::nullopt},
        {"username", std::nullopt},
        {"realm", std::nullopt},
        {"nonce", std::nullopt},
        {"uri", std::nullopt},
        {"response", std::nullopt},
        {"response", "\"abc\""},
        {"response", std::string(64, 'x')},
    };
    for (const auto& [name, value] : cases) {
        const std::string h = with(good, name, value);
        EXPECT_EQ(auth.verify(h, "POST", "/wsman", ha1_of, t).verdict, Verdict::bad) << h;
    }
    EXPECT_EQ(auth.verify(good + ", userhash=true", "POST", "/wsman", ha1_of, t).verdict,
              Verdict::bad);
    EXPECT_EQ(auth.verify(good + ", userhash=maybe", "POST", "/wsman", ha1_of, t).verdict,
              Verdict::bad);
    EXPECT_EQ(auth.verify(good + R"(, username*=UTF-8''ann)", "POST", "/wsman", ha1_of, t).verdict,
              Verdict::bad);
    EXPECT_EQ(auth.verify(good + R"(, username="ann")", "POST", "/wsman", ha1_of, t).verdict,
              Verdict::bad)
        << "duplicate directive";
    // Still fine after all that: unknown directives are ignored, userhash=false accepted.
    EXPECT_EQ(auth.verify(good + ", userhash=false, extension=\"x\"", "POST", "/wsman", ha1_of, t)
                  .verdict,
              Verdict::ok);
}

TEST(DigestAuth, MalformedHeadersAreBad) {
    DigestAuth auth({});
    const auto t = Clock::now();
    const Client c = client_for(auth, t);
    const std::string good = c.header(1);
    std::string huge = good + ", x=\"" + std::string(5000, 'a') + "\"";
    const std::vector<std::string> cases = {
        "",
        "Digest",
        "Digest ",
        "Digest ,,,",
        "Basic YW5uOnB3",
        good.substr(0, good.rfind('"')), // ends inside opaque: no closing quote
        good + ", x=\"unterminated",
        good + ", x=\"trailing backslash\\",
        good + ", x=\"ctl\x01\"",
        good + ", x=\"nl\r\n\"",
        good + ", x=",
        good + ", =x",
        good + ", x y=z",
        good + " junk",
        good + ", realm=\"bmcwsman\"",
        std::string("Digest username=\"ann\0\", x=1", 27),
        huge,
        std::string(5000, ','),
    };
    for (const auto& h : cases) {
        const auto r = auth.verify(h, "POST", "/wsman", ha1_of, t);
        EXPECT_EQ(r.verdict, Verdict::bad) << h.substr(0, 80);
        EXPECT_TRUE(r.user.empty());
    }
}

TEST(DigestAuth, RandomMutationsNeverCrash) {
    DigestAuth auth({});
    const auto t = Clock::now();
    const Client c = client_for(auth, t);
    const std::string good = c.header(1);
    std::mt19937 rng(7616);
    const std::string alphabet = "\"\\,= \t\x01\x7f\xff"
                                 "aZ9";
    int ok = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string h = good;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits && !h.empty(); ++e) {
            const auto at = rng() % h.size();
            switch (rng() % 3) {
            case 0:
                h[at] = alphabet[rng() % alphabet.size()];
                break;
            case 1:
                h.erase(at, 1 + rng() % 8);
                break;
            default:
                h.insert(at, 1, alphabet[rng() % alphabet.size()]);
                break;
            }
        }
        (void)parse_auth_params(h);
        if (auth.verify(h, "POST", "/wsman", ha1_of, t).verdict == Verdict::ok) {
            ++ok;
        }
    }
    EXPECT_LE(ok, 1) << "only the unmodified nc=1 request can pass, once";
}

TEST(DigestAuth, ConcurrentClients) {
    DigestAuth auth({});
    const auto t = Clock::now();
    constexpr int threads = 4;
    constexpr unsigned requests = 200;
    std::vector<Client> clients;
    for (int i = 0; i < threads; ++i) {
        clients.push_back(client_for(auth, t));
    }
    std::atomic<int> ok{0};
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) {
        pool.emplace_back([&, i] {
            for (unsigned nc = 1; nc <= requests; ++nc) {
                if (auth.verify(clients[static_cast<std::size_t>(i)].header(nc), "POST", "/wsman",
                                ha1_of, t)
                        .verdict == Verdict::ok) {
                    ++ok;
                }
            }
        });
    }
    for (auto& th : pool) {
        th.join();
    }
    EXPECT_EQ(ok.load(), threads * static_cast<int>(requests));
    EXPECT_EQ(auth.tracked_nonces(), static_cast<std::size_t>(threads));
}

TEST(ParseAuthParams, Grammar) {
    auto p = parse_auth_params(R"(  Name="a\"b\\c" ,, x = tok ,y="", z="a,b=c" , )");
    ASSERT_TRUE(p);
    ASSERT_EQ(p->size(), 4u);
    EXPECT_EQ((*p)[0], (std::pair<std::string, std::string>{"name", R"(a"b\c)"}));
    EXPECT_EQ((*p)[1], (std::pair<std::string, std::string>{"x", "tok"}));
    EXPECT_EQ((*p)[2], (std::pair<std::string, std::string>{"y", ""}));
    EXPECT_EQ((*p)[3], (std::pair<std::string, std::string>{"z", "a,b=c"}));

    EXPECT_FALSE(parse_auth_params(""));
    EXPECT_FALSE(parse_auth_params(" , "));
    EXPECT_FALSE(parse_auth_params("a"));
    EXPECT_FALSE(parse_auth_params("a="));
    EXPECT_FALSE(parse_auth_params("a=\""));
    EXPECT_FALSE(parse_auth_params("a=\"x\\"));
    EXPECT_FALSE(parse_auth_params("a=b c"));
    EXPECT_FALSE(parse_auth_params("a=b, A=c"))
        << "names are case-insensitive, so this is a duplicate";
    EXPECT_FALSE(parse_auth_params("a=\"x\"y"));
    EXPECT_FALSE(parse_auth_params("a=b=c"));
    EXPECT_FALSE(parse_auth_params("a=\"\x00\""))
        << "(an embedded NUL ends the literal: unterminated)";
    EXPECT_FALSE(parse_auth_params(std::string_view("a=\"\0\"", 5)));
    EXPECT_FALSE(parse_auth_params("a=\"\x7f\""));
    EXPECT_TRUE(parse_auth_params("a=\"\xc3\xa9\"")) << "obs-text is allowed";
    EXPECT_TRUE(parse_auth_params("a=\"tab\there\""));
}

TEST(ParseAuthParams, SizeLimit) {
    std::string at_limit = "a=\"" + std::string(max_authorization_size - 4, 'x') + "\"";
    ASSERT_EQ(at_limit.size(), max_authorization_size);
    EXPECT_TRUE(parse_auth_params(at_limit));
    EXPECT_FALSE(parse_auth_params(at_limit + " "));
}

TEST(ParseAuthParams, ManyParametersStayBounded) {
    std::string many;
    for (int i = 0; many.size() < max_authorization_size - 16; ++i) {
        many += fmt::format("p{}=v,", i);
    }
    auto p = parse_auth_params(many);
    ASSERT_TRUE(p);
    EXPECT_GT(p->size(), 500u);
}

} // namespace
} // namespace http
