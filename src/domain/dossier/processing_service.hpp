#pragma once
// Processing of a received dossier (issue 7): the steps inside "Đang xử lý" (state 4) as the
// procedure version's workflow defines them (catalog::EffectiveWorkflow), hand-over from unit to unit,
// sending back, approval (state 9), return of the result (state 10), supplement requests during
// processing (state 5, the clock pauses), the one apology with extension, stopping (state 8), withdrawal
// (state 7) and waiting for fees (state 6). Every action checks the caller's role at the unit that acts,
// the dossier's state and the version the caller saw (optimistic locking), runs in one transaction with
// its history entry and audit entry, and queues the applicant's mail in the same transaction.
//
// Time. The dossier's due time starts as the appointment of Mẫu 01 and is recomputed by the working-day
// calendar with the supplement pauses (Decision 766 indicator 2.1 subtracts supplementation time); an
// extension (Mẫu 04) replaces it once. Each step has its own due time from its quota, also moved by
// pauses. Being late never blocks an action.
//
// Errors (message = rule code): those of DossierService (dossier.not_found, dossier.forbidden,
// dossier.changed, dossier.state, dossier.invalid with problems), and InvalidArgument
// "processing.step" (no such next step), "processing.unit" (the unit may not act at that step),
// "processing.not_final" (approval before the final step), "processing.no_previous" (nothing to send
// back to), "processing.not_consultation" (an answer where no other agency was asked), "processing.assignee"
// (the chosen person does not hold the step's role at its unit), "processing.extension_once", "processing.extension_late" (less than one working day before
// the due time), "processing.extension_date" (the new appointment is not after the due time).
// Thread-safety: as DossierService.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/catalog/model.hpp"
#include "domain/dossier/dossier_service.hpp"

namespace mocua::domain::dossier {

// A step the dossier may go to next, with the units that may act there.
struct NextStep {
    catalog::WorkflowStep step;
    std::vector<org::Unit> units;
};

// Told after a dossier has entered state 6 (AwaitPayment committed), so the payments module can make the
// payment request for the procedure version's fees (app/payment_stack.cpp). Must not throw: the dossier's
// change stands whatever the observer does.
class PaymentObserver {
public:
    virtual ~PaymentObserver() = default;
    virtual void OnAwaitingPayment(const audit::Actor& actor, const Dossier& dossier, std::string_view reason) = 0;
};

// A row of a work queue.
enum class Urgency { kNotDue, kDueSoon, kOverdue };
struct QueueItem {
    DossierSummary dossier;
    std::string step_name_vi;
    std::string step_name_en;
    std::string step_due_at;
    std::optional<std::string> due_at;  // the dossier's
    Urgency urgency = Urgency::kNotDue;
};

// Who holds a role at a unit (grants made at that unit itself), for choosing an assignee at hand-over and
// for the deadline reminders. Implemented over the identity tables (persistence/staff_directory.hpp).
struct StaffMember {
    std::int64_t account_id = 0;
    std::string name;
    std::string email;
};
class StaffDirectory {
public:
    virtual ~StaffDirectory() = default;
    // Enabled staff accounts granted `role` at `unit_id`, in Vietnamese name order.
    virtual std::vector<StaffMember> WithRole(std::string_view role, std::int64_t unit_id) = 0;
};

struct ProcessingOptions {
    std::chrono::hours due_soon{24};  // "due soon" when the step or dossier is due within this time
};

class ProcessingService {
public:
    ProcessingService(DossierRepository& repository, catalog::CatalogService& catalog,
                      calendar::CalendarService& calendar, org::UnitRepository& units,
                      identity::AccessControl& access, const core::Clock& clock, IntakeOptions intake,
                      ProcessingOptions options = {}, StaffDirectory* staff = nullptr);

    // The steps that may come next (the first one from state 2, the open step's `next` in state 4) and
    // where each may go.
    core::Result<std::vector<NextStep>> NextSteps(const Caller& caller, std::string_view code);
    // The people who may be assigned a step of `role` at `unit_id` (empty without a staff directory).
    std::vector<StaffMember> Assignable(std::string_view role, std::int64_t unit_id);
    // True when the caller may act on the dossier now (hand over, send back, approve, request a
    // supplement): onestop_officer at the receiving unit in state 2, the open step's role at its unit in 4.
    bool CanAct(const Caller& caller, const Dossier& dossier);

    core::Result<Dossier> HandOver(const Caller& caller, std::string_view code, std::int64_t expected_version,
                                   std::string_view step_id, std::int64_t unit_id,
                                   std::optional<std::int64_t> assignee, std::string_view note);
    // Back to the unit of the step before the open one, with the reason.
    core::Result<Dossier> SendBack(const Caller& caller, std::string_view code, std::int64_t expected_version,
                                   std::string_view reason);
    // Completes the final step: state 9, resolved_at.
    core::Result<Dossier> Approve(const Caller& caller, std::string_view code, std::int64_t expected_version,
                                  std::string_view note);
    // State 9 → 10 by the one-stop officer of the receiving unit; channel "counter", "online" or "postal".
    core::Result<Dossier> ReturnResult(const Caller& caller, std::string_view code, std::int64_t expected_version,
                                       std::string_view channel);
    // State 4 → 5 with Mẫu 02; the clock pauses.
    core::Result<Dossier> RequestSupplement(const Caller& caller, std::string_view code,
                                            std::int64_t expected_version, const std::vector<SupplementItem>& items,
                                            std::vector<Problem>* problems);
    // State 5 → the state before; the pause ends and due times move by its length. By the applicant
    // (online) or the receiving unit's one-stop officer (at the counter).
    core::Result<Dossier> CompleteSupplement(const Caller& caller, std::string_view code,
                                             std::int64_t expected_version);
    // Mẫu 04, once, at least one working day before the due time, by a leader of the competent unit.
    core::Result<Dossier> Extend(const Caller& caller, std::string_view code, std::int64_t expected_version,
                                 std::string_view reason, core::TimePoint new_appointment,
                                 std::vector<Problem>* problems);
    // State 8 with Mẫu 05 (reasons), by a leader of the competent unit.
    core::Result<Dossier> Stop(const Caller& caller, std::string_view code, std::int64_t expected_version,
                               const std::vector<std::string>& reasons, std::vector<Problem>* problems);
    // State 2 or 4 → 6 (Yêu cầu thực hiện nghĩa vụ tài chính): the applicant must pay fees or meet another
    // financial obligation before processing goes on; by whoever may act on the dossier now (CanAct). The
    // clock does not pause: Decision 766 subtracts supplement time only (docs/adr/0061). The payments module
    // creates the payment request when it sees the state.
    core::Result<Dossier> AwaitPayment(const Caller& caller, std::string_view code, std::int64_t expected_version,
                                       std::string_view reason);
    // State 6 → the state it came from, once the obligation is met: called by the payments module after a
    // verified gateway notification or a payment recorded at the counter (`actor` says who; the module
    // checks the officer's rights itself). `reference` (the transaction) goes into the history. Retried
    // internally when an officer changes the dossier at the same moment. Conflict "dossier.state" when the
    // dossier is not awaiting payment (a second notification for the same payment, say).
    core::Result<Dossier> PaymentSettled(const audit::Actor& actor, std::string_view code, std::string_view reference);
    // Inter-agency consultation (liên thông): a workflow step at another unit (StepUnit::kOther) is how a
    // dossier is sent to another agency; that agency answers here, which ends its step and reopens the
    // step that sent the dossier, with the answer as the note. By whoever holds the open step.
    core::Result<Dossier> Answer(const Caller& caller, std::string_view code, std::int64_t expected_version,
                                 std::string_view answer);
    // State 7 at the applicant's request: by the applicant, or the receiving unit's one-stop officer.
    core::Result<Dossier> Withdraw(const Caller& caller, std::string_view code, std::int64_t expected_version,
                                   std::string_view reason);

    // The caller's work: dossiers whose open step is at a unit where the caller holds that step's role
    // (and is unassigned or assigned to the caller), plus for one-stop officers the dossiers in state 2
    // (to hand over) and 9 (to return) at their receiving units; ordered by due time.
    std::vector<QueueItem> WorkQueue(const Caller& caller);

    // The observer told after AwaitPayment (may be null); must outlive the service. Set before serving.
    void SetPaymentObserver(PaymentObserver* observer) { payment_observer_ = observer; }

private:
    core::Result<Dossier> Change(const Caller& caller, std::string_view code, std::int64_t expected_version,
                                 const std::function<core::Result<void>(Dossier&, const catalog::Version&,
                                                                        DossierWriter&)>& change);
    std::vector<org::Unit> UnitsFor(const Dossier& dossier, const catalog::WorkflowStep& step);
    std::string UnitCode(std::int64_t unit_id);
    // The due time of an amount counted from `from`, on the unit's calendar, with the dossier's pauses.
    core::Result<core::TimePoint> DueFrom(const Dossier& d, core::TimePoint from, std::int64_t value,
                                          catalog::TimeUnit unit);
    core::Result<void> RecomputeDue(Dossier& d, const catalog::Version& v);
    bool Holds(const Caller& caller, std::string_view role, std::int64_t unit_id);
    // Ends the open step with `outcome` and reopens the step that handed it over (send back, answer).
    core::Result<void> ReturnToSender(Dossier& d, const catalog::Version& v, const Caller& caller,
                                      std::string_view outcome, std::string_view action, const std::string& text);
    void Record(Dossier& d, State from, std::string action, const Caller& caller, std::optional<std::int64_t> unit,
                std::string note);
    void Mail(DossierWriter& w, const Dossier& d, const catalog::Version& v, std::string_view name,
              std::vector<std::pair<std::string, std::string>> values);

    DossierRepository& repository_;
    catalog::CatalogService& catalog_;
    calendar::CalendarService& calendar_;
    org::UnitRepository& units_;
    identity::AccessControl& access_;
    const core::Clock& clock_;
    IntakeOptions intake_;
    ProcessingOptions options_;
    StaffDirectory* staff_;
    PaymentObserver* payment_observer_ = nullptr;
};

}  // namespace mocua::domain::dossier
