// The SDR cache: a warm start costs exactly one Get SDR Repository Info; a
// changed repository is walked again at the remembered read size; corrupt or
// foreign cache files are refused; an unwritable cache does not fail the load.
#include "ipmi/errc.hpp"
#include "ipmi/sdr_cache.hpp"
#include "tests/ipmi/fake_sdr_repository.hpp"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>

namespace {

using test::FakeRepository;

struct SdrCacheTest : ::testing::Test {
    FakeRepository bmc;
    ipmi::Client client{bmc};
    std::filesystem::path dir;

    void SetUp() override {
        std::string templ = ::testing::TempDir() + "sdrcacheXXXXXX";
        ASSERT_NE(::mkdtemp(templ.data()), nullptr);
        dir = templ;
        bmc.max_response_data = 34;
        for (std::uint16_t id = 1; id <= 6; ++id) {
            bmc.records.push_back(FakeRepository::record(id, 0x01, 40 + id));
        }
    }
    void TearDown() override { std::filesystem::remove_all(dir); }
};

TEST_F(SdrCacheTest, WarmStartCostsOneGetSdrRepositoryInfo) {
    auto cold = ipmi::load_sdr_repository(client, dir, "kcs io:0xca2");
    ASSERT_TRUE(cold) << cold.error().message();
    EXPECT_FALSE(cold->from_cache);
    EXPECT_EQ(cold->records, bmc.records);
    EXPECT_GT(cold->walk.get_sdr, 6U);

    const auto before = client.stats().transactions;
    auto warm = ipmi::load_sdr_repository(client, dir, "kcs io:0xca2");
    ASSERT_TRUE(warm) << warm.error().message();
    EXPECT_TRUE(warm->from_cache);
    EXPECT_EQ(warm->records, bmc.records);
    EXPECT_EQ(client.stats().transactions - before, 1U);
    EXPECT_EQ(bmc.info_requests, 2U);
}

TEST_F(SdrCacheTest, AChangedRepositoryIsReadAgainAtTheRememberedSize) {
    ASSERT_TRUE(ipmi::load_sdr_repository(client, dir, "bmc"));
    bmc.records.push_back(FakeRepository::record(7, 0x02, 30));
    bmc.addition_timestamp += 60;
    auto again = ipmi::load_sdr_repository(client, dir, "bmc");
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->from_cache);
    EXPECT_EQ(again->records, bmc.records);
    EXPECT_EQ(again->walk.shrinks, 0U); // 32-byte reads known from the cache file
}

TEST_F(SdrCacheTest, IdentitiesDoNotShareACache) {
    ASSERT_TRUE(ipmi::load_sdr_repository(client, dir, "bmc one"));
    auto other = ipmi::load_sdr_repository(client, dir, "bmc two");
    ASSERT_TRUE(other);
    EXPECT_FALSE(other->from_cache);
    EXPECT_NE(ipmi::sdr_cache_path(dir, "bmc one"), ipmi::sdr_cache_path(dir, "bmc two"));
}

TEST_F(SdrCacheTest, FileRoundTripAndCorruption) {
    ipmi::SdrCacheFile file{{"id", 0x51, 6, 1, 2}, {32}, bmc.records};
    const auto path = dir / "c.cache";
    ASSERT_FALSE(ipmi::write_sdr_cache(path, file));
    auto back = ipmi::read_sdr_cache(path);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->key, file.key);
    EXPECT_EQ(back->limits.max_read, 32);
    EXPECT_EQ(back->records, file.records);

    std::vector<char> bytes(std::filesystem::file_size(path));
    std::ifstream(path, std::ios::binary)
        .read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    const auto write = [&](const std::vector<char>& b) {
        std::ofstream(path, std::ios::binary | std::ios::trunc)
            .write(b.data(), static_cast<std::streamsize>(b.size()));
    };
    auto flipped = bytes;
    flipped[40] = static_cast<char>(flipped[40] ^ 0x10);
    write(flipped);
    EXPECT_EQ(ipmi::read_sdr_cache(path).error(), ipmi::Errc::sdr_cache_corrupt);
    write({bytes.begin(), bytes.begin() + 30});
    EXPECT_EQ(ipmi::read_sdr_cache(path).error(), ipmi::Errc::sdr_cache_corrupt);
    write({});
    EXPECT_EQ(ipmi::read_sdr_cache(path).error(), ipmi::Errc::sdr_cache_corrupt);
    EXPECT_TRUE(ipmi::read_sdr_cache(dir / "absent").error());
}

TEST_F(SdrCacheTest, ACorruptCacheFileIsReplacedByAWalk) {
    ASSERT_TRUE(ipmi::load_sdr_repository(client, dir, "bmc"));
    std::ofstream(ipmi::sdr_cache_path(dir, "bmc"), std::ios::trunc) << "garbage";
    auto again = ipmi::load_sdr_repository(client, dir, "bmc");
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->from_cache);
    EXPECT_EQ(again->records, bmc.records);
    EXPECT_TRUE(ipmi::read_sdr_cache(ipmi::sdr_cache_path(dir, "bmc")));
}

TEST_F(SdrCacheTest, AnUnwritableCacheDirectoryStillLoads) {
    const auto blocker = dir / "file";
    std::ofstream(blocker) << "x"; // a file where the cache directory should be
    auto repo = ipmi::load_sdr_repository(client, blocker / "sub", "bmc");
    ASSERT_TRUE(repo);
    EXPECT_EQ(repo->records, bmc.records);
}

TEST_F(SdrCacheTest, NoCacheDirectoryMeansNoCache) {
    ASSERT_TRUE(ipmi::load_sdr_repository(client, {}, "bmc"));
    auto again = ipmi::load_sdr_repository(client, {}, "bmc");
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->from_cache);
}

} // namespace
