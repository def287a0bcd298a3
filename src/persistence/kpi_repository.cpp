// The Decision 766 report queries of SqlKpiStore: sums over kpi_monthly and kpi_daily, the per-unit
// balances of migration 0018, the explanation lists and the dossier detail. The projector that keeps the
// tables is in kpi_projector.cpp.
#include "persistence/kpi_repository.hpp"

#include <soci/soci.h>

#include <chrono>
#include <cstdio>
#include <tuple>

#include "db/database.hpp"
#include "domain/catalog/json_codec.hpp"
#include "persistence/kpi_tables.hpp"
#include "persistence/portal_import.hpp"

namespace mocua::persistence {

namespace {

namespace kpi = domain::kpi;
using namespace kpi_tables;

// " AND unit_id IN (1,2,3)", or "" for every unit. The ids come from the database, never from input.
std::string UnitFilter(const std::vector<std::int64_t>& ids, const char* column = "unit_id") {
    if (ids.empty()) return "";
    std::string s = std::string(" AND ") + column + " IN (";
    for (std::size_t i = 0; i < ids.size(); ++i) s += (i ? "," : "") + std::to_string(ids[i]);
    return s + ")";
}

// " AND procedure_code IN ('1.001193', …)", " AND 1 = 0" for none, "" for every procedure. The codes
// were checked against the catalogue (KpiService::ScopeOf) and are quoted as SQL literals anyway.
std::string ProcedureFilter(const kpi::Scope& scope) {
    if (!scope.procedure_codes) return "";
    if (scope.procedure_codes->empty()) return " AND 1 = 0";
    std::string s = " AND procedure_code IN (";
    bool first = true;
    for (const auto& code : *scope.procedure_codes) {
        s += first ? "'" : ", '";
        for (char ch : code) s += ch == '\'' ? std::string("''") : std::string(1, ch);
        s += "'";
        first = false;
    }
    return s + ")";
}

std::string Filters(const kpi::Scope& scope) { return UnitFilter(scope.unit_ids) + ProcedureFilter(scope); }

// The conditions a trend query adds after its day range: the scope's units and procedures.
std::string ScopeConditions(const kpi::Scope& scope) { return Filters(scope); }

// "2026-02" → "2026-02-28"
std::string LastDayOf(const std::string& month) {
    int y = 0;
    unsigned m = 0;
    std::sscanf(month.c_str(), "%4d-%2u", &y, &m);
    const std::chrono::year_month_day_last last{std::chrono::year(y) / std::chrono::month(m) /
                                                std::chrono::last};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, static_cast<unsigned>(last.day()));
    return buf;
}

// A period [from, to] as a report reads it: its whole months from the monthly tables, the days of its
// partial months (at most a range before the months and one after) from the daily ones.
struct PeriodParts {
    std::string first_month, last_month;  // 'YYYY-MM', inclusive; empty when no month is whole
    std::vector<std::pair<std::string, std::string>> days;  // inclusive day ranges
};

PeriodParts SplitPeriod(const std::string& from, const std::string& to) {
    PeriodParts parts;
    for (std::string day = from; day <= to;) {
        const std::string month = day.substr(0, 7);
        const std::string last = std::min(LastDayOf(month), to);
        if (day == month + "-01" && last == LastDayOf(month)) {
            if (parts.first_month.empty()) parts.first_month = month;
            parts.last_month = month;
        } else {
            parts.days.emplace_back(day, last);
        }
        day = PlusDays(last, 1);
    }
    return parts;
}

// The scope's counters per procedure: whole months from kpi_monthly, the other days from kpi_daily. A
// month reads one row per unit and procedure instead of one per unit, procedure and day.
std::map<std::string, Counters> CountersByProcedure(db::Connection& c, const kpi::Scope& scope) {
    const PeriodParts parts = SplitPeriod(scope.from_day, scope.to_day);
    const std::string filters = Filters(scope);
    std::map<std::string, Counters> out;
    auto read = [&](const char* table, const char* column, std::string first, std::string last) {
        std::string sql = "SELECT procedure_code";
        for (const auto& col : kColumns) sql += std::string(", SUM(") + col.name + ")";
        sql += std::string(" FROM ") + table + " WHERE " + column + " >= :f AND " + column + " <= :t" +
               filters + " GROUP BY procedure_code";
        std::string proc;
        std::vector<long long> v(std::size(kColumns), 0);
        auto st = c.Prepared(sql);
        st->exchange(soci::into(proc));
        for (auto& x : v) st->exchange(soci::into(x));
        st->exchange(soci::use(first, "f"));
        st->exchange(soci::use(last, "t"));
        st->define_and_bind();
        st->execute(false);
        while (st->fetch()) {
            auto& slot = out[proc];
            for (std::size_t i = 0; i < v.size(); ++i) slot.*(kColumns[i].member) += v[i];
        }
    };
    if (!parts.first_month.empty()) read("kpi_monthly", "month", parts.first_month, parts.last_month);
    for (const auto& [first, last] : parts.days) read("kpi_daily", "day", first, last);
    return out;
}

// How many of the scope's dossiers are open, open and late, open and due soon at the end of `day`: the
// changes of every whole month before day's month, then of day's month up to day (migration 0018). The
// cost is one row per unit and month of history plus one per unit and day of the month, whatever the
// number of dossiers. Units only: a scope narrowed to procedures counts with OpenCountsByScan.
OpenChange OpenAt(db::Connection& c, const kpi::Scope& scope, const std::string& day_in) {
    const std::string units = UnitFilter(scope.unit_ids);
    std::string day = day_in, month = day_in.substr(0, 7), first = month + "-01";
    OpenChange before, within;
    c.sql() << "SELECT COALESCE(SUM(open_change), 0), COALESCE(SUM(late_change), 0), "
               "COALESCE(SUM(soon_change), 0) FROM kpi_open_months WHERE month < :m" +
                   units,
        soci::into(before.open), soci::into(before.late), soci::into(before.soon), soci::use(month, "m");
    c.sql() << "SELECT COALESCE(SUM(open_change), 0), COALESCE(SUM(late_change), 0), "
               "COALESCE(SUM(soon_change), 0) FROM kpi_open_days WHERE day >= :f AND day <= :d" +
                   units,
        soci::into(within.open), soci::into(within.late), soci::into(within.soon), soci::use(first, "f"),
        soci::use(day, "d");
    return {before.open + within.open, before.late + within.late, before.soon + within.soon};
}

// The carried-over and in-progress counts read from the dossiers' rows: for scopes narrowed to some
// procedures (kpi_open_* are per unit only), and the definition OpenAt is tested against.
void OpenCountsByScan(db::Connection& c, const kpi::Scope& scope, kpi::DailyCounts& counts) {
    auto& sql = c.sql();
    std::string from = scope.from_day, to = scope.to_day;
    const std::string filters = Filters(scope);
    {
        long long n = 0;
        sql << "SELECT COUNT(*) FROM kpi_dossier_facts WHERE end_day >= :f AND received_day <> '' "
               "AND received_day < :f" +
                   filters,
            soci::into(n), soci::use(from, "f");
        counts.carried_over = n;
    }
    long long late = 0, soon = 0, all = 0;
    std::string soon_day = PlusDays(to, kpi::kDueSoonDays);
    sql << "SELECT COALESCE(SUM(CASE WHEN forced_late = 1 OR (due_day <> '' AND due_day <= :t) THEN 1 "
           "ELSE 0 END), 0), "
           "COALESCE(SUM(CASE WHEN forced_late = 0 AND due_day > :t AND due_day <= :soon THEN 1 ELSE 0 "
           "END), 0), "
           "COUNT(*) FROM kpi_dossier_facts WHERE end_day > :t AND received_day <> '' AND received_day "
           "<= :t" +
               filters,
        soci::into(late), soci::into(soon), soci::into(all), soci::use(to, "t"), soci::use(soon_day, "soon");
    counts.in_progress_late = late;
    counts.in_progress_due_soon = soon;
    counts.in_progress_not_due = all - late - soon;
}

}  // namespace

std::optional<std::vector<std::int64_t>> SqlKpiStore::Subtree(std::string_view code_in,
                                                              std::string_view day_in) {
    db::Connection c = db_.Acquire();
    std::string code(code_in), day(day_in);
    long long id = 0;
    std::vector<std::int64_t> ids;
    soci::statement st =
        (c.sql().prepare
             << "WITH RECURSIVE sub (id) AS ("
                " SELECT id FROM org_units WHERE code = :code"
                " AND COALESCE(valid_from, '0000-01-01') <= :day AND COALESCE(valid_to, '9999-12-31') >= :day"
                " UNION SELECT o.id FROM org_units o JOIN sub ON o.parent_id = sub.id)"
                " SELECT id FROM sub ORDER BY id",
         soci::into(id), soci::use(code, "code"), soci::use(day, "day"));
    st.execute();
    while (st.fetch()) ids.push_back(id);
    if (ids.empty()) return std::nullopt;
    return ids;
}

kpi::Inputs SqlKpiStore::Sum(const kpi::Scope& scope, std::vector<kpi::ProcedureFacts>& procedure_dossiers) {
    db::Connection c = db_.Acquire();
    std::string from = scope.from_day, to = scope.to_day;
    kpi::Inputs in;
    // The cohort counters were summed over received days and the end counters over end days: both are the
    // period's days, so one sum serves both.
    for (const auto& [code, counters] : CountersByProcedure(c, scope)) {
        in.cohort += counters;
        kpi::ProcedureFacts p;
        p.code = code;
        p.online_dossiers = counters.online;
        p.fee_dossiers = counters.fee_bearing;
        procedure_dossiers.push_back(p);
    }
    in.ended = in.cohort;
    {
        // A whole unit's from the table without the procedure (migration 0018): fewer rows.
        long long n = 0;
        c.sql() << std::string("SELECT COALESCE(SUM(n), 0) FROM ") +
                       (scope.procedure_codes ? "kpi_pending" : "kpi_pending_units") +
                       " WHERE received_day >= :f AND received_day <= :t AND due_day > :t" + Filters(scope),
            soci::into(n), soci::use(from, "f"), soci::use(to, "t");
        in.pending_on_time = n;
    }
    if (scope.procedure_codes) {
        OpenCountsByScan(c, scope, in.counts);
    } else {
        in.counts.carried_over = OpenAt(c, scope, PlusDays(from, -1)).open;
        const OpenChange end = OpenAt(c, scope, to);
        in.counts.in_progress_late = end.late;
        in.counts.in_progress_due_soon = end.soon;
        in.counts.in_progress_not_due = end.open - end.late - end.soon;
    }
    return in;
}

std::vector<kpi::ProcedureFacts> SqlKpiStore::Catalogue(
    std::string_view day_in, const std::function<bool(std::string_view)>& is_working_day) {
    db::Connection c = db_.Acquire();
    std::string day(day_in);
    std::vector<long long> ids;
    {
        long long id = 0;
        soci::statement st =
            (c.sql().prepare << "SELECT id FROM procedure_versions WHERE effective_from <= :day "
                                "AND valid_until > :day ORDER BY procedure_code",
             soci::into(id), soci::use(day, "day"));
        st.execute();
        while (st.fetch()) ids.push_back(id);
    }
    std::lock_guard lock(catalogue_mutex_);
    std::vector<kpi::ProcedureFacts> out;
    out.reserve(ids.size());
    for (long long id : ids) {
        auto it = catalogue_facts_.find(id);
        if (it == catalogue_facts_.end()) {
            std::string content;
            c.sql() << "SELECT content_json FROM procedure_versions WHERE id = :id", soci::into(content),
                soci::use(id, "id");
            it = catalogue_facts_
                     .emplace(id, kpi::CatalogueFactsOf(domain::catalog::ProcedureFromStoredJson(content),
                                                        is_working_day))
                     .first;
        }
        out.push_back(it->second);
    }
    return out;
}

std::vector<kpi::ListedDossier> SqlKpiStore::Dossiers(const kpi::Scope& scope, bool by_end_day, int offset_in,
                                                      int limit_in) {
    db::Connection c = db_.Acquire();
    std::string from = scope.from_day, to = scope.to_day, code, facts;
    long long id = 0;
    int offset = offset_in, limit = limit_in;
    const char* column = by_end_day ? "end_day" : "received_day";
    std::vector<kpi::ListedDossier> out;
    soci::statement st =
        (c.sql().prepare << std::string("SELECT dossier_id, code, facts FROM kpi_dossier_facts WHERE ") +
                                column + " >= :f AND " + column + " <= :t AND received_day <> ''" +
                                Filters(scope) + " ORDER BY code LIMIT :n OFFSET :o",
         soci::into(id), soci::into(code), soci::into(facts), soci::use(from, "f"), soci::use(to, "t"),
         soci::use(limit, "n"), soci::use(offset, "o"));
    st.execute();
    while (st.fetch()) {
        auto f = kpi::FactsFromJson(facts);
        if (!f) continue;
        out.push_back({id, code, std::move(*f)});
    }
    return out;
}

std::vector<kpi::TrendSums> SqlKpiStore::Series(const kpi::Scope& scope, kpi::TrendBucket bucket) {
    db::Connection c = db_.Acquire();
    std::map<std::string, kpi::TrendSums> by_bucket;
    // key: the bucket's expression ("YYYY-MM-DD" text: its first 7 characters are the month on both engines).
    auto read = [&](const char* table, const std::string& key, const char* column, std::string first,
                    std::string last) {
        std::string name;
        long long received = 0, online = 0, fees = 0, paid = 0, early = 0, on_time = 0, late = 0;
        soci::statement st =
            (c.sql().prepare << "SELECT " + key +
                                    ", SUM(received), SUM(online), SUM(fee_bearing), SUM(paid_online), "
                                    "SUM(resolved_early), SUM(resolved_on_time), SUM(resolved_late) FROM " +
                                    table + " WHERE " + column + " >= :f AND " + column + " <= :t" +
                                    ScopeConditions(scope) + " GROUP BY " + key,
             soci::into(name), soci::into(received), soci::into(online), soci::into(fees), soci::into(paid),
             soci::into(early), soci::into(on_time), soci::into(late), soci::use(first, "f"),
             soci::use(last, "t"));
        st.execute();
        while (st.fetch()) {
            auto& row = by_bucket[name];
            row.bucket = name;
            row.received += received;
            row.online += online;
            row.fee_bearing += fees;
            row.paid_online += paid;
            row.resolved_early += early;
            row.resolved_on_time += on_time;
            row.resolved_late += late;
        }
    };
    if (bucket == kpi::TrendBucket::kDay) {
        read("kpi_daily", "day", "day", scope.from_day, scope.to_day);
    } else {
        // Whole months from kpi_monthly (a year reads 12 rows per unit and procedure, not 365).
        const PeriodParts parts = SplitPeriod(scope.from_day, scope.to_day);
        if (!parts.first_month.empty())
            read("kpi_monthly", "month", "month", parts.first_month, parts.last_month);
        for (const auto& [first, last] : parts.days)
            read("kpi_daily", "substr(day, 1, 7)", "day", first, last);
    }
    std::vector<kpi::TrendSums> out;
    out.reserve(by_bucket.size());
    for (auto& [name, row] : by_bucket) out.push_back(std::move(row));
    return out;
}

std::optional<std::vector<std::string>> SqlKpiStore::FieldProcedures(std::string_view field_in,
                                                                     std::string_view day_in) {
    db::Connection c = db_.Acquire();
    std::string field(field_in), day(day_in), code;
    int known = 0;
    c.sql() << "SELECT COUNT(*) FROM catalog_fields WHERE code = :field", soci::into(known),
        soci::use(field, "field");
    if (known == 0) return std::nullopt;
    std::vector<std::string> codes;
    soci::statement st =
        (c.sql().prepare << "SELECT procedure_code FROM procedure_versions WHERE field_code = "
                            ":field AND effective_from <= :day AND valid_until > :day "
                            "ORDER BY procedure_code",
         soci::into(code), soci::use(field, "field"), soci::use(day, "day"));
    st.execute();
    while (st.fetch()) codes.push_back(code);
    return codes;
}

bool SqlKpiStore::HasProcedure(std::string_view code_in) {
    db::Connection c = db_.Acquire();
    std::string code(code_in);
    int n = 0;
    c.sql() << "SELECT COUNT(*) FROM procedures WHERE code = :code", soci::into(n), soci::use(code, "code");
    return n > 0;
}

std::vector<kpi::ProcedureSums> SqlKpiStore::SumByProcedure(const kpi::Scope& scope) {
    db::Connection c = db_.Acquire();
    std::string from = scope.from_day, to = scope.to_day;
    const std::string filters = Filters(scope);
    std::map<std::string, kpi::ProcedureSums> by_code;
    for (const auto& [code, counters] : CountersByProcedure(c, scope)) {
        auto& slot = by_code[code];
        slot.code = code;
        slot.sums = counters;
    }
    {
        std::string proc;
        long long n = 0;
        soci::statement st =
            (c.sql().prepare << "SELECT procedure_code, COALESCE(SUM(n), 0) FROM kpi_pending WHERE "
                                "received_day >= :f AND received_day <= :t AND due_day > :t" +
                                    filters + " GROUP BY procedure_code",
             soci::into(proc), soci::into(n), soci::use(from, "f"), soci::use(to, "t"));
        st.execute();
        while (st.fetch()) {
            auto& slot = by_code[proc];
            slot.code = proc;
            slot.pending_on_time = n;
        }
    }
    std::vector<kpi::ProcedureSums> out;
    for (auto& [code, sums] : by_code)
        if (!(sums.sums == Counters{}) || sums.pending_on_time != 0) out.push_back(std::move(sums));
    return out;
}

std::vector<kpi::ProcedureName> SqlKpiStore::ProcedureNames(const std::vector<std::string>& codes,
                                                            std::string_view day_in) {
    // One pass over the versions' narrow columns (procedure_versions_in_force covers them) rather than a
    // query per procedure: the per-procedure table asks for every procedure with dossiers.
    const std::string day(day_in);
    struct Best {
        kpi::ProcedureName name;
        int rank = 3;  // 0 in force on the day, 1 the latest before it, 2 the earliest after it
        std::string from;
    };
    std::map<std::string, Best> best;
    for (const auto& code : codes) best.try_emplace(code);
    db::Connection c = db_.Acquire();
    kpi::ProcedureName n;
    std::string from, until;
    soci::statement st =
        (c.sql().prepare
             << "SELECT procedure_code, field_code, name_vi, name_en, effective_from, valid_until "
                "FROM procedure_versions",
         soci::into(n.code), soci::into(n.field_code), soci::into(n.name_vi), soci::into(n.name_en),
         soci::into(from), soci::into(until));
    st.execute();
    while (st.fetch()) {
        auto it = best.find(n.code);
        if (it == best.end()) continue;
        auto& b = it->second;
        const int rank = from <= day && day < until ? 0 : from <= day ? 1 : 2;
        const bool better = rank < b.rank || (rank == b.rank && (rank == 1 ? from > b.from : from < b.from));
        if (better) b = {n, rank, from};
    }
    std::vector<kpi::ProcedureName> out;
    for (const auto& code : codes)
        if (auto it = best.find(code); it != best.end() && it->second.rank < 3)
            out.push_back(it->second.name);
    return out;
}

std::vector<kpi::FieldName> SqlKpiStore::Fields() {
    db::Connection c = db_.Acquire();
    std::vector<kpi::FieldName> out;
    kpi::FieldName f;
    soci::statement st =
        (c.sql().prepare << "SELECT code, name_vi, name_en FROM catalog_fields ORDER BY code",
         soci::into(f.code), soci::into(f.name_vi), soci::into(f.name_en));
    st.execute();
    while (st.fetch()) out.push_back(f);
    return out;
}

std::optional<kpi::DossierDetail> SqlKpiStore::Detail(std::string_view code_in) {
    kpi::DossierDetail d;
    {
        db::Connection c = db_.Acquire();
        std::string code(code_in), facts;
        long long id = 0, unit = 0;
        // Through dossiers' unique code index: kpi_dossier_facts has none on code.
        auto st = c.Prepared(
            "SELECT f.dossier_id, f.code, f.unit_id, f.procedure_code, f.facts FROM dossiers d JOIN "
            "kpi_dossier_facts f ON f.dossier_id = d.id WHERE d.code = :code");
        st->exchange(soci::into(id));
        st->exchange(soci::into(d.code));
        st->exchange(soci::into(unit));
        st->exchange(soci::into(d.procedure_code));
        st->exchange(soci::into(facts));
        st->exchange(soci::use(code, "code"));
        st->define_and_bind();
        if (!st->execute(true)) return std::nullopt;
        auto parsed = kpi::FactsFromJson(facts);
        if (!parsed)
            throw std::runtime_error("kpi_dossier_facts: unreadable facts of dossier " + std::to_string(id));
        d.id = id;
        d.unit_id = unit;
        d.facts = std::move(*parsed);
    }
    // The portal's record: states, times and supplement requests. Only these are copied: nothing of the
    // applicant leaves this function (the record has no personal data; the history's notes may).
    auto record = portal_.Load(d.id);
    if (!record) return std::nullopt;
    d.state = record->state;
    d.submitted_at = record->submitted_at;
    d.due_at = record->due_at;
    d.supplements = record->supplements;
    for (const auto& h : record->history) d.history.push_back({h.state, h.at});
    db::Connection c = db_.Acquire();
    long long id = d.id;
    std::string requested, completed;
    soci::indicator completed_ind = soci::i_null;
    soci::statement st =
        (c.sql().prepare << "SELECT requested_at, completed_at FROM dossier_pauses WHERE dossier_id = :id "
                            "AND kind = 'payment' ORDER BY seq",
         soci::into(requested), soci::into(completed, completed_ind), soci::use(id, "id"));
    st.execute();
    while (st.fetch()) {
        std::optional<core::TimePoint> done;
        if (completed_ind == soci::i_ok) done = core::ParseUtc(completed);
        d.payment_waits.push_back({core::ParseUtc(requested).value_or(core::TimePoint{}), done});
    }
    return d;
}

}  // namespace mocua::persistence
