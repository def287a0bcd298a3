#include "persistence/portal_import.hpp"

#include <soci/soci.h>

#include <nlohmann/json.hpp>

#include "db/database.hpp"
#include "persistence/audit_repository.hpp"

namespace mocua::persistence {

namespace portal = domain::portal;
using portal::ImportOutcome;
using portal::ImportRecord;
using portal::PortalDossier;

namespace {

// A nullable text value bound to a statement; lives as long as the statement's execution.
struct OptText {
    std::string text;
    soci::indicator ind = soci::i_null;
};

OptText Opt(const std::optional<core::TimePoint>& t) {
    if (!t) return {};
    return {core::FormatUtc(*t), soci::i_ok};
}

std::optional<core::TimePoint> ReadTime(const std::string& text, soci::indicator ind) {
    if (ind != soci::i_ok) return std::nullopt;
    return core::ParseUtc(text);
}

const char* Delivery(portal::Channel channel) {
    switch (channel) {
        case portal::Channel::kOnline:
            return "online";
        case portal::Channel::kPostal:
            return "postal";
        case portal::Channel::kDirect:
            break;
    }
    return "counter";
}

// The columns of `dossiers` an import writes, bound once per statement.
struct DossierValues {
    std::string code, procedure, delivery, submitted, now;
    long long version_id = 0, unit_id = 0, unit_id2 = 0, id = 0;
    int channel = 1, state = 1;
    OptText received, appointment, due, resolved, returned;

    explicit DossierValues(const ImportRecord& r, std::string at) {
        const PortalDossier& d = r.dossier;
        code = d.code;
        procedure = d.procedure_code;
        delivery = Delivery(d.channel);
        submitted = core::FormatUtc(d.submitted_at);
        now = std::move(at);
        version_id = r.procedure_version_id;
        unit_id = unit_id2 = r.unit_id;
        channel = static_cast<int>(d.channel);
        state = static_cast<int>(d.state);
        received = Opt(d.received_at);
        appointment = due = Opt(d.due_at);
        resolved = Opt(d.processing_end_at);
        returned = Opt(d.returned_at);
    }

    void Bind(soci::statement& st) {
        st.exchange(soci::use(procedure, "procedure"));
        st.exchange(soci::use(version_id, "version"));
        st.exchange(soci::use(channel, "channel"));
        st.exchange(soci::use(state, "state"));
        st.exchange(soci::use(unit_id, "unit"));
        st.exchange(soci::use(unit_id2, "unit2"));
        st.exchange(soci::use(delivery, "delivery"));
        st.exchange(soci::use(submitted, "submitted"));
        st.exchange(soci::use(received.text, received.ind, "received"));
        st.exchange(soci::use(appointment.text, appointment.ind, "appointment"));
        st.exchange(soci::use(due.text, due.ind, "due"));
        st.exchange(soci::use(resolved.text, resolved.ind, "resolved"));
        st.exchange(soci::use(returned.text, returned.ind, "returned"));
        st.exchange(soci::use(now, "now"));
    }
};

constexpr const char* kInsertDossier =
    "INSERT INTO dossiers (procedure_code, procedure_version_id, channel, state, receiving_unit_id, "
    "competent_unit_id, result_delivery, submitted_at, received_at, appointment_at, due_at, resolved_at, "
    "returned_at, updated_at, code, applicant_kind, applicant_name, created_at) VALUES (:procedure, "
    ":version, "
    ":channel, :state, :unit, :unit2, :delivery, :submitted, :received, :appointment, :due, :resolved, "
    ":returned, :now, :code, 'citizen', '', :created) RETURNING id";

constexpr const char* kUpdateDossier =
    "UPDATE dossiers SET procedure_code = :procedure, procedure_version_id = :version, channel = :channel, "
    "state = :state, receiving_unit_id = :unit, competent_unit_id = :unit2, result_delivery = :delivery, "
    "submitted_at = :submitted, received_at = :received, appointment_at = :appointment, due_at = :due, "
    "resolved_at = :resolved, returned_at = :returned, updated_at = :now, version = version + 1 WHERE id = "
    ":id";

void Execute(db::Connection& c, const char* query, long long id) {
    auto st = c.Prepared(query);
    st->exchange(soci::use(id, "id"));
    st->define_and_bind();
    st->execute(true);
}

// The facts and the child rows of an imported dossier (components, pauses, history), for a dossier
// that has none of them yet.
void WriteDetails(db::Connection& c, long long id, const ImportRecord& r, const std::string& now) {
    const PortalDossier& d = r.dossier;
    nlohmann::json fees = nlohmann::json::array();
    for (const auto& f : d.fees) fees.push_back({{"TenPhiLePhi", f.name}, {"MucPhi", f.amount_vnd}});
    nlohmann::json units = nlohmann::json::object();
    for (std::size_t i = 0; i < d.history.size(); ++i)
        if (!d.history[i].unit.empty() && !r.history_unit_ids[i])
            units[std::to_string(i + 1)] = d.history[i].unit;
    {
        int payment = static_cast<int>(d.online_payment), vneid = d.vneid_verified ? 1 : 0;
        std::string fees_text = fees.dump(), units_text = units.dump(), code = d.result_code,
                    url = d.result_url, at = now, hash = r.line_hash;
        auto st = c.Prepared(
            "INSERT INTO dossier_sync_facts (dossier_id, online_payment, vneid_verified, fees, result_code, "
            "result_url, history_units, source, imported_at, line_hash) VALUES (:id, :payment, :vneid, "
            ":fees, "
            ":code, :url, :units, 'import', :at, :hash)");
        st->exchange(soci::use(id, "id"));
        st->exchange(soci::use(payment, "payment"));
        st->exchange(soci::use(vneid, "vneid"));
        st->exchange(soci::use(fees_text, "fees"));
        st->exchange(soci::use(code, "code"));
        st->exchange(soci::use(url, "url"));
        st->exchange(soci::use(units_text, "units"));
        st->exchange(soci::use(at, "at"));
        st->exchange(soci::use(hash, "hash"));
        st->define_and_bind();
        st->execute(true);
    }
    int position = 0;
    for (const auto& f : d.files) {
        ++position;
        std::string name = f.file_name, file = f.file_name;
        int digitised = f.digitised ? 1 : 0, reused = f.reused ? 1 : 0, store = f.from_national_store ? 1 : 0;
        auto st = c.Prepared(
            "INSERT INTO dossier_components (dossier_id, position, name_vi, file_name, digitised, reused, "
            "from_national_store) VALUES (:id, :position, :name, :file, :digitised, :reused, :store)");
        st->exchange(soci::use(id, "id"));
        st->exchange(soci::use(position, "position"));
        st->exchange(soci::use(name, "name"));
        st->exchange(soci::use(file, "file"));
        st->exchange(soci::use(digitised, "digitised"));
        st->exchange(soci::use(reused, "reused"));
        st->exchange(soci::use(store, "store"));
        st->define_and_bind();
        st->execute(true);
    }
    int seq = 0;
    for (const auto& s : d.supplements) {
        ++seq;
        std::string requested = core::FormatUtc(s.requested_at);
        OptText completed = Opt(s.completed_at);
        auto st = c.Prepared(
            "INSERT INTO dossier_pauses (dossier_id, seq, kind, from_state, requested_at, completed_at) "
            "VALUES "
            "(:id, :seq, 'supplement', 4, :requested, :completed)");
        st->exchange(soci::use(id, "id"));
        st->exchange(soci::use(seq, "seq"));
        st->exchange(soci::use(requested, "requested"));
        st->exchange(soci::use(completed.text, completed.ind, "completed"));
        st->define_and_bind();
        st->execute(true);
    }
    seq = 0;
    int previous = 0;
    for (std::size_t i = 0; i < d.history.size(); ++i) {
        const auto& h = d.history[i];
        ++seq;
        int to = static_cast<int>(h.state), from = previous;
        soci::indicator from_ind = previous == 0 ? soci::i_null : soci::i_ok;
        long long unit = r.history_unit_ids[i].value_or(0);
        soci::indicator unit_ind = r.history_unit_ids[i] ? soci::i_ok : soci::i_null;
        std::string note = h.note, at = core::FormatUtc(h.at);
        auto st = c.Prepared(
            "INSERT INTO dossier_history (dossier_id, seq, from_state, to_state, action, unit_id, note, at) "
            "VALUES "
            "(:id, :seq, :from, :to, 'import', :unit, :note, :at)");
        st->exchange(soci::use(id, "id"));
        st->exchange(soci::use(seq, "seq"));
        st->exchange(soci::use(from, from_ind, "from"));
        st->exchange(soci::use(to, "to"));
        st->exchange(soci::use(unit, unit_ind, "unit"));
        st->exchange(soci::use(note, "note"));
        st->exchange(soci::use(at, "at"));
        st->define_and_bind();
        st->execute(true);
        previous = to;
    }
}

}  // namespace

std::vector<ImportOutcome> SqlPortalRepository::WriteBatch(const std::vector<ImportRecord>& records,
                                                           bool dry_run,
                                                           const std::optional<domain::audit::Event>& audit) {
    std::vector<ImportOutcome> outcomes;
    outcomes.reserve(records.size());
    db::Connection c = db_.Acquire();
    // A dry run only reads: no transaction, so it takes no write lock.
    std::optional<db::Transaction> tx;
    if (!dry_run) tx.emplace(c);
    const std::string now = core::FormatUtc(clock_.Now());
    for (const auto& r : records) {
        long long id = 0;
        std::string source, hash;
        bool found = false;
        {
            std::string code = r.dossier.code;
            auto st = c.Prepared(
                "SELECT d.id, COALESCE(f.source, 'native'), COALESCE(f.line_hash, '') FROM dossiers d "
                "LEFT JOIN dossier_sync_facts f ON f.dossier_id = d.id WHERE d.code = :code");
            st->exchange(soci::into(id));
            st->exchange(soci::into(source));
            st->exchange(soci::into(hash));
            st->exchange(soci::use(code, "code"));
            st->define_and_bind();
            found = st->execute(true);
        }
        if (found && source != "import") {
            outcomes.push_back(ImportOutcome::kConflict);
            continue;
        }
        if (found && hash == r.line_hash) {
            outcomes.push_back(ImportOutcome::kUnchanged);
            continue;
        }
        outcomes.push_back(found ? ImportOutcome::kUpdated : ImportOutcome::kImported);
        if (dry_run) continue;
        DossierValues v(r, now);
        if (found) {
            v.id = id;
            {
                auto st = c.Prepared(kUpdateDossier);
                v.Bind(*st);
                st->exchange(soci::use(v.id, "id"));
                st->define_and_bind();
                st->execute(true);
            }
            // Replace the imported data whole: the line is the truth for an imported dossier.
            Execute(c, "DELETE FROM dossier_sync_facts WHERE dossier_id = :id", id);
            Execute(c, "DELETE FROM dossier_components WHERE dossier_id = :id", id);
            Execute(c, "DELETE FROM dossier_pauses WHERE dossier_id = :id", id);
            Execute(c, "DELETE FROM dossier_history WHERE dossier_id = :id", id);
        } else {
            std::string created = now;
            auto st = c.Prepared(kInsertDossier);
            v.Bind(*st);
            st->exchange(soci::use(v.code, "code"));
            st->exchange(soci::use(created, "created"));
            st->exchange(soci::into(id));
            st->define_and_bind();
            st->execute(true);
        }
        WriteDetails(c, id, r, now);
    }
    if (tx) {
        if (audit) AppendAudit(c.sql(), hasher_, clock_, *audit);
        tx->Commit();
    }
    return outcomes;
}

std::vector<std::int64_t> SqlPortalRepository::SubmittedBetween(core::TimePoint from, core::TimePoint to) {
    db::Connection c = db_.Acquire();
    std::string a = core::FormatUtc(from), b = core::FormatUtc(to);
    long long id = 0;
    std::vector<std::int64_t> ids;
    soci::statement st =
        (c.sql().prepare << "SELECT id FROM dossiers WHERE submitted_at >= :a AND submitted_at < :b "
                            "ORDER BY submitted_at, id",
         soci::into(id), soci::use(a, "a"), soci::use(b, "b"));
    st.execute();
    while (st.fetch()) ids.push_back(id);
    return ids;
}

std::optional<PortalDossier> SqlPortalRepository::Load(std::int64_t dossier_id) {
    db::Connection c = db_.Acquire();
    auto& sql = c.sql();
    long long id = dossier_id;
    PortalDossier d;
    nlohmann::json units;
    {
        int channel = 1, state = 1, payment = 0, vneid = 0;
        std::string submitted, received, appointment, resolved, returned, fees, units_text;
        soci::indicator received_ind = soci::i_null, appointment_ind = soci::i_null,
                        resolved_ind = soci::i_null, returned_ind = soci::i_null;
        sql << "SELECT d.code, d.procedure_code, o.code, d.channel, d.state, d.submitted_at, d.received_at, "
               // NgayHenTra: the appointment of Mẫu 01, or the new one of an extension (Mẫu 04). Not due_at
               // otherwise: due_at is moved by supplement pauses, which the portal subtracts itself.
               "CASE WHEN d.extended_at IS NOT NULL THEN d.due_at ELSE d.appointment_at END, d.resolved_at, "
               "d.returned_at, COALESCE(f.online_payment, 0), "
               "COALESCE(f.vneid_verified, 0), COALESCE(f.fees, '[]'), COALESCE(f.result_code, ''), "
               "COALESCE(f.result_url, ''), COALESCE(f.history_units, '{}') FROM dossiers d "
               "JOIN org_units o ON o.id = d.competent_unit_id "
               "LEFT JOIN dossier_sync_facts f ON f.dossier_id = d.id WHERE d.id = :id",
            soci::into(d.code), soci::into(d.procedure_code), soci::into(d.unit_code), soci::into(channel),
            soci::into(state), soci::into(submitted), soci::into(received, received_ind),
            soci::into(appointment, appointment_ind), soci::into(resolved, resolved_ind),
            soci::into(returned, returned_ind), soci::into(payment), soci::into(vneid), soci::into(fees),
            soci::into(d.result_code), soci::into(d.result_url), soci::into(units_text), soci::use(id, "id");
        if (!sql.got_data()) return std::nullopt;
        d.channel = static_cast<portal::Channel>(channel);
        d.state = static_cast<portal::DossierState>(state);
        d.submitted_at = core::ParseUtc(submitted).value_or(core::TimePoint{});
        d.received_at = ReadTime(received, received_ind);
        d.due_at = ReadTime(appointment, appointment_ind);
        d.processing_end_at = ReadTime(resolved, resolved_ind);
        d.returned_at = ReadTime(returned, returned_ind);
        d.online_payment = static_cast<portal::OnlinePayment>(payment);
        d.vneid_verified = vneid != 0;
        for (const auto& f : nlohmann::json::parse(fees, nullptr, false))
            if (f.is_object())
                d.fees.push_back({f.value("TenPhiLePhi", std::string()), f.value("MucPhi", std::int64_t{0})});
        units = nlohmann::json::parse(units_text, nullptr, false);
        if (!units.is_object()) units = nlohmann::json::object();
    }
    {
        std::string name, file;
        int digitised = 0, reused = 0, store = 0;
        soci::statement st = (sql.prepare << "SELECT name_vi, file_name, digitised, reused, "
                                             "from_national_store FROM dossier_components "
                                             "WHERE dossier_id = :id AND (file_name <> '' OR handed_in <> "
                                             "'none' OR file_sha256 IS NOT "
                                             "NULL) ORDER BY position",
                              soci::into(name), soci::into(file), soci::into(digitised), soci::into(reused),
                              soci::into(store), soci::use(id, "id"));
        st.execute();
        while (st.fetch())
            d.files.push_back({file.empty() ? name : file, digitised != 0, reused != 0, store != 0});
    }
    {
        std::string requested, completed;
        soci::indicator completed_ind = soci::i_null;
        soci::statement st =
            (sql.prepare << "SELECT requested_at, completed_at FROM dossier_pauses "
                            "WHERE dossier_id = :id AND kind = 'supplement' ORDER BY seq",
             soci::into(requested), soci::into(completed, completed_ind), soci::use(id, "id"));
        st.execute();
        while (st.fetch())
            d.supplements.push_back(
                {core::ParseUtc(requested).value_or(core::TimePoint{}), ReadTime(completed, completed_ind)});
    }
    {
        int seq = 0, state = 1;
        std::string at, unit, note;
        soci::statement st =
            (sql.prepare << "SELECT h.seq, h.to_state, h.at, COALESCE(o.code, ''), h.note "
                            "FROM dossier_history h LEFT JOIN org_units o ON o.id = h.unit_id "
                            "WHERE h.dossier_id = :id ORDER BY h.seq",
             soci::into(seq), soci::into(state), soci::into(at), soci::into(unit), soci::into(note),
             soci::use(id, "id"));
        st.execute();
        while (st.fetch()) {
            portal::HistoryEntry h;
            h.state = static_cast<portal::DossierState>(state);
            h.at = core::ParseUtc(at).value_or(core::TimePoint{});
            const std::string key = std::to_string(seq);
            h.unit = units.contains(key) && units[key].is_string() ? units[key].get<std::string>() : unit;
            h.note = note;
            d.history.push_back(std::move(h));
        }
    }
    return d;
}

std::vector<std::pair<std::int64_t, std::int64_t>> SqlPortalRepository::ChangedAfter(std::int64_t after,
                                                                                     int limit) {
    db::Connection c = db_.Acquire();
    long long since = after, seq = 0, id = 0;
    int n = limit;
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    // The changes after `since` in order, keeping each dossier's last one: a range of the primary key
    // and one index probe per row, so a page costs the same whatever the table's size. (A GROUP BY
    // dossier_id read the whole (dossier_id, seq) index: 64 ms a call at 1,000,000 dossiers, paid by
    // every report and every projector batch.)
    soci::statement st =
        (c.sql().prepare << "SELECT c.seq, c.dossier_id FROM dossier_changes c WHERE c.seq > :since "
                            "AND c.seq = (SELECT MAX(d.seq) FROM dossier_changes d WHERE d.dossier_id = "
                            "c.dossier_id) ORDER BY c.seq LIMIT :n",
         soci::into(seq), soci::into(id), soci::use(since, "since"), soci::use(n, "n"));
    st.execute();
    while (st.fetch()) out.emplace_back(seq, id);
    return out;
}

}  // namespace mocua::persistence
