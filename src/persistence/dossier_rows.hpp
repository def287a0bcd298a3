#pragma once
// Row bindings shared by the SOCI dossier repositories (dossier_repository.cpp, dossier_writer.cpp,
// deadline_repository.cpp): the optional-column readers, a dossier's summary columns, and a whole
// dossier or draft read back from its rows (dossier_rows.cpp). Internal to persistence.
#include <cstdint>
#include <optional>
#include <string>

#include <soci/soci.h>

#include "domain/dossier/model.hpp"

namespace mocua::persistence::dossier_rows {

namespace dossier = domain::dossier;

inline std::optional<std::int64_t> Opt(long long v, soci::indicator ind) {
    if (ind != soci::i_ok) return std::nullopt;
    return v;
}
inline std::optional<std::string> Opt(const std::string& v, soci::indicator ind) {
    if (ind != soci::i_ok) return std::nullopt;
    return v;
}

// The columns of a dossier in lists (kSummaryColumns), bound into one statement and read per row.
inline constexpr const char* kSummaryColumns =
    "d.id, d.code, d.procedure_code, v.name_vi, v.name_en, d.applicant_name, d.channel, d.state, "
    "d.receiving_unit_id, d.competent_unit_id, d.submitted_at, d.appointment_at, d.version, d.due_at";

struct SummaryRow {
    dossier::DossierSummary row;
    long long id = 0, ch = 0, state = 0, recv = 0, comp = 0, version = 0;
    std::string appointment, due;
    soci::indicator appointment_ind = soci::i_null, due_ind = soci::i_null;

    void BindTo(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(row.code));
        st.exchange(soci::into(row.procedure_code));
        st.exchange(soci::into(row.procedure_name_vi));
        st.exchange(soci::into(row.procedure_name_en));
        st.exchange(soci::into(row.applicant_name));
        st.exchange(soci::into(ch));
        st.exchange(soci::into(state));
        st.exchange(soci::into(recv));
        st.exchange(soci::into(comp));
        st.exchange(soci::into(row.submitted_at));
        st.exchange(soci::into(appointment, appointment_ind));
        st.exchange(soci::into(version));
        st.exchange(soci::into(due, due_ind));
    }

    dossier::DossierSummary Read() {
        row.id = id;
        row.channel = dossier::ChannelFromCode(ch).value_or(dossier::Channel::kCounter);
        row.state = dossier::StateFromCode(state).value_or(dossier::State::kNew);
        row.receiving_unit_id = recv;
        row.competent_unit_id = comp;
        row.appointment_at = Opt(appointment, appointment_ind);
        row.version = version;
        row.due_at = Opt(due, due_ind);
        return row;
    }
};

// The dossier whose column `where` ("code" or "id") equals `key` (for "code") or `id_key` (for "id"),
// with its components, history, forms, steps, pauses, result and ratings; `lock` is appended to the
// dossiers query ("" or " FOR UPDATE").
std::optional<dossier::Dossier> FindDossier(soci::session& sql, const std::string& where,
                                            const std::string& key, long long id_key, const char* lock);
// The draft `draft_id` with its dossier's code once submitted; `lock` as for FindDossier.
std::optional<dossier::Draft> FindDraftIn(soci::session& sql, std::int64_t draft_id, const char* lock);

}  // namespace mocua::persistence::dossier_rows
