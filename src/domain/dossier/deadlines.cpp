#include "domain/dossier/deadlines.hpp"

#include <algorithm>
#include <set>

#include "domain/calendar/dates.hpp"
#include "domain/dossier/processing_service.hpp"
#include "domain/forms/form_common.hpp"
#include "domain/identity/accounts.hpp"
#include "domain/dossier/time_rules.hpp"

namespace mocua::domain::dossier {

DeadlineSweep::DeadlineSweep(DeadlineRepository& repository, StaffDirectory& staff, const core::Clock& clock,
                             DeadlineOptions options)
    : repository_(repository), staff_(staff), clock_(clock), options_(std::move(options)) {}

namespace {

// Adds people once each (by account), keeping the order they were added in.
void AddPeople(std::vector<StaffMember>& to, const std::vector<StaffMember>& people) {
    for (const auto& p : people) {
        if (p.email.empty()) continue;
        if (std::none_of(to.begin(), to.end(), [&](const StaffMember& m) { return m.account_id == p.account_id; })) {
            to.push_back(p);
        }
    }
}

}  // namespace

SweepReport DeadlineSweep::Run() {
    SweepReport report;
    const auto now = clock_.Now();
    const auto horizon = core::FormatUtc(now + options_.due_soon);
    const auto items = repository_.DueBefore(horizon, options_.batch);

    for (const auto& item : items) {
        const auto& d = item.dossier;
        // Who works on the dossier now: the open step's assignee, or everyone with its role at its unit;
        // before the first hand-over (and while waiting for fees) the receiving unit's one-stop officers.
        std::vector<StaffMember> workers;
        std::optional<std::int64_t> assignee;
        if (item.step) {
            const auto holders = staff_.WithRole(item.step->role, item.step->unit_id);
            if (item.step->assignee_account_id) {
                for (const auto& h : holders) {
                    if (h.account_id == *item.step->assignee_account_id) AddPeople(workers, {h});
                }
            }
            if (workers.empty()) AddPeople(workers, holders);
        } else {
            AddPeople(workers, staff_.WithRole(identity::kRoleOneStopOfficer, d.receiving_unit_id));
        }

        auto notify = [&](int step_seq, const std::string& kind, const std::string& due_text,
                          const std::vector<StaffMember>& to) {
            DeadlineNotice n;
            n.dossier_id = d.id;
            n.step_seq = step_seq;
            n.kind = kind;
            std::string due_shown = due_text;
            if (auto due = core::ParseUtc(due_text)) due_shown = forms::FormatVietnameseDateTime(VietnamWallClock(*due));
            if (options_.messages) {
                for (const auto& person : to) {
                    auto mail = notify::RenderMail(
                        options_.messages, "vi", kind == "step_due_soon" || kind == "due_soon" ? "dossier_due_soon"
                                                                                                : "dossier_overdue",
                        {{"name", person.name},
                         {"code", d.code},
                         {"procedure", d.procedure_name_vi},
                         {"step", item.step && step_seq != 0 ? item.step->name_vi : std::string("—")},
                         {"due", due_shown},
                         {"url", options_.public_url + "/work/dossiers/" + d.code}});
                    if (!mail.ok()) continue;
                    n.mails.push_back({person.email, person.name, mail->subject, mail->text, mail->html});
                }
            }
            n.event = {audit::Actor::CommandLine("job-deadlines"), "dossier." + kind, "dossier", d.code,
                       "due=" + due_text + (step_seq ? " step=" + std::to_string(step_seq) : "")};
            const std::size_t mails = n.mails.size();
            if (repository_.RecordNotice(n)) {
                ++report.notices;
                report.mails += static_cast<int>(mails);
                if (kind == "overdue" || kind == "step_overdue") ++report.overdue;
            }
        };

        if (item.step && !item.step->due_at.empty()) {
            if (auto due = core::ParseUtc(item.step->due_at)) {
                if (*due <= now) {
                    auto to = workers;
                    // Escalation: the head of the step's unit, or of the competent unit when the step's
                    // unit has no leader of its own (a department led by the commune's leaders).
                    auto heads = staff_.WithRole(identity::kRoleLeader, item.step->unit_id);
                    if (heads.empty()) heads = staff_.WithRole(identity::kRoleLeader, d.competent_unit_id);
                    AddPeople(to, heads);
                    notify(item.step->seq, "step_overdue", item.step->due_at, to);
                } else {
                    notify(item.step->seq, "step_due_soon", item.step->due_at, workers);
                }
            }
        }
        if (d.due_at) {
            if (auto due = core::ParseUtc(*d.due_at)) {
                if (*due <= now) {
                    auto to = workers;
                    AddPeople(to, staff_.WithRole(identity::kRoleLeader, d.competent_unit_id));
                    notify(0, "overdue", *d.due_at, to);
                } else if (*due <= now + options_.due_soon) {
                    notify(0, "due_soon", *d.due_at, workers);
                }
            }
        }
    }
    return report;
}

}  // namespace mocua::domain::dossier
