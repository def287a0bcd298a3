#include "persistence/dossier_repository.hpp"

#include <soci/soci.h>

#include "core/text/text.hpp"
#include "db/database.hpp"
#include "persistence/audit_repository.hpp"
#include "persistence/dossier_rows.hpp"

namespace mocua::persistence {

namespace dossier = domain::dossier;
using dossier::Dossier;
using dossier::Draft;
using namespace dossier_rows;

namespace {

constexpr const char* kDossierColumns =
    "d.id, d.code, d.procedure_code, d.procedure_version_id, d.applicant_account_id, d.applicant_kind, "
    "d.applicant_name, d.applicant_id_number, d.applicant_address, d.applicant_phone, d.applicant_email, "
    "d.language, d.channel, d.state, d.receiving_unit_id, d.competent_unit_id, d.answers, d.sets, "
    "d.result_delivery, "
    "d.submitted_at, d.received_at, d.appointment_at, d.received_by, d.created_by, d.version, d.created_at, "
    "d.updated_at, d.due_at, d.extended_at, d.resolved_at, d.returned_at, COALESCE(d.return_channel, '')";

struct DossierRow {
    long long id = 0, version_id = 0, applicant = 0, channel = 0, state = 0, receiving = 0, competent = 0,
              sets = 1, received_by = 0, created_by = 0, version = 1;
    std::string due, extended, resolved, returned, return_channel;
    soci::indicator due_ind = soci::i_null, extended_ind = soci::i_null, resolved_ind = soci::i_null,
                    returned_ind = soci::i_null;
    std::string code, procedure, kind, name, id_number, address, phone, email, language, answers, delivery,
        submitted, received, appointment, created, updated;
    soci::indicator applicant_ind = soci::i_null, received_ind = soci::i_null, appointment_ind = soci::i_null,
                    received_by_ind = soci::i_null, created_by_ind = soci::i_null;

    void BindTo(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(code));
        st.exchange(soci::into(procedure));
        st.exchange(soci::into(version_id));
        st.exchange(soci::into(applicant, applicant_ind));
        st.exchange(soci::into(kind));
        st.exchange(soci::into(name));
        st.exchange(soci::into(id_number));
        st.exchange(soci::into(address));
        st.exchange(soci::into(phone));
        st.exchange(soci::into(email));
        st.exchange(soci::into(language));
        st.exchange(soci::into(channel));
        st.exchange(soci::into(state));
        st.exchange(soci::into(receiving));
        st.exchange(soci::into(competent));
        st.exchange(soci::into(answers));
        st.exchange(soci::into(sets));
        st.exchange(soci::into(delivery));
        st.exchange(soci::into(submitted));
        st.exchange(soci::into(received, received_ind));
        st.exchange(soci::into(appointment, appointment_ind));
        st.exchange(soci::into(received_by, received_by_ind));
        st.exchange(soci::into(created_by, created_by_ind));
        st.exchange(soci::into(version));
        st.exchange(soci::into(created));
        st.exchange(soci::into(updated));
        st.exchange(soci::into(due, due_ind));
        st.exchange(soci::into(extended, extended_ind));
        st.exchange(soci::into(resolved, resolved_ind));
        st.exchange(soci::into(returned, returned_ind));
        st.exchange(soci::into(return_channel));
    }

    Dossier ToDossier() const {
        Dossier d;
        d.id = id;
        d.code = code;
        d.procedure_code = procedure;
        d.procedure_version_id = version_id;
        d.applicant_account_id = Opt(applicant, applicant_ind);
        d.applicant = {kind, name, id_number, address, phone, email};
        d.language = language;
        d.channel = dossier::ChannelFromCode(channel).value_or(dossier::Channel::kCounter);
        d.state = dossier::StateFromCode(state).value_or(dossier::State::kNew);
        d.receiving_unit_id = receiving;
        d.competent_unit_id = competent;
        d.answers = dossier::AnswersFromJson(answers).value_or(dossier::Answers{});
        d.sets = static_cast<int>(sets);
        d.result_delivery = delivery;
        d.submitted_at = submitted;
        d.received_at = Opt(received, received_ind);
        d.appointment_at = Opt(appointment, appointment_ind);
        d.received_by = Opt(received_by, received_by_ind);
        d.created_by = Opt(created_by, created_by_ind);
        d.version = version;
        d.created_at = created;
        d.updated_at = updated;
        d.due_at = Opt(due, due_ind);
        d.extended_at = Opt(extended, extended_ind);
        d.resolved_at = Opt(resolved, resolved_ind);
        d.returned_at = Opt(returned, returned_ind);
        d.return_channel = return_channel;
        return d;
    }
};

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

void LoadProcessing(soci::session& sql, Dossier& d) {
    const long long id = d.id;
    {
        long long seq = 0, unit = 0, assignee = 0, from_unit = 0, from_account = 0;
        std::string step_id, name_vi, name_en, role, started, due, finished, outcome, note;
        soci::indicator assignee_ind = soci::i_null, from_unit_ind = soci::i_null,
                        from_account_ind = soci::i_null, finished_ind = soci::i_null;
        soci::statement st =
            (sql.prepare
                 << "SELECT seq, step_id, name_vi, name_en, role, unit_id, assignee_account_id, "
                    "from_unit_id, "
                    "from_account_id, started_at, due_at, finished_at, outcome, note FROM dossier_steps "
                    "WHERE dossier_id = :id ORDER BY seq",
             soci::use(id, "id"), soci::into(seq), soci::into(step_id), soci::into(name_vi),
             soci::into(name_en), soci::into(role), soci::into(unit), soci::into(assignee, assignee_ind),
             soci::into(from_unit, from_unit_ind), soci::into(from_account, from_account_ind),
             soci::into(started), soci::into(due), soci::into(finished, finished_ind), soci::into(outcome),
             soci::into(note));
        st.execute();
        while (st.fetch()) {
            d.steps.push_back({static_cast<int>(seq), step_id, name_vi, name_en, role, unit,
                               Opt(assignee, assignee_ind), Opt(from_unit, from_unit_ind),
                               Opt(from_account, from_account_ind), started, due, Opt(finished, finished_ind),
                               outcome, note});
        }
    }
    {
        long long seq = 0, from_state = 0;
        std::string kind, requested, completed;
        soci::indicator completed_ind = soci::i_null;
        soci::statement st =
            (sql.prepare << "SELECT seq, kind, from_state, requested_at, completed_at FROM dossier_pauses "
                            "WHERE dossier_id = :id ORDER BY seq",
             soci::use(id, "id"), soci::into(seq), soci::into(kind), soci::into(from_state),
             soci::into(requested), soci::into(completed, completed_ind));
        st.execute();
        while (st.fetch()) {
            d.pauses.push_back({static_cast<int>(seq), kind,
                                dossier::StateFromCode(from_state).value_or(dossier::State::kProcessing),
                                requested, Opt(completed, completed_ind)});
        }
    }
}

void RecordFileRow(soci::session& sql, const dossier::StoredFile& f, const core::Clock& clock) {
    long long size = f.size;
    const std::string now = core::FormatUtc(clock.Now());
    sql << "INSERT INTO dossier_files (sha256, media_type, size, scanned_at, created_at) "
           "VALUES (:sha, :media, :size, :now, :now) ON CONFLICT (sha256) DO NOTHING",
        soci::use(f.sha256, "sha"), soci::use(f.media_type, "media"), soci::use(size, "size"),
        soci::use(now, "now");
}

void LoadRatings(soci::session& sql, Dossier& d) {
    const long long id = d.id;
    long long seq = 0, account = 0;
    std::string kind, value, channel, at;
    soci::indicator account_ind = soci::i_null;
    soci::statement st =
        (sql.prepare << "SELECT seq, kind, value, channel, account_id, rated_at FROM dossier_ratings "
                        "WHERE dossier_id = :id ORDER BY seq",
         soci::use(id, "id"), soci::into(seq), soci::into(kind), soci::into(value), soci::into(channel),
         soci::into(account, account_ind), soci::into(at));
    st.execute();
    while (st.fetch())
        d.ratings.push_back({static_cast<int>(seq), kind, value, channel, Opt(account, account_ind), at});
}

void LoadResult(soci::session& sql, Dossier& d) {
    const long long id = d.id;
    dossier::ResultFile r;
    std::string media;
    long long size = 0, by = 0;
    soci::indicator by_ind = soci::i_null, media_ind = soci::i_null, size_ind = soci::i_null;
    sql << "SELECT r.file_sha256, r.file_name, f.media_type, f.size, r.signature_scheme, r.signature_key, "
           "r.signature_value, r.signer, r.attached_by, r.attached_at FROM dossier_results r "
           "LEFT JOIN dossier_files f ON f.sha256 = r.file_sha256 WHERE r.dossier_id = :id",
        soci::use(id, "id"), soci::into(r.file.sha256), soci::into(r.file.name), soci::into(media, media_ind),
        soci::into(size, size_ind), soci::into(r.signature_scheme), soci::into(r.signature_key),
        soci::into(r.signature_value), soci::into(r.signer), soci::into(by, by_ind),
        soci::into(r.attached_at);
    if (!sql.got_data()) return;
    r.file.media_type = media_ind == soci::i_ok ? media : "";
    r.file.size = size_ind == soci::i_ok ? size : 0;
    r.attached_by = Opt(by, by_ind);
    d.result = std::move(r);
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

void LoadParts(soci::session& sql, Dossier& d) {
    const long long id = d.id;
    {
        long long position = 0, quantity = 1, digitised = 0, reused = 0, size = 0;
        std::string name_vi, name_en, sha, file_name, handed, media;
        soci::indicator sha_ind = soci::i_null, media_ind = soci::i_null, size_ind = soci::i_null;
        soci::statement st =
            (sql.prepare
                 << "SELECT c.position, c.name_vi, c.name_en, c.file_sha256, c.file_name, c.handed_in, "
                    "c.quantity, c.digitised, c.reused, f.media_type, f.size FROM dossier_components c "
                    "LEFT JOIN dossier_files f ON f.sha256 = c.file_sha256 WHERE c.dossier_id = :id "
                    "ORDER BY c.position",
             soci::use(id, "id"), soci::into(position), soci::into(name_vi), soci::into(name_en),
             soci::into(sha, sha_ind), soci::into(file_name), soci::into(handed), soci::into(quantity),
             soci::into(digitised), soci::into(reused), soci::into(media, media_ind),
             soci::into(size, size_ind));
        st.execute();
        while (st.fetch()) {
            dossier::DossierComponent c;
            c.position = static_cast<int>(position);
            c.name_vi = name_vi;
            c.name_en = name_en;
            if (sha_ind == soci::i_ok) {
                c.file = dossier::StoredFile{sha, file_name, media_ind == soci::i_ok ? media : "",
                                             size_ind == soci::i_ok ? size : 0};
            }
            c.handed_in = dossier::ParseHandedIn(handed).value_or(dossier::HandedIn::kNone);
            c.quantity = static_cast<int>(quantity);
            c.digitised = digitised != 0;
            c.reused = reused != 0;
            d.components.push_back(std::move(c));
        }
    }
    {
        long long seq = 0, from = 0, to = 0, actor = 0, unit = 0;
        std::string action, note, at;
        soci::indicator from_ind = soci::i_null, actor_ind = soci::i_null, unit_ind = soci::i_null;
        soci::statement st =
            (sql.prepare << "SELECT seq, from_state, to_state, action, actor_account_id, unit_id, note, at "
                            "FROM dossier_history WHERE dossier_id = :id ORDER BY seq",
             soci::use(id, "id"), soci::into(seq), soci::into(from, from_ind), soci::into(to),
             soci::into(action), soci::into(actor, actor_ind), soci::into(unit, unit_ind), soci::into(note),
             soci::into(at));
        st.execute();
        while (st.fetch()) {
            dossier::HistoryEntry h;
            h.seq = static_cast<int>(seq);
            if (from_ind == soci::i_ok) h.from = dossier::StateFromCode(from);
            h.to = dossier::StateFromCode(to).value_or(dossier::State::kNew);
            h.action = action;
            h.actor_account_id = Opt(actor, actor_ind);
            h.unit_id = Opt(unit, unit_ind);
            h.note = note;
            h.at = at;
            d.history.push_back(std::move(h));
        }
    }
    {
        std::string form, data, at;
        long long by = 0;
        soci::indicator by_ind = soci::i_null;
        soci::statement st =
            (sql.prepare << "SELECT form, data, issued_by, issued_at FROM dossier_forms "
                            "WHERE dossier_id = :id ORDER BY seq",
             soci::use(id, "id"), soci::into(form), soci::into(data), soci::into(by, by_ind), soci::into(at));
        st.execute();
        while (st.fetch()) d.forms.push_back({form, data, Opt(by, by_ind), at});
    }
}

std::optional<Dossier> FindDossier(soci::session& sql, const std::string& where, const std::string& key,
                                   long long id_key, const char* lock) {
    DossierRow row;
    soci::statement st(sql);
    row.BindTo(st);
    if (where == "code") {
        st.exchange(soci::use(key, "k"));
    } else {
        st.exchange(soci::use(id_key, "k"));
    }
    st.alloc();
    st.prepare(std::string("SELECT ") + kDossierColumns + " FROM dossiers d WHERE d." + where + " = :k" +
               lock);
    st.define_and_bind();
    if (!st.execute(true)) return std::nullopt;
    Dossier d = row.ToDossier();
    LoadParts(sql, d);
    LoadProcessing(sql, d);
    LoadResult(sql, d);
    LoadRatings(sql, d);
    return d;
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

std::optional<Draft> FindDraftIn(soci::session& sql, std::int64_t draft_id, const char* lock) {
    long long id = draft_id, account = 0, version = 0, dossier_id = 0;
    std::string procedure, content, created, updated;
    soci::indicator dossier_ind = soci::i_null;
    // The draft row alone, then its dossier's code: PostgreSQL refuses FOR UPDATE on the nullable side
    // of an outer join, and a row re-read after waiting for a concurrent submit's lock would keep the
    // join's old (empty) side, so that submit would create a second dossier.
    sql << std::string(
               "SELECT account_id, procedure_code, procedure_version_id, content, created_at, updated_at, "
               "dossier_id FROM dossier_drafts WHERE id = :id") +
               lock,
        soci::use(id, "id"), soci::into(account), soci::into(procedure), soci::into(version),
        soci::into(content), soci::into(created), soci::into(updated), soci::into(dossier_id, dossier_ind);
    if (!sql.got_data()) return std::nullopt;
    Draft d;
    d.id = id;
    d.account_id = account;
    d.procedure_code = procedure;
    d.procedure_version_id = version;
    dossier::DraftContentFromJson(content, d);
    d.created_at = created;
    d.updated_at = updated;
    if (dossier_ind == soci::i_ok) {
        std::string code;
        sql << "SELECT code FROM dossiers WHERE id = :d", soci::use(dossier_id, "d"), soci::into(code);
        if (sql.got_data()) d.dossier_code = code;
    }
    return d;
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

core::Result<void> SqlDossierRepository::Write(
    const std::function<core::Result<void>(dossier::DossierWriter&)>& f) {
    return db_.InTransaction([&](soci::session& sql) -> core::Result<void> {
        SqlDossierWriter writer(sql, db_.dialect(), hasher_, clock_, queue_mail_);
        return f(writer);
    });
}

void SqlDossierRepository::PutCodePattern(std::int64_t unit_id, std::string_view valid_from,
                                          std::string_view pattern, const domain::audit::Event& event) {
    db_.InTransaction([&](soci::session& sql) {
        AppendAudit(sql, hasher_, clock_, event);
        long long unit = unit_id;
        const std::string from(valid_from), p(pattern), now = core::FormatUtc(clock_.Now());
        sql << "INSERT INTO dossier_code_formats (unit_id, valid_from, pattern, created_at) VALUES (:u, :f, "
               ":p, :now) "
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
