#include <gtest/gtest.h>

#include <set>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"

namespace mocua::core {
namespace {

using namespace std::chrono;

TEST(Clock, FormatsFixedWidthUtc) {
    const TimePoint t(sys_days(year(2025) / 7 / 1).time_since_epoch() + hours(1) + minutes(2) + seconds(3) +
                      milliseconds(45));
    EXPECT_EQ(FormatUtc(t), "2025-07-01T01:02:03.045Z");
}

TEST(Clock, ParseRoundTripsAndOrdersLikeText) {
    const TimePoint a = *ParseUtc("2024-12-31T23:59:59.999Z");
    const TimePoint b = a + milliseconds(1);
    EXPECT_EQ(FormatUtc(b), "2025-01-01T00:00:00.000Z");
    EXPECT_LT(FormatUtc(a), FormatUtc(b));
    EXPECT_EQ(ParseUtc(FormatUtc(b)), b);
    EXPECT_EQ(ParseUtc("2025-01-01 00:00:00"), b);
}

TEST(Clock, RejectsMalformedTimes) {
    EXPECT_FALSE(ParseUtc(""));
    EXPECT_FALSE(ParseUtc("2025-02-30T00:00:00Z"));
    EXPECT_FALSE(ParseUtc("2025-01-01T24:00:00Z"));
    EXPECT_FALSE(ParseUtc("2025-01-01T00:00:00Zjunk"));
    EXPECT_FALSE(ParseUtc("20x5-01-01T00:00:00Z"));
}

TEST(Clock, ManualClockMovesOnlyWhenTold) {
    ManualClock c(TimePoint(milliseconds(1000)));
    EXPECT_EQ(c.Now().time_since_epoch().count(), 1000);
    c.Advance(seconds(2));
    EXPECT_EQ(c.Now().time_since_epoch().count(), 3000);
}

TEST(RequestId, GeneratedIdsAreWellFormedAndDistinct) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const auto id = NewRequestId();
        EXPECT_TRUE(IsWellFormedRequestId(id)) << id;
        seen.insert(id);
    }
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(RequestId, RejectsIdsThatCouldInjectIntoLogs) {
    EXPECT_TRUE(IsWellFormedRequestId("abc-123_DEF.9"));
    EXPECT_FALSE(IsWellFormedRequestId("short"));
    EXPECT_FALSE(IsWellFormedRequestId("abc\r\nX-Evil: 1"));
    EXPECT_FALSE(IsWellFormedRequestId("with space 1234"));
    EXPECT_FALSE(IsWellFormedRequestId(std::string(65, 'a')));
}

TEST(Result, CarriesValueOrError) {
    Result<int> good = 5;
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(*good, 5);
    Result<int> bad = Error::NotFound("no such dossier");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(ErrorCodeName(bad.error().code), "not_found");
}

}  // namespace
}  // namespace mocua::core
