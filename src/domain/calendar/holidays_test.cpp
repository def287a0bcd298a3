// Holiday lists of whole years against the official announcements, and the law's rules where no
// decision is loaded. Expected days are copied from the announcements (sources in
// data/calendar/vn-holidays.json and below), not from this code.
#include "domain/calendar/holidays.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/calendar/import.hpp"

namespace mocua::domain::calendar {
namespace {

struct Expected {
    std::string_view date;
    DayKind kind;
    Basis basis;
};

std::vector<Override> BundledDecisions() {
    std::ifstream in(std::string(MOCUA_SOURCE_DIR) + "/data/calendar/vn-holidays.json", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const ParsedCalendar parsed = ParseCalendarFile(text.str());
    EXPECT_TRUE(parsed.problems.empty());
    std::vector<Override> out;
    for (const auto& row : parsed.overrides) out.push_back(row.value);
    return out;
}

void ExpectYear(int year, const std::vector<Override>& overrides, const std::vector<Expected>& expected) {
    const auto days = YearSchedule(year, overrides);
    ASSERT_EQ(days.size(), expected.size()) << year;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(FormatDate(days[i].date), expected[i].date) << year << " #" << i;
        EXPECT_EQ(DayKindName(days[i].kind), DayKindName(expected[i].kind)) << expected[i].date;
        EXPECT_EQ(BasisName(days[i].basis), BasisName(expected[i].basis)) << expected[i].date;
    }
}

constexpr auto H = DayKind::kHoliday;
constexpr auto C = DayKind::kCompensatory;
constexpr auto Off = DayKind::kSwapOff;
constexpr auto Work = DayKind::kSwapWork;
constexpr auto Law = Basis::kLaw;
constexpr auto Dec = Basis::kDecision;
constexpr auto Est = Basis::kEstimate;

TEST(Holidays, Year2025AsAnnounced) {
    // 1/1 (Wednesday) by law; Tết Monday 27/1 – Friday 31/1 (8726/VPCP-KGVX: 28 Chạp to mùng 3, between
    // two weekends); Hùng Kings Monday 7/4 by law; 30/4–1/5 with Friday 2/5 swapped for Saturday 26/4;
    // National Day Monday 1/9 and Tuesday 2/9.
    ExpectYear(2025, BundledDecisions(),
               {{"2025-01-01", H, Law},
                {"2025-01-27", H, Dec},
                {"2025-01-28", H, Dec},
                {"2025-01-29", H, Dec},
                {"2025-01-30", H, Dec},
                {"2025-01-31", H, Dec},
                {"2025-04-07", H, Law},
                {"2025-04-26", Work, Dec},
                {"2025-04-30", H, Dec},
                {"2025-05-01", H, Dec},
                {"2025-05-02", Off, Dec},
                {"2025-09-01", H, Dec},
                {"2025-09-02", H, Dec}});
}

TEST(Holidays, Year2026AsAnnounced) {
    // 1/1 with Friday 2/1 swapped for Saturday 10/1 (12729/VPCP-KGVX); Tết Monday 16/2 – Friday 20/2;
    // Hùng Kings on Sunday 26/4 with its compensatory Monday 27/4 (thanhnien.vn, kenh14.vn); 30/4 and 1/5
    // on Thursday and Friday; National Day not yet decided: 2/9 (Wednesday) and the estimated Tuesday 1/9.
    ExpectYear(2026, BundledDecisions(),
               {{"2026-01-01", H, Dec},
                {"2026-01-02", Off, Dec},
                {"2026-01-10", Work, Dec},
                {"2026-02-16", H, Dec},
                {"2026-02-17", H, Dec},
                {"2026-02-18", H, Dec},
                {"2026-02-19", H, Dec},
                {"2026-02-20", H, Dec},
                {"2026-04-26", H, Law},
                {"2026-04-27", C, Law},
                {"2026-04-30", H, Law},
                {"2026-05-01", H, Law},
                {"2026-09-01", H, Est},
                {"2026-09-02", H, Law}});
}

TEST(Holidays, Year2023ByTheLawAlone) {
    // Hùng Kings on Saturday 29/4, 30/4 on Sunday, 1/5 on Monday: "five days in a row" (kinhtedothi.vn,
    // 22/03/2023), i.e. compensatory days on Tuesday 2/5 and Wednesday 3/5.
    const auto days = YearSchedule(2023, {});
    std::vector<std::string> spring;
    for (const auto& d : days)
        if (d.date >= *ParseDate("2023-04-01") && d.date <= *ParseDate("2023-05-31"))
            spring.push_back(FormatDate(d.date) + " " + std::string(DayKindName(d.kind)));
    EXPECT_EQ(spring,
              (std::vector<std::string>{"2023-04-29 holiday", "2023-04-30 holiday", "2023-05-01 holiday",
                                        "2023-05-02 compensatory", "2023-05-03 compensatory"}));
}

TEST(Holidays, NationalDayAdjacentDayAsDecidedIn2021To2025) {
    // 2021 Thursday → Friday 3/9; 2022 Friday → Thursday 1/9; 2023 Saturday → Friday 1/9 (+ Monday 4/9);
    // 2024 Monday → Tuesday 3/9 (btv.org.vn, aeonmall); 2025 Tuesday → Monday 1/9 (aeonmall).
    EXPECT_EQ(FormatDate(NationalDayAdjacent(2021)), "2021-09-03");
    EXPECT_EQ(FormatDate(NationalDayAdjacent(2022)), "2022-09-01");
    EXPECT_EQ(FormatDate(NationalDayAdjacent(2023)), "2023-09-01");
    EXPECT_EQ(FormatDate(NationalDayAdjacent(2024)), "2024-09-03");
    EXPECT_EQ(FormatDate(NationalDayAdjacent(2025)), "2025-09-01");
    // 2023: 2/9 is a Saturday, so Monday 4/9 is its compensatory day (Art. 111(3)).
    const auto days = YearSchedule(2023, {});
    std::vector<std::string> september;
    for (const auto& d : days)
        if (MonthOf(d.date) == 9)
            september.push_back(FormatDate(d.date) + " " + std::string(DayKindName(d.kind)));
    EXPECT_EQ(september, (std::vector<std::string>{"2023-09-01 holiday", "2023-09-02 holiday",
                                                   "2023-09-04 compensatory"}));
}

TEST(Holidays, TetEstimateWithoutADecision) {
    // No decision for 2027: the law's estimate is the last day of the old year and days 1–4 of the new
    // one. Tết 2027 is Saturday 6 February (published tables), the eve Friday 5/2; Saturday and Sunday
    // (days 1 and 2) give compensatory days after the Tết days: Wednesday 10/2 and Thursday 11/2.
    const auto days = YearSchedule(2027, {});
    std::vector<std::string> tet;
    for (const auto& d : days)
        if (d.occasion == Occasion::kTet)
            tet.push_back(FormatDate(d.date) + " " + std::string(DayKindName(d.kind)) + " " +
                          std::string(BasisName(d.basis)));
    EXPECT_EQ(tet,
              (std::vector<std::string>{"2027-02-05 holiday estimate", "2027-02-06 holiday estimate",
                                        "2027-02-07 holiday estimate", "2027-02-08 holiday estimate",
                                        "2027-02-09 holiday estimate", "2027-02-10 compensatory estimate",
                                        "2027-02-11 compensatory estimate"}));
}

TEST(Holidays, ADecisionReplacesTheEstimateOfItsOccasionOnly) {
    // A decision naming Thursday 3/9/2026 as the adjacent day (invented for the test) replaces the
    // estimate (Tuesday 1/9) and keeps 2/9 from the law; Tết stays estimated.
    Override o{*ParseDate("2026-09-03"),
               DayKind::kHoliday,
               Occasion::kNationalDay,
               "Quốc khánh (ngày liền kề)",
               "",
               "",
               ""};
    const auto days = YearSchedule(2026, {o});
    std::vector<std::string> september;
    for (const auto& d : days)
        if (MonthOf(d.date) == 9)
            september.push_back(FormatDate(d.date) + " " + std::string(BasisName(d.basis)));
    EXPECT_EQ(september, (std::vector<std::string>{"2026-09-02 law", "2026-09-03 decision"}));
    int tet = 0;
    for (const auto& d : days)
        if (d.occasion == Occasion::kTet) ++tet;
    EXPECT_EQ(tet, 5) << "Tết 2026 without its decision: five estimated days, all weekdays";
}

TEST(Holidays, NamesParse) {
    for (auto k : {DayKind::kHoliday, DayKind::kCompensatory, DayKind::kSwapOff, DayKind::kSwapWork})
        EXPECT_EQ(ParseDayKind(DayKindName(k)), k);
    EXPECT_EQ(ParseDayKind("swap-work"), DayKind::kSwapWork);
    EXPECT_FALSE(ParseDayKind("Holiday"));
    EXPECT_EQ(ParseOccasion("tet"), Occasion::kTet);
    EXPECT_FALSE(ParseOccasion("christmas"));
}

}  // namespace
}  // namespace mocua::domain::calendar
