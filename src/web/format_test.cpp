#include "web/format.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace mocua::web {
namespace {

core::TimePoint Utc(const char* text) { return *core::ParseUtc(text); }

TEST(Format, DatesAreDayMonthYearInVietnamTime) {
    EXPECT_EQ(FormatDate(Utc("2025-07-01T01:30:00.000Z")), "01/07/2025");
    // 17:00 UTC is midnight in Hà Nội: the next day.
    EXPECT_EQ(FormatDate(Utc("2025-06-30T17:00:00.000Z")), "01/07/2025");
    EXPECT_EQ(FormatDate(Utc("2025-06-30T16:59:59.999Z")), "30/06/2025");
    EXPECT_EQ(FormatDate(Utc("2024-12-31T17:00:00.000Z")), "01/01/2025");
    EXPECT_EQ(FormatDate(Utc("2024-02-28T20:00:00.000Z")), "29/02/2024");
}

TEST(Format, TimesAre24HourInVietnamTime) {
    EXPECT_EQ(FormatTime(Utc("2025-07-01T01:30:00.000Z")), "08:30");
    EXPECT_EQ(FormatTime(Utc("2025-07-01T08:05:00.000Z")), "15:05");
    EXPECT_EQ(FormatTime(Utc("2025-06-30T17:00:00.000Z")), "00:00");
    EXPECT_EQ(FormatTime(Utc("2025-06-30T16:59:59.000Z")), "23:59");
    EXPECT_EQ(FormatDateTime(Utc("2025-07-01T09:45:00.000Z")), "16:45 01/07/2025");
}

TEST(Format, TimesBeforeTheEpochWork) {
    EXPECT_EQ(FormatDateTime(Utc("1969-12-31T20:00:00.000Z")), "03:00 01/01/1970");
    EXPECT_EQ(FormatDateTime(Utc("1954-05-07T10:30:00.000Z")), "17:30 07/05/1954");
}

TEST(Format, AmountsUseDotsAndTheDongSign) {
    const std::string sign = "\u00A0\u20AB";
    EXPECT_EQ(FormatAmount(1234567), "1.234.567" + sign);
    EXPECT_EQ(FormatAmount(0), "0" + sign);
    EXPECT_EQ(FormatAmount(999), "999" + sign);
    EXPECT_EQ(FormatAmount(1000), "1.000" + sign);
    EXPECT_EQ(FormatAmount(100000), "100.000" + sign);
    EXPECT_EQ(FormatAmount(-2500), "-2.500" + sign);
    EXPECT_EQ(FormatAmount(std::numeric_limits<std::int64_t>::min()), "-9.223.372.036.854.775.808" + sign);
}

}  // namespace
}  // namespace mocua::web
