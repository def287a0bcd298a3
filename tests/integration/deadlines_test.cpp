// The rest of processing (issue 7) through the real stack on both engines: waiting for fees (state 6)
// and its settlement by the payments module, the answer of a consulted agency (liên thông), assigning
// a step to one person, the deadline reminders and overdue escalation of the `dossier.deadlines` sweep
// (domain/dossier/deadlines.hpp), and the register Mẫu 07 of a receiving unit.
// The fixture, its units, people and times: processing_fixture.hpp.
#include <soci/soci.h>

#include "integration/processing_fixture.hpp"
#include "persistence/dossier_repository.hpp"
#include "persistence/portal_import.hpp"

namespace mocua {
namespace {

using namespace ::mocua::testing::processing;  // NOLINT: the fixture's names

// Review by a department, which may consult another agency before approval; the agency's step may
// also lead on to approval itself. Its quota is 0 working days (an answer the same day), so the
// longest path's quotas stay within the procedure's 3 days, as the catalogue requires.
json ReviewConsultApprove() {
    json w = ReviewThenApprove();
    w["steps"][0]["next"] = json::array({"approve", "consult"});
    json consult = {{"id", "consult"},
                    {"name_vi", "Xin ý kiến cơ quan phối hợp"},
                    {"name_en", "Consultation"},
                    {"role", "specialist"},
                    {"unit", "other"},
                    {"quota", {{"value", 0}, {"unit", "working_days"}}},
                    {"next", json::array({"approve"})}};
    w["steps"].insert(w["steps"].begin() + 1, consult);
    return w;
}

class DeadlinesTest : public ProcessingServiceTest {
protected:
    json WorkflowJson() const override { return ReviewConsultApprove(); }

    void SetUp() override {
        ProcessingServiceTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        police_ = Unit({"20194.CA", "Công an phường An Phú", "", UnitType::kOtherAgency, province_, "2025-07-01", {}});
        police_officer_ = Account(AccountKind::kStaff, "ca@example.vn", {}, {{"specialist", police_}});
    }

    std::vector<domain::notify::Mail> Mails() { return ::mocua::testing::QueuedMails(stack_->tdb.db()); }

    std::vector<std::string> MailsTo(const std::string& address, const std::string& subject_part) {
        std::vector<std::string> out;
        for (const auto& m : Mails()) {
            if (m.to == address && m.subject.find(subject_part) != std::string::npos) out.push_back(m.subject);
        }
        return out;
    }

    long long AuditCount(const std::string& action, const std::string& code) {
        db::Connection c = stack_->tdb.db().Acquire();
        long long n = 0;
        c.sql() << "SELECT COUNT(*) FROM audit_log WHERE action = :a AND target_id = :t", soci::use(action, "a"),
            soci::use(code, "t"), soci::into(n);
        return n;
    }

    std::int64_t police_ = 0;
    Person police_officer_;
};

// ---- Waiting for fees (state 6) --------------------------------------------------------------------------

TEST_P(DeadlinesTest, FeesAreRequestedTheClockKeepsRunningAndAVerifiedPaymentSendsTheDossierBack) {
    const auto d = AtDepartmentA();  // Monday 08:00, step due Wednesday 08:00, dossier Thursday 08:00
    ASSERT_EQ(d.state, State::kProcessing);
    const auto before = Stored(d.code);

    // Only whoever may act on the open step asks for the fees.
    auto refused = processing().AwaitPayment(As(specialist_b_), d.code, d.version, "Lệ phí 8.000 đồng");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message, "dossier.forbidden");
    auto empty = processing().AwaitPayment(As(specialist_a_), d.code, d.version, "  ");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().message, "dossier.invalid");

    auto waiting = processing().AwaitPayment(As(specialist_a_), d.code, d.version, "Lệ phí 8.000 đồng");
    ASSERT_TRUE(waiting.ok()) << waiting.error().message;
    EXPECT_EQ(waiting->state, State::kAwaitingPayment);
    EXPECT_EQ(waiting->history.back().action, "await_payment");
    EXPECT_EQ(MailsTo("an@example.vn", "nghĩa vụ tài chính").size(), 1u);

    // Two days later the payments module reports the payment; the dossier is back at its open step, and
    // the two days counted: no due time moved (Decision 766 subtracts supplement time only).
    Now("2026-11-25T01:00:00.000Z");
    auto paid = processing().PaymentSettled(TestActor(), d.code, "VNP-20261125-0001");
    ASSERT_TRUE(paid.ok()) << paid.error().message;
    EXPECT_EQ(paid->state, State::kProcessing);
    const auto after = Stored(d.code);
    EXPECT_EQ(after.due_at, before.due_at);
    ASSERT_EQ(after.steps.size(), 1u);
    EXPECT_EQ(after.steps[0].due_at, before.steps[0].due_at);
    EXPECT_TRUE(after.steps[0].open());
    const auto& last = after.history.back();
    EXPECT_EQ(last.action, "payment_settled");
    EXPECT_EQ(last.note, "VNP-20261125-0001");
    EXPECT_FALSE(last.actor_account_id.has_value());  // the system, not a person
    ASSERT_EQ(after.pauses.size(), 1u);
    EXPECT_EQ(after.pauses[0].kind, "payment");
    EXPECT_EQ(after.pauses[0].completed_at, "2026-11-25T01:00:00.000Z");

    // A second notification of the same payment changes nothing.
    auto again = processing().PaymentSettled(TestActor(), d.code, "VNP-20261125-0001");
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().message, "dossier.state");
    EXPECT_EQ(Stored(d.code).version, after.version);
}

TEST_P(DeadlinesTest, FeesMayAlsoBeRequestedBeforeTheFirstHandOverAndThenReturnToReception) {
    const auto d = Accepted();
    auto waiting = processing().AwaitPayment(As(officer_), d.code, d.version, "Phí thẩm định 50.000 đồng");
    ASSERT_TRUE(waiting.ok()) << waiting.error().message;
    auto paid = processing().PaymentSettled(TestActor(), d.code, "tiền mặt, biên lai 0000123");
    ASSERT_TRUE(paid.ok()) << paid.error().message;
    EXPECT_EQ(paid->state, State::kReceived);
}

// ---- Consulting another agency (liên thông) --------------------------------------------------------------

TEST_P(DeadlinesTest, AConsultedAgencyAnswersAndTheDossierGoesBackToTheStepThatAsked) {
    const auto d = AtDepartmentA();
    // The department may not "answer" its own step: no agency was asked.
    auto not_asked = processing().Answer(As(specialist_a_), d.code, d.version, "Ý kiến");
    ASSERT_FALSE(not_asked.ok());
    EXPECT_EQ(not_asked.error().message, "processing.not_consultation");

    auto next = processing().NextSteps(As(specialist_a_), d.code);
    ASSERT_TRUE(next.ok());
    ASSERT_EQ(next->size(), 2u);
    const auto& consult = (*next)[1];
    EXPECT_EQ(consult.step.id, "consult");
    EXPECT_TRUE(std::any_of(consult.units.begin(), consult.units.end(),
                            [&](const domain::org::Unit& u) { return u.id == police_; }));
    auto sent = processing().HandOver(As(specialist_a_), d.code, d.version, "consult", police_, std::nullopt,
                                      "Đề nghị xác minh nơi cư trú");
    ASSERT_TRUE(sent.ok()) << sent.error().message;
    EXPECT_TRUE(InQueue(police_officer_, d.code));
    EXPECT_FALSE(InQueue(specialist_a_, d.code));

    // Someone at the asking department cannot answer for the police.
    auto wrong = processing().Answer(As(specialist_a_), d.code, sent->version, "Đã xác minh");
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().message, "dossier.forbidden");
    auto blank = processing().Answer(As(police_officer_), d.code, sent->version, "");
    ASSERT_FALSE(blank.ok());

    Now("2026-11-23T03:00:00.000Z");
    auto answered = processing().Answer(As(police_officer_), d.code, sent->version,
                                        "Đã xác minh: cư trú tại 12 Lê Lợi");
    ASSERT_TRUE(answered.ok()) << answered.error().message;
    const auto stored = Stored(d.code);
    ASSERT_EQ(stored.steps.size(), 3u);
    EXPECT_EQ(stored.steps[1].step_id, "consult");
    EXPECT_EQ(stored.steps[1].outcome, "answered");
    EXPECT_EQ(stored.steps[1].note, "Đã xác minh: cư trú tại 12 Lê Lợi");
    EXPECT_EQ(stored.steps[2].step_id, "review");
    EXPECT_EQ(stored.steps[2].unit_id, dept_a_);
    EXPECT_EQ(stored.steps[2].from_unit_id, police_);
    EXPECT_TRUE(stored.steps[2].open());
    EXPECT_EQ(stored.history.back().action, "answer");
    EXPECT_TRUE(InQueue(specialist_a_, d.code));
    EXPECT_FALSE(InQueue(police_officer_, d.code));
}

// ---- Assigning a step to one person ------------------------------------------------------------------------

TEST_P(DeadlinesTest, AStepGivenToOnePersonIsInTheirQueueOnlyAndOnlyPeopleWithTheTaskCanBeChosen) {
    const auto d = Accepted();
    const auto people = processing().Assignable("specialist", dept_a_);
    // The two specialists of department A in Vietnamese order of their names (here their addresses):
    // the collation puts "@" before any digit, so "ktA@…" comes before "ktA2@…".
    ASSERT_EQ(people.size(), 2u);
    EXPECT_EQ(people[0].email, "ktA@example.vn");
    EXPECT_EQ(people[1].email, "ktA2@example.vn");

    auto outsider = processing().HandOver(As(officer_), d.code, d.version, "review", dept_a_, specialist_b_.id, "");
    ASSERT_FALSE(outsider.ok());
    EXPECT_EQ(outsider.error().message, "processing.assignee");
    EXPECT_EQ(Stored(d.code).state, State::kReceived);

    auto given = processing().HandOver(As(officer_), d.code, d.version, "review", dept_a_, specialist_a2_.id, "");
    ASSERT_TRUE(given.ok()) << given.error().message;
    EXPECT_TRUE(InQueue(specialist_a2_, d.code));
    EXPECT_FALSE(InQueue(specialist_a_, d.code));
}

// ---- Reminders, overdue marks and escalation -------------------------------------------------------------

TEST_P(DeadlinesTest, RemindersGoOnceBeforeTheDueTimesAndOverdueDossiersAreEscalatedToTheLeader) {
    // Accepted Monday 08:00 (due Thursday 08:00); handed to department A Monday 09:00, given to A2: the
    // review step is due Wednesday 09:00 (2 working days). "Due soon" is 24 hours.
    const auto accepted = Accepted();
    Now("2026-11-23T02:00:00.000Z");
    auto d = processing().HandOver(As(officer_), accepted.code, accepted.version, "review", dept_a_,
                                   specialist_a2_.id, "");
    ASSERT_TRUE(d.ok()) << d.error().message;
    auto& sweep = dossiers_->deadlines();
    const auto mails_before = Mails().size();

    // Monday 09:00: nothing is due within 24 hours.
    EXPECT_EQ(sweep.Run().notices, 0);

    // Tuesday 10:00: the step (Wednesday 09:00) is due within 24 hours; the dossier (Thursday 08:00) is not.
    Now("2026-11-24T03:00:00.000Z");
    auto tuesday = sweep.Run();
    EXPECT_EQ(tuesday.notices, 1);
    EXPECT_EQ(tuesday.overdue, 0);
    EXPECT_EQ(MailsTo("ktA2@example.vn", "Sắp đến hạn").size(), 1u);  // the assignee only
    EXPECT_TRUE(MailsTo("ktA@example.vn", "Sắp đến hạn").empty());
    EXPECT_EQ(Mails().size(), mails_before + 1);
    // Another node, or the next run, sends nothing more.
    Now("2026-11-24T03:10:00.000Z");
    EXPECT_EQ(sweep.Run().notices, 0);

    // Wednesday 10:00: the step is overdue (the assignee, and the commune's leader since the department
    // has none); the dossier is due within 24 hours.
    Now("2026-11-25T03:00:00.000Z");
    auto wednesday = sweep.Run();
    EXPECT_EQ(wednesday.notices, 2);
    EXPECT_EQ(wednesday.overdue, 1);
    EXPECT_EQ(MailsTo("ktA2@example.vn", "Quá hạn").size(), 1u);
    EXPECT_EQ(MailsTo("leader@example.vn", "Quá hạn").size(), 1u);
    EXPECT_EQ(MailsTo("ktA2@example.vn", "Sắp đến hạn").size(), 2u);  // the step's, then the dossier's
    EXPECT_EQ(AuditCount("dossier.step_overdue", accepted.code), 1);
    EXPECT_EQ(AuditCount("dossier.overdue", accepted.code), 0);

    // Thursday 09:00: the dossier itself is overdue: marked in the audit log, the leader told again.
    Now("2026-11-26T02:00:00.000Z");
    auto thursday = sweep.Run();
    EXPECT_EQ(thursday.notices, 1);
    EXPECT_EQ(AuditCount("dossier.overdue", accepted.code), 1);
    EXPECT_EQ(MailsTo("leader@example.vn", "Quá hạn").size(), 2u);
    const auto mails_after = Mails().size();
    EXPECT_EQ(sweep.Run().notices, 0);
    EXPECT_EQ(Mails().size(), mails_after);

    // The mail names the dossier, the step and links to its page.
    for (const auto& m : Mails()) {
        if (m.to != "leader@example.vn") continue;
        EXPECT_NE(m.text.find(accepted.code), std::string::npos);
        EXPECT_NE(m.text.find("https://dvc.example.vn/work/dossiers/" + accepted.code), std::string::npos);
    }

    // Once resolved, a dossier is no longer looked at.
    Now("2026-11-26T03:00:00.000Z");
    auto current = Stored(accepted.code);
    auto handed = processing().HandOver(As(specialist_a2_), accepted.code, current.version, "approve", commune_,
                                        std::nullopt, "");
    ASSERT_TRUE(handed.ok()) << handed.error().message;
    auto approved = processing().Approve(As(leader_), accepted.code, handed->version, "");
    ASSERT_TRUE(approved.ok()) << approved.error().message;
    Now("2026-11-30T03:00:00.000Z");
    EXPECT_EQ(sweep.Run().notices, 0);
}

// ---- The national portal's NgayHenTra ---------------------------------------------------------------------

TEST_P(DeadlinesTest, TheExportGivesTheAppointmentMovedOnlyByAnExtensionNeverByASupplementPause) {
    // Handed to department A Monday 08:00 (appointment Thursday 08:00). A supplement from Monday 09:00 to
    // Tuesday 09:00 moves the due time by a working day, but the portal subtracts supplement time itself:
    // NgayHenTra stays the appointment of Mẫu 01.
    const auto d = AtDepartmentA();
    persistence::SqlPortalRepository portal(stack_->tdb.db(), stack_->crypto, stack_->clock);
    Now("2026-11-23T02:00:00.000Z");
    auto asked = processing().RequestSupplement(As(specialist_a_), d.code, d.version, {{"Tờ khai", "thiếu chữ ký"}}, nullptr);
    ASSERT_TRUE(asked.ok()) << asked.error().message;
    Now("2026-11-24T02:00:00.000Z");
    auto done = processing().CompleteSupplement(As(officer_), d.code, asked->version);
    ASSERT_TRUE(done.ok()) << done.error().message;
    EXPECT_EQ(done->due_at, "2026-11-27T01:00:00.000Z");
    auto exported = portal.Load(done->id);
    ASSERT_TRUE(exported.has_value());
    EXPECT_EQ(exported->due_at, At("2026-11-26T01:00:00.000Z"));

    // The leader apologises and sets Monday 30 November 16:00: that is the new NgayHenTra.
    auto extended = processing().Extend(As(leader_), d.code, done->version, "Cần xác minh thêm",
                                        At("2026-11-30T09:00:00.000Z"), nullptr);
    ASSERT_TRUE(extended.ok()) << extended.error().message;
    exported = portal.Load(done->id);
    ASSERT_TRUE(exported.has_value());
    EXPECT_EQ(exported->due_at, At("2026-11-30T09:00:00.000Z"));
}

// ---- Mẫu 07, the register of a receiving unit --------------------------------------------------------------

TEST_P(DeadlinesTest, TheRegisterListsTheDossiersTheUnitReceivedInThePeriodWithTheirDates) {
    // Two dossiers received on Monday 23 November; one returned on Wednesday, early (due Thursday 08:00).
    const auto first = AtDepartmentA();
    Now("2026-11-23T03:00:00.000Z");
    const auto second = Accepted();
    Now("2026-11-24T02:00:00.000Z");
    auto handed = processing().HandOver(As(specialist_a_), first.code, first.version, "approve", commune_,
                                        std::nullopt, "");
    ASSERT_TRUE(handed.ok()) << handed.error().message;
    auto approved = processing().Approve(As(leader_), first.code, handed->version, "");
    ASSERT_TRUE(approved.ok()) << approved.error().message;
    Now("2026-11-25T02:00:00.000Z");
    auto returned = processing().ReturnResult(As(officer_), first.code, approved->version, "counter");
    ASSERT_TRUE(returned.ok()) << returned.error().message;

    auto book = intake().Register(As(officer_), centre_, "2026-11-23", "2026-11-23");
    ASSERT_TRUE(book.ok()) << book.error().message;
    EXPECT_EQ(book->unit_name, "Trung tâm phục vụ hành chính công phường An Phú");
    EXPECT_EQ(book->authority_name, "PHƯỜNG AN PHÚ");
    ASSERT_EQ(book->rows.size(), 2u);
    const auto& row = book->rows[0];  // received first
    EXPECT_EQ(row.dossier_code, first.code);
    EXPECT_EQ(row.applicant_name, "Nguyễn Văn An");
    EXPECT_EQ(row.lead_agency, "Phường An Phú");
    EXPECT_EQ(row.received_at.day, 23);
    EXPECT_EQ(row.received_at.hour, 8);
    EXPECT_EQ(row.appointment_at.day, 26);
    ASSERT_TRUE(row.transferred_at.has_value());
    EXPECT_EQ(row.transferred_at->hour, 8);
    ASSERT_TRUE(row.result_at.has_value());
    EXPECT_EQ(row.result_at->day, 24);
    ASSERT_TRUE(row.returned_at.has_value());
    EXPECT_EQ(row.returned_at->day, 25);
    EXPECT_EQ(row.return_mark, domain::forms::Timeliness::kEarly);
    EXPECT_EQ(book->rows[1].dossier_code, second.code);
    EXPECT_FALSE(book->rows[1].returned_at.has_value());

    // The next day's book is empty; a period the wrong way round or too long is refused; staff of
    // another unit may not read this one's book.
    auto tuesday = intake().Register(As(officer_), centre_, "2026-11-24", "2026-11-24");
    ASSERT_TRUE(tuesday.ok());
    EXPECT_TRUE(tuesday->rows.empty());
    auto backwards = intake().Register(As(officer_), centre_, "2026-11-24", "2026-11-23");
    ASSERT_FALSE(backwards.ok());
    EXPECT_EQ(backwards.error().message, "register.period");
    EXPECT_FALSE(intake().Register(As(officer_), centre_, "2025-01-01", "2026-11-30").ok());
    auto outsider = intake().Register(As(police_officer_), centre_, "2026-11-23", "2026-11-23");
    ASSERT_FALSE(outsider.ok());
    EXPECT_EQ(outsider.error().message, "dossier.forbidden");
}

INSTANTIATE_TEST_SUITE_P(Engines, DeadlinesTest, ::mocua::testing::AllEngines(), ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
