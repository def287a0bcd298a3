// The lunar calendar against published dates. Expected values come from published tables, not from
// this code:
//   * Tết dates 1900–2035: Chinese zodiac year charts (yourchineseastrology.com/zodiac/years-chart.htm,
//     jksalescompany.com/chinesezodiac.html, jawawa.id "The Chinese Years 1945 to 1996", factmonster.com
//     "Chinese New Year Dates", topmarks.co.uk, excelnotes.com). The Vietnamese date is the same except in
//     the years listed in kDifferentFromChina, whose Vietnamese dates come from viet-jo.com (06/07/2006,
//     the Vietnamese calendar department on 2007), kientruc2014.com (2007, 2030, 2053), the Aslaksen
//     account of Tết 1968 (new moon 16:29 UT on 29 January: 23:29 in Hanoi, 00:29 in Beijing) and
//     oreateai.com (Tết 1985: 21 January in Vietnam, 20 February in China).
//   * 2096: herongyang.com "Year 2096 Chinese Calendar" (month 1 begins 25 January).
//   * 2100: namu.moe "2100년" (lunar year 2100: 9 February 2100 to 28 January 2101; 1 January 2100 =
//     21st day of the 11th month of 2099), a UTC+9 calendar.
//   * Hùng Kings' day (10/3 lunar): thuvienphapluat.vn (2025-04-07), vinanet.vn and vietnamnet.vn
//     (2024-04-18), nhantobian.vn (2023-04-29), cafedautu.vn (2021-04-21), thanhnien.vn and kenh14.vn
//     (2026-04-26), meohaybotui.com (2016: a Saturday).
//   * Leap month 2 of 2023: pub.dev vnlunar (23/3/2023 = day 2 of leap month 2).
//   * "From 2025 to 2032 New Year's Eve in Vietnam always falls on the 29th": fresh.buzz (Tuổi Trẻ).
//   * Astronomy: Meeus, Astronomical Algorithms (2nd ed.), examples 49.a and 25.a.
#include "domain/calendar/lunar.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

namespace mocua::domain::calendar {
namespace {

Date D(std::string_view text) { return *ParseDate(text); }

// Tết in Vietnam, where it is the same day as in China (published Chinese New Year tables).
const std::map<int, std::string_view> kTetSameAsChina = {
    {1900, "1900-01-31"}, {1901, "1901-02-19"}, {1902, "1902-02-08"}, {1904, "1904-02-16"},
    {1905, "1905-02-04"}, {1906, "1906-01-25"}, {1907, "1907-02-13"}, {1908, "1908-02-02"},
    {1912, "1912-02-18"}, {1913, "1913-02-06"}, {1914, "1914-01-26"}, {1915, "1915-02-14"},
    {1917, "1917-01-23"}, {1918, "1918-02-11"}, {1919, "1919-02-01"}, {1920, "1920-02-20"},
    {1924, "1924-02-05"}, {1925, "1925-01-24"}, {1926, "1926-02-13"}, {1927, "1927-02-02"},
    {1928, "1928-01-23"}, {1929, "1929-02-10"}, {1930, "1930-01-30"}, {1931, "1931-02-17"},
    {1932, "1932-02-06"}, {1936, "1936-01-24"}, {1937, "1937-02-11"}, {1938, "1938-01-31"},
    {1939, "1939-02-19"}, {1940, "1940-02-08"}, {1941, "1941-01-27"}, {1942, "1942-02-15"},
    {1943, "1943-02-05"}, {1944, "1944-01-25"}, {1945, "1945-02-13"}, {1946, "1946-02-02"},
    {1947, "1947-01-22"}, {1948, "1948-02-10"}, {1949, "1949-01-29"}, {1950, "1950-02-17"},
    {1951, "1951-02-06"}, {1952, "1952-01-27"}, {1953, "1953-02-14"}, {1954, "1954-02-03"},
    {1955, "1955-01-24"}, {1956, "1956-02-12"}, {1957, "1957-01-31"}, {1958, "1958-02-18"},
    {1959, "1959-02-08"}, {1960, "1960-01-28"}, {1961, "1961-02-15"}, {1962, "1962-02-05"},
    {1963, "1963-01-25"}, {1964, "1964-02-13"}, {1966, "1966-01-21"}, {1967, "1967-02-09"},
    {1970, "1970-02-06"}, {1971, "1971-01-27"}, {1972, "1972-02-15"}, {1973, "1973-02-03"},
    {1974, "1974-01-23"}, {1975, "1975-02-11"}, {1976, "1976-01-31"}, {1977, "1977-02-18"},
    {1978, "1978-02-07"}, {1979, "1979-01-28"}, {1980, "1980-02-16"}, {1981, "1981-02-05"},
    {1982, "1982-01-25"}, {1983, "1983-02-13"}, {1984, "1984-02-02"}, {1986, "1986-02-09"},
    {1987, "1987-01-29"}, {1988, "1988-02-17"}, {1989, "1989-02-06"}, {1990, "1990-01-27"},
    {1991, "1991-02-15"}, {1992, "1992-02-04"}, {1993, "1993-01-23"}, {1994, "1994-02-10"},
    {1995, "1995-01-31"}, {1996, "1996-02-19"}, {1997, "1997-02-07"}, {1998, "1998-01-28"},
    {1999, "1999-02-16"}, {2000, "2000-02-05"}, {2001, "2001-01-24"}, {2002, "2002-02-12"},
    {2003, "2003-02-01"}, {2004, "2004-01-22"}, {2005, "2005-02-09"}, {2006, "2006-01-29"},
    {2008, "2008-02-07"}, {2009, "2009-01-26"}, {2010, "2010-02-14"}, {2011, "2011-02-03"},
    {2012, "2012-01-23"}, {2013, "2013-02-10"}, {2014, "2014-01-31"}, {2015, "2015-02-19"},
    {2016, "2016-02-08"}, {2017, "2017-01-28"}, {2018, "2018-02-16"}, {2019, "2019-02-05"},
    {2020, "2020-01-25"}, {2021, "2021-02-12"}, {2022, "2022-02-01"}, {2023, "2023-01-22"},
    {2024, "2024-02-10"}, {2025, "2025-01-29"}, {2026, "2026-02-17"}, {2027, "2027-02-06"},
    {2028, "2028-01-26"}, {2029, "2029-02-13"}, {2031, "2031-01-23"}, {2032, "2032-02-11"},
    {2033, "2033-01-31"}, {2034, "2034-02-19"}, {2035, "2035-02-08"}, {2096, "2096-01-25"},
    {2100, "2100-02-09"},
};

// Years where Vietnam (UTC+7) and China (UTC+8) celebrate Tết on different days: {Vietnam, China}.
const std::map<int, std::pair<std::string_view, std::string_view>> kDifferentFromChina = {
    {1968, {"1968-01-29", "1968-01-30"}}, {1969, {"1969-02-16", "1969-02-17"}},
    {1985, {"1985-01-21", "1985-02-20"}}, {2007, {"2007-02-17", "2007-02-18"}},
    {2030, {"2030-02-02", "2030-02-03"}}, {2053, {"2053-02-18", "2053-02-19"}},
};

TEST(Lunar, TetMatchesPublishedDates1900To2100) {
    for (const auto& [year, date] : kTetSameAsChina) {
        EXPECT_EQ(FormatDate(LunarNewYear(year)), date) << year;
        const LunarDate l = ToLunar(D(date));
        EXPECT_EQ(l, (LunarDate{1, 1, year, false})) << year;
    }
    EXPECT_GE(kTetSameAsChina.size(), 120u);
}

TEST(Lunar, TheTimeZoneDecidesTetInSomeYears) {
    for (const auto& [year, dates] : kDifferentFromChina) {
        EXPECT_EQ(FormatDate(LunarNewYear(year, 7.0)), dates.first) << year << " in Vietnam (UTC+7)";
        EXPECT_EQ(FormatDate(LunarNewYear(year, 8.0)), dates.second) << year << " in China (UTC+8)";
    }
}

TEST(Lunar, ChinaBefore1929CountedDaysAtTheBeijingMeridian) {
    // Published Chinese tables give 3 February 1916: China used 116°25' E (UTC+7:45:40) until 1929.
    EXPECT_EQ(FormatDate(LunarNewYear(1916, 8.0)), "1916-02-04");
    EXPECT_EQ(FormatDate(LunarNewYear(1916, (116.0 + 25.0 / 60) / 15)), "1916-02-03");
}

TEST(Lunar, Korea2100FromAUtcPlus9Calendar) {
    EXPECT_EQ(FormatDate(LunarNewYear(2100, 9.0)), "2100-02-09");
    EXPECT_EQ(FormatDate(LunarNewYear(2101, 9.0) - std::chrono::days{1}), "2101-01-28");
    EXPECT_EQ(ToLunar(D("2100-01-01"), 9.0), (LunarDate{21, 11, 2099, false}));
}

TEST(Lunar, HungKingsDays) {
    const std::map<int, std::string_view> published = {{2021, "2021-04-21"},
                                                       {2023, "2023-04-29"},
                                                       {2024, "2024-04-18"},
                                                       {2025, "2025-04-07"},
                                                       {2026, "2026-04-26"}};
    for (const auto& [year, date] : published) {
        EXPECT_EQ(FormatDate(*FromLunar({10, 3, year, false})), date) << year;
        EXPECT_EQ(ToLunar(D(date)), (LunarDate{10, 3, year, false})) << year;
    }
    EXPECT_EQ(IsoWeekday(*FromLunar({10, 3, 2016, false})), 6) << "2016: a Saturday";
}

TEST(Lunar, LeapMonth2023) {
    EXPECT_EQ(ToLunar(D("2023-03-23")), (LunarDate{2, 2, 2023, true}));
    EXPECT_EQ(FormatDate(*FromLunar({2, 2, 2023, true})), "2023-03-23");
    EXPECT_FALSE(FromLunar({1, 3, 2023, true})) << "2023 has no leap 3rd month";
}

TEST(Lunar, NewYearsEveIsThe29thFrom2025To2032) {
    for (int year = 2025; year <= 2032; ++year) {
        const Date eve = LunarNewYear(year) - std::chrono::days{1};
        EXPECT_EQ(ToLunar(eve).day, 29) << year;
        EXPECT_EQ(LunarMonthLength(eve), 29) << year;
    }
}

TEST(Lunar, EveryDayConvertsBackAndForth1900To2100) {
    // An invariant, not an expected value: lunar → solar undoes solar → lunar for all 73 000 days, and
    // consecutive days have consecutive lunar days or start a month at day 1.
    LunarDate previous = ToLunar(D("1900-01-30"));
    for (Date d = D("1900-01-31"); d <= D("2100-12-31"); d += std::chrono::days{1}) {
        const LunarDate l = ToLunar(d);
        ASSERT_EQ(FromLunar(l), d) << FormatDate(d);
        ASSERT_TRUE(l.day == previous.day + 1 || (l.day == 1 && previous.day >= 29)) << FormatDate(d);
        previous = l;
    }
}

TEST(Lunar, RejectsDatesThatDoNotExist) {
    EXPECT_FALSE(FromLunar({30, 12, 2025, false})) << "the 12th month of Ất Tỵ has 29 days";
    EXPECT_FALSE(FromLunar({1, 13, 2025, false}));
    EXPECT_FALSE(FromLunar({0, 1, 2025, false}));
}

TEST(Lunar, YearNames) {
    EXPECT_EQ(YearName(2026), "Bính Ngọ");
    EXPECT_EQ(YearName(2025), "Ất Tỵ");
    EXPECT_EQ(YearName(2024), "Giáp Thìn");
    EXPECT_EQ(YearName(1985), "Ất Sửu");
    EXPECT_EQ(YearName(1968), "Mậu Thân");
}

TEST(Lunar, MeeusWorkedExamples) {
    // Example 49.a: the new moon of February 1977, k = −283, JDE 2443192.65118.
    EXPECT_NEAR(NewMoonJde(-283), 2443192.65118, 0.00002);
    // Example 25.a: 1992 October 13.0 TD, apparent longitude 199°.90895 (low-accuracy method; its own
    // stated accuracy is 0.01°).
    EXPECT_NEAR(SunLongitude(2448908.5), 199.90895, 0.001);
    // ΔT in 2000 was about 63.8 s.
    EXPECT_NEAR(DeltaTSeconds(2000.0), 63.86, 0.01);
}

}  // namespace
}  // namespace mocua::domain::calendar
