// Unit tests of the lookup's pure parts: the name mask and the miss throttle (time from a ManualClock).
#include <gtest/gtest.h>

#include <chrono>

#include "core/clock.hpp"
#include "domain/lookup/masking.hpp"
#include "domain/lookup/miss_limiter.hpp"

namespace mocua::domain::lookup {
namespace {

using namespace std::chrono_literals;

TEST(MaskName, KeepsTheFamilyNameAndTheInitialsOfTheOthers) {
    EXPECT_EQ(MaskName("Nguyễn Văn An"), "Nguyễn V*** A***");
    EXPECT_EQ(MaskName("Trần Thị Minh Khai"), "Trần T*** M*** K***");
}

TEST(MaskName, StarsDoNotTellTheLengthOfAName) {
    EXPECT_EQ(MaskName("Lê A"), "Lê A***");
    EXPECT_EQ(MaskName("Lê Anhhhhhhh"), "Lê A***");
}

TEST(MaskName, KeepsDiacriticsAndDWithStrokeOnTheInitial) {
    EXPECT_EQ(MaskName("Đặng Thị Hường"), "Đặng T*** H***");
    EXPECT_EQ(MaskName("Lê Đức Ánh"), "Lê Đ*** Á***");
    EXPECT_EQ(MaskName("Phạm đình ước"), "Phạm đ*** ư***");
}

TEST(MaskName, DecomposedInputMasksLikePrecomposed) {
    // "Lê Ánh" typed with a combining acute (U+0301) after a plain A, and ê as e + U+0302.
    EXPECT_EQ(MaskName("Le\xCC\x82 A\xCC\x81nh"), "Lê Á***");
}

TEST(MaskName, OneWordNameKeepsOnlyItsInitial) {
    EXPECT_EQ(MaskName("Ánh"), "Á***");
    EXPECT_EQ(MaskName("đông"), "đ***");
}

TEST(MaskName, WhiteSpaceAndEmptyInput) {
    EXPECT_EQ(MaskName("  Hoàng   Văn\tThụ  "), "Hoàng V*** T***");
    EXPECT_EQ(MaskName(""), "");
    EXPECT_EQ(MaskName("   "), "");
}

TEST(MaskName, NeverShowsMoreThanTheFirstLetterOfAGivenName) {
    const std::string masked = MaskName("Nguyễn Thị Thanh Hương");
    EXPECT_EQ(masked.find("Thị"), std::string::npos);
    EXPECT_EQ(masked.find("Thanh"), std::string::npos);
    EXPECT_EQ(masked.find("Hương"), std::string::npos);
}

TEST(LastFourDigits, IgnoresPunctuationAndNeedsFourDigits) {
    EXPECT_EQ(LastFourDigits("0912 345 678"), "5678");
    EXPECT_EQ(LastFourDigits("+84 (233) 386-1234"), "1234");
    EXPECT_EQ(LastFourDigits("123"), "");
    EXPECT_EQ(LastFourDigits(""), "");
}

class MissLimiterTest : public ::testing::Test {
protected:
    core::ManualClock clock{core::ParseUtc("2026-03-02T08:00:00Z").value()};
};

TEST_F(MissLimiterTest, BlocksAfterBurstMissesAndOnlyThatClient) {
    MissLimiter limiter(clock, {.burst = 3, .refill_every = 60s});
    for (int i = 0; i < 3; ++i) {
        EXPECT_FALSE(limiter.Blocked("10.0.0.1")) << i;
        limiter.RecordMiss("10.0.0.1");
    }
    EXPECT_TRUE(limiter.Blocked("10.0.0.1"));
    EXPECT_FALSE(limiter.Blocked("10.0.0.2"));
}

TEST_F(MissLimiterTest, OneMissComesBackPerInterval) {
    MissLimiter limiter(clock, {.burst = 2, .refill_every = 60s});
    limiter.RecordMiss("a");
    limiter.RecordMiss("a");
    ASSERT_TRUE(limiter.Blocked("a"));
    EXPECT_EQ(limiter.RetryAfterSeconds("a"), 60);
    clock.Advance(59s);
    EXPECT_TRUE(limiter.Blocked("a"));
    EXPECT_EQ(limiter.RetryAfterSeconds("a"), 1);
    clock.Advance(1s);
    EXPECT_FALSE(limiter.Blocked("a"));
    limiter.RecordMiss("a");
    EXPECT_TRUE(limiter.Blocked("a"));  // one came back, and it is spent again
    clock.Advance(3600s);
    limiter.RecordMiss("a");
    EXPECT_FALSE(limiter.Blocked("a"));  // refilled to the burst (2), not beyond: one miss leaves one
    limiter.RecordMiss("a");
    EXPECT_TRUE(limiter.Blocked("a"));
}

TEST_F(MissLimiterTest, ExemptAddressesAndDisabledLimiterNeverBlock) {
    MissLimiter limiter(clock, {.burst = 1, .refill_every = 60s, .exempt_addresses = {"192.168.1.20"}});
    for (int i = 0; i < 5; ++i) limiter.RecordMiss("192.168.1.20");
    EXPECT_FALSE(limiter.Blocked("192.168.1.20"));
    MissLimiter off(clock, {.enabled = false, .burst = 1});
    for (int i = 0; i < 5; ++i) off.RecordMiss("x");
    EXPECT_FALSE(off.Blocked("x"));
}

TEST_F(MissLimiterTest, WhenFullOnlyRefilledBucketsMakeRoom) {
    MissLimiter limiter(clock, {.burst = 1, .refill_every = 60s, .max_clients = 2});
    limiter.RecordMiss("a");
    limiter.RecordMiss("b");
    EXPECT_TRUE(limiter.Blocked("c"));  // two blocked clients fill the table
    clock.Advance(60s);                 // both refilled: their buckets can go
    EXPECT_FALSE(limiter.Blocked("c"));
}

}  // namespace
}  // namespace mocua::domain::lookup
