#include "domain/calendar/lunar.hpp"

#include <array>
#include <cmath>

namespace mocua::domain::calendar {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180.0;
// Julian Day of 1970-01-01 00:00 UT (the epoch of sys_days).
constexpr double kUnixEpochJd = 2440587.5;
constexpr double kSynodicMonth = 29.530588861;

double Sin(double degrees) { return std::sin(degrees * kDeg); }

double Normalize(double degrees) {
    double d = std::fmod(degrees, 360.0);
    return d < 0 ? d + 360.0 : d;
}

long DayNumber(Date date) { return static_cast<long>(date.time_since_epoch().count()); }
Date FromDayNumber(long n) { return Date{std::chrono::days{n}}; }

// The local day (days since 1970-01-01) that contains the UT instant `jd_ut`.
long LocalDay(double jd_ut, double time_zone) {
    return static_cast<long>(std::floor(jd_ut - kUnixEpochJd + time_zone / 24.0));
}

double DecimalYear(double jd) { return 2000.0 + (jd - 2451545.0) / 365.25; }

// The first local day of the month that begins with new moon k.
long NewMoonDay(long k, double time_zone) {
    const double jde = NewMoonJde(k);
    return LocalDay(jde - DeltaTSeconds(DecimalYear(jde)) / 86400.0, time_zone);
}

// Which 30° sector of the ecliptic the Sun is in at the local midnight that begins `day`: 0 from the
// March equinox, 9 from the December solstice. A month whose first day and the next month's first day
// have the same sector contains no major solar term.
int SunSector(long day, double time_zone) {
    const double jd_ut = static_cast<double>(day) + kUnixEpochJd - time_zone / 24.0;
    const double jde = jd_ut + DeltaTSeconds(DecimalYear(jd_ut)) / 86400.0;
    return static_cast<int>(SunLongitude(jde) / 30.0) % 12;
}

// The index k of the new moon that begins the month containing local day `day`.
long MonthContaining(long day, double time_zone) {
    const double jd = static_cast<double>(day) + kUnixEpochJd + 0.5;
    long k = static_cast<long>(std::floor((jd - 2451550.09766) / kSynodicMonth));
    while (NewMoonDay(k, time_zone) > day) --k;
    while (NewMoonDay(k + 1, time_zone) <= day) ++k;
    return k;
}

// The new moon k that begins month 11 of Gregorian year `year`: the month containing that year's
// December solstice.
long Month11(int year, double time_zone) {
    const long dec31 = DayNumber(MakeDate(year, 12, 31));
    const long k = MonthContaining(dec31, time_zone);
    // The month holding 31 December began on or before it; if the Sun had already reached 270° when it
    // began, the solstice fell in the month before.
    return SunSector(NewMoonDay(k, time_zone), time_zone) >= 9 ? k - 1 : k;
}

// A lunar year in the wide sense: from month 11 of one Gregorian year to month 11 of the next.
struct Cycle {
    long first = 0;  // k of month 11
    int months = 12;
    int leap_index = -1;  // index (0 = month 11) of the leap month, or -1
    int year = 0;         // the Gregorian year whose December holds month 11
};

Cycle CycleFrom(int year, double time_zone) {
    Cycle c;
    c.year = year;
    c.first = Month11(year, time_zone);
    c.months = static_cast<int>(Month11(year + 1, time_zone) - c.first);
    if (c.months == 13) {
        // Month 11 holds the solstice, so the search starts with the month after it.
        int previous = SunSector(NewMoonDay(c.first + 1, time_zone), time_zone);
        for (int i = 1; i < 13; ++i) {
            const int next = SunSector(NewMoonDay(c.first + i + 1, time_zone), time_zone);
            if (next == previous) {
                c.leap_index = i;
                break;
            }
            previous = next;
        }
    }
    return c;
}

// The month number (1..12) and leap flag of the month at `index` in a cycle.
std::pair<int, bool> MonthAt(const Cycle& c, int index) {
    bool leap = false;
    int n = index;
    if (c.leap_index >= 0 && index >= c.leap_index) {
        leap = index == c.leap_index;
        n = index - 1;
    }
    int month = 11 + n;
    if (month > 12) month -= 12;
    return {month, leap};
}

// Index of a (month, leap) in a cycle; -1 when the cycle has no such month.
int IndexOf(const Cycle& c, int month, bool leap) {
    const int base = month >= 11 ? month - 11 : month + 1;
    if (leap) return c.leap_index >= 1 && c.leap_index == base + 1 ? c.leap_index : -1;
    return c.leap_index >= 0 && c.leap_index <= base ? base + 1 : base;
}

}  // namespace

double DeltaTSeconds(double y) {
    // Espenak & Meeus, "Five Millennium Canon of Solar Eclipses" (NASA/TP-2006-214141), section 2.6.
    if (y < 1860) {
        const double u = (y - 1820) / 100;
        return -20 + 32 * u * u;
    }
    if (y < 1900) {
        const double t = y - 1860;
        return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * t * t * t - 0.0004473624 * std::pow(t, 4) +
               std::pow(t, 5) / 233174;
    }
    if (y < 1920) {
        const double t = y - 1900;
        return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t - 0.000197 * std::pow(t, 4);
    }
    if (y < 1941) {
        const double t = y - 1920;
        return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
    }
    if (y < 1961) {
        const double t = y - 1950;
        return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
    }
    if (y < 1986) {
        const double t = y - 1975;
        return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
    }
    if (y < 2005) {
        const double t = y - 2000;
        return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t + 0.000651814 * std::pow(t, 4) +
               0.00002373599 * std::pow(t, 5);
    }
    if (y < 2050) {
        const double t = y - 2000;
        return 62.92 + 0.32217 * t + 0.005589 * t * t;
    }
    const double u = (y - 1820) / 100;
    if (y < 2150) return -20 + 32 * u * u - 0.5628 * (2150 - y);
    return -20 + 32 * u * u;
}

double NewMoonJde(long k_long) {
    // Meeus, Astronomical Algorithms, chapter 49 (phase 0: new moon).
    const double k = static_cast<double>(k_long);
    const double t = k / 1236.85;
    const double t2 = t * t, t3 = t2 * t, t4 = t3 * t;
    double jde = 2451550.09766 + kSynodicMonth * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
    const double e = 1 - 0.002516 * t - 0.0000074 * t2;
    const double m = 2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3;
    const double mp = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4;
    const double f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4;
    const double om = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3;
    jde += -0.40720 * Sin(mp) + 0.17241 * e * Sin(m) + 0.01608 * Sin(2 * mp) + 0.01039 * Sin(2 * f) +
           0.00739 * e * Sin(mp - m) - 0.00514 * e * Sin(mp + m) + 0.00208 * e * e * Sin(2 * m) -
           0.00111 * Sin(mp - 2 * f) - 0.00057 * Sin(mp + 2 * f) + 0.00056 * e * Sin(2 * mp + m) -
           0.00042 * Sin(3 * mp) + 0.00042 * e * Sin(m + 2 * f) + 0.00038 * e * Sin(m - 2 * f) -
           0.00024 * e * Sin(2 * mp - m) - 0.00017 * Sin(om) - 0.00007 * Sin(mp + 2 * m) +
           0.00004 * Sin(2 * mp - 2 * f) + 0.00004 * Sin(3 * m) + 0.00003 * Sin(mp + m - 2 * f) +
           0.00003 * Sin(2 * mp + 2 * f) - 0.00003 * Sin(mp + m + 2 * f) + 0.00003 * Sin(mp - m + 2 * f) -
           0.00002 * Sin(mp - m - 2 * f) - 0.00002 * Sin(3 * mp + m) + 0.00002 * Sin(4 * mp);
    // Planetary arguments.
    constexpr std::array<std::array<double, 3>, 14> kPlanetary = {{
        {299.77, 0.107408, 0.000325},
        {251.88, 0.016321, 0.000165},
        {251.83, 26.651886, 0.000164},
        {349.42, 36.412478, 0.000126},
        {84.66, 18.206239, 0.000110},
        {141.74, 53.303771, 0.000062},
        {207.14, 2.453732, 0.000060},
        {154.84, 7.306860, 0.000056},
        {34.52, 27.261239, 0.000047},
        {207.19, 0.121824, 0.000042},
        {291.34, 1.844379, 0.000040},
        {161.72, 24.198154, 0.000037},
        {239.56, 25.513099, 0.000035},
        {331.55, 3.592518, 0.000023},
    }};
    for (std::size_t i = 0; i < kPlanetary.size(); ++i) {
        double a = kPlanetary[i][0] + kPlanetary[i][1] * k;
        if (i == 0) a -= 0.009173 * t2;
        jde += kPlanetary[i][2] * Sin(a);
    }
    return jde;
}

double SunLongitude(double jde) {
    // Meeus, Astronomical Algorithms, chapter 25 (low accuracy), apparent longitude.
    const double t = (jde - 2451545.0) / 36525.0;
    const double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
    const double m = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;
    const double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * Sin(m) +
                     (0.019993 - 0.000101 * t) * Sin(2 * m) + 0.000289 * Sin(3 * m);
    const double omega = 125.04 - 1934.136 * t;
    return Normalize(l0 + c - 0.00569 - 0.00478 * Sin(omega));
}

LunarDate ToLunar(Date date, double time_zone) {
    const long day = DayNumber(date);
    const long k = MonthContaining(day, time_zone);
    int year = YearOf(date);
    Cycle c = CycleFrom(year, time_zone);
    if (k < c.first) c = CycleFrom(year - 1, time_zone);
    const int index = static_cast<int>(k - c.first);
    const auto [month, leap] = MonthAt(c, index);
    LunarDate out;
    out.day = static_cast<int>(day - NewMoonDay(k, time_zone)) + 1;
    out.month = month;
    out.leap = leap;
    out.year = month >= 11 && index < 3 ? c.year : c.year + 1;
    return out;
}

std::optional<Date> FromLunar(const LunarDate& lunar, double time_zone) {
    if (lunar.month < 1 || lunar.month > 12 || lunar.day < 1 || lunar.day > 30) return std::nullopt;
    const Cycle c = CycleFrom(lunar.month >= 11 ? lunar.year : lunar.year - 1, time_zone);
    const int index = IndexOf(c, lunar.month, lunar.leap);
    if (index < 0 || index >= c.months) return std::nullopt;
    const long start = NewMoonDay(c.first + index, time_zone);
    const long length = NewMoonDay(c.first + index + 1, time_zone) - start;
    if (lunar.day > length) return std::nullopt;
    return FromDayNumber(start + lunar.day - 1);
}

Date LunarNewYear(int year, double time_zone) { return *FromLunar({1, 1, year, false}, time_zone); }

int LunarMonthLength(Date date, double time_zone) {
    const long k = MonthContaining(DayNumber(date), time_zone);
    return static_cast<int>(NewMoonDay(k + 1, time_zone) - NewMoonDay(k, time_zone));
}

std::string YearName(int lunar_year) {
    static constexpr const char* kStems[] = {"Giáp", "Ất",   "Bính", "Đinh", "Mậu",
                                             "Kỷ",   "Canh", "Tân",  "Nhâm", "Quý"};
    static constexpr const char* kBranches[] = {"Tý",  "Sửu", "Dần",  "Mão", "Thìn", "Tỵ",
                                                "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"};
    const int stem = ((lunar_year + 6) % 10 + 10) % 10;
    const int branch = ((lunar_year + 8) % 12 + 12) % 12;
    return std::string(kStems[stem]) + " " + kBranches[branch];
}

}  // namespace mocua::domain::calendar
