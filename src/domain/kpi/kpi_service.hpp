#pragma once
// The Decision 766 report and its explanation lists, as `mocua kpi 766` and GET /api/v1/kpi/766 give
// them (the same function renders both, so the CLI and the API cannot disagree). The figures come from
// the incremental store behind KpiStore (persistence::SqlKpiStore): facts per dossier and sums per
// unit/procedure/day kept up to date by a projector over the dossier change cursor, so a report reads
// sums over the period's days, never every dossier.
//
// Thread-safety: KpiService keeps no mutable state; it is as thread-safe as its store.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/result.hpp"
#include "domain/kpi/kpi766.hpp"
#include "domain/portal/portal_format.hpp"

namespace mocua::domain::kpi {

// Which dossiers a report covers: those of the units in `unit_ids` (empty: every unit), in the period
// from_day..to_day (Vietnam days, inclusive), of the procedures in `procedure_codes` (nullopt: every
// procedure; empty: none, e.g. a field with no procedure in force).
struct Scope {
    std::vector<std::int64_t> unit_ids;
    std::string from_day, to_day;
    std::optional<std::vector<std::string>> procedure_codes;
};

// The sums of one procedure's dossiers in a scope (KpiStore::SumByProcedure): the counters summed over
// the period's days (cohort by received day, end part by end day) and the dossiers received in the
// period that are on time until a due day after it.
struct ProcedureSums {
    std::string code;
    Counters sums;
    std::int64_t pending_on_time = 0;
};

// What the catalogue calls a procedure and which field (lĩnh vực) it is in: the version in force on the
// day asked, else its latest version before that day, else its first.
struct ProcedureName {
    std::string code, field_code, name_vi, name_en;
};
struct FieldName {
    std::string code, name_vi, name_en;
};

// One dossier as the operations centre may see it (/ioc/dossiers/{code}): what explains its figures and
// nothing about the applicant (no name, identity number, address or phone: the store never reads them).
struct DossierDetail {
    std::int64_t id = 0;
    std::string code, procedure_code;
    std::int64_t unit_id = 0;  // the competent unit
    DossierFacts facts;
    portal::DossierState state = portal::DossierState::kNew;
    core::TimePoint submitted_at{};
    std::optional<core::TimePoint> due_at;  // NgayHenTra as recorded (facts.effective_due_at adds pauses)
    std::vector<portal::SupplementRequest> supplements;
    // The waits for fees (state 6): they do not move the due time, but explain a dossier's slow days.
    std::vector<portal::SupplementRequest> payment_waits;
    struct Step {
        portal::DossierState state = portal::DossierState::kNew;
        core::TimePoint at{};
    };
    std::vector<Step> history;  // states and times only: the notes may name people
};

// One bucket of a trend (KpiStore::Series): the cohort sums by received day and the resolved ones by
// end day, over the bucket's days inside the scope.
struct TrendSums {
    std::string bucket;  // "YYYY-MM" (by month) or "YYYY-MM-DD" (by day)
    std::int64_t received = 0, online = 0, fee_bearing = 0, paid_online = 0;
    std::int64_t resolved_early = 0, resolved_on_time = 0, resolved_late = 0;
};
enum class TrendBucket { kMonth, kDay };

struct ListedDossier {
    std::int64_t id = 0;
    std::string code;
    DossierFacts facts;
};

// The store's port. Errors: database failures throw.
class KpiStore {
public:
    virtual ~KpiStore() = default;
    // Brings facts and sums up to date with every dossier change not yet projected (in batches, each in
    // one transaction with the store's cursor). Returns the number of dossiers (re)projected.
    // `progress(done)` is called after each batch.
    virtual std::int64_t Refresh(const std::function<void(std::int64_t)>& progress) = 0;
    // The unit with `code` on `day` and every unit below it; nullopt when no unit has that code then.
    virtual std::optional<std::vector<std::int64_t>> Subtree(std::string_view code, std::string_view day) = 0;
    // The sums for `scope`: cohort over the received days, ended over the end days, pending_on_time, the
    // carried-over and in-progress counts, and per procedure the online and fee-bearing dossiers received
    // in the period (ProcedureFacts with only code, online_dossiers and fee_dossiers set).
    virtual Inputs Sum(const Scope& scope, std::vector<ProcedureFacts>& procedure_dossiers) = 0;
    // The procedures in force on `day` with their catalogue facts (CatalogueFactsOf).
    virtual std::vector<ProcedureFacts> Catalogue(
        std::string_view day, const std::function<bool(std::string_view)>& is_working_day) = 0;
    // The dossiers received in the period (or, with `by_end_day`, ended in it), ordered by code, at most
    // `limit` after `offset`.
    virtual std::vector<ListedDossier> Dossiers(const Scope& scope, bool by_end_day, int offset,
                                                int limit) = 0;
    // The per-bucket sums for `scope`, ordered by bucket; buckets with no row are left out.
    virtual std::vector<TrendSums> Series(const Scope& scope, TrendBucket bucket) = 0;
    // The codes of the procedures of field `field` in force on `day`, ordered; nullopt when the catalogue
    // has no field with that code.
    virtual std::optional<std::vector<std::string>> FieldProcedures(std::string_view field,
                                                                    std::string_view day) = 0;
    // Whether the catalogue has a procedure with that code (in any version).
    virtual bool HasProcedure(std::string_view code) = 0;
    // Sum() per procedure, with one grouped query per table (never one report per procedure): one entry
    // per procedure with dossiers in the scope, ordered by code.
    virtual std::vector<ProcedureSums> SumByProcedure(const Scope& scope) = 0;
    // The names and fields of `codes` as of `day` (codes the catalogue does not know are left out).
    virtual std::vector<ProcedureName> ProcedureNames(const std::vector<std::string>& codes,
                                                      std::string_view day) = 0;
    // Every field of the catalogue.
    virtual std::vector<FieldName> Fields() = 0;
    // The dossier with this code, as projected; nullopt when there is none.
    virtual std::optional<DossierDetail> Detail(std::string_view code) = 0;
};

struct Query {
    std::string from, to;   // "YYYY-MM-DD", inclusive
    std::string unit;       // unit code; "" = every unit
    std::string procedure;  // procedure code; "" = every procedure
    std::string field;      // field (lĩnh vực) code: its procedures in force on `to`; "" = every field
};

// The figures of one row of the per-field and per-procedure tables (2.1, 3.3 and 3.6 as the report
// computes them, restricted to the row's dossiers).
struct BreakdownFigures {
    std::int64_t received = 0;
    std::int64_t resolved_on_time = 0;  // early or on time, ended in the period
    std::int64_t resolved_late = 0;
    std::int64_t on_time = 0;                       // 2.1 numerator (its denominator is `received`)
    std::int64_t online = 0;                        // 3.3 numerator (of `received`)
    std::int64_t paid_online = 0, fee_bearing = 0;  // 3.6
    std::optional<std::int64_t> on_time_x100() const { return PercentX100(on_time, received); }
    std::optional<std::int64_t> online_x100() const { return PercentX100(online, received); }
    std::optional<std::int64_t> paid_online_x100() const { return PercentX100(paid_online, fee_bearing); }
    BreakdownFigures& operator+=(const BreakdownFigures& o);
};
struct BreakdownRow {
    std::string code, name_vi, name_en;
    std::string field_code;  // per-procedure rows: the procedure's field
    BreakdownFigures figures;
};
// The unit's figures split per field and per procedure; each list sorted by received (most first), then
// by the Vietnamese name. The rows of each list add up to `total`.
struct Breakdown {
    Query query;
    std::vector<BreakdownRow> fields, procedures;
    BreakdownFigures total;
};

// The service's NotFound errors say which part of the query names nothing: "kpi.unit",
// "kpi.procedure", "kpi.field" or "kpi.dossier" (the rule the API reports and pages translate); "" for
// other errors.
std::string_view NotFoundRule(const core::Error& error);

struct Report {
    Query query;
    Result result;
};

struct ExplainedDossier {
    std::string code;
    bool in_numerator = false, in_denominator = false;
    std::string reason;
};
struct Explanation {
    Query query;
    std::string indicator;
    std::vector<ExplainedDossier> dossiers;  // the denominator's dossiers (in_numerator says which count)
    bool more = false;
};

inline constexpr int kMaxExplainLimit = 1000;

// The trends of a period (issue 10: the operations centre's charts): one point per month, or per day
// when the period is at most kTrendDayBucketsUpTo days, every bucket of the period present (zero when
// nothing happened), each with the ratios the charts draw. A ratio is nullopt when its denominator is 0.
inline constexpr int kTrendDayBucketsUpTo = 62;
struct TrendPoint {
    TrendSums sums;
    std::string from, to;                              // the bucket's days inside the period
    std::optional<std::int64_t> on_time_rate_x100;     // (early + on time) / resolved
    std::optional<std::int64_t> online_share_x100;     // online / received (indicator 3.3)
    std::optional<std::int64_t> e_payment_share_x100;  // paid online / fee-bearing (indicator 3.6)
};
struct TrendSeries {
    Query query;
    TrendBucket bucket = TrendBucket::kMonth;
    std::vector<TrendPoint> points;
};

class KpiService {
public:
    KpiService(KpiStore& store, Config config, std::function<bool(std::string_view)> is_working_day)
        : store_(store), config_(std::move(config)), is_working_day_(std::move(is_working_day)) {}

    // Refreshes the store, then computes. InvalidArgument ("kpi.date", "kpi.period") for bad dates or
    // from > to; NotFound ("kpi.unit") for an unknown unit code on the period's last day.
    core::Result<Report> Decision766(const Query& query);
    // The dossiers behind one per-dossier indicator (IsDossierIndicator), with the reason each counts or
    // not; InvalidArgument "kpi.indicator" for the catalogue-level ones and unknown codes.
    core::Result<Explanation> Explain(const Query& query, std::string_view indicator, int offset, int limit);
    // The period's trends (kpi_trends.cpp); the same errors as Decision766.
    core::Result<TrendSeries> Trends(const Query& query);
    // The per-field and per-procedure rows for the query's unit, period and filters (same errors as
    // Decision766).
    core::Result<Breakdown> BreakDown(const Query& query);
    // One dossier for /ioc/dossiers/{code}; NotFound ("kpi.dossier") when no dossier has the code.
    core::Result<DossierDetail> Detail(std::string_view code);
    // Its verdict on each per-dossier indicator for the period `query` names (its unit and filters are
    // not used), in the order of the configuration.
    std::vector<std::pair<std::string, Membership>> Verdicts(const DossierDetail& dossier,
                                                             const Query& query) const;
    std::vector<FieldName> Fields() { return store_.Fields(); }
    std::vector<ProcedureName> ProcedureNames(const std::vector<std::string>& codes, std::string_view day) {
        return store_.ProcedureNames(codes, day);
    }
    std::int64_t Refresh(const std::function<void(std::int64_t)>& progress = {}) {
        return store_.Refresh(progress);
    }
    const Config& config() const { return config_; }

private:
    core::Result<Scope> ScopeOf(const Query& query);

    KpiStore& store_;
    Config config_;
    std::function<bool(std::string_view)> is_working_day_;
};

// The report as JSON, the shape of `mocua kpi 766 --format json` and GET /api/v1/kpi/766:
// {"unit","from","to",["procedure",]["field",]"indicators":{"2.1":{"name","value","numerator","denominator","points","max",
// "max_assumed","unit"},…},"groups":{"2":{"points","max"},…},"counts":{…},"scorecard":[…]}
// `value` is a number with at most 2 decimals, or null when the denominator is 0. Names in `lang`
// ("vi"/"en").
nlohmann::json ReportToJson(const Report& report, const Config& config, std::string_view lang);
nlohmann::json ExplanationToJson(const Explanation& explanation);
// The trends as JSON, the shape of GET /api/v1/kpi/766/trends:
// {"unit","from","to","bucket":"month"|"day","points":[{"period","from","to","received","online",
// "fee_bearing","paid_online","resolved":{"early","on_time","late"},"on_time_rate","online_share",
// "e_payment_share"},…],"targets":[{"id","name","series","target","comparison","deadline"},…]}
// Ratios are numbers with at most 2 decimals, or null. `targets`: for each of the two scorecard
// figures drawn (3.3 → "online_share", 3.6 → "e_payment_share"), the plan's target in force at the
// period's end (the first deadline on or after it, else the last), when the plan sets one.
nlohmann::json TrendsToJson(const TrendSeries& trends, const Config& config, std::string_view lang);

}  // namespace mocua::domain::kpi
