#include "persistence/deadline_repository.hpp"

#include <soci/soci.h>

#include "core/text/text.hpp"
#include "db/database.hpp"
#include "persistence/audit_repository.hpp"
#include "persistence/dossier_rows.hpp"

namespace mocua::persistence {

namespace dossier = domain::dossier;
using namespace dossier_rows;

std::vector<dossier::DeadlineItem> SqlDeadlineRepository::DueBefore(const std::string& until, int limit) {
    std::vector<dossier::DeadlineItem> out;
    db::Connection c = db_.Acquire();
    SummaryRow row;
    long long seq = 0, unit = 0, assignee = 0;
    soci::indicator seq_ind = soci::i_null, unit_ind = soci::i_null, assignee_ind = soci::i_null;
    std::string step_id, name_vi, name_en, role, started, step_due;
    soci::indicator step_ind = soci::i_null, name_vi_ind = soci::i_null, name_en_ind = soci::i_null,
                    role_ind = soci::i_null, started_ind = soci::i_null, step_due_ind = soci::i_null;
    const long long max = limit;
    soci::statement st(c.sql());
    row.BindTo(st);
    st.exchange(soci::into(seq, seq_ind));
    st.exchange(soci::into(step_id, step_ind));
    st.exchange(soci::into(name_vi, name_vi_ind));
    st.exchange(soci::into(name_en, name_en_ind));
    st.exchange(soci::into(role, role_ind));
    st.exchange(soci::into(unit, unit_ind));
    st.exchange(soci::into(assignee, assignee_ind));
    st.exchange(soci::into(started, started_ind));
    st.exchange(soci::into(step_due, step_due_ind));
    st.exchange(soci::use(until, "until"));
    st.exchange(soci::use(max, "max"));
    st.alloc();
    // Dossiers still in the agency's hands whose own or open step's due time is before the horizon;
    // those whose overdue notices were all recorded already drop out, so old overdue dossiers cannot
    // crowd newer ones out of the batch.
    st.prepare(std::string("SELECT ") + kSummaryColumns +
               ", s.seq, s.step_id, s.name_vi, s.name_en, s.role, s.unit_id, s.assignee_account_id, s.started_at, "
               "s.due_at FROM dossiers d JOIN procedure_versions v ON v.id = d.procedure_version_id "
               "LEFT JOIN dossier_steps s ON s.dossier_id = d.id AND s.finished_at IS NULL AND d.state = 4 "
               "WHERE d.state IN (2, 4, 6) AND (d.due_at < :until OR s.due_at < :until) "
               "AND NOT (EXISTS (SELECT 1 FROM dossier_notices n WHERE n.dossier_id = d.id AND n.kind = 'overdue') "
               "AND (s.seq IS NULL OR EXISTS (SELECT 1 FROM dossier_notices n WHERE n.dossier_id = d.id "
               "AND n.step_seq = s.seq AND n.kind = 'step_overdue'))) "
               "ORDER BY COALESCE(s.due_at, d.due_at), d.id LIMIT :max");
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) {
        dossier::DeadlineItem item{row.Read(), std::nullopt};
        if (seq_ind == soci::i_ok) {
            dossier::StepRecord s;
            s.seq = static_cast<int>(seq);
            s.step_id = step_id;
            s.name_vi = name_vi;
            s.name_en = name_en_ind == soci::i_ok ? name_en : "";
            s.role = role;
            s.unit_id = unit;
            s.assignee_account_id = Opt(assignee, assignee_ind);
            s.started_at = started;
            s.due_at = step_due;
            item.step = std::move(s);
        }
        out.push_back(std::move(item));
    }
    return out;
}

bool SqlDeadlineRepository::RecordNotice(const dossier::DeadlineNotice& notice) {
    return db_.InTransaction([&](soci::session& sql) {
        const long long id = notice.dossier_id, seq = notice.step_seq;
        const std::string at = core::FormatUtc(clock_.Now());
        // The key decides: a notice recorded before (another node, an earlier run) inserts nothing.
        soci::statement st = (sql.prepare << "INSERT INTO dossier_notices (dossier_id, step_seq, kind, recorded_at) "
                                             "VALUES (:id, :seq, :kind, :at) ON CONFLICT DO NOTHING",
                              soci::use(id, "id"), soci::use(seq, "seq"), soci::use(notice.kind, "kind"),
                              soci::use(at, "at"));
        st.execute(true);
        if (st.get_affected_rows() == 0) return false;
        for (const auto& mail : notice.mails) {
            if (queue_mail_) queue_mail_(sql, mail);
        }
        AppendAudit(sql, hasher_, clock_, notice.event);
        return true;
    });
}

std::vector<dossier::StaffMember> SqlStaffDirectory::WithRole(std::string_view role, std::int64_t unit_id) {
    std::vector<dossier::StaffMember> out;
    db::Connection c = db_.Acquire();
    const std::string r(role);
    const long long unit = unit_id;
    long long id = 0;
    std::string name, email;
    soci::statement st = (c.sql().prepare << "SELECT a.id, a.display_name, a.email FROM role_grants g "
                                             "JOIN accounts a ON a.id = g.account_id WHERE g.role = :role "
                                             "AND g.unit_id = :unit AND a.kind = 'staff' AND a.disabled = 0",
                          soci::use(r, "role"), soci::use(unit, "unit"), soci::into(id), soci::into(name),
                          soci::into(email));
    st.execute(false);
    while (st.fetch()) out.push_back({id, name, email});
    std::stable_sort(out.begin(), out.end(), [](const dossier::StaffMember& a, const dossier::StaffMember& b) {
        return core::text::CompareVietnamese(a.name, b.name) < 0;
    });
    return out;
}

}  // namespace mocua::persistence
