// Deadlines computed by hand (docs/adr/0041-working-day-deadlines.md has the same examples). Default
// office hours: Monday–Friday 07:00–11:30 and 13:30–17:00, 8 hours a day. March 2026: Monday 2,
// Friday 6, Saturday 7, Monday 9. Times are Vietnam time.
#include "domain/calendar/deadline.hpp"

#include <gtest/gtest.h>

namespace mocua::domain::calendar {
namespace {

core::TimePoint At(std::string_view local) { return *ParseInstant(local); }
std::string Show(core::TimePoint t) { return FormatVietnamTime(t); }

// The 2026 decisions the cases cross (as announced; data/calendar/vn-holidays.json): New Year with
// Friday 2/1 swapped for Saturday 10/1, Tết Monday 16/2 – Friday 20/2.
std::vector<Override> Decisions2026() {
    std::vector<Override> out;
    const auto add = [&](std::string_view date, DayKind kind, Occasion occasion) {
        out.push_back({*ParseDate(date), kind, occasion, "x", "", "", ""});
    };
    add("2026-01-01", DayKind::kHoliday, Occasion::kNewYear);
    add("2026-01-02", DayKind::kSwapOff, Occasion::kNewYear);
    add("2026-01-10", DayKind::kSwapWork, Occasion::kNewYear);
    for (std::string_view d : {"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"})
        add(d, DayKind::kHoliday, Occasion::kTet);
    return out;
}

TimeLimit WorkingDays(std::int64_t n) { return {LimitUnit::kWorkingDays, n * 1000}; }
TimeLimit WorkingHours(std::int64_t n) { return {LimitUnit::kWorkingHours, n * 1000}; }
TimeLimit Days(std::int64_t n) { return {LimitUnit::kDays, n * 1000}; }

class DeadlineTest : public ::testing::Test {
protected:
    std::string Due(std::string_view received, TimeLimit limit, std::vector<Pause> pauses = {}) {
        auto d = ComputeDeadline(calendar_, At(received), limit, pauses);
        EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().message);
        return d.ok() ? Show(d->due) : "";
    }
    std::string Start(std::string_view received) {
        auto d = ComputeDeadline(calendar_, At(received), WorkingDays(1));
        return d.ok() ? Show(d->start) : "";
    }
    WorkingCalendar calendar_{Decisions2026()};
};

TEST_F(DeadlineTest, WorkingDaysKeepTheClockTimeAcrossTheWeekend) {
    // Monday 10:00 + 5 working days: Tue, Wed, Thu, Fri, Mon → Monday 9/3 10:00.
    EXPECT_EQ(Due("2026-03-02T10:00:00+07:00", WorkingDays(5)), "2026-03-09T10:00:00+07:00");
    // Friday 16:00 + 1 → Monday 16:00.
    EXPECT_EQ(Due("2026-03-06T16:00:00+07:00", WorkingDays(1)), "2026-03-09T16:00:00+07:00");
    // The same receipt written in UTC.
    EXPECT_EQ(Due("2026-03-02T03:00:00Z", WorkingDays(5)), "2026-03-09T10:00:00+07:00");
}

TEST_F(DeadlineTest, AfterHoursOrADayOffCountsFromTheNextOpening) {
    EXPECT_EQ(Start("2026-03-02T18:30:00+07:00"), "2026-03-03T07:00:00+07:00");
    // Counted from Tuesday 07:00, one whole working day ends when Tuesday's office closes.
    EXPECT_EQ(Due("2026-03-02T18:30:00+07:00", WorkingDays(1)), "2026-03-03T17:00:00+07:00");
    EXPECT_EQ(Due("2026-03-02T18:30:00+07:00", WorkingDays(2)), "2026-03-04T17:00:00+07:00");
    // Saturday → Monday 07:00; 0 working days = the same working day, so Monday's close.
    EXPECT_EQ(Start("2026-03-07T09:00:00+07:00"), "2026-03-09T07:00:00+07:00");
    EXPECT_EQ(Due("2026-03-07T09:00:00+07:00", WorkingDays(0)), "2026-03-09T17:00:00+07:00");
    // Before opening: 06:15 counts from 07:00.
    EXPECT_EQ(Start("2026-03-03T06:15:00+07:00"), "2026-03-03T07:00:00+07:00");
}

TEST_F(DeadlineTest, WorkingHoursSkipLunch) {
    // Monday 10:00 + 4 h: 10:00–11:30 (1.5 h), then 13:30–16:00 (2.5 h).
    EXPECT_EQ(Due("2026-03-02T10:00:00+07:00", WorkingHours(4)), "2026-03-02T16:00:00+07:00");
    // Received at lunch (12:15) → from 13:30; 2 h → 15:30; 4 h → 17:00 is 3.5 h, 0.5 h more on Tuesday.
    EXPECT_EQ(Start("2026-03-02T12:15:00+07:00"), "2026-03-02T13:30:00+07:00");
    EXPECT_EQ(Due("2026-03-02T12:15:00+07:00", WorkingHours(2)), "2026-03-02T15:30:00+07:00");
    EXPECT_EQ(Due("2026-03-02T12:15:00+07:00", WorkingHours(4)), "2026-03-03T07:30:00+07:00");
    // 8 working hours = one working day with these hours.
    EXPECT_EQ(Due("2026-03-02T10:00:00+07:00", WorkingHours(8)), "2026-03-03T10:00:00+07:00");
    // 0 hours: the start itself.
    EXPECT_EQ(Due("2026-03-02T18:30:00+07:00", WorkingHours(0)), "2026-03-03T07:00:00+07:00");
}

TEST_F(DeadlineTest, HalfAWorkingDay) {
    // 0.5 day = 4 of 8 hours: Monday 10:00–11:30 (1.5 h) + 13:30–16:00 (2.5 h).
    EXPECT_EQ(Due("2026-03-02T10:00:00+07:00", {LimitUnit::kWorkingDays, 500}), "2026-03-02T16:00:00+07:00");
}

TEST_F(DeadlineTest, TetIsNotCounted) {
    // Friday 13/2 10:00 + 1 working day: the weekend, Tết Monday 16 – Friday 20, the weekend → Monday 23/2.
    EXPECT_EQ(Due("2026-02-13T10:00:00+07:00", WorkingDays(1)), "2026-02-23T10:00:00+07:00");
    // Received during Tết: counts from Monday 23/2 07:00.
    EXPECT_EQ(Start("2026-02-18T09:00:00+07:00"), "2026-02-23T07:00:00+07:00");
}

TEST_F(DeadlineTest, SwappedDays) {
    // Wednesday 31/12/2025 10:00 + 2: Thursday 1/1 holiday, Friday 2/1 swapped off, weekend → Monday 5/1
    // 10:00 is one day, Tuesday 6/1 10:00 two.
    EXPECT_EQ(Due("2025-12-31T10:00:00+07:00", WorkingDays(2)), "2026-01-06T10:00:00+07:00");
    // Friday 9/1 10:00 + 1: Saturday 10/1 is worked (with Friday's hours) → Saturday 10:00.
    EXPECT_EQ(Due("2026-01-09T10:00:00+07:00", WorkingDays(1)), "2026-01-10T10:00:00+07:00");
}

TEST_F(DeadlineTest, PausesAreNotCounted) {
    // Monday 10:00 + 5 days, paused from Wednesday 09:00 to Thursday 09:00: 2.5 + 3.5 + 2 = 8 office
    // hours, one whole day → due one working day later, Tuesday 10/3 10:00.
    EXPECT_EQ(Due("2026-03-02T10:00:00+07:00", WorkingDays(5),
                  {{At("2026-03-04T09:00:00+07:00"), At("2026-03-05T09:00:00+07:00")}}),
              "2026-03-10T10:00:00+07:00");
    // Monday 10:00 + 10 working hours, paused Monday 14:00–15:00: 10:00–11:30, 13:30–14:00, 15:00–17:00
    // (4 h), Tuesday 07:00–11:30 (8.5 h), 13:30–15:00 → Tuesday 15:00.
    EXPECT_EQ(Due("2026-03-02T10:00:00+07:00", WorkingHours(10),
                  {{At("2026-03-02T14:00:00+07:00"), At("2026-03-02T15:00:00+07:00")}}),
              "2026-03-03T15:00:00+07:00");
    // A pause over a night only takes the office time it covers: Tuesday 16:00 → Wednesday 08:00 is
    // 1 + 1 hours, so the due time moves 2 office hours past Monday 9/3 10:00: 10:00–11:30, 13:30–14:00.
    EXPECT_EQ(Due("2026-03-02T10:00:00+07:00", WorkingDays(5),
                  {{At("2026-03-03T16:00:00+07:00"), At("2026-03-04T08:00:00+07:00")}}),
              "2026-03-09T14:00:00+07:00");
    // Overlapping pauses count once.
    EXPECT_EQ(Due("2026-03-02T10:00:00+07:00", WorkingHours(10),
                  {{At("2026-03-02T14:00:00+07:00"), At("2026-03-02T14:45:00+07:00")},
                   {At("2026-03-02T14:30:00+07:00"), At("2026-03-02T15:00:00+07:00")}}),
              "2026-03-03T15:00:00+07:00");
}

TEST_F(DeadlineTest, CalendarDaysFollowTheCivilCode) {
    // Monday 2/3 10:00 + 10 days: the receipt day is not counted; day 10 is Thursday 12/3 → its close.
    EXPECT_EQ(Due("2026-03-02T10:00:00+07:00", Days(10)), "2026-03-12T17:00:00+07:00");
    // + 5 days ends on Saturday 7/3 → the next working day, Monday 9/3, at its close.
    EXPECT_EQ(Due("2026-03-02T10:00:00+07:00", Days(5)), "2026-03-09T17:00:00+07:00");
    // 0 days: the same working day.
    EXPECT_EQ(Due("2026-03-02T10:00:00+07:00", Days(0)), "2026-03-02T17:00:00+07:00");
    // A pause of two whole days pushes 10 days to Saturday 14/3 → Monday 16/3.
    EXPECT_EQ(Due("2026-03-02T10:00:00+07:00", Days(10),
                  {{At("2026-03-04T10:00:00+07:00"), At("2026-03-06T10:00:00+07:00")}}),
              "2026-03-16T17:00:00+07:00");
}

TEST(Deadline, PerUnitOfficeHours) {
    // A centre open Monday–Friday 07:30–11:30 and 13:00–17:00 (8 h), Saturday 07:30–11:30 (4 h).
    OfficeHours centre;
    centre.unit_id = 7;
    centre.valid_from = *ParseDate("2025-07-01");
    for (int d = 0; d < 5; ++d)
        centre.week.days[static_cast<std::size_t>(d)] = *ParseDayHours("07:30-11:30,13:00-17:00");
    centre.week.days[5] = *ParseDayHours("07:30-11:30");
    const WorkingCalendar cal({}, {{centre}});
    // Friday 6/3 16:00: 7 of Friday's 8 hours have passed (7/8). One working day later is Saturday 7/3, a
    // 4-hour day: 7/8 of it is 3.5 h after 07:30 → 11:00.
    auto d = ComputeDeadline(cal, At("2026-03-06T16:00:00+07:00"), WorkingDays(1));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(Show(d->due), "2026-03-07T11:00:00+07:00");
    // 2 working hours from Friday 16:00: 16:00–17:00, then Saturday 07:30–08:30.
    d = ComputeDeadline(cal, At("2026-03-06T16:00:00+07:00"), WorkingHours(2));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(Show(d->due), "2026-03-07T08:30:00+07:00");
    // Before its validity the default hours apply: Friday 6/6/2025 16:00 + 1 day → Monday 9/6 16:00.
    d = ComputeDeadline(cal, At("2025-06-06T16:00:00+07:00"), WorkingDays(1));
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(Show(d->due), "2025-06-09T16:00:00+07:00");
}

TEST(Deadline, TheNearestUnitWithHoursDecides) {
    OfficeHours parent;
    parent.unit_id = 1;
    parent.valid_from = *ParseDate("2025-01-01");
    for (int d = 0; d < 6; ++d) parent.week.days[static_cast<std::size_t>(d)] = *ParseDayHours("08:00-12:00");
    // The unit itself has none; its parent opens mornings, Monday–Saturday, 4 h a day.
    const WorkingCalendar cal({}, {{}, {parent}});
    auto d = ComputeDeadline(cal, At("2026-03-06T10:00:00+07:00"), WorkingHours(3));
    ASSERT_TRUE(d.ok());
    // Friday 10:00–12:00 (2 h), Saturday 08:00–09:00.
    EXPECT_EQ(Show(d->due), "2026-03-07T09:00:00+07:00");
}

TEST(Deadline, BadInputIsRefusedWithARuleCode) {
    const WorkingCalendar cal({});
    const auto received = At("2026-03-02T10:00:00+07:00");
    EXPECT_EQ(ComputeDeadline(cal, received, {LimitUnit::kWorkingDays, -1000}).error().message,
              "calendar.limit");
    EXPECT_EQ(ComputeDeadline(cal, received, {LimitUnit::kWorkingDays, 1000 * 1000 + 1}).error().message,
              "calendar.limit");
    EXPECT_EQ(ComputeDeadline(cal, received, {LimitUnit::kDays, 1500}).error().message, "calendar.limit");
    EXPECT_EQ(ComputeDeadline(cal, received, WorkingDays(1), {{received, received}}).error().message,
              "calendar.pause");
    EXPECT_EQ(ComputeDeadline(cal, At("2100-01-04T10:00:00+07:00"), WorkingDays(1)).error().message,
              "calendar.range");
    OfficeHours closed;
    closed.valid_from = *ParseDate("1900-01-01");
    const WorkingCalendar never({}, {{closed}});
    EXPECT_EQ(ComputeDeadline(never, received, WorkingDays(1)).error().message, "calendar.no_working_days");
}

TEST(Deadline, Amounts) {
    EXPECT_EQ(ParseAmount("5"), 5000);
    EXPECT_EQ(ParseAmount("0.5"), 500);
    EXPECT_EQ(ParseAmount("12.25"), 12250);
    EXPECT_FALSE(ParseAmount("-1"));
    EXPECT_FALSE(ParseAmount("1.2345"));
    EXPECT_FALSE(ParseAmount("1."));
    EXPECT_FALSE(ParseAmount("abc"));
    EXPECT_FALSE(ParseAmount(""));
    EXPECT_EQ(FormatAmount(5000), "5");
    EXPECT_EQ(FormatAmount(500), "0.5");
    EXPECT_EQ(FormatAmount(12250), "12.25");
}

TEST(Dates, InstantsInVietnamTime) {
    EXPECT_EQ(core::FormatUtc(At("2026-03-02T10:00:00+07:00")), "2026-03-02T03:00:00.000Z");
    EXPECT_EQ(core::FormatUtc(At("2026-03-02T10:00")), "2026-03-02T03:00:00.000Z")
        << "no offset: Vietnam time";
    EXPECT_EQ(core::FormatUtc(At("2026-03-02T10:00:00-05:30")), "2026-03-02T15:30:00.000Z");
    EXPECT_EQ(Show(At("2026-03-02T23:30:00Z")), "2026-03-03T06:30:00+07:00");
    EXPECT_FALSE(ParseInstant("2026-03-02"));
    EXPECT_FALSE(ParseInstant("2026-02-30T10:00:00+07:00"));
    EXPECT_FALSE(ParseInstant("2026-03-02T25:00:00+07:00"));
    EXPECT_FALSE(ParseInstant("2026-03-02T10:00:00+7"));
    EXPECT_EQ(IsoWeekday(*ParseDate("2026-03-02")), 1);
    EXPECT_EQ(IsoWeekday(*ParseDate("2026-03-08")), 7);
}

}  // namespace
}  // namespace mocua::domain::calendar
