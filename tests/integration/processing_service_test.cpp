// Processing of received dossiers (domain/dossier/processing_service.hpp) through the real stack
// (app/dossier_stack.hpp) on both engines: hand-over along the procedure's workflow, who may act where,
// sending back, approval and return of the result, supplement pauses that move the due times, the one
// extension (Mẫu 04), stopping (Mẫu 05), withdrawal, work queues and optimistic locking. Then the
// catalogue's workflow rules and the default workflow, which need no database.
// The fixture, its units, people and times: processing_fixture.hpp.
#include "integration/processing_fixture.hpp"

namespace mocua {
namespace {

using namespace ::mocua::testing::processing;  // NOLINT: the fixture's names

// ---- The whole way ------------------------------------------------------------------------------------

TEST_P(ProcessingServiceTest, ADossierGoesFromReceptionThroughItsStepsToTheReturnedResult) {
    // Accepted Monday 08:00 with 3 working days: Tuesday, Wednesday and Thursday are the three days, so
    // the appointment is Thursday 26 November at 08:00 (01:00 UTC).
    const auto accepted = Accepted();
    ASSERT_EQ(accepted.state, State::kReceived);
    EXPECT_EQ(accepted.due_at, "2026-11-26T01:00:00.000Z");
    EXPECT_TRUE(InQueue(officer_, accepted.code));  // to hand over

    // Monday 09:00: the officer hands it to department A's review step (2 working days → Wednesday 09:00).
    Now("2026-11-23T02:00:00.000Z");
    auto next = processing().NextSteps(As(officer_), accepted.code);
    ASSERT_TRUE(next.ok()) << next.error().message;
    ASSERT_EQ(next->size(), 1u);
    EXPECT_EQ((*next)[0].step.id, "review");
    ASSERT_EQ((*next)[0].units.size(), 2u);  // the commune's two departments, by name
    EXPECT_EQ((*next)[0].units[0].id, dept_a_);
    EXPECT_EQ((*next)[0].units[1].id, dept_b_);
    auto handed = processing().HandOver(As(officer_), accepted.code, accepted.version, "review", dept_a_,
                                        std::nullopt, "Chuyển thẩm định");
    ASSERT_TRUE(handed.ok()) << handed.error().message;
    EXPECT_EQ(handed->state, State::kProcessing);
    EXPECT_EQ(handed->version, accepted.version + 1);
    {
        const auto d = Stored(accepted.code);
        ASSERT_EQ(d.steps.size(), 1u);
        const auto& s = d.steps[0];
        EXPECT_EQ(s.step_id, "review");
        EXPECT_EQ(s.role, "specialist");
        EXPECT_EQ(s.unit_id, dept_a_);
        EXPECT_EQ(s.from_unit_id, centre_);
        EXPECT_EQ(s.from_account_id, officer_.id);
        EXPECT_EQ(s.started_at, "2026-11-23T02:00:00.000Z");
        EXPECT_EQ(s.due_at, "2026-11-25T02:00:00.000Z");
        EXPECT_TRUE(s.open());
        EXPECT_EQ(d.due_at, "2026-11-26T01:00:00.000Z");
    }
    EXPECT_TRUE(InQueue(specialist_a_, accepted.code));
    EXPECT_FALSE(InQueue(specialist_b_, accepted.code));
    EXPECT_FALSE(InQueue(leader_, accepted.code));
    EXPECT_FALSE(InQueue(officer_, accepted.code));

    // Tuesday 10:00: the specialist forwards it to the leader (1 working day → Wednesday 10:00).
    Now("2026-11-24T03:00:00.000Z");
    next = processing().NextSteps(As(specialist_a_), accepted.code);
    ASSERT_TRUE(next.ok());
    ASSERT_EQ(next->size(), 1u);
    EXPECT_EQ((*next)[0].step.id, "approve");
    ASSERT_EQ((*next)[0].units.size(), 1u);
    EXPECT_EQ((*next)[0].units[0].id, commune_);
    auto forwarded = processing().HandOver(As(specialist_a_), accepted.code, handed->version, "approve",
                                           commune_, std::nullopt, "Đủ điều kiện");
    ASSERT_TRUE(forwarded.ok()) << forwarded.error().message;
    {
        const auto d = Stored(accepted.code);
        ASSERT_EQ(d.steps.size(), 2u);
        EXPECT_EQ(d.steps[0].finished_at, "2026-11-24T03:00:00.000Z");
        EXPECT_EQ(d.steps[0].outcome, "forwarded");
        EXPECT_EQ(d.steps[0].note, "Đủ điều kiện");
        const auto& s = d.steps[1];
        EXPECT_EQ(s.step_id, "approve");
        EXPECT_EQ(s.role, "leader");
        EXPECT_EQ(s.unit_id, commune_);
        EXPECT_EQ(s.from_unit_id, dept_a_);
        EXPECT_EQ(s.from_account_id, specialist_a_.id);
        EXPECT_EQ(s.started_at, "2026-11-24T03:00:00.000Z");
        EXPECT_EQ(s.due_at, "2026-11-25T03:00:00.000Z");
        EXPECT_TRUE(s.open());
    }
    EXPECT_FALSE(InQueue(specialist_a_, accepted.code));
    EXPECT_TRUE(InQueue(leader_, accepted.code));

    // Tuesday 14:00: the leader approves; the dossier is resolved (state 9) and waits for its return.
    Now("2026-11-24T07:00:00.000Z");
    auto approved = processing().Approve(As(leader_), accepted.code, forwarded->version, "Đồng ý");
    ASSERT_TRUE(approved.ok()) << approved.error().message;
    EXPECT_EQ(approved->state, State::kResolved);
    {
        const auto d = Stored(accepted.code);
        EXPECT_EQ(d.state, State::kResolved);
        EXPECT_EQ(d.resolved_at, "2026-11-24T07:00:00.000Z");
        EXPECT_FALSE(d.returned_at.has_value());
        ASSERT_EQ(d.steps.size(), 2u);
        EXPECT_EQ(d.steps[1].finished_at, "2026-11-24T07:00:00.000Z");
        EXPECT_EQ(d.steps[1].outcome, "approved");
        EXPECT_EQ(d.OpenStep(), nullptr);
    }
    EXPECT_FALSE(InQueue(leader_, accepted.code));
    EXPECT_TRUE(InQueue(officer_, accepted.code));  // to return

    // Only the one-stop officer of the receiving unit returns the result; Tuesday 15:00 at the counter.
    Now("2026-11-24T08:00:00.000Z");
    EXPECT_EQ(
        processing().ReturnResult(As(leader_), accepted.code, approved->version, "counter").error().message,
        "dossier.forbidden");
    EXPECT_EQ(
        processing().ReturnResult(As(officer_), accepted.code, approved->version, "fax").error().message,
        "dossier.result_delivery");
    auto returned = processing().ReturnResult(As(officer_), accepted.code, approved->version, "counter");
    ASSERT_TRUE(returned.ok()) << returned.error().message;
    const auto d = Stored(accepted.code);
    EXPECT_EQ(d.state, State::kReturned);
    EXPECT_EQ(d.returned_at, "2026-11-24T08:00:00.000Z");
    EXPECT_EQ(d.return_channel, "counter");
    EXPECT_EQ(d.resolved_at, "2026-11-24T07:00:00.000Z");
    std::vector<std::string> actions;
    for (const auto& h : d.history) actions.push_back(h.action);
    EXPECT_EQ(actions,
              (std::vector<std::string>{"submit", "accept", "hand_over", "hand_over", "approve", "return"}));
    EXPECT_EQ(d.history.back().from, State::kResolved);
    EXPECT_EQ(d.history.back().to, State::kReturned);
    EXPECT_FALSE(InQueue(officer_, accepted.code));
    // Nothing more can be done to it.
    EXPECT_EQ(processing().ReturnResult(As(officer_), accepted.code, d.version, "counter").error().message,
              "dossier.state");

    // Now the applicant rates it online (once per kind), and the counter records its own rating.
    EXPECT_EQ(intake().Rate(As(citizen_), accepted.code, "three_level", "very_happy", "online").error().message,
              "dossier.rating");
    EXPECT_EQ(intake().Rate(As(other_citizen_), accepted.code, "three_level", "satisfied", "online").error().message,
              "dossier.not_found");
    ASSERT_TRUE(intake().Rate(As(citizen_), accepted.code, "three_level", "satisfied", "online").ok());
    EXPECT_EQ(intake().Rate(As(citizen_), accepted.code, "three_level", "dissatisfied", "online").error().message,
              "dossier.already_rated");
    EXPECT_EQ(intake().Rate(As(citizen_), accepted.code, "nine_indices", "2,2,2,2,2,2,2,2", "online").error().message,
              "dossier.rating");  // eight values
    ASSERT_TRUE(intake().Rate(As(citizen_), accepted.code, "nine_indices", "2,2,1,2,2,2,2,0,2", "online").ok());
    EXPECT_EQ(intake().Rate(As(citizen_), accepted.code, "three_level", "satisfied", "counter").error().message,
              "dossier.forbidden");
    ASSERT_TRUE(intake().Rate(As(officer_), accepted.code, "three_level", "very_satisfied", "counter").ok());
    const auto rated = Stored(accepted.code);
    ASSERT_EQ(rated.ratings.size(), 3u);
    EXPECT_EQ(rated.ratings[1].value, "2,2,1,2,2,2,2,0,2");
    EXPECT_EQ(rated.ratings[2].channel, "counter");
}

TEST_P(ProcessingServiceTest, ADossierIsRatedOnlyAfterItsResultIsReturned) {
    const auto x = Accepted();
    EXPECT_EQ(intake().Rate(As(citizen_), x.code, "three_level", "satisfied", "online").error().message,
              "dossier.state");
}

TEST_P(ProcessingServiceTest, AProcedureWithoutAWorkflowGoesThroughTheDefaultTwoSteps) {
    // Received at the counter Monday 08:00 with 2 working days: due Wednesday 25 at 08:00. The default
    // workflow gives the leader 1 working day and the department the rest, 1 working day.
    dossier::CounterApplication app;
    app.procedure_code = kDefault;
    app.channel = Channel::kCounter;
    app.receiving_unit_id = centre_;
    app.competent_unit_id = commune_;
    app.applicant = {"citizen", "Trần Thị Cúc", "079203000456", "5 Hùng Vương", "0987654321", ""};
    auto received = intake().ReceiveAtCounter(As(officer_), app, nullptr);
    ASSERT_TRUE(received.ok()) << received.error().message;
    auto accepted = intake().Accept(As(officer_), received->code, received->version);
    ASSERT_TRUE(accepted.ok()) << accepted.error().message;
    EXPECT_EQ(accepted->due_at, "2026-11-25T01:00:00.000Z");

    Now("2026-11-23T02:00:00.000Z");  // Monday 09:00
    auto next = processing().NextSteps(As(officer_), received->code);
    ASSERT_TRUE(next.ok());
    ASSERT_EQ(next->size(), 1u);
    EXPECT_EQ((*next)[0].step.id, "process");
    EXPECT_EQ((*next)[0].step.role, "specialist");
    ASSERT_EQ((*next)[0].units.size(), 2u);
    auto handed = processing().HandOver(As(officer_), received->code, accepted->version, "process", dept_b_,
                                        std::nullopt, "");
    ASSERT_TRUE(handed.ok()) << handed.error().message;
    EXPECT_TRUE(InQueue(specialist_b_, received->code));
    EXPECT_FALSE(InQueue(specialist_a_, received->code));

    Now("2026-11-23T03:00:00.000Z");  // Monday 10:00
    auto forwarded = processing().HandOver(As(specialist_b_), received->code, handed->version, "approve",
                                           commune_, std::nullopt, "");
    ASSERT_TRUE(forwarded.ok()) << forwarded.error().message;
    auto approved = processing().Approve(As(leader_), received->code, forwarded->version, "");
    ASSERT_TRUE(approved.ok()) << approved.error().message;
    const auto d = Stored(received->code);
    EXPECT_EQ(d.state, State::kResolved);
    ASSERT_EQ(d.steps.size(), 2u);
    EXPECT_EQ(d.steps[0].step_id, "process");
    EXPECT_EQ(d.steps[0].unit_id, dept_b_);
    EXPECT_EQ(d.steps[0].due_at, "2026-11-24T02:00:00.000Z");  // Tuesday 09:00
    EXPECT_EQ(d.steps[1].step_id, "approve");
    EXPECT_EQ(d.steps[1].unit_id, commune_);
    EXPECT_EQ(d.steps[1].from_unit_id, dept_b_);
    EXPECT_EQ(d.steps[1].due_at, "2026-11-24T03:00:00.000Z");  // Tuesday 10:00
    EXPECT_EQ(d.steps[1].outcome, "approved");
}

// ---- Who may act --------------------------------------------------------------------------------------

TEST_P(ProcessingServiceTest, OnlyTheRoleAtTheStepsUnitActsAndOnlyAlongTheWorkflow) {
    const auto accepted = Accepted();
    const auto v0 = accepted.version;
    // In state 2 only the receiving unit's one-stop officer hands over, and only to the first step, at a
    // unit the step allows (a department of the competent unit, not the centre nor the commune itself).
    EXPECT_EQ(processing()
                  .HandOver(As(specialist_a_), accepted.code, v0, "review", dept_a_, {}, "")
                  .error()
                  .message,
              "dossier.forbidden");
    EXPECT_EQ(
        processing().HandOver(As(officer_), accepted.code, v0, "approve", commune_, {}, "").error().message,
        "processing.step");
    EXPECT_EQ(processing().HandOver(As(officer_), accepted.code, v0, "sign", dept_a_, {}, "").error().message,
              "processing.step");
    EXPECT_EQ(
        processing().HandOver(As(officer_), accepted.code, v0, "review", centre_, {}, "").error().message,
        "processing.unit");
    EXPECT_EQ(
        processing().HandOver(As(officer_), accepted.code, v0, "review", commune_, {}, "").error().message,
        "processing.unit");
    EXPECT_EQ(Stored(accepted.code).version, v0);

    auto at_a = processing().HandOver(As(officer_), accepted.code, v0, "review", dept_a_, {}, "");
    ASSERT_TRUE(at_a.ok()) << at_a.error().message;
    const auto v1 = at_a->version;
    // Department B's specialist cannot touch department A's step.
    EXPECT_EQ(processing()
                  .HandOver(As(specialist_b_), accepted.code, v1, "approve", commune_, {}, "")
                  .error()
                  .message,
              "dossier.forbidden");
    EXPECT_EQ(processing().SendBack(As(specialist_b_), accepted.code, v1, "Sai").error().message,
              "dossier.forbidden");
    EXPECT_EQ(processing().Approve(As(specialist_b_), accepted.code, v1, "").error().message,
              "dossier.forbidden");
    // Nor may the leader do the specialist's step, nor the officer once it has left the counter.
    EXPECT_EQ(
        processing().HandOver(As(leader_), accepted.code, v1, "approve", commune_, {}, "").error().message,
        "dossier.forbidden");
    EXPECT_EQ(
        processing().HandOver(As(officer_), accepted.code, v1, "approve", commune_, {}, "").error().message,
        "dossier.forbidden");
    // Department A's specialist: the review step is not final; "review" is not its own next step; the
    // approval is done at the competent unit; there is nothing before the first step to send back to.
    EXPECT_EQ(processing().Approve(As(specialist_a_), accepted.code, v1, "").error().message,
              "processing.not_final");
    EXPECT_EQ(processing()
                  .HandOver(As(specialist_a_), accepted.code, v1, "review", dept_a_, {}, "")
                  .error()
                  .message,
              "processing.step");
    EXPECT_EQ(processing()
                  .HandOver(As(specialist_a_), accepted.code, v1, "approve", dept_a_, {}, "")
                  .error()
                  .message,
              "processing.unit");
    EXPECT_EQ(processing().SendBack(As(specialist_a_), accepted.code, v1, "Sai").error().message,
              "processing.no_previous");
    EXPECT_EQ(Stored(accepted.code).version, v1);

    auto at_leader = processing().HandOver(As(specialist_a_), accepted.code, v1, "approve", commune_, {}, "");
    ASSERT_TRUE(at_leader.ok()) << at_leader.error().message;
    // A specialist cannot approve at the leader's step.
    const auto v2 = at_leader->version;
    auto by_specialist = processing().Approve(As(specialist_a_), accepted.code, v2, "");
    EXPECT_EQ(by_specialist.error().code, core::ErrorCode::kForbidden);
    EXPECT_EQ(by_specialist.error().message, "dossier.forbidden");
    // A citizen acts on nothing here.
    EXPECT_EQ(processing().Approve(As(citizen_), accepted.code, v2, "").error().message, "dossier.forbidden");
    const auto d = Stored(accepted.code);
    EXPECT_EQ(d.version, v2);
    EXPECT_EQ(d.state, State::kProcessing);
    ASSERT_NE(d.OpenStep(), nullptr);
    EXPECT_EQ(d.OpenStep()->step_id, "approve");
}

// ---- Sending back ---------------------------------------------------------------------------------------

TEST_P(ProcessingServiceTest, SendingBackReturnsTheDossierToThePreviousUnitWithTheReason) {
    const auto at_a = AtDepartmentA();  // Monday 08:00
    Now("2026-11-24T03:00:00.000Z");    // Tuesday 10:00
    auto at_leader =
        processing().HandOver(As(specialist_a_), at_a.code, at_a.version, "approve", commune_, {}, "");
    ASSERT_TRUE(at_leader.ok()) << at_leader.error().message;

    EXPECT_EQ(processing().SendBack(As(leader_), at_a.code, at_leader->version, "  ").error().message,
              "dossier.invalid");
    // Tuesday 11:00: back to department A; its review step starts again with its 2 working days
    // (→ Thursday 11:00).
    Now("2026-11-24T04:00:00.000Z");
    const std::string reason = "Thiếu xác nhận của tổ dân phố";
    auto back = processing().SendBack(As(leader_), at_a.code, at_leader->version, reason);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->state, State::kProcessing);
    auto d = Stored(at_a.code);
    ASSERT_EQ(d.steps.size(), 3u);
    EXPECT_EQ(d.steps[1].outcome, "sent_back");
    EXPECT_EQ(d.steps[1].finished_at, "2026-11-24T04:00:00.000Z");
    EXPECT_EQ(d.steps[1].note, reason);
    const auto& again = d.steps[2];
    EXPECT_EQ(again.step_id, "review");
    EXPECT_EQ(again.role, "specialist");
    EXPECT_EQ(again.unit_id, dept_a_);
    EXPECT_EQ(again.from_unit_id, commune_);
    EXPECT_EQ(again.from_account_id, leader_.id);
    EXPECT_EQ(again.started_at, "2026-11-24T04:00:00.000Z");
    EXPECT_EQ(again.due_at, "2026-11-26T04:00:00.000Z");
    EXPECT_TRUE(again.open());
    EXPECT_EQ(d.history.back().action, "send_back");
    EXPECT_EQ(d.history.back().note, reason);
    EXPECT_EQ(d.history.back().unit_id, dept_a_);
    EXPECT_TRUE(InQueue(specialist_a_, at_a.code));
    EXPECT_FALSE(InQueue(leader_, at_a.code));
    // The reopened review is still the workflow's first step: nothing before it to send back to (the
    // review step it reopened is not its predecessor).
    EXPECT_EQ(processing().SendBack(As(specialist_a_), at_a.code, back->version, "Sai").error().message,
              "processing.no_previous");
    EXPECT_EQ(Stored(at_a.code).steps.size(), 3u);

    // Department A forwards it again, and the leader approves.
    Now("2026-11-24T07:00:00.000Z");
    auto again_forwarded = processing().HandOver(As(specialist_a_), at_a.code, back->version, "approve",
                                                 commune_, {}, "Đã bổ sung xác nhận");
    ASSERT_TRUE(again_forwarded.ok()) << again_forwarded.error().message;
    d = Stored(at_a.code);
    ASSERT_EQ(d.steps.size(), 4u);
    EXPECT_EQ(d.steps[2].outcome, "forwarded");
    EXPECT_EQ(d.steps[3].step_id, "approve");
    EXPECT_EQ(d.steps[3].from_unit_id, dept_a_);
    EXPECT_EQ(d.steps[3].due_at, "2026-11-25T07:00:00.000Z");  // Wednesday 14:00
    auto approved = processing().Approve(As(leader_), at_a.code, again_forwarded->version, "");
    ASSERT_TRUE(approved.ok()) << approved.error().message;
    EXPECT_EQ(Stored(at_a.code).state, State::kResolved);
}

// ---- Supplement during processing -------------------------------------------------------------------

TEST_P(ProcessingServiceTest, ASupplementPausesTheClockAndMovesTheDueTimesByThePausedWorkingTime) {
    // Accepted Monday 08:00 (due Thursday 08:00), at department A from Monday 09:00 (step due Wednesday
    // 09:00).
    Now("2026-11-23T01:00:00.000Z");
    const auto accepted = Accepted();
    Now("2026-11-23T02:00:00.000Z");
    auto at_a =
        processing().HandOver(As(officer_), accepted.code, accepted.version, "review", dept_a_, {}, "");
    ASSERT_TRUE(at_a.ok()) << at_a.error().message;
    EXPECT_EQ(Stored(accepted.code).steps[0].due_at, "2026-11-25T02:00:00.000Z");

    EXPECT_EQ(processing()
                  .RequestSupplement(As(specialist_a_), accepted.code, at_a->version, {}, nullptr)
                  .error()
                  .message,
              "dossier.invalid");
    EXPECT_EQ(processing()
                  .RequestSupplement(As(specialist_b_), accepted.code, at_a->version,
                                     {{"Giấy chứng sinh", ""}}, nullptr)
                  .error()
                  .message,
              "dossier.forbidden");
    // Monday 10:00: the specialist asks for a document (Mẫu 02); the clock stops.
    Now("2026-11-23T03:00:00.000Z");
    auto asked =
        processing().RequestSupplement(As(specialist_a_, "Trần Văn Khoa"), accepted.code, at_a->version,
                                       {{"Bản sao giấy chứng sinh", "Bản đã nộp không đọc được"}}, nullptr);
    ASSERT_TRUE(asked.ok()) << asked.error().message;
    EXPECT_EQ(asked->state, State::kSupplementRequested);
    auto d = Stored(accepted.code);
    EXPECT_EQ(d.state, State::kSupplementRequested);
    ASSERT_EQ(d.pauses.size(), 1u);
    EXPECT_EQ(d.pauses[0].kind, "supplement");
    EXPECT_EQ(d.pauses[0].from_state, State::kProcessing);
    EXPECT_EQ(d.pauses[0].requested_at, "2026-11-23T03:00:00.000Z");
    EXPECT_FALSE(d.pauses[0].completed_at.has_value());
    const auto* form = d.Form("02");
    ASSERT_NE(form, nullptr);
    auto notice = dossier::SupplementFromJson(form->data);
    ASSERT_TRUE(notice.ok()) << notice.error().message;
    ASSERT_EQ(notice->items.size(), 1u);
    EXPECT_EQ(notice->items[0].what, "Bản sao giấy chứng sinh");
    EXPECT_EQ(notice->common.dossier_code, accepted.code);
    EXPECT_EQ(d.history.back().action, "request_supplement");
    EXPECT_FALSE(InQueue(specialist_a_, accepted.code));  // nothing to do while the applicant supplements
    // While it waits for the applicant nobody processes it.
    EXPECT_EQ(processing()
                  .HandOver(As(specialist_a_), accepted.code, asked->version, "approve", commune_, {}, "")
                  .error()
                  .message,
              "dossier.state");

    // Two working days pass (Monday 10:00 → Wednesday 10:00: 5 + 8 + 3 = 16 office hours). Another
    // citizen cannot complete it; the applicant does, online.
    Now("2026-11-25T03:00:00.000Z");
    EXPECT_EQ(
        processing().CompleteSupplement(As(other_citizen_), accepted.code, asked->version).error().message,
        "dossier.forbidden");
    auto completed = processing().CompleteSupplement(As(citizen_), accepted.code, asked->version);
    ASSERT_TRUE(completed.ok()) << completed.error().message;
    EXPECT_EQ(completed->state, State::kProcessing);
    d = Stored(accepted.code);
    EXPECT_EQ(d.state, State::kProcessing);
    ASSERT_EQ(d.pauses.size(), 1u);
    EXPECT_EQ(d.pauses[0].completed_at, "2026-11-25T03:00:00.000Z");
    // The dossier: 2 office hours used before the pause (Monday 08:00–10:00), 22 after it: Wednesday
    // 10:00–17:00 (5), Thursday (8), Friday (8), Monday 30 07:00–08:00 (1) → Monday 30 at 08:00, two
    // working days later than Thursday 08:00.
    EXPECT_EQ(d.due_at, "2026-11-30T01:00:00.000Z");
    // The open step: 1 hour before the pause (09:00–10:00), 15 after: Wednesday (5), Thursday (8),
    // Friday 07:00–09:00 (2) → Friday 27 at 09:00, two working days later than Wednesday 09:00.
    ASSERT_NE(d.OpenStep(), nullptr);
    EXPECT_EQ(d.OpenStep()->step_id, "review");
    EXPECT_EQ(d.OpenStep()->unit_id, dept_a_);
    EXPECT_EQ(d.OpenStep()->due_at, "2026-11-27T02:00:00.000Z");
    EXPECT_EQ(d.history.back().action, "complete_supplement");
    EXPECT_TRUE(InQueue(specialist_a_, accepted.code));

    // And processing goes on.
    auto forwarded = processing().HandOver(As(specialist_a_), accepted.code, completed->version, "approve",
                                           commune_, {}, "");
    ASSERT_TRUE(forwarded.ok()) << forwarded.error().message;
}

// ---- Extension ----------------------------------------------------------------------------------------

TEST_P(ProcessingServiceTest, OneExtensionByTheLeaderAtLeastOneWorkingDayBeforeTheDueTime) {
    // Both accepted Monday 08:00: due Thursday 26 at 08:00.
    const auto x = AtDepartmentA();
    const auto y = AtDepartmentA();
    ASSERT_EQ(x.due_at, "2026-11-26T01:00:00.000Z");
    const auto due = At("2026-11-26T01:00:00.000Z");
    const auto tuesday_next_week = At("2026-12-01T01:00:00.000Z");

    // Wednesday 08:00, exactly one working day before the due time: still allowed.
    Now("2026-11-25T01:00:00.000Z");
    EXPECT_EQ(processing()
                  .Extend(As(specialist_a_), x.code, x.version, "Cần xác minh", tuesday_next_week, nullptr)
                  .error()
                  .message,
              "dossier.forbidden");
    EXPECT_EQ(processing()
                  .Extend(As(officer_), x.code, x.version, "Cần xác minh", tuesday_next_week, nullptr)
                  .error()
                  .message,
              "dossier.forbidden");
    std::vector<dossier::Problem> problems;
    EXPECT_EQ(processing()
                  .Extend(As(leader_), x.code, x.version, " ", tuesday_next_week, &problems)
                  .error()
                  .message,
              "dossier.invalid");
    EXPECT_EQ(problems, (std::vector<dossier::Problem>{{"reason", "dossier.reasons_required"}}));
    EXPECT_EQ(
        processing().Extend(As(leader_), x.code, x.version, "Cần xác minh", due, nullptr).error().message,
        "processing.extension_date");
    auto extended = processing().Extend(As(leader_), x.code, x.version,
                                        "Cần xác minh thêm với UBND nơi cư trú", tuesday_next_week, nullptr);
    ASSERT_TRUE(extended.ok()) << extended.error().message;
    auto d = Stored(x.code);
    EXPECT_EQ(d.state, State::kProcessing);
    EXPECT_EQ(d.due_at, "2026-12-01T01:00:00.000Z");
    EXPECT_EQ(d.extended_at, "2026-11-25T01:00:00.000Z");
    EXPECT_EQ(d.appointment_at, "2026-11-26T01:00:00.000Z");  // the receipt's appointment stays as printed
    const auto* form = d.Form("04");
    ASSERT_NE(form, nullptr);
    auto notice = dossier::ExtensionFromJson(form->data);
    ASSERT_TRUE(notice.ok()) << notice.error().message;
    EXPECT_EQ(notice->reason, "Cần xác minh thêm với UBND nơi cư trú");
    EXPECT_EQ(notice->old_appointment.day, 26);
    EXPECT_EQ(notice->old_appointment.hour, 8);
    EXPECT_EQ(notice->new_appointment.day, 1);
    EXPECT_EQ(notice->new_appointment.month, 12);
    EXPECT_EQ(notice->new_appointment.hour, 8);
    EXPECT_EQ(d.history.back().action, "extend");
    // Only once.
    EXPECT_EQ(processing()
                  .Extend(As(leader_), x.code, d.version, "Lần nữa", At("2026-12-03T01:00:00.000Z"), nullptr)
                  .error()
                  .message,
              "processing.extension_once");

    // Wednesday 08:30: less than one working day before y's due time.
    Now("2026-11-25T01:30:00.000Z");
    EXPECT_EQ(processing()
                  .Extend(As(leader_), y.code, y.version, "Cần xác minh", tuesday_next_week, nullptr)
                  .error()
                  .message,
              "processing.extension_late");
    d = Stored(y.code);
    EXPECT_EQ(d.due_at, "2026-11-26T01:00:00.000Z");
    EXPECT_FALSE(d.extended_at.has_value());
    EXPECT_EQ(d.Form("04"), nullptr);
}

// ---- Stop and withdrawal --------------------------------------------------------------------------------

TEST_P(ProcessingServiceTest, StoppingAndWithdrawingEndTheDossierAndCloseItsOpenStep) {
    const auto x = AtDepartmentA();
    const auto y = AtDepartmentA();
    Now("2026-11-24T03:00:00.000Z");  // Tuesday 10:00

    std::vector<dossier::Problem> problems;
    EXPECT_EQ(processing().Stop(As(leader_), x.code, x.version, {" "}, &problems).error().message,
              "dossier.invalid");
    EXPECT_EQ(problems, (std::vector<dossier::Problem>{{"reasons", "dossier.reasons_required"}}));
    EXPECT_EQ(
        processing().Stop(As(specialist_a_), x.code, x.version, {"Giấy tờ giả"}, nullptr).error().message,
        "dossier.forbidden");
    // A reason longer than 2000 bytes is cut before the character the limit falls in ("ố" takes bytes
    // 2000–2002), not inside it.
    auto stopped = processing().Stop(As(leader_, "Hoàng Văn Nam"), x.code, x.version,
                                     {"Giấy tờ giả mạo", std::string(1999, 'a') + "ố"}, nullptr);
    ASSERT_TRUE(stopped.ok()) << stopped.error().message;
    auto d = Stored(x.code);
    EXPECT_EQ(d.state, State::kStopped);
    EXPECT_EQ(d.resolved_at, "2026-11-24T03:00:00.000Z");
    ASSERT_EQ(d.steps.size(), 1u);
    EXPECT_EQ(d.steps[0].outcome, "stopped");
    EXPECT_EQ(d.steps[0].finished_at, "2026-11-24T03:00:00.000Z");
    EXPECT_EQ(d.OpenStep(), nullptr);
    const auto* form = d.Form("05");
    ASSERT_NE(form, nullptr);
    auto notice = dossier::RefusalFromJson(form->data);
    ASSERT_TRUE(notice.ok()) << notice.error().message;
    EXPECT_EQ(notice->reasons, (std::vector<std::string>{"Giấy tờ giả mạo", std::string(1999, 'a')}));
    EXPECT_EQ(d.history.back().action, "stop");
    EXPECT_FALSE(InQueue(specialist_a_, x.code));
    EXPECT_EQ(processing().Withdraw(As(citizen_), x.code, d.version, "").error().message, "dossier.state");

    EXPECT_EQ(processing().Withdraw(As(other_citizen_), y.code, y.version, "").error().message,
              "dossier.forbidden");
    EXPECT_EQ(processing().Withdraw(As(specialist_a_), y.code, y.version, "").error().message,
              "dossier.forbidden");
    auto withdrawn = processing().Withdraw(As(citizen_), y.code, y.version, "Không còn nhu cầu");
    ASSERT_TRUE(withdrawn.ok()) << withdrawn.error().message;
    d = Stored(y.code);
    EXPECT_EQ(d.state, State::kWithdrawalRequested);
    EXPECT_EQ(d.resolved_at, "2026-11-24T03:00:00.000Z");
    ASSERT_EQ(d.steps.size(), 1u);
    EXPECT_EQ(d.steps[0].outcome, "withdrawn");
    EXPECT_EQ(d.OpenStep(), nullptr);
    EXPECT_EQ(d.history.back().action, "withdraw");
    EXPECT_EQ(d.history.back().note, "Không còn nhu cầu");
    EXPECT_FALSE(InQueue(specialist_a_, y.code));
    EXPECT_EQ(processing().Stop(As(leader_), y.code, d.version, {"Muộn"}, nullptr).error().message,
              "dossier.state");
}

// ---- Optimistic locking ---------------------------------------------------------------------------------

TEST_P(ProcessingServiceTest, TwoSpecialistsActingOnTheSameVersionTheSecondIsToldItChanged) {
    const auto at_a = AtDepartmentA();
    auto first =
        processing().HandOver(As(specialist_a_), at_a.code, at_a.version, "approve", commune_, {}, "");
    ASSERT_TRUE(first.ok()) << first.error().message;
    auto second = processing().RequestSupplement(As(specialist_a2_, "Phạm Thị Mai"), at_a.code, at_a.version,
                                                 {{"Giấy chứng sinh", ""}}, nullptr);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(second.error().message, "dossier.changed");
    const auto d = Stored(at_a.code);
    EXPECT_EQ(d.version, at_a.version + 1);
    EXPECT_EQ(d.state, State::kProcessing);
    EXPECT_TRUE(d.pauses.empty());
    EXPECT_EQ(d.Form("02"), nullptr);
    ASSERT_NE(d.OpenStep(), nullptr);
    EXPECT_EQ(d.OpenStep()->step_id, "approve");
}

INSTANTIATE_TEST_SUITE_P(Engines, ProcessingServiceTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

// ---- The catalogue's workflow rules (no database) ---------------------------------------------------------

// The workflow rule codes ValidateCatalogue reports for the catalogue with `workflow` on 1.001193
// (3 working days).
std::vector<std::string> WorkflowRules(const json& workflow) {
    auto parsed = catalog::ParseCatalogueJson(CatalogueJson(workflow).dump(), "test.json");
    EXPECT_TRUE(parsed.problems.empty());
    std::vector<std::string> rules;
    for (const auto& p : catalog::ValidateCatalogue(parsed.catalogue, parsed.sources))
        rules.push_back(p.rule);
    return rules;
}

TEST(CatalogueWorkflow, AValidWorkflowRoundTripsThroughTheExchangeFormat) {
    EXPECT_TRUE(WorkflowRules(ReviewThenApprove()).empty());
    auto parsed = catalog::ParseCatalogueJson(CatalogueJson(ReviewThenApprove()).dump(), "test.json");
    const auto& w = parsed.catalogue.procedures.at(0).workflow;
    ASSERT_EQ(w.steps.size(), 2u);
    EXPECT_EQ(w.steps[0].unit, catalog::StepUnit::kDepartment);
    EXPECT_EQ(w.steps[0].quota_value, 2);
    EXPECT_EQ(w.steps[1].unit, catalog::StepUnit::kCompetent);
    EXPECT_EQ(w.steps[1].next, std::vector<std::string>{});
    auto again =
        catalog::ParseProcedureJson(catalog::ProcedureToJson(parsed.catalogue.procedures.at(0)).dump(), "x");
    EXPECT_TRUE(again.problems.empty());
    ASSERT_EQ(again.catalogue.procedures.size(), 1u);
    EXPECT_EQ(again.catalogue.procedures[0].workflow, w);
}

TEST(CatalogueWorkflow, QuotasAddingUpToMoreThanTheLimitAreRefused) {
    auto w = ReviewThenApprove();
    w["steps"][0]["quota"]["value"] = 3;  // 3 + 1 working days > 3
    EXPECT_EQ(WorkflowRules(w), std::vector<std::string>{"catalog.workflow.quota"});
    // In working hours too: 2 working days + 9 working hours > 24 working hours.
    w["steps"][0]["quota"]["value"] = 2;
    w["steps"][1]["quota"] = {{"value", 9}, {"unit", "working_hours"}};
    EXPECT_EQ(WorkflowRules(w), std::vector<std::string>{"catalog.workflow.quota"});
    // 8 working hours is exactly the one working day left.
    w["steps"][1]["quota"]["value"] = 8;
    EXPECT_TRUE(WorkflowRules(w).empty());
}

TEST(CatalogueWorkflow, NextMustNameALaterStep) {
    auto unknown = ReviewThenApprove();
    unknown["steps"][0]["next"] = json::array({"sign"});
    EXPECT_EQ(WorkflowRules(unknown), std::vector<std::string>{"catalog.workflow.next"});

    // A third step pointing back to the first (the first two still end at the approval).
    auto backwards = ReviewThenApprove();
    backwards["steps"].push_back({{"id", "verify"},
                                  {"name_vi", "Xác minh"},
                                  {"name_en", "Verification"},
                                  {"role", "specialist"},
                                  {"unit", "department"},
                                  {"quota", {{"value", 0}, {"unit", "working_days"}}},
                                  {"next", json::array({"review"})}});
    EXPECT_EQ(WorkflowRules(backwards), std::vector<std::string>{"catalog.workflow.next"});
}

TEST(CatalogueWorkflow, AnUnknownRoleIsRefused) {
    auto w = ReviewThenApprove();
    w["steps"][1]["role"] = "director";
    EXPECT_EQ(WorkflowRules(w), std::vector<std::string>{"catalog.workflow.role"});
}

catalog::Procedure WithLimit(std::int64_t value, catalog::TimeUnit unit) {
    catalog::Procedure p;
    p.time_limit.value = value;
    p.time_limit.unit = unit;
    return p;
}

// The default: a department's specialist processes, the competent unit's leader approves; the leader
// gets one working day, or a quarter of a shorter limit; the two add up to the limit.
TEST(CatalogueWorkflow, TheDefaultWorkflowSplitsTheLimitBetweenSpecialistAndLeader) {
    using catalog::TimeUnit;
    struct Case {
        std::int64_t value;
        TimeUnit unit;
        std::int64_t process;
        std::int64_t approve;
        TimeUnit quota_unit;
    };
    for (const auto& c : {
             Case{0, TimeUnit::kWorkingDays, 0, 0, TimeUnit::kWorkingDays},
             Case{1, TimeUnit::kWorkingDays, 6, 2, TimeUnit::kWorkingHours},  // a quarter of 8 hours
             Case{3, TimeUnit::kWorkingDays, 2, 1, TimeUnit::kWorkingDays},
             Case{8, TimeUnit::kWorkingHours, 6, 2, TimeUnit::kWorkingHours},  // the same as one working day
             Case{40, TimeUnit::kWorkingHours, 32, 8,
                  TimeUnit::kWorkingHours},  // five days: one for the leader
         }) {
        SCOPED_TRACE(std::to_string(c.value) + " " + std::string(catalog::TimeUnitName(c.unit)));
        const auto w = catalog::EffectiveWorkflow(WithLimit(c.value, c.unit));
        ASSERT_EQ(w.steps.size(), 2u);
        EXPECT_EQ(w.steps[0].id, "process");
        EXPECT_EQ(w.steps[0].role, "specialist");
        EXPECT_EQ(w.steps[0].unit, catalog::StepUnit::kDepartment);
        EXPECT_EQ(w.steps[0].next, std::vector<std::string>{"approve"});
        EXPECT_EQ(w.steps[0].quota_value, c.process);
        EXPECT_EQ(w.steps[0].quota_unit, c.quota_unit);
        EXPECT_EQ(w.steps[1].id, "approve");
        EXPECT_EQ(w.steps[1].role, "leader");
        EXPECT_EQ(w.steps[1].unit, catalog::StepUnit::kCompetent);
        EXPECT_TRUE(w.steps[1].next.empty());
        EXPECT_EQ(w.steps[1].quota_value, c.approve);
        EXPECT_EQ(w.steps[1].quota_unit, c.quota_unit);
    }
    // A procedure's own workflow is used as it is.
    auto p = WithLimit(3, TimeUnit::kWorkingDays);
    p.workflow.steps.push_back(
        {"only", "Xử lý", "", "leader", catalog::StepUnit::kCompetent, 3, TimeUnit::kWorkingDays, {}});
    EXPECT_EQ(catalog::EffectiveWorkflow(p), p.workflow);
}

}  // namespace
}  // namespace mocua
