// Unit tests of the poll pacing: spin first, then doubling sleeps up to a cap.
#include "kcs_driver/poll_pacer.hpp"

#include <gtest/gtest.h>

namespace {

using std::chrono::microseconds;

TEST(PollPacer, SpinsThenDoublesUpToTheCapAndResets) {
    kcs::PollPacer pacer(3, microseconds{10}, microseconds{50});
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(pacer.next(), microseconds{0});
    }
    EXPECT_EQ(pacer.next(), microseconds{10});
    EXPECT_EQ(pacer.next(), microseconds{20});
    EXPECT_EQ(pacer.next(), microseconds{40});
    EXPECT_EQ(pacer.next(), microseconds{50});
    EXPECT_EQ(pacer.next(), microseconds{50});
    pacer.reset();
    EXPECT_EQ(pacer.next(), microseconds{0});
}

} // namespace
