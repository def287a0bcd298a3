// Decision 766: one test per counting rule, with the expected figures worked out by hand in each test.
#include "domain/kpi/kpi766.hpp"

#include <gtest/gtest.h>

namespace mocua::domain::kpi {
namespace {

using portal::DossierState;
using namespace std::chrono_literals;

// "2025-09-15 08:30" Vietnam time as an instant.
core::TimePoint At(const char* vietnam_time) {
    auto t = portal::ParseTime(vietnam_time);
    EXPECT_TRUE(t.has_value()) << vietnam_time;
    return *t;
}

// Received Mon 15/09/2025 08:00, due Wed 17/09/2025 17:00, paper result, fee-bearing procedure.
portal::PortalDossier Received() {
    portal::PortalDossier d;
    d.code = "H-1";
    d.procedure_code = "1.001193";
    d.unit_code = "U";
    d.submitted_at = At("20250915073000");
    d.received_at = At("20250915080000");
    d.due_at = At("20250917170000");
    d.state = DossierState::kInProgress;
    d.history = {{DossierState::kAccepted, At("20250915080000"), "", ""}};
    return d;
}
void End(portal::PortalDossier& d, DossierState s, const char* at) {
    d.state = s;
    d.history.push_back({s, At(at), "", ""});
    d.processing_end_at = At(at);
    if (s == DossierState::kResultReturned) d.returned_at = At(at);
}
const ProcedureInfo kPaper{.paper_result = true, .fee_bearing = true, .legal_time = std::nullopt};
const core::TimePoint kEndOfSeptember = At("20251001000000");

TEST(Kpi766, EndedBeforeTheDueDayIsEarlyOnTheDueDayOnTimeAfterItLate) {
    auto early = Received();
    End(early, DossierState::kProcessed, "20250916100000");
    auto v = JudgeAt(FactsOf(early, kPaper), kEndOfSeptember);
    EXPECT_TRUE(v.on_time);
    EXPECT_EQ(v.reason, Reason::kEndedEarly);

    auto due_day = Received();
    End(due_day, DossierState::kProcessed, "20250917165959");
    v = JudgeAt(FactsOf(due_day, kPaper), kEndOfSeptember);
    EXPECT_TRUE(v.on_time);
    EXPECT_EQ(v.reason, Reason::kEndedOnTime);

    auto exactly = Received();  // NgayKetThucXuLy ≤ NgayHenTra: equal is on time
    End(exactly, DossierState::kProcessed, "20250917170000");
    EXPECT_TRUE(JudgeAt(FactsOf(exactly, kPaper), kEndOfSeptember).on_time);

    auto late = Received();
    End(late, DossierState::kProcessed, "20250917170001");
    v = JudgeAt(FactsOf(late, kPaper), kEndOfSeptember);
    EXPECT_FALSE(v.on_time);
    EXPECT_EQ(v.reason, Reason::kEndedLate);
}

TEST(Kpi766, EndTimeIsTheFirstProcessedStateBeforeReturnedBeforeStopped) {
    // Stopped on the 16th, processed (9) late on the 18th, returned (10) on the 16th in the list before it:
    // the 9 wins, so the dossier ended on the 18th and is late.
    auto d = Received();
    d.history.push_back({DossierState::kStopped, At("20250916090000"), "", ""});
    d.history.push_back({DossierState::kResultReturned, At("20250916100000"), "", ""});
    d.history.push_back({DossierState::kProcessed, At("20250918100000"), "", ""});
    d.state = DossierState::kResultReturned;
    auto f = FactsOf(d, kPaper);
    EXPECT_EQ(f.end_at, At("20250918100000"));
    EXPECT_FALSE(JudgeAt(f, kEndOfSeptember).on_time);

    // Without a 9, the 10 (on the 17th, on time) wins over the earlier stop.
    auto r = Received();
    r.history.push_back({DossierState::kStopped, At("20250916090000"), "", ""});
    r.history.push_back({DossierState::kResultReturned, At("20250917100000"), "", ""});
    r.state = DossierState::kResultReturned;
    EXPECT_EQ(FactsOf(r, kPaper).end_at, At("20250917100000"));

    // Only a stop: it is the end.
    auto s = Received();
    End(s, DossierState::kStopped, "20250916090000");
    EXPECT_EQ(FactsOf(s, kPaper).end_at, At("20250916090000"));
    EXPECT_FALSE(FactsOf(s, kPaper).completed);
}

TEST(Kpi766, SupplementTimeIsSubtracted) {
    // Ended on the 18th at 10:00, 17 h after the due time; the applicant held the dossier 20 h
    // (16th 09:00 → 17th 05:00), so the effective due is the 18th 13:00: on time.
    auto d = Received();
    d.supplements = {{At("20250916090000"), At("20250917050000")}};
    End(d, DossierState::kProcessed, "20250918100000");
    auto f = FactsOf(d, kPaper);
    EXPECT_EQ(f.supplement_time, 20h);
    EXPECT_EQ(f.effective_due_at, At("20250918130000"));
    EXPECT_TRUE(JudgeAt(f, kEndOfSeptember).on_time);
    // 2.2: 3 days 2 h from reception, minus 20 h = 2 days 6 h = 194,400 s.
    EXPECT_EQ(f.resolution_time, std::chrono::seconds(2 * 86400 + 6 * 3600));
}

TEST(Kpi766, OneOpenSupplementRequestIsJudgedAtTheRequest) {
    // Requested on the 17th at 16:00 (before the due time), never answered; the period ends on the 30th.
    auto d = Received();
    d.state = DossierState::kSupplementRequested;
    d.supplements = {{At("20250917160000"), std::nullopt}};
    auto v = JudgeAt(FactsOf(d, kPaper), kEndOfSeptember);
    EXPECT_TRUE(v.on_time);
    EXPECT_EQ(v.reason, Reason::kOneOpenSupplement);
    // Requested after the due time: late.
    auto late = Received();
    late.supplements = {{At("20250918080000"), std::nullopt}};
    EXPECT_FALSE(JudgeAt(FactsOf(late, kPaper), kEndOfSeptember).on_time);
}

TEST(Kpi766, MoreThanOneSupplementRequestIsOverdue) {
    // Ended early on the 16th, but two requests were made: overdue anyway.
    auto d = Received();
    d.supplements = {{At("20250915090000"), At("20250915100000")},
                     {At("20250915110000"), At("20250915120000")}};
    End(d, DossierState::kProcessed, "20250916100000");
    auto f = FactsOf(d, kPaper);
    auto v = JudgeAt(f, kEndOfSeptember);
    EXPECT_FALSE(v.on_time);
    EXPECT_EQ(v.reason, Reason::kMoreThanOneSupplement);
    EXPECT_EQ(FinalityOf(f), Finality::kFinalLate);
}

TEST(Kpi766, OpenAtThePeriodEndIsJudgedAtThePeriodEnd) {
    auto d = Received();  // due the 17th at 17:00, never ended
    auto f = FactsOf(d, kPaper);
    // Period ending on the 16th (first instant after: the 17th 00:00): not yet due.
    auto v = JudgeAt(f, At("20250917000000"));
    EXPECT_TRUE(v.on_time);
    EXPECT_EQ(v.reason, Reason::kOpenNotYetDue);
    // Period ending on the 17th: at the 18th 00:00 it is past 17:00.
    v = JudgeAt(f, At("20250918000000"));
    EXPECT_FALSE(v.on_time);
    EXPECT_EQ(v.reason, Reason::kOpenOverdue);
    EXPECT_EQ(FinalityOf(f), Finality::kOnTimeUntilDue);
    EXPECT_EQ(DueDayOf(f), "2025-09-17");

    // Ended late on the 20th, judged for a period ending on the 16th: it was open and not yet due then.
    auto later = Received();
    End(later, DossierState::kProcessed, "20250920100000");
    EXPECT_TRUE(JudgeAt(FactsOf(later, kPaper), At("20250917000000")).on_time);
    EXPECT_FALSE(JudgeAt(FactsOf(later, kPaper), kEndOfSeptember).on_time);
}

TEST(Kpi766, WithoutDueDateTheLegalTimeApplies) {
    auto d = Received();
    d.due_at.reset();
    End(d, DossierState::kProcessed, "20250918080000");  // 3 days after reception
    const ProcedureInfo three_days{.paper_result = true, .fee_bearing = false, .legal_time = 72h};
    const ProcedureInfo two_days{.paper_result = true, .fee_bearing = false, .legal_time = 48h};
    EXPECT_TRUE(JudgeAt(FactsOf(d, three_days), kEndOfSeptember).on_time);
    EXPECT_FALSE(JudgeAt(FactsOf(d, two_days), kEndOfSeptember).on_time);
    EXPECT_EQ(JudgeAt(FactsOf(d, kPaper), kEndOfSeptember).reason, Reason::kNoDeadline);
}

TEST(Kpi766, OnlineNeedsAnElectronicResultWhenThePaperOneIsRequired) {
    auto d = Received();
    d.channel = portal::Channel::kOnline;
    EXPECT_FALSE(FactsOf(d, kPaper).online);
    d.result_code = "KQ-1";
    EXPECT_FALSE(FactsOf(d, kPaper).online);  // code without a file link
    d.result_url = "https://dvc.example.vn/kq/1.pdf";
    EXPECT_TRUE(FactsOf(d, kPaper).online);
    auto no_paper = Received();
    no_paper.channel = portal::Channel::kOnline;
    EXPECT_TRUE(FactsOf(no_paper, {.paper_result = false}).online);
}

TEST(Kpi766, OnlinePaymentCountsOnlyFeeBearingDossiersWithNonZeroFees) {
    auto d = Received();
    d.online_payment = portal::OnlinePayment::kLocalGateway;
    d.fees = {{"Lệ phí", 0}};  // all-zero fee list: excluded from the denominator
    EXPECT_FALSE(FactsOf(d, kPaper).fee_bearing);
    d.fees = {{"Lệ phí", 0}, {"Phí", 8000}};
    EXPECT_TRUE(FactsOf(d, kPaper).fee_bearing);
    EXPECT_TRUE(FactsOf(d, kPaper).paid_online);
    d.online_payment = portal::OnlinePayment::kNationalPortal;
    EXPECT_TRUE(FactsOf(d, kPaper).paid_online);
    d.online_payment = portal::OnlinePayment::kNone;
    EXPECT_FALSE(FactsOf(d, kPaper).paid_online);
    EXPECT_FALSE(FactsOf(d, {.paper_result = true, .fee_bearing = false}).fee_bearing);
}

TEST(Kpi766, DigitisationReuseStoreAndVneid) {
    auto d = Received();
    auto f = FactsOf(d, kPaper);
    EXPECT_FALSE(f.digitised);
    d.files = {{"a.pdf", false, false, false}};
    EXPECT_FALSE(FactsOf(d, kPaper).digitised);  // paper result without an e-result
    d.result_url = "https://dvc.example.vn/kq/1.pdf";
    f = FactsOf(d, kPaper);
    EXPECT_TRUE(f.digitised);
    EXPECT_TRUE(f.e_result);
    EXPECT_FALSE(f.reused);
    EXPECT_FALSE(f.from_store);
    d.files.push_back({"b.pdf", true, false, true});
    d.vneid_verified = true;
    f = FactsOf(d, kPaper);
    EXPECT_TRUE(f.reused);
    EXPECT_TRUE(f.from_store);
    EXPECT_TRUE(f.vneid);
}

TEST(Kpi766, PercentagesRoundHalfUpToHundredthsAndZeroDenominatorIsNull) {
    EXPECT_EQ(PercentX100(7, 8), 8750);   // 87.50
    EXPECT_EQ(PercentX100(2, 3), 6667);   // 66.666… → 66.67
    EXPECT_EQ(PercentX100(1, 3), 3333);   // 33.333… → 33.33
    EXPECT_EQ(PercentX100(1, 8000), 1);   // 0.0125 → 0.01
    EXPECT_EQ(PercentX100(1, 1600), 6);   // 0.0625 → 0.06 (0.0625 ×100 = 6.25 → 6)
    EXPECT_EQ(PercentX100(1, 400), 25);   // 0.25 exactly
    EXPECT_EQ(PercentX100(1, 80000), 0);  // 0.00125 → 0.00
    EXPECT_EQ(PercentX100(1, 40000), 0);  // 0.0025 → 0.00 (0.25 hundredths rounds down)
    EXPECT_EQ(PercentX100(1, 20000), 1);  // 0.005 → 0.01 (half up)
    EXPECT_EQ(PercentX100(0, 0), std::nullopt);
    EXPECT_EQ(FormatX100(8750), "87.50");
    EXPECT_EQ(FormatX100(5), "0.05");
}

TEST(Kpi766, PointsUseTheThresholdsAndGroupsAddUp) {
    Inputs in;
    // 10 procedures: 6 online (60 % < 80 %: 4.4 × 60/80 = 3.30 points), 3 fee-bearing of which 3 used
    // (100 %: 4.40).
    for (int i = 0; i < 10; ++i) {
        ProcedureFacts p;
        p.code = "1.00000" + std::to_string(i);
        p.online_service = i < 6;
        p.online_dossiers = i < 3 ? 1 : 0;  // 3.2: 3 of 6 = 50 % → 2.20
        p.fee_bearing = i >= 7;
        p.fee_dossiers = 1;
        in.procedures.push_back(p);
    }
    // 8 dossiers, 3 online (37.5 % of the 50 % threshold: 4.4 × 37.5/50 = 3.30); 4 fee-bearing, 1 paid (25 %:
    // 4.4 × 25/100 = 1.10).
    in.cohort.received = 8;
    in.cohort.online = 3;
    in.cohort.fee_bearing = 4;
    in.cohort.paid_online = 1;
    in.cohort.final_on_time = 6;
    in.pending_on_time = 1;  // 2.1: 7 of 8 = 87.50 % → 20 × 0.875 = 17.50
    auto r = Compute(in, DefaultConfig());
    EXPECT_EQ(r.indicators["2.1"].value_x100, 8750);
    EXPECT_EQ(r.indicators["2.1"].points_x100, 1750);
    EXPECT_EQ(r.indicators["3.1"].value_x100, 6000);
    EXPECT_EQ(r.indicators["3.1"].points_x100, 330);
    EXPECT_EQ(r.indicators["3.2"].points_x100, 220);
    EXPECT_EQ(r.indicators["3.3"].value_x100, 3750);
    EXPECT_EQ(r.indicators["3.3"].points_x100, 330);
    EXPECT_EQ(r.indicators["3.5"].points_x100, 440);
    EXPECT_EQ(r.indicators["3.6"].points_x100, 110);
    EXPECT_EQ(r.groups[3].points_x100, 330 + 220 + 330 + 440 + 110);
    EXPECT_EQ(r.groups[3].max, 22);
    // 3.3 at 60 % is capped at the maximum.
    in.cohort.online = 5;
    EXPECT_EQ(Compute(in, DefaultConfig()).indicators["3.3"].points_x100, 440);
    // Group 5 has no data: no value, no points.
    EXPECT_FALSE(r.indicators["5.4"].value_x100.has_value());
    EXPECT_FALSE(r.groups[5].points_x100.has_value());
    // 1.x have no announced procedure: not applicable, no points.
    EXPECT_FALSE(r.indicators["1.1"].value_x100.has_value());
}

TEST(Kpi766, AverageTimeInDaysAndLateRate) {
    Inputs in;
    in.ended.completed = 3;
    in.ended.completed_seconds = 86400 + 2 * 86400 + 43200;  // 1 d, 2 d, 0.5 d → 3.5 / 3 = 1.1666… → 1.17
    in.ended.resolved_late = 1;
    in.counts.carried_over = 2;
    in.counts.in_progress_late = 1;
    in.cohort.received = 6;  // to process = 8; late = 1 + 1 = 2 → 25 %, on time 75 %
    auto r = Compute(in, DefaultConfig());
    EXPECT_EQ(r.indicators["2.2"].value_x100, 117);
    EXPECT_EQ(r.late_rate_x100, 2500);
    EXPECT_EQ(r.on_time_rate_x100, 7500);
    EXPECT_EQ(r.counts.to_process(), 8);
}

TEST(Kpi766, TargetsCompareTheLiveFigure) {
    Inputs in;
    in.cohort.fee_bearing = 5;
    in.cohort.paid_online = 2;  // 40 %: not > 40 %
    auto r = Compute(in, DefaultConfig());
    for (const auto& t : r.targets) {
        if (t.target->id == "online_payment_2025") {
            EXPECT_EQ(t.live_x100, 4000);
            EXPECT_EQ(t.met, false);
        }
        if (t.target->id == "online_dossiers") {
            EXPECT_FALSE(t.met.has_value());  // no target set
        }
    }
}

TEST(Kpi766, CountersAddAndSubtract) {
    auto d = Received();
    End(d, DossierState::kProcessed, "20250916100000");
    auto f = FactsOf(d, kPaper);
    Counters c = CohortOf(f);
    c += EndOf(f);
    EXPECT_EQ(c.received, 1);
    EXPECT_EQ(c.final_on_time, 1);
    EXPECT_EQ(c.resolved_early, 1);
    EXPECT_EQ(c.not_collected, 1);  // processed, not returned
    c -= CohortOf(f);
    c -= EndOf(f);
    EXPECT_EQ(c, Counters{});
}

TEST(Kpi766, ConfigurationIsCheckedAndDefaultsAddUpToTheWeights) {
    std::string error;
    EXPECT_FALSE(ParseConfig("[]", &error).has_value());
    EXPECT_FALSE(
        ParseConfig(R"({"groups":[{"group":1,"max":18}],"indicators":[{"code":"1.1","group":1,"max":19}]})",
                    &error)
            .has_value());
    EXPECT_NE(error.find("more than 18"), std::string::npos) << error;
    std::int64_t total = 0;
    for (const auto& g : DefaultConfig().groups) total += g.max;
    EXPECT_EQ(total, 100);
}

TEST(Kpi766, MembershipExplainsEachIndicator) {
    auto d = Received();
    d.channel = portal::Channel::kOnline;
    auto f = FactsOf(d, kPaper);
    auto m = MembershipOf("3.3", f, "2025-09-01", "2025-09-30", kEndOfSeptember);
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->in_denominator);
    EXPECT_FALSE(m->in_numerator);
    EXPECT_EQ(m->reason, "no_electronic_result");
    m = MembershipOf("2.1", f, "2025-09-01", "2025-09-30", kEndOfSeptember);
    EXPECT_EQ(m->reason, "open_overdue");
    m = MembershipOf("2.1", f, "2025-10-01", "2025-10-31", At("20251101000000"));
    EXPECT_FALSE(m->in_denominator);
    EXPECT_FALSE(MembershipOf("3.1", f, "2025-09-01", "2025-09-30", kEndOfSeptember).has_value());
}

}  // namespace
}  // namespace mocua::domain::kpi
