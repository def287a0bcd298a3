#include "domain/dossier/processing_service.hpp"

#include <algorithm>

#include "core/text/text.hpp"
#include "domain/calendar/calendar_service.hpp"
#include "domain/calendar/dates.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/dossier/form_data.hpp"
#include "domain/dossier/time_rules.hpp"
#include "domain/identity/accounts.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/org/units.hpp"

namespace mocua::domain::dossier {

namespace {

using catalog::Version;
using catalog::WorkflowStep;

core::Error Invalid(std::string rule) { return core::Error::InvalidArgument(std::move(rule)); }
core::Error Forbidden() { return core::Error{core::ErrorCode::kForbidden, "dossier.forbidden"}; }
core::Error WrongState() { return core::Error::Conflict("dossier.state"); }

constexpr std::size_t kMaxNote = 2000;

std::string CleanNote(std::string_view s) {
    std::string out = core::text::CleanInput(s, core::text::Lines::kMulti);
    if (out.size() > kMaxNote) {
        // Cut before the character the limit falls in, never inside it; shorter notes are kept whole.
        std::size_t n = kMaxNote;
        while (n > 0 && (static_cast<unsigned char>(out[n]) & 0xC0) == 0x80) --n;
        out.resize(n);
    }
    return out;
}

const WorkflowStep* FindStep(const catalog::Workflow& w, std::string_view id) {
    for (const auto& s : w.steps) {
        if (s.id == id) return &s;
    }
    return nullptr;
}

}  // namespace

ProcessingService::ProcessingService(DossierRepository& repository, catalog::CatalogService& catalog,
                                     calendar::CalendarService& calendar, org::UnitRepository& units,
                                     identity::AccessControl& access, const core::Clock& clock, IntakeOptions intake,
                                     ProcessingOptions options, StaffDirectory* staff)
    : repository_(repository),
      catalog_(catalog),
      calendar_(calendar),
      units_(units),
      access_(access),
      clock_(clock),
      intake_(std::move(intake)),
      options_(options),
      staff_(staff) {}

std::vector<StaffMember> ProcessingService::Assignable(std::string_view role, std::int64_t unit_id) {
    return staff_ ? staff_->WithRole(role, unit_id) : std::vector<StaffMember>{};
}

bool ProcessingService::Holds(const Caller& caller, std::string_view role, std::int64_t unit_id) {
    const auto today = calendar::FormatDate(calendar::ToVietnam(clock_.Now()).date);
    return caller.principal.kind == identity::AccountKind::kStaff && access_.Can(caller.principal, role, unit_id, today);
}

bool ProcessingService::CanAct(const Caller& caller, const Dossier& d) {
    if (d.state == State::kReceived) return Holds(caller, identity::kRoleOneStopOfficer, d.receiving_unit_id);
    if (d.state != State::kProcessing) return false;
    const StepRecord* open = d.OpenStep();
    if (!open) return false;
    if (open->assignee_account_id && *open->assignee_account_id != caller.principal.account_id) return false;
    return Holds(caller, open->role, open->unit_id);
}

std::string ProcessingService::UnitCode(std::int64_t unit_id) {
    auto u = units_.Find(unit_id);
    return u ? u->code : "";
}

std::vector<org::Unit> ProcessingService::UnitsFor(const Dossier& d, const WorkflowStep& step) {
    std::vector<org::Unit> out;
    const auto today = calendar::FormatDate(calendar::ToVietnam(clock_.Now()).date);
    switch (step.unit) {
        case catalog::StepUnit::kReceiving:
            if (auto u = units_.Find(d.receiving_unit_id)) out.push_back(*u);
            break;
        case catalog::StepUnit::kCompetent:
            if (auto u = units_.Find(d.competent_unit_id)) out.push_back(*u);
            break;
        case catalog::StepUnit::kDepartment:
            for (auto& u : units_.ValidOn(today)) {
                if (u.type == org::UnitType::kDepartment && u.parent_id == d.competent_unit_id) out.push_back(u);
            }
            // A unit without departments processes itself.
            if (out.empty()) {
                if (auto u = units_.Find(d.competent_unit_id)) out.push_back(*u);
            }
            break;
        case catalog::StepUnit::kOther:
            for (auto& u : units_.ValidOn(today)) {
                if (u.id != d.receiving_unit_id) out.push_back(u);
            }
            break;
    }
    std::sort(out.begin(), out.end(), [](const org::Unit& a, const org::Unit& b) {
        return core::text::CompareVietnamese(a.name_vi, b.name_vi) < 0;
    });
    return out;
}

core::Result<core::TimePoint> ProcessingService::DueFrom(const Dossier& d, core::TimePoint from, std::int64_t value,
                                                         catalog::TimeUnit unit) {
    std::vector<calendar::Pause> pauses;
    for (const auto& p : d.pauses) {
        // Only the applicant's supplement time is not the agency's (Decision 766 indicator 2.1); waiting
        // for fees (kind "payment") keeps the clock running.
        if (!p.completed_at || p.kind != "supplement") continue;
        auto a = core::ParseUtc(p.requested_at), b = core::ParseUtc(*p.completed_at);
        if (a && b && *b > *a && *b > from) pauses.push_back({std::max(*a, from), *b});
    }
    auto due = calendar_.ComputeDeadline({from, ToCalendarLimit(value, unit), UnitCode(d.receiving_unit_id), pauses});
    if (!due.ok()) return due.error();
    return due->deadline.due;
}

// The dossier's due time: the procedure's limit from reception with the completed pauses, unless an
// extension replaced it; each open step's due time likewise from its own start.
core::Result<void> ProcessingService::RecomputeDue(Dossier& d, const Version& v) {
    if (!d.received_at) return {};
    if (!d.extended_at) {
        auto received = core::ParseUtc(*d.received_at);
        if (!received) return core::Error::Internal("dossier.received_at");
        auto due = DueFrom(d, *received, v.procedure.time_limit.value, v.procedure.time_limit.unit);
        if (!due.ok()) return due.error();
        d.due_at = core::FormatUtc(*due);
    }
    const auto workflow = catalog::EffectiveWorkflow(v.procedure);
    for (auto& s : d.steps) {
        if (!s.open()) continue;
        const WorkflowStep* def = FindStep(workflow, s.step_id);
        auto started = core::ParseUtc(s.started_at);
        if (!def || !started) continue;
        auto due = DueFrom(d, *started, def->quota_value, def->quota_unit);
        if (!due.ok()) return due.error();
        s.due_at = core::FormatUtc(*due);
    }
    return {};
}

void ProcessingService::Record(Dossier& d, State from, std::string action, const Caller& caller,
                               std::optional<std::int64_t> unit, std::string note) {
    std::optional<std::int64_t> account;
    if (caller.principal.account_id != 0) account = caller.principal.account_id;  // 0: the system (payments)
    d.history.push_back({static_cast<int>(d.history.size()) + 1, from, d.state, std::move(action), account, unit,
                         std::move(note), core::FormatUtc(clock_.Now())});
}

void ProcessingService::Mail(DossierWriter& w, const Dossier& d, const Version& v, std::string_view name,
                             std::vector<std::pair<std::string, std::string>> values) {
    if (d.applicant.email.empty() || !intake_.messages) return;
    const bool en = d.language == "en";
    values.insert(values.begin(), {{"name", d.applicant.name},
                                   {"code", d.code},
                                   {"procedure", en && !v.procedure.name_en.empty() ? v.procedure.name_en
                                                                                   : v.procedure.name_vi},
                                   {"url", intake_.public_url + "/dossiers/" + d.code}});
    auto rendered = notify::RenderMail(intake_.messages, en ? "en" : "vi", name, values);
    if (!rendered.ok()) return;
    w.QueueMail({d.applicant.email, d.applicant.name, rendered->subject, rendered->text, rendered->html});
}

core::Result<Dossier> ProcessingService::Change(
    const Caller& caller, std::string_view code, std::int64_t expected_version,
    const std::function<core::Result<void>(Dossier&, const Version&, DossierWriter&)>& change) {
    auto current = repository_.FindByCode(code);
    if (!current) return core::Error::NotFound("dossier.not_found");
    auto version = catalog_.VersionById(current->procedure_version_id);
    if (!version.ok()) return version.error();
    Dossier out;
    auto written = repository_.Write([&](DossierWriter& w) -> core::Result<void> {
        auto d = w.FindByCode(code);
        if (!d) return core::Error::NotFound("dossier.not_found");
        if (d->version != expected_version) return core::Error::Conflict("dossier.changed");
        const State from = d->state;
        const std::size_t history = d->history.size();
        if (auto changed = change(*d, *version, w); !changed.ok()) return changed;
        d->updated_at = core::FormatUtc(clock_.Now());
        if (!w.Update(*d, expected_version)) return core::Error::Conflict("dossier.changed");
        const std::string action = d->history.size() > history ? d->history.back().action : "change";
        w.Audit({caller.actor, "dossier." + action, "dossier", d->code,
                 "from=" + std::to_string(Code(from)) + " to=" + std::to_string(Code(d->state))});
        d->version = expected_version + 1;
        out = std::move(*d);
        return {};
    });
    if (!written.ok()) return written.error();
    return out;
}

core::Result<std::vector<NextStep>> ProcessingService::NextSteps(const Caller&, std::string_view code) {
    auto d = repository_.FindByCode(code);
    if (!d) return core::Error::NotFound("dossier.not_found");
    auto v = catalog_.VersionById(d->procedure_version_id);
    if (!v.ok()) return v.error();
    const auto workflow = catalog::EffectiveWorkflow(v->procedure);
    std::vector<NextStep> out;
    if (d->state == State::kReceived) {
        if (!workflow.steps.empty()) out.push_back({workflow.steps.front(), UnitsFor(*d, workflow.steps.front())});
    } else if (d->state == State::kProcessing) {
        if (const StepRecord* open = d->OpenStep()) {
            if (const WorkflowStep* def = FindStep(workflow, open->step_id)) {
                for (const auto& n : def->next) {
                    if (const WorkflowStep* next = FindStep(workflow, n)) out.push_back({*next, UnitsFor(*d, *next)});
                }
            }
        }
    }
    return out;
}

core::Result<Dossier> ProcessingService::HandOver(const Caller& caller, std::string_view code,
                                                  std::int64_t expected_version, std::string_view step_id,
                                                  std::int64_t unit_id, std::optional<std::int64_t> assignee,
                                                  std::string_view note) {
    const std::string text = CleanNote(note);
    return Change(caller, code, expected_version, [&](Dossier& d, const Version& v, DossierWriter&) -> core::Result<void> {
        if (d.state != State::kReceived && d.state != State::kProcessing) return WrongState();
        if (!CanAct(caller, d)) return Forbidden();
        const auto workflow = catalog::EffectiveWorkflow(v.procedure);
        const WorkflowStep* target = FindStep(workflow, step_id);
        StepRecord* open = nullptr;
        for (auto& s : d.steps) {
            if (s.open()) open = &s;
        }
        if (!target) return Invalid("processing.step");
        if (d.state == State::kReceived) {
            if (target != &workflow.steps.front()) return Invalid("processing.step");
        } else {
            const WorkflowStep* def = open ? FindStep(workflow, open->step_id) : nullptr;
            if (!def || std::find(def->next.begin(), def->next.end(), target->id) == def->next.end()) {
                return Invalid("processing.step");
            }
        }
        const auto candidates = UnitsFor(d, *target);
        if (std::none_of(candidates.begin(), candidates.end(), [&](const org::Unit& u) { return u.id == unit_id; })) {
            return Invalid("processing.unit");
        }
        if (assignee) {
            const auto people = Assignable(target->role, unit_id);
            if (std::none_of(people.begin(), people.end(), [&](const StaffMember& m) { return m.account_id == *assignee; })) {
                return Invalid("processing.assignee");
            }
        }
        const auto now = clock_.Now();
        std::optional<std::int64_t> from_unit = d.receiving_unit_id;
        if (open) {
            open->finished_at = core::FormatUtc(now);
            open->outcome = "forwarded";
            if (!text.empty()) open->note = text;
            from_unit = open->unit_id;
        }
        StepRecord next;
        next.seq = static_cast<int>(d.steps.size()) + 1;
        next.step_id = target->id;
        next.name_vi = target->name_vi;
        next.name_en = target->name_en;
        next.role = target->role;
        next.unit_id = unit_id;
        next.assignee_account_id = assignee;
        next.from_unit_id = from_unit;
        next.from_account_id = caller.principal.account_id;
        next.started_at = core::FormatUtc(now);
        auto due = DueFrom(d, now, target->quota_value, target->quota_unit);
        if (!due.ok()) return due.error();
        next.due_at = core::FormatUtc(*due);
        d.steps.push_back(std::move(next));
        const State from = d.state;
        d.state = State::kProcessing;
        if (!d.due_at) d.due_at = d.appointment_at;
        Record(d, from, "hand_over", caller, unit_id, text);
        return {};
    });
}

core::Result<void> ProcessingService::ReturnToSender(Dossier& d, const Version& v, const Caller& caller,
                                                     std::string_view outcome, std::string_view action,
                                                     const std::string& text) {
    StepRecord* open = nullptr;
    for (auto& s : d.steps) {
        if (s.open()) open = &s;
    }
    if (!open) return Invalid("processing.no_previous");
    const auto workflow = catalog::EffectiveWorkflow(v.procedure);
    // The step that handed this one over: the last step before it that was forwarded and whose
    // workflow step leads to the open one. Any forwarded step would do for a step reached by
    // hand-over, but not for one reopened by a send back: a reopened first step would be sent
    // "back" to an earlier copy of itself.
    const StepRecord* previous = nullptr;
    for (const auto& s : d.steps) {
        if (&s == open || s.seq >= open->seq || s.outcome != "forwarded") continue;
        const WorkflowStep* from = FindStep(workflow, s.step_id);
        if (from && std::find(from->next.begin(), from->next.end(), open->step_id) != from->next.end()) {
            previous = &s;
        }
    }
    if (!previous) return Invalid("processing.no_previous");
    const WorkflowStep* def = FindStep(workflow, previous->step_id);
    if (!def) return Invalid("processing.step");
    const auto now = clock_.Now();
    open->finished_at = core::FormatUtc(now);
    open->outcome = std::string(outcome);
    open->note = text;
    StepRecord again = *previous;
    again.seq = static_cast<int>(d.steps.size()) + 1;
    again.from_unit_id = open->unit_id;
    again.from_account_id = caller.principal.account_id;
    again.started_at = core::FormatUtc(now);
    again.finished_at.reset();
    again.outcome.clear();
    again.note.clear();
    auto due = DueFrom(d, now, def->quota_value, def->quota_unit);
    if (!due.ok()) return due.error();
    again.due_at = core::FormatUtc(*due);
    const std::int64_t back_to = again.unit_id;
    d.steps.push_back(std::move(again));
    Record(d, State::kProcessing, std::string(action), caller, back_to, text);
    return {};
}

core::Result<Dossier> ProcessingService::SendBack(const Caller& caller, std::string_view code,
                                                  std::int64_t expected_version, std::string_view reason) {
    const std::string text = CleanNote(reason);
    if (text.empty()) return Invalid("dossier.invalid");
    return Change(caller, code, expected_version, [&](Dossier& d, const Version& v, DossierWriter&) -> core::Result<void> {
        if (d.state != State::kProcessing) return WrongState();
        if (!CanAct(caller, d)) return Forbidden();
        return ReturnToSender(d, v, caller, "sent_back", "send_back", text);
    });
}

core::Result<Dossier> ProcessingService::Answer(const Caller& caller, std::string_view code,
                                                std::int64_t expected_version, std::string_view answer) {
    const std::string text = CleanNote(answer);
    if (text.empty()) return Invalid("dossier.invalid");
    return Change(caller, code, expected_version, [&](Dossier& d, const Version& v, DossierWriter&) -> core::Result<void> {
        if (d.state != State::kProcessing) return WrongState();
        if (!CanAct(caller, d)) return Forbidden();
        const StepRecord* open = d.OpenStep();
        const WorkflowStep* def = open ? FindStep(catalog::EffectiveWorkflow(v.procedure), open->step_id) : nullptr;
        if (!def || def->unit != catalog::StepUnit::kOther) return Invalid("processing.not_consultation");
        return ReturnToSender(d, v, caller, "answered", "answer", text);
    });
}

core::Result<Dossier> ProcessingService::AwaitPayment(const Caller& caller, std::string_view code,
                                                      std::int64_t expected_version, std::string_view reason) {
    const std::string text = CleanNote(reason);
    if (text.empty()) return Invalid("dossier.invalid");
    auto waiting = Change(caller, code, expected_version, [&](Dossier& d, const Version& v, DossierWriter& w) -> core::Result<void> {
        if (d.state != State::kProcessing && d.state != State::kReceived) return WrongState();
        if (!CanAct(caller, d)) return Forbidden();
        // Kept as a pause record of kind "payment": it remembers where the dossier goes back to and how
        // long the applicant took, but it does not move due times (DueFrom counts supplements only).
        d.pauses.push_back({static_cast<int>(d.pauses.size()) + 1, "payment", d.state, core::FormatUtc(clock_.Now()),
                            std::nullopt});
        const State from = d.state;
        d.state = State::kAwaitingPayment;
        Record(d, from, "await_payment", caller, std::nullopt, text);
        Mail(w, d, v, "dossier_payment_requested", {{"reason", text}});
        return {};
    });
    if (waiting.ok() && payment_observer_) payment_observer_->OnAwaitingPayment(caller.actor, *waiting, text);
    return waiting;
}

core::Result<Dossier> ProcessingService::PaymentSettled(const audit::Actor& actor, std::string_view code,
                                                        std::string_view reference) {
    static const identity::Principal kSystem{};  // account 0: history shows no person
    const Caller caller{kSystem, actor, "vi", ""};
    const std::string text = CleanNote(reference);
    // A system action has no version the caller saw: take the current one, and try again when an
    // officer changed the dossier between reading and writing.
    for (int attempt = 0;; ++attempt) {
        auto current = repository_.FindByCode(code);
        if (!current) return core::Error::NotFound("dossier.not_found");
        auto done = Change(caller, code, current->version,
                           [&](Dossier& d, const Version&, DossierWriter&) -> core::Result<void> {
                               if (d.state != State::kAwaitingPayment) return WrongState();
                               State back = State::kProcessing;
                               for (auto& p : d.pauses) {
                                   if (p.kind == "payment" && !p.completed_at) {
                                       p.completed_at = core::FormatUtc(clock_.Now());
                                       back = p.from_state;
                                   }
                               }
                               d.state = back;
                               Record(d, State::kAwaitingPayment, "payment_settled", caller, std::nullopt, text);
                               return {};
                           });
        if (done.ok() || done.error().message != "dossier.changed" || attempt >= 4) return done;
    }
}

core::Result<Dossier> ProcessingService::Approve(const Caller& caller, std::string_view code,
                                                 std::int64_t expected_version, std::string_view note) {
    const std::string text = CleanNote(note);
    return Change(caller, code, expected_version, [&](Dossier& d, const Version& v, DossierWriter& w) -> core::Result<void> {
        if (d.state != State::kProcessing) return WrongState();
        if (!CanAct(caller, d)) return Forbidden();
        StepRecord* open = nullptr;
        for (auto& s : d.steps) {
            if (s.open()) open = &s;
        }
        const auto workflow = catalog::EffectiveWorkflow(v.procedure);
        const WorkflowStep* def = open ? FindStep(workflow, open->step_id) : nullptr;
        if (!def || !def->next.empty()) return Invalid("processing.not_final");
        const auto now = core::FormatUtc(clock_.Now());
        open->finished_at = now;
        open->outcome = "approved";
        open->note = text;
        d.state = State::kResolved;
        if (!d.resolved_at) d.resolved_at = now;  // the first terminal state counts (indicator 2.1)
        Record(d, State::kProcessing, "approve", caller, open->unit_id, text);
        Mail(w, d, v, "dossier_resolved", {});
        return {};
    });
}

core::Result<Dossier> ProcessingService::ReturnResult(const Caller& caller, std::string_view code,
                                                      std::int64_t expected_version, std::string_view channel) {
    if (channel != "counter" && channel != "online" && channel != "postal") return Invalid("dossier.result_delivery");
    return Change(caller, code, expected_version, [&](Dossier& d, const Version& v, DossierWriter& w) -> core::Result<void> {
        if (d.state != State::kResolved) return WrongState();
        if (!Holds(caller, identity::kRoleOneStopOfficer, d.receiving_unit_id)) return Forbidden();
        d.state = State::kReturned;
        d.returned_at = core::FormatUtc(clock_.Now());
        d.return_channel = std::string(channel);
        // The result goes into the applicant's data store (Circular 01/2023 Art. 24: results of earlier
        // dossiers), where later applications may reuse it.
        if (d.result && d.applicant_account_id) {
            w.AddStoreItem(*d.applicant_account_id, "Kết quả: " + v.procedure.name_vi, d.result->file, d.id);
        }
        Record(d, State::kResolved, "return", caller, d.receiving_unit_id, std::string(channel));
        return {};
    });
}


core::Result<Dossier> ProcessingService::RequestSupplement(const Caller& caller, std::string_view code,
                                                           std::int64_t expected_version,
                                                           const std::vector<SupplementItem>& items,
                                                           std::vector<Problem>* problems) {
    std::vector<SupplementNotice::Item> cleaned;
    for (const auto& i : items) {
        SupplementNotice::Item c{CleanNote(i.what), CleanNote(i.reason)};
        if (!c.what.empty()) cleaned.push_back(std::move(c));
    }
    if (cleaned.empty()) {
        if (problems) problems->push_back({"items", "dossier.items_required"});
        return Invalid("dossier.invalid");
    }
    return Change(caller, code, expected_version, [&](Dossier& d, const Version& v, DossierWriter& w) -> core::Result<void> {
        if (d.state != State::kProcessing) return WrongState();
        if (!CanAct(caller, d) && !Holds(caller, identity::kRoleOneStopOfficer, d.receiving_unit_id)) return Forbidden();
        const auto now = clock_.Now();
        auto common = MakeNoticeCommon(d, v.procedure.name_vi, units_, d.receiving_unit_id, intake_, caller.officer_name, now);
        if (!common.ok()) return common.error();
        SupplementNotice n{*common, cleaned};
        if (auto valid = forms::ValidateSupplementRequest(ToSupplementRequestData(n)); !valid.ok()) return valid.error();
        d.forms.push_back({"02", SupplementToJson(n), caller.principal.account_id, core::FormatUtc(now)});
        d.pauses.push_back({static_cast<int>(d.pauses.size()) + 1, "supplement", State::kProcessing,
                            core::FormatUtc(now), std::nullopt});
        d.state = State::kSupplementRequested;
        std::string note;
        for (const auto& i : cleaned) note += (note.empty() ? "" : "\n") + i.what + (i.reason.empty() ? "" : ": " + i.reason);
        Record(d, State::kProcessing, "request_supplement", caller, std::nullopt, note);
        Mail(w, d, v, "dossier_supplement", {{"items", note}});
        return {};
    });
}

core::Result<Dossier> ProcessingService::CompleteSupplement(const Caller& caller, std::string_view code,
                                                            std::int64_t expected_version) {
    return Change(caller, code, expected_version, [&](Dossier& d, const Version& v, DossierWriter&) -> core::Result<void> {
        if (d.state != State::kSupplementRequested) return WrongState();
        const bool owner = d.applicant_account_id && *d.applicant_account_id == caller.principal.account_id;
        if (!owner && !Holds(caller, identity::kRoleOneStopOfficer, d.receiving_unit_id)) return Forbidden();
        PauseRecord* open = nullptr;
        for (auto& p : d.pauses) {
            if (!p.completed_at) open = &p;
        }
        // A request made at reception (before the clock started) has no pause: back to reception.
        State back = State::kNew;
        if (open) {
            open->completed_at = core::FormatUtc(clock_.Now());
            back = open->from_state;
        }
        d.state = back;
        if (auto due = RecomputeDue(d, v); !due.ok()) return due;
        Record(d, State::kSupplementRequested, "complete_supplement", caller, std::nullopt,
               owner ? "online" : "counter");
        return {};
    });
}

core::Result<Dossier> ProcessingService::Extend(const Caller& caller, std::string_view code,
                                                std::int64_t expected_version, std::string_view reason,
                                                core::TimePoint new_appointment, std::vector<Problem>* problems) {
    const std::string text = CleanNote(reason);
    if (text.empty()) {
        if (problems) problems->push_back({"reason", "dossier.reasons_required"});
        return Invalid("dossier.invalid");
    }
    return Change(caller, code, expected_version, [&](Dossier& d, const Version& v, DossierWriter& w) -> core::Result<void> {
        if (d.state != State::kProcessing && d.state != State::kReceived && d.state != State::kAwaitingPayment) {
            return WrongState();
        }
        if (!Holds(caller, identity::kRoleLeader, d.competent_unit_id)) return Forbidden();
        if (d.extended_at) return Invalid("processing.extension_once");
        const auto due = core::ParseUtc(d.due_at.value_or(d.appointment_at.value_or("")));
        if (!due) return WrongState();
        // No later than one working day before the due time (Decree 61/2018, kept by Decree 118/2025).
        const auto now = clock_.Now();
        auto latest_plus_one = DueFrom(d, now, 1, catalog::TimeUnit::kWorkingDays);
        if (!latest_plus_one.ok()) return latest_plus_one.error();
        if (*latest_plus_one > *due) return Invalid("processing.extension_late");
        if (new_appointment <= *due) return Invalid("processing.extension_date");
        d.extended_at = core::FormatUtc(now);
        d.due_at = core::FormatUtc(new_appointment);
        // Issued by the agency that decides (the competent unit), signed by its head.
        auto common = MakeNoticeCommon(d, v.procedure.name_vi, units_, d.competent_unit_id, intake_, caller.officer_name, now);
        if (!common.ok()) return common.error();
        ExtensionNotice n{*common, text, VietnamWallClock(*due), VietnamWallClock(new_appointment)};
        if (auto valid = forms::ValidateApology(ToApologyData(n, kAgencyHeadTitle)); !valid.ok()) return valid.error();
        d.forms.push_back({"04", ExtensionToJson(n), caller.principal.account_id, core::FormatUtc(now)});
        Record(d, d.state, "extend", caller, d.competent_unit_id, text);
        Mail(w, d, v, "dossier_extended",
             {{"reason", text}, {"appointment", forms::FormatVietnameseDateTime(VietnamWallClock(new_appointment))}});
        return {};
    });
}

core::Result<Dossier> ProcessingService::Stop(const Caller& caller, std::string_view code,
                                              std::int64_t expected_version, const std::vector<std::string>& reasons,
                                              std::vector<Problem>* problems) {
    std::vector<std::string> cleaned;
    for (const auto& r : reasons) {
        std::string c = CleanNote(r);
        if (!c.empty()) cleaned.push_back(std::move(c));
    }
    if (cleaned.empty()) {
        if (problems) problems->push_back({"reasons", "dossier.reasons_required"});
        return Invalid("dossier.invalid");
    }
    return Change(caller, code, expected_version, [&](Dossier& d, const Version& v, DossierWriter& w) -> core::Result<void> {
        if (d.state != State::kProcessing && d.state != State::kReceived && d.state != State::kSupplementRequested &&
            d.state != State::kAwaitingPayment) {
            return WrongState();
        }
        if (!Holds(caller, identity::kRoleLeader, d.competent_unit_id)) return Forbidden();
        const auto now = clock_.Now();
        for (auto& s : d.steps) {
            if (s.open()) {
                s.finished_at = core::FormatUtc(now);
                s.outcome = "stopped";
            }
        }
        // An open supplement request ends with the dossier (its time is not the agency's).
        for (auto& p : d.pauses) {
            if (!p.completed_at) p.completed_at = core::FormatUtc(now);
        }
        auto common = MakeNoticeCommon(d, v.procedure.name_vi, units_, d.competent_unit_id, intake_, caller.officer_name, now);
        if (!common.ok()) return common.error();
        RefusalNotice n{*common, cleaned};
        if (auto valid = forms::ValidateStopNotice(ToStopNoticeData(n, kAgencyHeadTitle)); !valid.ok()) return valid.error();
        d.forms.push_back({"05", RefusalToJson(n), caller.principal.account_id, core::FormatUtc(now)});
        const State from = d.state;
        d.state = State::kStopped;
        if (!d.resolved_at) d.resolved_at = core::FormatUtc(now);
        std::string note;
        for (const auto& r : cleaned) note += (note.empty() ? "" : "\n") + r;
        Record(d, from, "stop", caller, d.competent_unit_id, note);
        Mail(w, d, v, "dossier_stopped", {{"reasons", note}});
        return {};
    });
}

core::Result<Dossier> ProcessingService::Withdraw(const Caller& caller, std::string_view code,
                                                  std::int64_t expected_version, std::string_view reason) {
    const std::string text = CleanNote(reason);
    return Change(caller, code, expected_version, [&](Dossier& d, const Version&, DossierWriter&) -> core::Result<void> {
        if (d.state == State::kRefused || d.state == State::kWithdrawalRequested || d.state == State::kStopped ||
            d.state == State::kResolved || d.state == State::kReturned) {
            return WrongState();
        }
        const bool owner = d.applicant_account_id && *d.applicant_account_id == caller.principal.account_id;
        if (!owner && !Holds(caller, identity::kRoleOneStopOfficer, d.receiving_unit_id)) return Forbidden();
        const auto now = core::FormatUtc(clock_.Now());
        for (auto& s : d.steps) {
            if (s.open()) {
                s.finished_at = now;
                s.outcome = "withdrawn";
            }
        }
        for (auto& p : d.pauses) {
            if (!p.completed_at) p.completed_at = now;
        }
        const State from = d.state;
        d.state = State::kWithdrawalRequested;
        if (!d.resolved_at) d.resolved_at = now;
        Record(d, from, "withdraw", caller, std::nullopt, text);
        return {};
    });
}

std::vector<QueueItem> ProcessingService::WorkQueue(const Caller& caller) {
    std::vector<QueueItem> out;
    if (caller.principal.kind != identity::AccountKind::kStaff) return out;
    const auto today = calendar::FormatDate(calendar::ToVietnam(clock_.Now()).date);
    std::vector<std::int64_t> units;
    for (const auto& u : units_.ValidOn(today)) {
        if (access_.CanAny(caller.principal, StaffReaderRoles(), u.id, today)) units.push_back(u.id);
    }
    if (units.empty()) return out;
    const auto now = clock_.Now();
    const auto urgency = [&](const std::string& due_text) {
        auto due = core::ParseUtc(due_text);
        if (!due) return Urgency::kNotDue;
        if (*due < now) return Urgency::kOverdue;
        if (*due - now <= options_.due_soon) return Urgency::kDueSoon;
        return Urgency::kNotDue;
    };
    for (auto& [summary, step] : repository_.OpenSteps(units)) {
        if (step.assignee_account_id && *step.assignee_account_id != caller.principal.account_id) continue;
        if (!Holds(caller, step.role, step.unit_id)) continue;
        QueueItem item{summary, step.name_vi, step.name_en, step.due_at, summary.due_at, Urgency::kNotDue};
        item.urgency = std::max(urgency(step.due_at), summary.due_at ? urgency(*summary.due_at) : Urgency::kNotDue);
        out.push_back(std::move(item));
    }
    // The one-stop officer's part: to hand over (2) and to return (9).
    ListFilter f;
    for (auto id : units) {
        if (Holds(caller, identity::kRoleOneStopOfficer, id)) f.unit_ids.push_back(id);
    }
    if (!f.unit_ids.empty()) {
        f.states = {State::kReceived, State::kResolved};
        f.per_page = 100;
        for (auto& summary : repository_.List(f).items) {
            QueueItem item{summary, "", "", summary.due_at.value_or(""), summary.due_at, Urgency::kNotDue};
            if (summary.state == State::kReceived && summary.due_at) item.urgency = urgency(*summary.due_at);
            out.push_back(std::move(item));
        }
    }
    std::sort(out.begin(), out.end(), [](const QueueItem& a, const QueueItem& b) { return a.step_due_at < b.step_due_at; });
    return out;
}

}  // namespace mocua::domain::dossier
