#pragma once
// Decision 766/QĐ-TTg (23/06/2022): the index leaders are judged by (issue 10;
// docs/adr/0090-decision-766-kpis.md).
//
// The counting rules, copied here from vietnam-rules.md §3 so that nothing reads the research notes:
//   * 2.1 on time if NgayKetThucXuLy ≤ NgayHenTra. End time = the first terminal state, by priority
//     Đã xử lý xong (9) > Đã trả kết quả (10) > Dừng / Không tiếp nhận / rút (8, 3, 7). The applicant's
//     supplement time (completed − requested) is subtracted. One supplement request still open: the end
//     time is that request's time. More than one supplement request ⇒ counted overdue. No NgayHenTra:
//     end − start − supplement ≤ the legal time. Still open at the period's end: the period's end is the
//     end time.
//   * 2.2 average resolution time of the completed dossiers (states 9/10).
//   * 3.1, 3.3, 3.5, 4.2, 4.3: full points from 80 % (3.3: 50 %), else value × max / threshold.
//   * Values are percentages shown with 2 decimals; a denominator of 0 ⇒ not applicable (null).
//   * Groups: 1 publicity 18, 2 progress 20, 3 digitisation… weights 18/20/22/22/18 = 100.
//
// Everything here is pure (no I/O, no database, no clock): FactsOf turns one dossier in the national
// portal's format into the facts the indicators count; Counters add up facts; Compute turns counters and
// catalogue facts into indicators and points. Integer arithmetic until the one final round half-up to
// hundredths, so the figures are exact. Thread-safe: no state.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "domain/portal/portal_format.hpp"

namespace mocua::domain::kpi {

// What the catalogue says about the dossier's procedure (the version it was received under).
struct ProcedureInfo {
    bool paper_result = true;  // the result is a paper document (4.1, 3.3, 4.2 ask for an e-result)
    bool fee_bearing = false;  // the catalogue lists a fee above 0 VND (3.6)
    // The legal time limit when it is a fixed length (days or hours); nullopt for working days/hours,
    // which need the calendar: such a dossier without NgayHenTra has no deadline to be late against.
    std::optional<std::chrono::seconds> legal_time;
};

// Why a dossier counts as on time or late in 2.1 (stable codes, in the API and the locales kpi.reason.*).
enum class Reason {
    kEndedEarly,             // ended on a day before the due day
    kEndedOnTime,            // ended on the due day, not after the due time
    kEndedLate,              // ended after the due time (supplement time subtracted)
    kOneOpenSupplement,      // one supplement request still open: judged at the request's time
    kMoreThanOneSupplement,  // more than one supplement request: overdue whatever the times
    kOpenNotYetDue,          // still open at the period's end, not yet due then
    kOpenOverdue,            // still open at the period's end and already past due
    kNoDeadline,             // neither NgayHenTra nor a fixed legal time: cannot be late
};
std::string_view ReasonCode(Reason reason);

// The facts of one dossier the indicators count. All days are Vietnam calendar days "YYYY-MM-DD".
struct DossierFacts {
    bool received = false;     // has NgayTiepNhan: only received dossiers are counted
    std::string received_day;  // day of NgayTiepNhan
    std::optional<core::TimePoint> received_at;
    // End by the priority rule (first 9, else first 10, else first 8/3/7 in QuaTrinhXuLy; without
    // history NgayKetThucXuLy); nullopt while open. `completed` when it is a 9 or 10.
    std::optional<core::TimePoint> end_at;
    bool completed = false;
    bool result_not_collected =
        false;  // ended as 9 (processed) and not returned (no state 10, no NgayTraKetQua)
    // The end 2.1 judges: end_at, or the request time of the one open supplement request.
    std::optional<core::TimePoint> judged_end_at;
    int supplement_requests = 0;
    std::chrono::seconds supplement_time{0};  // Σ (completed − requested) of completed requests
    // NgayHenTra, or received + the fixed legal time; plus the supplement time. nullopt: no deadline.
    std::optional<core::TimePoint> effective_due_at;
    std::chrono::seconds resolution_time{0};  // for 2.2: end − received − supplement time (completed only)

    portal::Channel channel = portal::Channel::kDirect;
    bool online = false;        // 3.3: online channel and, for a paper result, an e-result (code + link)
    bool fee_bearing = false;   // 3.6 denominator: fee-bearing procedure and a fee list not all zero
    bool paid_online = false;   // 3.6 numerator: DuocThanhToanTrucTuyen 1 or 2
    bool paper_result = false;  // 4.1 denominator
    bool e_result = false;      // 4.1 numerator: DuongDanTepTinKetQua present
    bool digitised = false;     // 4.2: component files attached and, for a paper result, an e-result
    bool reused = false;        // 4.3: a component flagged digitised/reused (DuocSoHoa or DuocTaiSuDung)
    bool from_store = false;    // 4.4: a component taken from the national store (DuocLayTuKhoDMQG)
    bool vneid = false;         // 4.5: TaiKhoanDuocXacThucVoiVNeID
    bool synced = false;        // 1.4: the record passes the portal format's consistency rules
};

DossierFacts FactsOf(const portal::PortalDossier& dossier, const ProcedureInfo& procedure);

struct Verdict {
    bool on_time = false;
    Reason reason = Reason::kNoDeadline;
};
// 2.1 for one received dossier judged at `period_end` (the first instant after the period).
Verdict JudgeAt(const DossierFacts& facts, core::TimePoint period_end);

// How a dossier whose 2.1 verdict can still change with the period's end is kept: it is on time at T
// exactly when T ≤ its effective due time, i.e. when its due day is after the period's last day.
// "Final" dossiers (on time whatever T is after reception, or late whatever T) have no due bucket.
enum class Finality { kFinalOnTime, kFinalLate, kOnTimeUntilDue };
Finality FinalityOf(const DossierFacts& facts);

// ---- Counting -----------------------------------------------------------------------------------------

// Sums over dossiers. Cohort counters are kept by the day the dossier was received; the resolved_*
// counters by the day it ended. Addable and subtractable, which is what the incremental store relies on.
struct Counters {
    // cohort (received day)
    std::int64_t received = 0, synced = 0;
    std::int64_t online = 0, direct = 0, postal = 0;
    std::int64_t fee_bearing = 0, paid_online = 0;
    std::int64_t paper_result = 0, e_result = 0;
    std::int64_t digitised = 0, reused = 0, from_store = 0, vneid = 0;
    std::int64_t final_on_time = 0, final_late = 0;  // FinalityOf; the rest are on time until due
    // event (end day)
    std::int64_t resolved_early = 0, resolved_on_time = 0, resolved_late = 0;
    std::int64_t completed = 0, completed_seconds = 0, not_collected = 0;

    Counters& operator+=(const Counters& o);
    Counters& operator-=(const Counters& o);
    bool operator==(const Counters&) const = default;
};
// The cohort part of one dossier's facts (zero unless received).
Counters CohortOf(const DossierFacts& facts);
// The end-day part of one dossier's facts (zero unless ended).
Counters EndOf(const DossierFacts& facts);
// The day a dossier's effective due time falls on, when FinalityOf is kOnTimeUntilDue.
std::optional<std::string> DueDayOf(const DossierFacts& facts);

// The counts officials use daily (Gia Lai's definitions, vietnam-rules.md §3).
struct DailyCounts {
    std::int64_t received = 0;      // received in the period
    std::int64_t carried_over = 0;  // received before, still open at the period's start
    std::int64_t in_progress_late = 0, in_progress_due_soon = 0, in_progress_not_due = 0;  // at the end
    std::int64_t resolved_early = 0, resolved_on_time = 0, resolved_late = 0;  // ended in the period
    std::int64_t resolved_not_collected = 0;
    std::int64_t to_process() const { return received + carried_over; }
};
// "Due soon" (sắp trễ): due within this many calendar days after the period's last day.
inline constexpr int kDueSoonDays = 2;

// ---- Catalogue-level facts ----------------------------------------------------------------------------

// One procedure in force at the period's end, as the catalogue and the period's dossiers describe it.
struct ProcedureFacts {
    std::string code;
    bool announced = false;            // 1.1/1.2 denominator
    bool announced_on_time = false;    // 1.1: decision ≥ 5 working days before it applies
    bool published_on_time = false;    // 1.2: published within 5 working days of the decision
    bool complete = false;             // 1.3: every component of Decree 63/2010 Art. 8(2) published
    bool online_service = false;       // 3.1: full or partial online service
    bool full_online = false;          // toàn trình
    bool fee_bearing = false;          // 3.5 denominator: a fee above 0 in the catalogue
    std::int64_t online_dossiers = 0;  // 3.2: online dossiers received in the period
    std::int64_t fee_dossiers = 0;     // 3.5: dossiers in the period with a non-zero fee list
};

// ---- Scoring configuration (data) ----------------------------------------------------------------------

struct IndicatorDef {
    std::string code;  // "2.1"
    int group = 0;
    std::string name_vi, name_en;
    std::string unit = "percent";          // "percent" or "days" (2.2)
    std::optional<std::int64_t> max_x100;  // points ×100; nullopt: not scored
    bool max_assumed = false;              // the official maximum is not known: our share of the group
    std::int64_t full_at = 100;            // value (percent) from which the full points are given
    bool applicable = true;                // false: the platform has no data (group 5 until petitions)
};
struct GroupDef {
    int group = 0;
    std::string name_vi, name_en;
    std::int64_t max = 0;  // 18/20/22/22/18
};
struct Target {
    std::string id;  // "online_payment_2025"
    std::string name_vi, name_en;
    std::string figure;             // an indicator code, or "full_online" (share of procedures fully online)
    std::optional<double> target;   // percent; nullopt: the plan sets none
    std::string comparison = ">=";  // ">=" or ">"
    std::string deadline;           // "2025-12-31"
    std::optional<double> baseline;
    std::string baseline_year;
};
struct Config {
    std::vector<GroupDef> groups;
    std::vector<IndicatorDef> indicators;
    std::vector<Target> targets;
};
// The shipped configuration (kpi766_config.cpp): official weights, known maxima, assumed ones marked.
std::string_view DefaultConfigJson();
// Parses a configuration in the shape of DefaultConfigJson; nullopt with `error` set when malformed.
std::optional<Config> ParseConfig(std::string_view json, std::string* error = nullptr);
const Config& DefaultConfig();

// ---- Results -------------------------------------------------------------------------------------------

struct IndicatorValue {
    std::string code;
    std::int64_t numerator = 0, denominator = 0;
    std::optional<std::int64_t> value_x100;   // percent (or days for 2.2) ×100, rounded half up
    std::optional<std::int64_t> points_x100;  // nullopt when not applicable or not scored
};
struct GroupValue {
    int group = 0;
    std::optional<std::int64_t> points_x100;  // Σ of its indicators' points; nullopt when none applies
    std::int64_t max = 0;
};
struct TargetValue {
    const Target* target = nullptr;
    std::optional<std::int64_t> live_x100;
    std::optional<bool> met;
};
struct Result {
    std::map<std::string, IndicatorValue> indicators;
    std::map<int, GroupValue> groups;
    std::optional<std::int64_t> full_online_x100;
    std::vector<TargetValue> targets;
    DailyCounts counts;
    std::optional<std::int64_t> late_rate_x100, on_time_rate_x100;
};

// What Compute needs: the period's summed counters (received in the period for the cohort part, ended in
// the period for the end part), how many dossiers received in the period are on time until their due
// day and due after the period (`pending_on_time`), the daily counts, and the catalogue's facts.
struct Inputs {
    Counters cohort;  // summed over the received days in the period
    Counters ended;   // summed over the end days in the period
    std::int64_t pending_on_time = 0;
    DailyCounts counts;
    std::vector<ProcedureFacts> procedures;
};
Result Compute(const Inputs& inputs, const Config& config);

// num/den as a percentage ×100 rounded half up; nullopt when den is 0.
std::optional<std::int64_t> PercentX100(std::int64_t num, std::int64_t den);
// "87.50"
std::string FormatX100(std::int64_t value_x100);

// Which dossiers an indicator counts, for the explanation lists: in the denominator? in the numerator?
struct Membership {
    bool in_denominator = false;
    bool in_numerator = false;
    std::string reason;  // a stable code: Reason codes for 2.1, else "counted" / "not_counted" / a rule
};
// For the per-dossier indicators (1.4, 2.1, 2.2, 3.3, 3.6, 4.1–4.5); nullopt for the others.
// `from_day`..`to_day` is the period (inclusive), `period_end` the first instant after it. 2.2 counts the
// dossiers completed in the period; the others those received in it.
std::optional<Membership> MembershipOf(std::string_view indicator, const DossierFacts& facts,
                                       std::string_view from_day, std::string_view to_day,
                                       core::TimePoint period_end);
// The indicators MembershipOf answers for.
bool IsDossierIndicator(std::string_view indicator);

}  // namespace mocua::domain::kpi

// ---- Conversions used by the store and the catalogue side ---------------------------------------------

namespace mocua::domain::catalog {
struct Procedure;
}

namespace mocua::domain::kpi {

// The facts as a JSON object (times as UTC "…Z" text), and back; nullopt when malformed.
std::string FactsToJson(const DossierFacts& facts);
std::optional<DossierFacts> FactsFromJson(std::string_view json);

// What FactsOf needs from a procedure version.
ProcedureInfo ProcedureInfoOf(const catalog::Procedure& procedure);

// 1.1, 1.2, 1.3, 3.1 and the fee flag of one procedure in force (dossier counts left at 0).
// 1.1: the announcing decision is dated at least 5 working days before the day the procedure applies;
// 1.2: it was published within 5 working days of the decision. `is_working_day("YYYY-MM-DD")` is the
// unit's working calendar.
ProcedureFacts CatalogueFactsOf(const catalog::Procedure& procedure,
                                const std::function<bool(std::string_view)>& is_working_day);
// `day` moved by `n` working days (n < 0: back), "" when `day` is not a date.
std::string AddWorkingDays(std::string_view day, int n,
                           const std::function<bool(std::string_view)>& is_working_day);

}  // namespace mocua::domain::kpi
