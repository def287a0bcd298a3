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

namespace mocua::domain::kpi {

// Which dossiers a report covers: those of the units in `unit_ids` (empty: every unit), in the period
// from_day..to_day (Vietnam days, inclusive).
struct Scope {
    std::vector<std::int64_t> unit_ids;
    std::string from_day, to_day;
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
};

struct Query {
    std::string from, to;  // "YYYY-MM-DD", inclusive
    std::string unit;      // unit code; "" = every unit
};

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
// {"unit","from","to","indicators":{"2.1":{"name","value","numerator","denominator","points","max",
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
