// SqlDossierRepository's reads and settings outside the writer: a dossier or draft by key, the
// applicant's open drafts, the filtered list of dossiers, the data store, open steps of units, stored
// files and the units' code patterns. The writer is in dossier_writer.cpp, reading a dossier's rows in
// dossier_rows.cpp.
#include "persistence/dossier_repository.hpp"

#include <soci/soci.h>

#include "db/database.hpp"
#include "persistence/audit_repository.hpp"
#include "persistence/dossier_rows.hpp"

namespace mocua::persistence {

namespace dossier = domain::dossier;
using dossier::Dossier;
using dossier::Draft;
using namespace dossier_rows;

std::optional<Dossier> SqlDossierRepository::FindByCode(std::string_view code) {
    db::Connection c = db_.Acquire();
    return FindDossier(c.sql(), "code", std::string(code), 0, "");
}

std::optional<Draft> SqlDossierRepository::FindDraft(std::int64_t id) {
    db::Connection c = db_.Acquire();
    return FindDraftIn(c.sql(), id, "");
}

std::vector<Draft> SqlDossierRepository::OpenDraftsOf(std::int64_t account_id) {
    db::Connection c = db_.Acquire();
    long long account = account_id, id = 0;
    std::vector<long long> ids;
    soci::statement st =
        (c.sql().prepare << "SELECT id FROM dossier_drafts WHERE account_id = :a AND dossier_id IS "
                            "NULL ORDER BY updated_at DESC, id DESC LIMIT 100",
         soci::use(account, "a"), soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
    std::vector<Draft> out;
    for (auto i : ids) {
        if (auto d = FindDraftIn(c.sql(), i, "")) out.push_back(std::move(*d));
    }
    return out;
}

dossier::ListPage SqlDossierRepository::List(const dossier::ListFilter& f) {
    db::Connection c = db_.Acquire();
    std::string where = " WHERE 1 = 1";
    if (!f.unit_ids.empty()) {
        std::string ids;
        for (auto id : f.unit_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);  // integers only
        where += f.receiving_only
                     ? " AND d.receiving_unit_id IN (" + ids + ")"
                     : " AND (d.receiving_unit_id IN (" + ids + ") OR d.competent_unit_id IN (" + ids + "))";
    }
    long long applicant = f.applicant_account_id.value_or(0),
              channel = f.channel ? dossier::Code(*f.channel) : 0;
    if (f.applicant_account_id) where += " AND d.applicant_account_id = :applicant";
    if (!f.states.empty()) {
        std::string states;
        for (auto s : f.states) states += (states.empty() ? "" : ",") + std::to_string(dossier::Code(s));
        where += " AND d.state IN (" + states + ")";
    }
    if (f.channel) where += " AND d.channel = :channel";
    if (!f.procedure_code.empty()) where += " AND d.procedure_code = :procedure";
    // The words are matched literally: % and _ typed by the user are escaped.
    std::string escaped;
    for (const char ch : f.folded_query) {
        if (ch == '%' || ch == '_' || ch == '\\') escaped += '\\';
        escaped += ch;
    }
    const std::string like = "%" + escaped + "%";
    if (!f.folded_query.empty()) {
        where += " AND (LOWER(d.code) LIKE :q ESCAPE '\\' OR d.applicant_fold LIKE :q ESCAPE '\\')";
    }
    if (!f.submitted_from.empty()) where += " AND d.submitted_at >= :from";
    if (!f.submitted_to.empty()) where += " AND d.submitted_at <= :to";
    if (!f.received_from.empty()) where += " AND d.received_at >= :rfrom";
    if (!f.received_to.empty()) where += " AND d.received_at < :rto";
    long long limit = f.per_page, offset = static_cast<long long>(f.page - 1) * f.per_page;

    SummaryRow row;
    long long total = 0;
    soci::statement st(c.sql());
    row.BindTo(st);
    st.exchange(soci::into(total));
    if (f.applicant_account_id) st.exchange(soci::use(applicant, "applicant"));
    if (f.channel) st.exchange(soci::use(channel, "channel"));
    if (!f.procedure_code.empty()) st.exchange(soci::use(f.procedure_code, "procedure"));
    if (!f.folded_query.empty()) st.exchange(soci::use(like, "q"));
    if (!f.submitted_from.empty()) st.exchange(soci::use(f.submitted_from, "from"));
    if (!f.submitted_to.empty()) st.exchange(soci::use(f.submitted_to, "to"));
    if (!f.received_from.empty()) st.exchange(soci::use(f.received_from, "rfrom"));
    if (!f.received_to.empty()) st.exchange(soci::use(f.received_to, "rto"));
    st.exchange(soci::use(limit, "limit"));
    st.exchange(soci::use(offset, "offset"));
    st.alloc();
    st.prepare(std::string("SELECT ") + kSummaryColumns +
               ", COUNT(*) OVER () "
               "FROM dossiers d JOIN procedure_versions v ON v.id = d.procedure_version_id" +
               where + " ORDER BY d.submitted_at DESC, d.id DESC LIMIT :limit OFFSET :offset");
    st.define_and_bind();
    st.execute(false);
    dossier::ListPage page;
    while (st.fetch()) {
        page.total = total;
        page.items.push_back(row.Read());
    }
    return page;  // past the last page: no items and a total of 0
}

std::vector<dossier::StoreItem> SqlDossierRepository::StoreItemsOf(std::int64_t account_id) {
    db::Connection c = db_.Acquire();
    long long account = account_id, id = 0, size = 0;
    std::string title, sha, name, media, created, code;
    soci::indicator code_ind = soci::i_null;
    soci::statement st =
        (c.sql().prepare
             << "SELECT s.id, s.title, s.file_sha256, s.file_name, f.media_type, f.size, s.created_at, "
                "d.code FROM data_store_items s JOIN dossier_files f ON f.sha256 = s.file_sha256 "
                "LEFT JOIN dossiers d ON d.id = s.source_dossier_id WHERE s.account_id = :a "
                "ORDER BY s.created_at DESC, s.id DESC",
         soci::use(account, "a"), soci::into(id), soci::into(title), soci::into(sha), soci::into(name),
         soci::into(media), soci::into(size), soci::into(created), soci::into(code, code_ind));
    st.execute();
    std::vector<dossier::StoreItem> out;
    while (st.fetch()) {
        out.push_back({id, title, {sha, name, media, size}, Opt(code, code_ind), created});
    }
    return out;
}

std::vector<std::pair<dossier::DossierSummary, dossier::StepRecord>> SqlDossierRepository::OpenSteps(
    const std::vector<std::int64_t>& unit_ids) {
    std::vector<std::pair<dossier::DossierSummary, dossier::StepRecord>> out;
    if (unit_ids.empty()) return out;
    std::string ids;
    for (auto id : unit_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);  // integers only
    db::Connection c = db_.Acquire();
    SummaryRow row;
    dossier::StepRecord step;
    long long seq = 0, unit = 0, assignee = 0;
    soci::indicator assignee_ind = soci::i_null;
    soci::statement st(c.sql());
    row.BindTo(st);
    st.exchange(soci::into(seq));
    st.exchange(soci::into(step.step_id));
    st.exchange(soci::into(step.name_vi));
    st.exchange(soci::into(step.name_en));
    st.exchange(soci::into(step.role));
    st.exchange(soci::into(unit));
    st.exchange(soci::into(assignee, assignee_ind));
    st.exchange(soci::into(step.started_at));
    st.exchange(soci::into(step.due_at));
    st.alloc();
    st.prepare(std::string("SELECT ") + kSummaryColumns +
               ", s.seq, s.step_id, s.name_vi, s.name_en, s.role, s.unit_id, s.assignee_account_id, "
               "s.started_at, s.due_at "
               "FROM dossier_steps s JOIN dossiers d ON d.id = s.dossier_id "
               "JOIN procedure_versions v ON v.id = d.procedure_version_id "
               "WHERE s.finished_at IS NULL AND d.state = 4 AND s.unit_id IN (" +
               ids + ") ORDER BY s.due_at LIMIT 500");
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) {
        step.seq = static_cast<int>(seq);
        step.unit_id = unit;
        step.assignee_account_id = Opt(assignee, assignee_ind);
        out.emplace_back(row.Read(), step);
    }
    return out;
}

std::optional<dossier::StoredFile> SqlDossierRepository::FindFile(std::string_view sha256) {
    db::Connection c = db_.Acquire();
    std::string sha(sha256), media;
    long long size = 0;
    c.sql() << "SELECT media_type, size FROM dossier_files WHERE sha256 = :s", soci::use(sha, "s"),
        soci::into(media), soci::into(size);
    if (!c.sql().got_data()) return std::nullopt;
    return dossier::StoredFile{sha, "", media, size};
}
void SqlDossierRepository::PutCodePattern(std::int64_t unit_id, std::string_view valid_from,
                                          std::string_view pattern, const domain::audit::Event& event) {
    db_.InTransaction([&](soci::session& sql) {
        AppendAudit(sql, hasher_, clock_, event);
        long long unit = unit_id;
        const std::string from(valid_from), p(pattern), now = core::FormatUtc(clock_.Now());
        sql << "INSERT INTO dossier_code_formats (unit_id, valid_from, pattern, created_at) "
               "VALUES (:u, :f, :p, :now) "
               "ON CONFLICT (unit_id, valid_from) DO UPDATE SET pattern = excluded.pattern",
            soci::use(unit, "u"), soci::use(from, "f"), soci::use(p, "p"), soci::use(now, "now");
    });
}

std::vector<std::pair<std::string, std::string>> SqlDossierRepository::CodePatterns(std::int64_t unit_id) {
    db::Connection c = db_.Acquire();
    long long unit = unit_id;
    std::string from, pattern;
    soci::statement st =
        (c.sql().prepare << "SELECT valid_from, pattern FROM dossier_code_formats WHERE unit_id = :u "
                            "ORDER BY valid_from",
         soci::use(unit, "u"), soci::into(from), soci::into(pattern));
    st.execute();
    std::vector<std::pair<std::string, std::string>> out;
    while (st.fetch()) out.emplace_back(from, pattern);
    return out;
}

}  // namespace mocua::persistence
