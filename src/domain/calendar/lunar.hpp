#pragma once
// The Vietnamese lunar calendar (âm lịch), computed from the positions of the Sun and the Moon.
//
// Rules (as published by Hồ Ngọc Đức, "Thuật toán tính âm lịch", and shared with the Chinese
// calendar except for the meridian):
//   1. A month begins on the local day that contains the new moon (điểm Sóc).
//   2. The winter solstice (Đông chí, apparent solar longitude 270°) always falls in month 11.
//   3. When 13 new moons begin between one month 11 and the next, the year has a leap month: the first
//      month after month 11 that contains no major solar term (Trung khí, a solar longitude that is a
//      multiple of 30°). It repeats the number of the month before it.
//   4. Month 1 (tháng Giêng) is the second month after month 11 (third if a leap month intervenes); its
//      first day is Tết Nguyên Đán.
//   5. "Local day" is counted in the time zone given: Vietnam has used UTC+7 (meridian 105° E) since
//      1968; China uses UTC+8. The two calendars differ in some years (Tết 1985: 21 January in Vietnam,
//      20 February in China; Tết 2007: 17 and 18 February).
//
// Astronomy: new moons from Jean Meeus, "Astronomical Algorithms" (2nd ed., 1998), chapter 49, with all
// periodic and planetary terms; the apparent solar longitude from chapter 25 (low-accuracy solution with
// nutation and aberration, about 0.01°); ΔT (TT − UT) from the Espenak–Meeus polynomials. Checked against
// published dates for 1900–2100 (lunar_test.cpp); outside that range results are not verified.
//
// Pure functions; thread-safe.
#include <optional>
#include <string>

#include "domain/calendar/dates.hpp"

namespace mocua::domain::calendar {

// Vietnam's time zone for lunar computations, in hours east of UTC.
inline constexpr double kVietnamTimeZone = 7.0;

struct LunarDate {
    int day = 1;    // 1..30
    int month = 1;  // 1..12
    int year = 0;   // the Gregorian year in which the lunar year's month 1 begins
    bool leap = false;
    bool operator==(const LunarDate&) const = default;
};

// The lunar date of `date` in a time zone (hours east of UTC).
LunarDate ToLunar(Date date, double time_zone = kVietnamTimeZone);

// The solar date of a lunar date; nullopt when it does not exist (no such leap month that year, or day 30
// of a 29-day month).
std::optional<Date> FromLunar(const LunarDate& lunar, double time_zone = kVietnamTimeZone);

// The solar date of Tết (1st day of month 1) of the lunar year beginning in Gregorian `year`.
Date LunarNewYear(int year, double time_zone = kVietnamTimeZone);

// Number of days in the lunar month that contains `date` (29 or 30).
int LunarMonthLength(Date date, double time_zone = kVietnamTimeZone);

// The sexagenary (can chi) name of a lunar year in Vietnamese, e.g. 2026 → "Bính Ngọ".
std::string YearName(int lunar_year);

// Astronomy, exposed for tests.
// Julian Ephemeris Day of the k-th new moon counted from the one of 6 January 2000 (k = 0).
double NewMoonJde(long k);
// Apparent geocentric longitude of the Sun, in degrees [0, 360), at Julian Ephemeris Day `jde`.
double SunLongitude(double jde);
// TT − UT in seconds for a decimal year.
double DeltaTSeconds(double decimal_year);

}  // namespace mocua::domain::calendar
