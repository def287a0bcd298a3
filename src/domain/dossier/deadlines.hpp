#pragma once
// Deadline reminders and escalation (issue 7, "jobs on the durable queue"). A sweep, run by the
// `dossier.deadlines` job every few minutes (app/dossier_stack.cpp), looks at the dossiers still in the
// agency's hands (states 2, 4 and 6) whose own due time or open step's due time is near or past, and
// sends each notice once:
//
//   step_due_soon  the open step is due within the "due soon" time → its assignee, or everyone holding
//                  the step's role at its unit
//   step_overdue   the open step is past its due time → the same people, and the head (leader) of the
//                  step's unit, or of the competent unit when the step's unit has none: escalation
//   due_soon       the dossier is due within the "due soon" time → the people of the open step, or the
//                  one-stop officers of the receiving unit before the first hand-over
//   overdue        the dossier is past its due time → the same people and the leaders of the competent
//                  unit; audited as "dossier.overdue" (the mark the registers and KPIs do not need —
//                  they compare times — but that tells who was warned and when)
//
// "Once" is kept by the repository: a notice is recorded with its mails and audit entry in one
// transaction, keyed by (dossier, step, kind); a second sweep, a second node or a job run twice after a
// crash finds the key and sends nothing. A new due time (an extension, a supplement, the next step)
// brings new keys only for a new step; an extension of an overdue dossier does not warn again.
// Staff mails are in Vietnamese (staff work in Vietnamese; mail.step_* in the catalogues).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "domain/audit/audit.hpp"
#include "domain/dossier/model.hpp"
#include "domain/notify/mailer.hpp"

namespace mocua::domain::dossier {

class StaffDirectory;

// A dossier whose own or open step's due time is before the sweep's horizon.
struct DeadlineItem {
    DossierSummary dossier;
    std::optional<StepRecord> step;  // the open step, in state 4
};

// One notice: recorded once per (dossier_id, step_seq, kind) with its mails and audit entry.
struct DeadlineNotice {
    std::int64_t dossier_id = 0;
    int step_seq = 0;  // 0 for the dossier's own due time
    std::string kind;  // step_due_soon, step_overdue, due_soon, overdue
    std::vector<notify::Mail> mails;
    audit::Event event;
};

class DeadlineRepository {
public:
    virtual ~DeadlineRepository() = default;
    // Dossiers in states 2, 4 and 6 whose due time or open step's due time is before `until` (UTC text),
    // earliest first, at most `limit`.
    virtual std::vector<DeadlineItem> DueBefore(const std::string& until, int limit) = 0;
    // Records the notice, queues its mails and appends its audit entry in one transaction; false (and
    // nothing done) when the same (dossier, step, kind) was recorded before.
    virtual bool RecordNotice(const DeadlineNotice& notice) = 0;
};

struct DeadlineOptions {
    std::chrono::hours due_soon{24};
    std::string public_url;                        // links in the mails: <public_url>/work/dossiers/<code>
    notify::MessageLookup messages;  // mail.step_* / mail.dossier_due* texts; empty: no mails, marks only
    int batch = 500;
};

struct SweepReport {
    int notices = 0;  // recorded now
    int mails = 0;
    int overdue = 0;  // "overdue" and "step_overdue" among them
};

class DeadlineSweep {
public:
    DeadlineSweep(DeadlineRepository& repository, StaffDirectory& staff, const core::Clock& clock,
                  DeadlineOptions options);
    SweepReport Run();

private:
    DeadlineRepository& repository_;
    StaffDirectory& staff_;
    const core::Clock& clock_;
    DeadlineOptions options_;
};

}  // namespace mocua::domain::dossier
