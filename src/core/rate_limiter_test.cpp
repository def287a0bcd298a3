// The token bucket shared by the request limits and the lookup throttle, on a manual clock.
#include <gtest/gtest.h>

#include "core/rate_limiter.hpp"

namespace mocua::core {
namespace {

using namespace std::chrono_literals;

class RateLimiterTest : public ::testing::Test {
protected:
    ManualClock clock{TimePoint(std::chrono::milliseconds(1'700'000'000'000))};
};

TEST_F(RateLimiterTest, AllowsTheBurstThenRefusesWithTheWaitUntilTheNextToken) {
    RateLimiter limiter(clock, {.burst = 3, .refill_every = 2'500ms});
    EXPECT_EQ(limiter.Take("a"), 0);
    EXPECT_EQ(limiter.Take("a"), 0);
    EXPECT_EQ(limiter.Take("a"), 0);
    // Three tokens spent at once: the first comes back 2.5 s later, so the wait rounds up to 3 s.
    EXPECT_EQ(limiter.Take("a"), 3);
    clock.Advance(1'000ms);
    EXPECT_EQ(limiter.Take("a"), 2) << "1.5 s left, rounded up";
    clock.Advance(1'499ms);
    EXPECT_EQ(limiter.Take("a"), 1) << "1 ms short of the token";
    clock.Advance(1ms);
    EXPECT_EQ(limiter.Take("a"), 0);
    EXPECT_GT(limiter.Take("a"), 0) << "that was the only token back";
}

TEST_F(RateLimiterTest, RefusalsSpendNothingSoAClientThatWaitsGetsIn) {
    RateLimiter limiter(clock, {.burst = 1, .refill_every = 1'000ms});
    EXPECT_EQ(limiter.Take("a"), 0);
    for (int i = 0; i < 50; ++i) EXPECT_EQ(limiter.Take("a"), 1);
    clock.Advance(1'000ms);
    EXPECT_EQ(limiter.Take("a"), 0) << "hammering while refused must not push the next token away";
}

TEST_F(RateLimiterTest, KeysAreIndependent) {
    RateLimiter limiter(clock, {.burst = 2, .refill_every = 60'000ms});
    EXPECT_EQ(limiter.Take("10.0.0.1"), 0);
    EXPECT_EQ(limiter.Take("10.0.0.1"), 0);
    EXPECT_GT(limiter.Take("10.0.0.1"), 0);
    EXPECT_EQ(limiter.Take("10.0.0.2"), 0);
    EXPECT_EQ(limiter.Take("10.0.0.2"), 0);
}

TEST_F(RateLimiterTest, TheBucketRefillsOnlyUpToTheBurst) {
    RateLimiter limiter(clock, {.burst = 2, .refill_every = 1'000ms});
    EXPECT_EQ(limiter.Take("a"), 0);
    clock.Advance(1h);  // a long quiet time buys two tokens, not 3,600
    EXPECT_EQ(limiter.Take("a"), 0);
    EXPECT_EQ(limiter.Take("a"), 0);
    EXPECT_GT(limiter.Take("a"), 0);
}

TEST_F(RateLimiterTest, ExemptKeysAndADisabledLimiterNeverRefuseNorTrack) {
    RateLimiter limiter(clock, {.burst = 1, .refill_every = 60'000ms, .exempt_keys = {"192.168.1.20"}});
    for (int i = 0; i < 10; ++i) EXPECT_EQ(limiter.Take("192.168.1.20"), 0);
    RateLimiter off(clock, {.enabled = false, .burst = 1, .refill_every = 60'000ms});
    for (int i = 0; i < 10; ++i) EXPECT_EQ(off.Take("a"), 0);
    EXPECT_EQ(limiter.tracked(), 0u);
    EXPECT_EQ(off.tracked(), 0u);
}

TEST_F(RateLimiterTest, WhenFullRefilledBucketsMakeRoomAndUntrackedKeysFollowThePolicy) {
    RateLimiter refusing(clock,
                         {.burst = 1, .refill_every = 10'000ms, .max_keys = 2, .refuse_untracked = true});
    RateLimiter allowing(clock,
                         {.burst = 1, .refill_every = 10'000ms, .max_keys = 2, .refuse_untracked = false});
    for (auto* l : {&refusing, &allowing}) {
        EXPECT_EQ(l->Take("a"), 0);
        EXPECT_EQ(l->Take("b"), 0);
        EXPECT_EQ(l->tracked(), 2u);
    }
    EXPECT_GT(refusing.Take("c"), 0) << "no room, and the policy refuses strangers";
    EXPECT_EQ(allowing.Take("c"), 0) << "no room, and the policy lets strangers through";
    EXPECT_EQ(allowing.Take("c"), 0) << "untracked: still not limited";
    EXPECT_EQ(allowing.tracked(), 2u) << "memory stays capped";
    clock.Advance(10'000ms);  // a and b are full again: they hold no state and make room
    EXPECT_EQ(refusing.Take("c"), 0);
    EXPECT_GT(refusing.Take("c"), 0) << "c is tracked now";
    EXPECT_EQ(refusing.tracked(), 1u);
}

TEST_F(RateLimiterTest, TheSplitFormSpendsOnlyWhenRecorded) {
    RateLimiter limiter(clock, {.burst = 2, .refill_every = 30'000ms});
    EXPECT_FALSE(limiter.Blocked("a"));
    EXPECT_FALSE(limiter.Blocked("a")) << "asking spends nothing";
    limiter.Record("a");
    EXPECT_FALSE(limiter.Blocked("a"));
    limiter.Record("a");
    EXPECT_TRUE(limiter.Blocked("a"));
    EXPECT_EQ(limiter.RetryAfterSeconds("a"), 30);
    clock.Advance(30'000ms);
    EXPECT_FALSE(limiter.Blocked("a"));
    EXPECT_EQ(limiter.RetryAfterSeconds("a"), 0);
}

}  // namespace
}  // namespace mocua::core
