// The Decision 766 projector (SqlKpiStore::Refresh): reads dossier_changes past its cursor, computes each
// changed dossier's facts, and in one transaction per batch subtracts its old contribution from the sums
// (kpi_daily, kpi_monthly, kpi_pending, kpi_pending_units, kpi_open_days, kpi_open_months), adds the new
// one, and moves the cursor. The report queries are in kpi_repository.cpp.
#include <soci/soci.h>

#include <map>
#include <tuple>

#include "db/database.hpp"
#include "domain/catalog/json_codec.hpp"
#include "persistence/kpi_repository.hpp"
#include "persistence/kpi_tables.hpp"
#include "persistence/portal_import.hpp"

namespace mocua::persistence {

namespace {

namespace kpi = domain::kpi;
using namespace kpi_tables;

constexpr const char* kCursor = "decision766";

// "INSERT … ON CONFLICT … DO UPDATE SET c = kpi_daily.c + excluded.c": the same text on SQLite (≥ 3.24)
// and PostgreSQL. `table` is kpi_daily (keyed by day) or kpi_monthly (by month, 'YYYY-MM').
std::string UpsertCountersSql(const std::string& table, const std::string& period) {
    std::string cols, vals, sets;
    for (const auto& c : kColumns) {
        cols += std::string(", ") + c.name;
        vals += std::string(", :") + c.name;
        sets += std::string(sets.empty() ? "" : ", ") + c.name + " = " + table + "." + c.name +
                " + excluded." + c.name;
    }
    return "INSERT INTO " + table + " (unit_id, procedure_code, " + period + cols +
           ") VALUES (:unit, :proc, :period" + vals + ") ON CONFLICT (" + period +
           ", unit_id, procedure_code) DO UPDATE SET " + sets;
}

std::string UpsertOpenSql(const std::string& table, const std::string& period) {
    return "INSERT INTO " + table + " (unit_id, " + period +
           ", open_change, late_change, soon_change) VALUES (:unit, :period, :open, :late, :soon) "
           "ON CONFLICT (" +
           period + ", unit_id) DO UPDATE SET open_change = " + table +
           ".open_change + excluded.open_change, late_change = " + table +
           ".late_change + excluded.late_change, soon_change = " + table +
           ".soon_change + excluded.soon_change";
}

// One dossier's row in kpi_dossier_facts and where its contribution goes.
struct Row {
    long long id = 0;
    std::string code;
    long long unit_id = 0;
    std::string procedure;
    kpi::DossierFacts facts;
};

// Where a dossier's row in kpi_dossier_facts puts it: the days its counts are keyed by.
struct Placement {
    std::string received;  // '' when not received
    std::string end;       // kOpenEnd while open
    std::string due;       // '' when none (or the clock stopped on an open supplement request)
    bool forced_late = false;
};

Placement PlaceOf(const Row& r) {
    Placement p;
    // For the in-progress split: a dossier waiting on its one open supplement request has its clock
    // stopped at the request, so it is late only if the request came after the due time, whatever day
    // the period ends.
    const bool stopped = r.facts.judged_end_at != r.facts.end_at;
    p.forced_late = r.facts.supplement_requests > 1 ||
                    (stopped && !kpi::JudgeAt(r.facts, core::TimePoint::max()).on_time);
    p.received = r.facts.received_day;
    p.end = r.facts.end_at ? Day(*r.facts.end_at) : kOpenEnd;
    p.due = r.facts.effective_due_at && !stopped ? Day(*r.facts.effective_due_at) : "";
    return p;
}

template <typename Add>  // Add(const std::string& day, long long OpenChange::*count, int change)
void ForEachOpenChange(const Placement& p, Add&& add) {
    if (p.received.empty()) return;
    auto interval = [&](const std::string& first, const std::string& stop, long long OpenChange::*count) {
        if (!(first < stop)) return;
        add(first, count, +1);
        if (stop != kOpenEnd) add(stop, count, -1);
    };
    interval(p.received, p.end, &OpenChange::open);
    if (p.forced_late) {
        interval(p.received, p.end, &OpenChange::late);
    } else if (!p.due.empty()) {
        interval(std::max(p.received, p.due), p.end, &OpenChange::late);
        interval(std::max(p.received, PlusDays(p.due, -kpi::kDueSoonDays)), std::min(p.due, p.end),
                 &OpenChange::soon);
    }
}

using DailyKey = std::tuple<long long, std::string, std::string>;                 // unit, procedure, day
using PendingKey = std::tuple<long long, std::string, std::string, std::string>;  // … received day, due day
using OpenKey = std::pair<long long, std::string>;                                // unit, day
using UnitPendingKey = std::tuple<long long, std::string, std::string>;  // unit, received day, due day

struct Deltas {
    std::map<DailyKey, Counters> daily;
    std::map<PendingKey, long long> pending;
    std::map<UnitPendingKey, long long> unit_pending;
    std::map<OpenKey, OpenChange> open;

    void Add(const Row& r, int sign) {
        const auto& f = r.facts;
        if (!f.received) return;
        auto apply = [&](const std::string& day, const Counters& c) {
            auto& slot = daily[{r.unit_id, r.procedure, day}];
            if (sign > 0)
                slot += c;
            else
                slot -= c;
        };
        apply(f.received_day, kpi::CohortOf(f));
        if (f.end_at) apply(Day(*f.end_at), kpi::EndOf(f));
        if (auto due = kpi::DueDayOf(f)) {
            pending[{r.unit_id, r.procedure, f.received_day, *due}] += sign;
            unit_pending[{r.unit_id, f.received_day, *due}] += sign;
        }
        ForEachOpenChange(PlaceOf(r), [&](const std::string& day, long long OpenChange::*count, int change) {
            open[{r.unit_id, day}].*count += sign * change;
        });
    }
};

std::optional<Row> ReadRow(db::Connection& c, long long id) {
    Row r;
    r.id = id;
    std::string facts;
    auto st = c.Prepared(
        "SELECT code, unit_id, procedure_code, facts FROM kpi_dossier_facts WHERE dossier_id = :id");
    st->exchange(soci::into(r.code));
    st->exchange(soci::into(r.unit_id));
    st->exchange(soci::into(r.procedure));
    st->exchange(soci::into(facts));
    st->exchange(soci::use(id, "id"));
    st->define_and_bind();
    if (!st->execute(true)) return std::nullopt;
    auto parsed = kpi::FactsFromJson(facts);
    if (!parsed)
        throw std::runtime_error("kpi_dossier_facts: unreadable facts of dossier " + std::to_string(id));
    r.facts = std::move(*parsed);
    return r;
}

void WriteRow(db::Connection& c, const Row& r) {
    long long id = r.id, unit = r.unit_id;
    const Placement p = PlaceOf(r);
    int forced = p.forced_late ? 1 : 0;
    std::string code = r.code, proc = r.procedure, received = p.received, end = p.end, due = p.due;
    std::string facts = kpi::FactsToJson(r.facts);
    auto st = c.Prepared(
        "INSERT INTO kpi_dossier_facts (dossier_id, code, unit_id, procedure_code, received_day, end_day, "
        "due_day, "
        "forced_late, facts) VALUES (:id, :code, :unit, :proc, :received, :end, :due, :forced, :facts) "
        "ON CONFLICT (dossier_id) DO UPDATE SET code = excluded.code, unit_id = excluded.unit_id, "
        "procedure_code = excluded.procedure_code, received_day = excluded.received_day, end_day = "
        "excluded.end_day, "
        "due_day = excluded.due_day, forced_late = excluded.forced_late, facts = excluded.facts");
    st->exchange(soci::use(id, "id"));
    st->exchange(soci::use(code, "code"));
    st->exchange(soci::use(unit, "unit"));
    st->exchange(soci::use(proc, "proc"));
    st->exchange(soci::use(received, "received"));
    st->exchange(soci::use(end, "end"));
    st->exchange(soci::use(due, "due"));
    st->exchange(soci::use(forced, "forced"));
    st->exchange(soci::use(facts, "facts"));
    st->define_and_bind();
    st->execute(true);
}

void ApplyDeltas(db::Connection& c, const Deltas& d) {
    static const std::string daily = UpsertCountersSql("kpi_daily", "day");
    static const std::string monthly = UpsertCountersSql("kpi_monthly", "month");
    auto upsert_counters = [&](const std::string& sql, long long unit, std::string proc, std::string period,
                               const Counters& counters) {
        std::vector<long long> values;
        values.reserve(std::size(kColumns));
        for (const auto& col : kColumns) values.push_back(counters.*(col.member));
        auto st = c.Prepared(sql);
        st->exchange(soci::use(unit, "unit"));
        st->exchange(soci::use(proc, "proc"));
        st->exchange(soci::use(period, "period"));
        for (std::size_t i = 0; i < values.size(); ++i) st->exchange(soci::use(values[i], kColumns[i].name));
        st->define_and_bind();
        st->execute(true);
    };
    std::map<DailyKey, Counters> months;
    for (const auto& [key, counters] : d.daily) {
        if (counters == Counters{}) continue;
        const auto& [unit, proc, day] = key;
        upsert_counters(daily, unit, proc, day, counters);
        months[{unit, proc, day.substr(0, 7)}] += counters;
    }
    for (const auto& [key, counters] : months)
        if (!(counters == Counters{}))
            upsert_counters(monthly, std::get<0>(key), std::get<1>(key), std::get<2>(key), counters);

    static const std::string open_daily = UpsertOpenSql("kpi_open_days", "day");
    static const std::string open_monthly = UpsertOpenSql("kpi_open_months", "month");
    auto upsert_open = [&](const std::string& sql, long long unit, std::string period, OpenChange change) {
        auto st = c.Prepared(sql);
        st->exchange(soci::use(unit, "unit"));
        st->exchange(soci::use(period, "period"));
        st->exchange(soci::use(change.open, "open"));
        st->exchange(soci::use(change.late, "late"));
        st->exchange(soci::use(change.soon, "soon"));
        st->define_and_bind();
        st->execute(true);
    };
    std::map<OpenKey, OpenChange> open_months;
    for (const auto& [key, change] : d.open) {
        if (change == OpenChange{}) continue;
        upsert_open(open_daily, key.first, key.second, change);
        auto& m = open_months[{key.first, key.second.substr(0, 7)}];
        m.open += change.open;
        m.late += change.late;
        m.soon += change.soon;
    }
    for (const auto& [key, change] : open_months)
        if (!(change == OpenChange{})) upsert_open(open_monthly, key.first, key.second, change);
    for (const auto& [key, n] : d.pending) {
        if (n == 0) continue;
        long long unit = std::get<0>(key), count = n;
        std::string proc = std::get<1>(key), received = std::get<2>(key), due = std::get<3>(key);
        auto st = c.Prepared(
            "INSERT INTO kpi_pending (unit_id, procedure_code, received_day, due_day, n) VALUES (:unit, "
            ":proc, "
            ":received, :due, :n) ON CONFLICT (received_day, unit_id, procedure_code, due_day) DO UPDATE SET "
            "n = kpi_pending.n + excluded.n");
        st->exchange(soci::use(unit, "unit"));
        st->exchange(soci::use(proc, "proc"));
        st->exchange(soci::use(received, "received"));
        st->exchange(soci::use(due, "due"));
        st->exchange(soci::use(count, "n"));
        st->define_and_bind();
        st->execute(true);
    }
    for (const auto& [key, n] : d.unit_pending) {
        if (n == 0) continue;
        long long unit = std::get<0>(key), count = n;
        std::string received = std::get<1>(key), due = std::get<2>(key);
        auto st = c.Prepared(
            "INSERT INTO kpi_pending_units (unit_id, received_day, due_day, n) "
            "VALUES (:unit, :received, :due, :n) "
            "ON CONFLICT (received_day, unit_id, due_day) DO UPDATE SET n = kpi_pending_units.n + "
            "excluded.n");
        st->exchange(soci::use(unit, "unit"));
        st->exchange(soci::use(received, "received"));
        st->exchange(soci::use(due, "due"));
        st->exchange(soci::use(count, "n"));
        st->define_and_bind();
        st->execute(true);
    }
}

long long ReadCursor(db::Connection& c, bool lock) {
    long long seq = 0;
    std::string name = kCursor;
    const bool pg = c.dialect().engine() == db::Engine::kPostgres;
    // PostgreSQL: the row lock makes a second projector wait and then see the moved cursor; SQLite's
    // BEGIN IMMEDIATE already serialises writers.
    auto st = c.Prepared(std::string("SELECT seq FROM kpi_cursor WHERE name = :name") +
                         (lock && pg ? " FOR UPDATE" : ""));
    st->exchange(soci::into(seq));
    st->exchange(soci::use(name, "name"));
    st->define_and_bind();
    st->execute(true);
    return seq;
}

}  // namespace

std::int64_t SqlKpiStore::Refresh(const std::function<void(std::int64_t)>& progress) {
    std::lock_guard lock(refresh_mutex_);
    std::int64_t done = 0;
    for (;;) {
        long long cursor = 0;
        {
            db::Connection c = db_.Acquire();
            cursor = ReadCursor(c, false);
        }
        auto changes = portal_.ChangedAfter(cursor, kBatch);
        if (changes.empty()) return done;
        const long long last = changes.back().first;

        // Read outside the write transaction: a dossier that changes meanwhile has a later change
        // number and is projected again by the next batch.
        std::vector<Row> rows;
        rows.reserve(changes.size());
        {
            db::Connection c = db_.Acquire();
            for (const auto& [seq, dossier_id] : changes) {
                long long id = dossier_id, unit = 0, version = 0;
                Row r;
                r.id = id;
                {
                    auto st = c.Prepared(
                        "SELECT code, competent_unit_id, procedure_code, procedure_version_id FROM dossiers "
                        "WHERE id = :id");
                    st->exchange(soci::into(r.code));
                    st->exchange(soci::into(unit));
                    st->exchange(soci::into(r.procedure));
                    st->exchange(soci::into(version));
                    st->exchange(soci::use(id, "id"));
                    st->define_and_bind();
                    if (!st->execute(true)) continue;
                }
                r.unit_id = unit;
                auto info = procedure_info_.find(version);
                if (info == procedure_info_.end()) {
                    std::string content;
                    auto st = c.Prepared("SELECT content_json FROM procedure_versions WHERE id = :v");
                    st->exchange(soci::into(content));
                    st->exchange(soci::use(version, "v"));
                    st->define_and_bind();
                    st->execute(true);
                    info =
                        procedure_info_
                            .emplace(version,
                                     kpi::ProcedureInfoOf(domain::catalog::ProcedureFromStoredJson(content)))
                            .first;
                }
                auto dossier = portal_.Load(id);
                if (!dossier) continue;
                r.facts = kpi::FactsOf(*dossier, info->second);
                rows.push_back(std::move(r));
            }
        }

        db::Connection c = db_.Acquire();
        db::Transaction tx(c);
        if (ReadCursor(c, true) != cursor) continue;  // another process applied this batch: start again
        Deltas deltas;
        for (const auto& r : rows) {
            if (auto old = ReadRow(c, r.id)) deltas.Add(*old, -1);
            deltas.Add(r, +1);
            WriteRow(c, r);
        }
        ApplyDeltas(c, deltas);
        {
            std::string name = kCursor;
            long long seq = last;
            auto st = c.Prepared("UPDATE kpi_cursor SET seq = :seq WHERE name = :name");
            st->exchange(soci::use(seq, "seq"));
            st->exchange(soci::use(name, "name"));
            st->define_and_bind();
            st->execute(true);
        }
        tx.Commit();
        done += static_cast<std::int64_t>(rows.size());
        if (progress) progress(done);
    }
}

}  // namespace mocua::persistence
