// The dossier module's writer over one transaction (SqlDossierRepository::Write): inserting and updating
// a dossier with its components, history, forms, steps, pauses, ratings and result; drafts, codes and
// their sequences, idempotency keys, stored files, the data store, mails and the audit log.
#include <soci/soci.h>

#include "core/text/text.hpp"
#include "db/database.hpp"
#include "persistence/audit_repository.hpp"
#include "persistence/dossier_repository.hpp"
#include "persistence/dossier_rows.hpp"

namespace mocua::persistence {

namespace dossier = domain::dossier;
using dossier::Dossier;
using dossier::Draft;
using namespace dossier_rows;

namespace {

// An optional text bound with its indicator.
struct OptionalText {
    explicit OptionalText(const std::optional<std::string>& v)
        : value(v.value_or("")), ind(v ? soci::i_ok : soci::i_null) {}
    std::string value;
    soci::indicator ind;
};
struct OptionalId {
    explicit OptionalId(const std::optional<std::int64_t>& v)
        : value(v.value_or(0)), ind(v ? soci::i_ok : soci::i_null) {}
    long long value;
    soci::indicator ind;
};

void RecordFileRow(soci::session& sql, const dossier::StoredFile& f, const core::Clock& clock) {
    long long size = f.size;
    const std::string now = core::FormatUtc(clock.Now());
    sql << "INSERT INTO dossier_files (sha256, media_type, size, scanned_at, created_at) "
           "VALUES (:sha, :media, :size, :now, :now) ON CONFLICT (sha256) DO NOTHING",
        soci::use(f.sha256, "sha"), soci::use(f.media_type, "media"), soci::use(size, "size"),
        soci::use(now, "now");
}

void WriteResult(soci::session& sql, const Dossier& d) {
    const long long id = d.id;
    sql << "DELETE FROM dossier_results WHERE dossier_id = :d", soci::use(id, "d");
    if (!d.result) return;
    const auto& r = *d.result;
    OptionalId by(r.attached_by);
    sql << "INSERT INTO dossier_results (dossier_id, file_sha256, file_name, signature_scheme, "
           "signature_key, "
           "signature_value, signer, attached_by, attached_at) VALUES (:d, :sha, :name, :scheme, :key, "
           ":value, "
           ":signer, :by, :at)",
        soci::use(id, "d"), soci::use(r.file.sha256, "sha"), soci::use(r.file.name, "name"),
        soci::use(r.signature_scheme, "scheme"), soci::use(r.signature_key, "key"),
        soci::use(r.signature_value, "value"), soci::use(r.signer, "signer"),
        soci::use(by.value, by.ind, "by"), soci::use(r.attached_at, "at");
}

// Steps and pauses are few per dossier: rewritten whole on every change.
void WriteProcessing(soci::session& sql, const Dossier& d, bool replace) {
    const long long id = d.id;
    if (replace) {
        sql << "DELETE FROM dossier_steps WHERE dossier_id = :d", soci::use(id, "d");
        sql << "DELETE FROM dossier_pauses WHERE dossier_id = :d", soci::use(id, "d");
    }
    for (const auto& s : d.steps) {
        long long seq = s.seq, unit = s.unit_id;
        OptionalId assignee(s.assignee_account_id), from_unit(s.from_unit_id),
            from_account(s.from_account_id);
        OptionalText finished(s.finished_at);
        sql << "INSERT INTO dossier_steps (dossier_id, seq, step_id, name_vi, name_en, role, unit_id, "
               "assignee_account_id, from_unit_id, from_account_id, started_at, due_at, finished_at, "
               "outcome, note) "
               "VALUES (:d, :seq, :step, :vi, :en, :role, :unit, :assignee, :fu, :fa, :started, :due, "
               ":finished, "
               ":outcome, :note)",
            soci::use(id, "d"), soci::use(seq, "seq"), soci::use(s.step_id, "step"),
            soci::use(s.name_vi, "vi"), soci::use(s.name_en, "en"), soci::use(s.role, "role"),
            soci::use(unit, "unit"), soci::use(assignee.value, assignee.ind, "assignee"),
            soci::use(from_unit.value, from_unit.ind, "fu"),
            soci::use(from_account.value, from_account.ind, "fa"), soci::use(s.started_at, "started"),
            soci::use(s.due_at, "due"), soci::use(finished.value, finished.ind, "finished"),
            soci::use(s.outcome, "outcome"), soci::use(s.note, "note");
    }
    if (replace) sql << "DELETE FROM dossier_ratings WHERE dossier_id = :d", soci::use(id, "d");
    for (const auto& r : d.ratings) {
        long long seq = r.seq;
        OptionalId account(r.account_id);
        sql << "INSERT INTO dossier_ratings (dossier_id, seq, kind, value, channel, account_id, rated_at) "
               "VALUES (:d, :seq, :kind, :value, :channel, :a, :at)",
            soci::use(id, "d"), soci::use(seq, "seq"), soci::use(r.kind, "kind"), soci::use(r.value, "value"),
            soci::use(r.channel, "channel"), soci::use(account.value, account.ind, "a"),
            soci::use(r.rated_at, "at");
    }
    for (const auto& p : d.pauses) {
        long long seq = p.seq, from_state = dossier::Code(p.from_state);
        OptionalText completed(p.completed_at);
        sql << "INSERT INTO dossier_pauses (dossier_id, seq, kind, from_state, requested_at, completed_at) "
               "VALUES (:d, :seq, :kind, :fs, :req, :done)",
            soci::use(id, "d"), soci::use(seq, "seq"), soci::use(p.kind, "kind"), soci::use(from_state, "fs"),
            soci::use(p.requested_at, "req"), soci::use(completed.value, completed.ind, "done");
    }
}

void InsertParts(soci::session& sql, const Dossier& d, std::size_t history_from, std::size_t forms_from) {
    const long long id = d.id;
    for (std::size_t i = history_from; i < d.history.size(); ++i) {
        const auto& h = d.history[i];
        long long seq = h.seq, to = dossier::Code(h.to);
        long long from = h.from ? dossier::Code(*h.from) : 0, actor = h.actor_account_id.value_or(0),
                  unit = h.unit_id.value_or(0);
        soci::indicator from_ind = h.from ? soci::i_ok : soci::i_null,
                        actor_ind = h.actor_account_id ? soci::i_ok : soci::i_null,
                        unit_ind = h.unit_id ? soci::i_ok : soci::i_null;
        sql << "INSERT INTO dossier_history (dossier_id, seq, from_state, to_state, action, "
               "actor_account_id, "
               "unit_id, note, at) VALUES (:d, :seq, :from, :to, :action, :actor, :unit, :note, :at)",
            soci::use(id, "d"), soci::use(seq, "seq"), soci::use(from, from_ind, "from"), soci::use(to, "to"),
            soci::use(h.action, "action"), soci::use(actor, actor_ind, "actor"),
            soci::use(unit, unit_ind, "unit"), soci::use(h.note, "note"), soci::use(h.at, "at");
    }
    for (std::size_t i = forms_from; i < d.forms.size(); ++i) {
        const auto& f = d.forms[i];
        long long by = f.issued_by.value_or(0), seq = static_cast<long long>(i) + 1;
        soci::indicator by_ind = f.issued_by ? soci::i_ok : soci::i_null;
        sql << "INSERT INTO dossier_forms (dossier_id, seq, form, data, issued_by, issued_at) "
               "VALUES (:d, :seq, :form, :data, :by, :at)",
            soci::use(id, "d"), soci::use(seq, "seq"), soci::use(f.form, "form"), soci::use(f.data, "data"),
            soci::use(by, by_ind, "by"), soci::use(f.issued_at, "at");
    }
}

void WriteComponents(soci::session& sql, const Dossier& d, bool replace) {
    const long long id = d.id;
    if (replace) sql << "DELETE FROM dossier_components WHERE dossier_id = :d", soci::use(id, "d");
    for (const auto& c : d.components) {
        long long position = c.position, quantity = c.quantity, digitised = c.digitised ? 1 : 0,
                  reused = c.reused ? 1 : 0;
        std::string sha = c.file ? c.file->sha256 : "", file_name = c.file ? c.file->name : "",
                    handed(dossier::HandedInName(c.handed_in));
        soci::indicator sha_ind = c.file ? soci::i_ok : soci::i_null;
        sql << "INSERT INTO dossier_components (dossier_id, position, name_vi, name_en, file_sha256, "
               "file_name, "
               "handed_in, quantity, digitised, reused) VALUES (:d, :p, :vi, :en, :sha, :fname, :handed, :q, "
               ":dg, :ru)",
            soci::use(id, "d"), soci::use(position, "p"), soci::use(c.name_vi, "vi"),
            soci::use(c.name_en, "en"), soci::use(sha, sha_ind, "sha"), soci::use(file_name, "fname"),
            soci::use(handed, "handed"), soci::use(quantity, "q"), soci::use(digitised, "dg"),
            soci::use(reused, "ru");
    }
}

class SqlDossierWriter final : public dossier::DossierWriter {
public:
    SqlDossierWriter(soci::session& sql, const db::Dialect& dialect,
                     const domain::audit::Sha256Hasher& hasher, const core::Clock& clock,
                     const QueueMailInTransaction& queue_mail)
        : sql_(sql), dialect_(dialect), hasher_(hasher), clock_(clock), queue_mail_(queue_mail) {}

    const char* Lock() const {
        return dialect_.Visit([](db::SqliteTag) { return ""; },
                              [](db::PostgresTag) { return " FOR UPDATE"; });
    }

    std::optional<std::string> CodePattern(std::int64_t unit_id, std::string_view day) override {
        long long unit = unit_id;
        std::string d(day), pattern;
        sql_ << "SELECT pattern FROM dossier_code_formats WHERE unit_id = :u AND valid_from <= :day "
                "ORDER BY valid_from DESC LIMIT 1",
            soci::use(unit, "u"), soci::use(d, "day"), soci::into(pattern);
        if (!sql_.got_data()) return std::nullopt;
        return pattern;
    }

    std::int64_t NextSequence(std::int64_t unit_id, std::string_view day) override {
        long long unit = unit_id, value = 0;
        std::string d(day);
        sql_ << "INSERT INTO dossier_sequences (unit_id, day, last_value) VALUES (:u, :day, 1) "
                "ON CONFLICT (unit_id, day) DO UPDATE SET last_value = dossier_sequences.last_value + 1 "
                "RETURNING last_value",
            soci::use(unit, "u"), soci::use(d, "day"), soci::into(value);
        return value;
    }

    std::int64_t Insert(const Dossier& d) override {
        long long id = 0, version_id = d.procedure_version_id, applicant = d.applicant_account_id.value_or(0),
                  channel = dossier::Code(d.channel), state = dossier::Code(d.state),
                  receiving = d.receiving_unit_id, competent = d.competent_unit_id, sets = d.sets,
                  received_by = d.received_by.value_or(0), created_by = d.created_by.value_or(0);
        soci::indicator applicant_ind = d.applicant_account_id ? soci::i_ok : soci::i_null,
                        received_by_ind = d.received_by ? soci::i_ok : soci::i_null,
                        created_by_ind = d.created_by ? soci::i_ok : soci::i_null,
                        received_ind = d.received_at ? soci::i_ok : soci::i_null,
                        appointment_ind = d.appointment_at ? soci::i_ok : soci::i_null;
        const std::string answers = dossier::AnswersToJson(d.answers),
                          fold = core::text::FoldForSearch(d.applicant.name),
                          received = d.received_at.value_or(""), appointment = d.appointment_at.value_or("");
        sql_ << "INSERT INTO dossiers (code, procedure_code, procedure_version_id, applicant_account_id, "
                "applicant_kind, applicant_name, applicant_id_number, applicant_address, applicant_phone, "
                "applicant_email, applicant_fold, language, channel, state, receiving_unit_id, "
                "competent_unit_id, answers, "
                "sets, result_delivery, submitted_at, received_at, appointment_at, received_by, created_by, "
                "version, created_at, updated_at) VALUES (:code, :proc, :ver, :app, :kind, :name, :idn, "
                ":addr, "
                ":phone, :email, :fold, :language, :channel, :state, :recv, :comp, :answers, :sets, "
                ":delivery, :submitted, "
                ":received, :appointment, :received_by, :created_by, 1, :created, :updated) RETURNING id",
            soci::use(d.code, "code"), soci::use(d.procedure_code, "proc"), soci::use(version_id, "ver"),
            soci::use(applicant, applicant_ind, "app"), soci::use(d.applicant.kind, "kind"),
            soci::use(d.applicant.name, "name"), soci::use(d.applicant.id_number, "idn"),
            soci::use(d.applicant.address, "addr"), soci::use(d.applicant.phone, "phone"),
            soci::use(d.applicant.email, "email"), soci::use(fold, "fold"), soci::use(d.language, "language"),
            soci::use(channel, "channel"), soci::use(state, "state"), soci::use(receiving, "recv"),
            soci::use(competent, "comp"), soci::use(answers, "answers"), soci::use(sets, "sets"),
            soci::use(d.result_delivery, "delivery"), soci::use(d.submitted_at, "submitted"),
            soci::use(received, received_ind, "received"),
            soci::use(appointment, appointment_ind, "appointment"),
            soci::use(received_by, received_by_ind, "received_by"),
            soci::use(created_by, created_by_ind, "created_by"), soci::use(d.created_at, "created"),
            soci::use(d.updated_at, "updated"), soci::into(id);
        Dossier stored = d;
        stored.id = id;
        WriteComponents(sql_, stored, false);
        InsertParts(sql_, stored, 0, 0);
        WriteProcessing(sql_, stored, false);
        return id;
    }

    std::optional<Dossier> FindByCode(std::string_view code) override {
        return FindDossier(sql_, "code", std::string(code), 0, Lock());
    }
    std::optional<Dossier> FindById(std::int64_t id) override {
        return FindDossier(sql_, "id", "", id, Lock());
    }

    bool Update(const Dossier& d, std::int64_t expected_version) override {
        auto stored = FindDossier(sql_, "id", "", d.id, Lock());
        if (!stored || stored->version != expected_version) return false;
        long long id = d.id, state = dossier::Code(d.state), expected = expected_version,
                  received_by = d.received_by.value_or(0);
        soci::indicator received_ind = d.received_at ? soci::i_ok : soci::i_null,
                        appointment_ind = d.appointment_at ? soci::i_ok : soci::i_null,
                        received_by_ind = d.received_by ? soci::i_ok : soci::i_null;
        const std::string received = d.received_at.value_or(""), appointment = d.appointment_at.value_or("");
        OptionalText due(d.due_at), extended(d.extended_at), resolved(d.resolved_at), returned(d.returned_at);
        soci::statement st =
            (sql_.prepare
                 << "UPDATE dossiers SET state = :state, received_at = :received, appointment_at = :appt, "
                    "received_by = :by, due_at = :due, extended_at = :extended, resolved_at = :resolved, "
                    "returned_at = :returned, return_channel = :rc, version = version + 1, "
                    "updated_at = :updated WHERE id = :id AND version = :expected",
             soci::use(state, "state"), soci::use(received, received_ind, "received"),
             soci::use(appointment, appointment_ind, "appt"), soci::use(received_by, received_by_ind, "by"),
             soci::use(due.value, due.ind, "due"), soci::use(extended.value, extended.ind, "extended"),
             soci::use(resolved.value, resolved.ind, "resolved"),
             soci::use(returned.value, returned.ind, "returned"), soci::use(d.return_channel, "rc"),
             soci::use(d.updated_at, "updated"), soci::use(id, "id"), soci::use(expected, "expected"));
        st.execute(true);
        if (st.get_affected_rows() != 1) return false;
        WriteComponents(sql_, d, true);
        InsertParts(sql_, d, stored->history.size(), stored->forms.size());
        WriteProcessing(sql_, d, true);
        if (d.result && d.result->file.size > 0) RecordFileRow(sql_, d.result->file, clock_);
        WriteResult(sql_, d);
        return true;
    }

    std::optional<Draft> FindDraft(std::int64_t id) override { return FindDraftIn(sql_, id, Lock()); }

    std::int64_t InsertDraft(const Draft& d) override {
        long long id = 0, account = d.account_id, version = d.procedure_version_id;
        const std::string content = dossier::DraftContentToJson(d);
        sql_ << "INSERT INTO dossier_drafts (account_id, procedure_code, procedure_version_id, content, "
                "created_at, "
                "updated_at) VALUES (:a, :p, :v, :c, :created, :updated) RETURNING id",
            soci::use(account, "a"), soci::use(d.procedure_code, "p"), soci::use(version, "v"),
            soci::use(content, "c"), soci::use(d.created_at, "created"), soci::use(d.updated_at, "updated"),
            soci::into(id);
        return id;
    }

    void UpdateDraft(const Draft& d) override {
        long long id = d.id;
        const std::string content = dossier::DraftContentToJson(d);
        sql_ << "UPDATE dossier_drafts SET content = :c, updated_at = :u WHERE id = :id",
            soci::use(content, "c"), soci::use(d.updated_at, "u"), soci::use(id, "id");
    }

    void LinkDraft(std::int64_t draft_id, std::int64_t dossier_id) override {
        long long id = draft_id, dossier_key = dossier_id;
        sql_ << "UPDATE dossier_drafts SET dossier_id = :d WHERE id = :id", soci::use(dossier_key, "d"),
            soci::use(id, "id");
    }

    void DeleteDraft(std::int64_t draft_id) override {
        long long id = draft_id;
        sql_ << "DELETE FROM dossier_drafts WHERE id = :id AND dossier_id IS NULL", soci::use(id, "id");
    }

    std::optional<std::pair<std::string, std::int64_t>> FindIdempotency(std::int64_t account_id,
                                                                        std::string_view key) override {
        long long account = account_id, dossier_id = 0;
        std::string k(key), hash;
        sql_ << "SELECT request_hash, dossier_id FROM dossier_idempotency WHERE account_id = :a AND "
                "idempotency_key = :k",
            soci::use(account, "a"), soci::use(k, "k"), soci::into(hash), soci::into(dossier_id);
        if (!sql_.got_data()) return std::nullopt;
        return std::make_pair(hash, static_cast<std::int64_t>(dossier_id));
    }

    bool PutIdempotency(std::int64_t account_id, std::string_view key, std::string_view request_hash,
                        std::int64_t dossier_id) override {
        long long account = account_id, dossier_key = dossier_id;
        std::string k(key), hash(request_hash), now = core::FormatUtc(clock_.Now());
        soci::statement st =
            (sql_.prepare
                 << "INSERT INTO dossier_idempotency (account_id, idempotency_key, request_hash, dossier_id, "
                    "created_at) VALUES (:a, :k, :h, :d, :now) ON CONFLICT (account_id, idempotency_key) "
                    "DO NOTHING",
             soci::use(account, "a"), soci::use(k, "k"), soci::use(hash, "h"), soci::use(dossier_key, "d"),
             soci::use(now, "now"));
        st.execute(true);
        return st.get_affected_rows() == 1;
    }

    void RecordFile(const dossier::StoredFile& f) override { RecordFileRow(sql_, f, clock_); }

    void AddStoreItem(std::int64_t account_id, std::string_view title, const dossier::StoredFile& file,
                      std::int64_t source_dossier_id) override {
        long long account = account_id, source = source_dossier_id;
        const std::string t(title), now = core::FormatUtc(clock_.Now());
        sql_ << "INSERT INTO data_store_items (account_id, title, file_sha256, file_name, source_dossier_id, "
                "created_at) VALUES (:a, :t, :sha, :name, :src, :now) ON CONFLICT (account_id, file_sha256) "
                "DO NOTHING",
            soci::use(account, "a"), soci::use(t, "t"), soci::use(file.sha256, "sha"),
            soci::use(file.name, "name"), soci::use(source, "src"), soci::use(now, "now");
    }

    void QueueMail(const domain::notify::Mail& mail) override {
        if (queue_mail_) queue_mail_(sql_, mail);
    }

    void Audit(const domain::audit::Event& event) override { AppendAudit(sql_, hasher_, clock_, event); }

private:
    soci::session& sql_;
    const db::Dialect& dialect_;
    const domain::audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
    const QueueMailInTransaction& queue_mail_;
};

}  // namespace

core::Result<void> SqlDossierRepository::Write(
    const std::function<core::Result<void>(dossier::DossierWriter&)>& f) {
    return db_.InTransaction([&](soci::session& sql) -> core::Result<void> {
        SqlDossierWriter writer(sql, db_.dialect(), hasher_, clock_, queue_mail_);
        return f(writer);
    });
}

}  // namespace mocua::persistence
