// Reading a dossier back from its rows (SOCI): the dossiers row, then its components, history, forms,
// steps, pauses, result and ratings; and a draft with its dossier's code. FindDossier and FindDraftIn
// (dossier_rows.hpp) serve the repository's reads and the writer's locked reads alike.
#include <soci/soci.h>

#include "persistence/dossier_rows.hpp"

namespace mocua::persistence::dossier_rows {

using dossier::Dossier;
using dossier::Draft;

namespace {

constexpr const char* kDossierColumns =
    "d.id, d.code, d.procedure_code, d.procedure_version_id, d.applicant_account_id, d.applicant_kind, "
    "d.applicant_name, d.applicant_id_number, d.applicant_address, d.applicant_phone, d.applicant_email, "
    "d.language, d.channel, d.state, d.receiving_unit_id, d.competent_unit_id, d.answers, d.sets, "
    "d.result_delivery, d.submitted_at, d.received_at, d.appointment_at, d.received_by, d.created_by, "
    "d.version, d.created_at, d.updated_at, d.due_at, d.extended_at, d.resolved_at, d.returned_at, "
    "COALESCE(d.return_channel, '')";

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

}  // namespace

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

}  // namespace mocua::persistence::dossier_rows
