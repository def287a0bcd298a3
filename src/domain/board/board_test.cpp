// The board's rule (Decision 766 indicator 2.1) on dossiers written out by hand, and its periods.
#include "domain/board/board.hpp"

#include <gtest/gtest.h>

namespace mocua::domain::board {
namespace {

core::TimePoint At(const char* utc) { return *core::ParseUtc(utc); }

DossierFacts Dossier(int channel, const char* received, const char* appointment,
                     std::optional<const char*> resolved = std::nullopt) {
    DossierFacts d;
    d.channel = channel;
    d.received_at = At(received);
    d.appointment_at = At(appointment);
    if (resolved) d.resolved_at = At(*resolved);
    return d;
}

TEST(BoardOnTime, EndTimeAgainstTheAppointment) {
    const auto d = Dossier(1, "2025-03-03T02:00:00Z", "2025-03-10T10:00:00Z");
    EXPECT_TRUE(OnTime(d, At("2025-03-10T10:00:00Z"))) << "ending exactly at the appointment is on time";
    EXPECT_FALSE(OnTime(d, At("2025-03-10T10:00:00.001Z")));
}

TEST(BoardOnTime, TheApplicantsSupplementTimeIsSubtracted) {
    auto d = Dossier(1, "2025-03-03T02:00:00Z", "2025-03-10T10:00:00Z");
    // Waited 2 days for the applicant; ended 1 day after the appointment: 1 day early once subtracted.
    d.pauses.push_back({At("2025-03-05T02:00:00Z"), At("2025-03-07T02:00:00Z")});
    EXPECT_TRUE(OnTime(d, At("2025-03-11T10:00:00Z")));
    // Ended 3 days after: still 1 day late.
    EXPECT_FALSE(OnTime(d, At("2025-03-13T10:00:00Z")));
}

TEST(BoardOnTime, AnOpenSupplementRequestStopsTheClockAtTheRequest) {
    auto d = Dossier(1, "2025-03-03T02:00:00Z", "2025-03-10T10:00:00Z");
    d.pauses.push_back({At("2025-03-09T02:00:00Z"), std::nullopt});
    EXPECT_TRUE(OnTime(d, At("2025-04-30T00:00:00Z"))) << "the request came before the appointment";
    d.pauses.front().requested_at = At("2025-03-11T02:00:00Z");
    EXPECT_FALSE(OnTime(d, At("2025-04-30T00:00:00Z"))) << "asked for papers only after it was due";
}

TEST(BoardOnTime, MoreThanOneSupplementRequestIsLate) {
    auto d = Dossier(1, "2025-03-03T02:00:00Z", "2025-03-30T10:00:00Z");
    d.pauses.push_back({At("2025-03-04T02:00:00Z"), At("2025-03-04T03:00:00Z")});
    d.pauses.push_back({At("2025-03-05T02:00:00Z"), At("2025-03-05T03:00:00Z")});
    EXPECT_FALSE(OnTime(d, At("2025-03-06T00:00:00Z")));
    EXPECT_TRUE(OnTime(d, At("2025-03-04T12:00:00Z"))) << "judged before the second request, only one counts";
}

TEST(BoardCompute, CountsAHandBuiltMonth) {
    // March 2025 in Vietnam: 2025-02-28T17:00Z to 2025-03-31T17:00Z. Judged on 20 March, 03:00 UTC.
    const Window march = *PeriodWindow("2025-03-01", "2025-03-31");
    const auto now = At("2025-03-20T03:00:00Z");
    std::vector<DossierFacts> ds;
    // 1. online, received 3 March, resolved on time 5 March.
    ds.push_back(Dossier(2, "2025-03-03T02:00:00Z", "2025-03-10T10:00:00Z", "2025-03-05T02:00:00Z"));
    // 2. counter, received 4 March, resolved late 12 March.
    ds.push_back(Dossier(1, "2025-03-04T02:00:00Z", "2025-03-11T10:00:00Z", "2025-03-12T02:00:00Z"));
    // 3. online, received 10 March, due 14 March, still open on the 20th: late.
    ds.push_back(Dossier(2, "2025-03-10T02:00:00Z", "2025-03-14T10:00:00Z"));
    // 4. postal, received 18 March, due 25 March: open, not yet due.
    ds.push_back(Dossier(3, "2025-03-18T02:00:00Z", "2025-03-25T10:00:00Z"));
    // 5. received in February (not counted as received), resolved on time 2 March.
    ds.push_back(Dossier(1, "2025-02-20T02:00:00Z", "2025-03-03T10:00:00Z", "2025-03-02T02:00:00Z"));
    // 6. received at 23:30 on 28 February Vietnam time (16:30Z): February, still open, due in March.
    ds.push_back(Dossier(2, "2025-02-28T16:30:00Z", "2025-03-28T10:00:00Z"));
    // 7. received at 00:30 on 1 March Vietnam time (17:30Z on the 28th): March.
    ds.push_back(Dossier(1, "2025-02-28T17:30:00Z", "2025-03-07T10:00:00Z", "2025-03-06T02:00:00Z"));
    // 8. resolved in February: nothing in March.
    ds.push_back(Dossier(1, "2025-02-10T02:00:00Z", "2025-02-14T10:00:00Z", "2025-02-13T02:00:00Z"));
    // 9. submitted but never received: nothing.
    DossierFacts unreceived;
    unreceived.channel = 2;
    ds.push_back(unreceived);

    Figures expected;
    expected.received = 5;             // 1, 2, 3, 4, 7
    expected.received_online = 2;      // 1, 3
    expected.resolved_on_time = 3;     // 1, 5, 7
    expected.resolved_late = 1;        // 2
    expected.in_progress_late = 1;     // 3
    expected.in_progress_not_due = 2;  // 4, 6
    EXPECT_EQ(Compute(ds, march, now), expected);
    EXPECT_EQ(expected.OnlineShareBasisPoints(), 4000);  // 2 of 5 = 40.00 %
    EXPECT_EQ(expected.OnTimeShareBasisPoints(), 7500);  // 3 of 4 = 75.00 %
}

TEST(BoardCompute, APastPeriodJudgesOpenDossiersAtItsEnd) {
    const Window feb = *PeriodWindow("2025-02-01", "2025-02-28");
    // Received 10 Feb, due 5 March, resolved 20 March (late), but at the end of February it was open
    // and not yet due.
    std::vector<DossierFacts> ds{
        Dossier(1, "2025-02-10T02:00:00Z", "2025-03-05T10:00:00Z", "2025-03-20T02:00:00Z")};
    const auto f = Compute(ds, feb, At("2025-06-01T00:00:00Z"));
    EXPECT_EQ(f.received, 1);
    EXPECT_EQ(f.in_progress_not_due, 1);
    EXPECT_EQ(f.resolved(), 0);
    EXPECT_EQ(f.OnTimeShareBasisPoints(), std::nullopt) << "nothing resolved: no share, not 0 %";
}

TEST(BoardShares, RoundHalfUpToTwoDecimals) {
    Figures f;
    f.received = 3;
    f.received_online = 1;  // 33.333… %
    EXPECT_EQ(f.OnlineShareBasisPoints(), 3333);
    f.received_online = 2;  // 66.666… %
    EXPECT_EQ(f.OnlineShareBasisPoints(), 6667);
}

TEST(BoardPeriod, RefusesWhatACitizenMightType) {
    EXPECT_EQ(PeriodWindow("2025-13-01", "2025-12-31").error().message, "board.period_invalid");
    EXPECT_EQ(PeriodWindow("", "2025-12-31").error().message, "board.period_invalid");
    EXPECT_EQ(PeriodWindow("2025-03-02", "2025-03-01").error().message, "board.period_order");
    EXPECT_EQ(PeriodWindow("2015-01-01", "2025-03-01").error().message, "board.period_too_long");
    const auto one_day = PeriodWindow("2025-03-01", "2025-03-01");
    ASSERT_TRUE(one_day.ok());
    EXPECT_EQ(core::FormatUtc(one_day->start), "2025-02-28T17:00:00.000Z");
    EXPECT_EQ(core::FormatUtc(one_day->end), "2025-03-01T17:00:00.000Z");
}

TEST(BoardPeriod, PresetsAroundVietnamsToday) {
    // 31 March 2025 at 18:00 UTC is already 1 April in Vietnam: second quarter.
    const auto now = At("2025-03-31T18:00:00Z");
    EXPECT_EQ(PresetPeriod(Preset::kMonth, now),
              std::make_pair(std::string("2025-04-01"), std::string("2025-04-30")));
    EXPECT_EQ(PresetPeriod(Preset::kQuarter, now),
              std::make_pair(std::string("2025-04-01"), std::string("2025-06-30")));
    EXPECT_EQ(PresetPeriod(Preset::kYear, now),
              std::make_pair(std::string("2025-01-01"), std::string("2025-12-31")));
    EXPECT_EQ(PresetPeriod(Preset::kMonth, At("2024-02-10T00:00:00Z")),
              std::make_pair(std::string("2024-02-01"), std::string("2024-02-29")));
}

}  // namespace
}  // namespace mocua::domain::board
