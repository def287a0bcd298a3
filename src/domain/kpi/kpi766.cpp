#include "domain/kpi/kpi766.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace mocua::domain::kpi {

namespace {

using portal::DossierState;

// Vietnam is UTC+7 all year (no daylight saving).
std::string Day(core::TimePoint t) {
    const auto local = std::chrono::floor<std::chrono::seconds>(t) + std::chrono::hours(7);
    const auto days = std::chrono::floor<std::chrono::days>(local);
    const std::chrono::year_month_day ymd{days};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

bool IsTerminal(DossierState s) {
    return s == DossierState::kRefused || s == DossierState::kWithdrawalRequested ||
           s == DossierState::kStopped;
}

// The end time by the priority rule: the first 9, else the first 10, else the first 8/3/7.
struct End {
    std::optional<core::TimePoint> at;
    bool completed = false;
    bool processed_only = false;  // the end is a 9 and no 10 follows
};
End EndOf(const portal::PortalDossier& d) {
    std::optional<core::TimePoint> first9, first10, first_stop;
    for (const auto& h : d.history) {
        if (h.state == DossierState::kProcessed && !first9) first9 = h.at;
        if (h.state == DossierState::kResultReturned && !first10) first10 = h.at;
        if (IsTerminal(h.state) && !first_stop) first_stop = h.at;
    }
    // Without history entries for the end, the record's own end fields say it.
    if (!first9 && !first10 && !first_stop) {
        if (d.state == DossierState::kProcessed || d.state == DossierState::kResultReturned) {
            auto at = d.processing_end_at ? d.processing_end_at : d.returned_at;
            if (at) {
                const bool returned = d.state == DossierState::kResultReturned || d.returned_at.has_value();
                return {at, true, !returned};
            }
        }
        if (IsTerminal(d.state) && d.processing_end_at) return {d.processing_end_at, false, false};
        return {};
    }
    if (first9) return {first9, true, !first10 && !d.returned_at};
    if (first10) return {first10, true, false};
    return {first_stop, false, false};
}

std::int64_t RoundDiv(std::int64_t num, std::int64_t den) {  // half up, num ≥ 0, den > 0
    return (2 * num + den) / (2 * den);
}

}  // namespace

std::string_view ReasonCode(Reason reason) {
    switch (reason) {
        case Reason::kEndedEarly:
            return "ended_early";
        case Reason::kEndedOnTime:
            return "ended_on_time";
        case Reason::kEndedLate:
            return "ended_late";
        case Reason::kOneOpenSupplement:
            return "one_open_supplement";
        case Reason::kMoreThanOneSupplement:
            return "more_than_one_supplement";
        case Reason::kOpenNotYetDue:
            return "open_not_yet_due";
        case Reason::kOpenOverdue:
            return "open_overdue";
        case Reason::kNoDeadline:
            return "no_deadline";
    }
    return "";
}

DossierFacts FactsOf(const portal::PortalDossier& d, const ProcedureInfo& p) {
    DossierFacts f;
    f.received = d.received_at.has_value();
    if (f.received) {
        f.received_at = d.received_at;
        f.received_day = Day(*d.received_at);
    }
    const End end = EndOf(d);
    f.end_at = end.at;
    f.completed = end.completed && end.at.has_value();
    f.result_not_collected = f.completed && end.processed_only;

    f.supplement_requests = static_cast<int>(d.supplements.size());
    std::optional<core::TimePoint> open_request;
    for (const auto& s : d.supplements) {
        if (s.completed_at && *s.completed_at > s.requested_at)
            f.supplement_time +=
                std::chrono::duration_cast<std::chrono::seconds>(*s.completed_at - s.requested_at);
        if (!s.completed_at) open_request = s.requested_at;
    }
    // One request still open stops the clock at the request (the applicant has the dossier); with more
    // than one request the dossier is overdue anyway.
    f.judged_end_at = f.end_at;
    if (f.supplement_requests == 1 && open_request && (!f.end_at || *open_request < *f.end_at))
        f.judged_end_at = open_request;

    std::optional<core::TimePoint> due = d.due_at;
    if (!due && d.received_at && p.legal_time) due = *d.received_at + *p.legal_time;
    if (due) f.effective_due_at = *due + f.supplement_time;

    if (f.completed && d.received_at && *f.end_at > *d.received_at) {
        auto t =
            std::chrono::duration_cast<std::chrono::seconds>(*f.end_at - *d.received_at) - f.supplement_time;
        f.resolution_time = std::max(t, std::chrono::seconds(0));
    }

    f.channel = d.channel;
    f.paper_result = p.paper_result;
    const bool e_result = !d.result_url.empty();
    f.e_result = p.paper_result && e_result;
    f.online = d.channel == portal::Channel::kOnline &&
               (!p.paper_result || (!d.result_code.empty() && !d.result_url.empty()));
    const bool nonzero_fees =
        std::any_of(d.fees.begin(), d.fees.end(), [](const portal::Fee& fee) { return fee.amount_vnd > 0; });
    f.fee_bearing = p.fee_bearing && nonzero_fees;
    f.paid_online = f.fee_bearing && d.online_payment != portal::OnlinePayment::kNone;
    f.digitised = !d.files.empty() && (!p.paper_result || e_result);
    f.reused = std::any_of(d.files.begin(), d.files.end(),
                           [](const portal::SubmittedFile& s) { return s.digitised || s.reused; });
    f.from_store = std::any_of(d.files.begin(), d.files.end(),
                               [](const portal::SubmittedFile& s) { return s.from_national_store; });
    f.vneid = d.vneid_verified;
    const auto problems = portal::CheckConsistency(d, 0);
    f.synced = std::none_of(problems.begin(), problems.end(), [](const portal::Problem& pr) {
        return pr.severity == portal::Severity::kError;
    });
    return f;
}

Verdict JudgeAt(const DossierFacts& f, core::TimePoint period_end) {
    if (f.supplement_requests > 1) return {false, Reason::kMoreThanOneSupplement};
    if (!f.effective_due_at) return {true, Reason::kNoDeadline};
    const auto due = *f.effective_due_at;
    if (f.judged_end_at && *f.judged_end_at < period_end) {
        const auto end = *f.judged_end_at;
        const bool on_time = end <= due;
        if (f.judged_end_at != f.end_at) return {on_time, Reason::kOneOpenSupplement};
        if (!on_time) return {false, Reason::kEndedLate};
        return {true, Day(end) < Day(due) ? Reason::kEndedEarly : Reason::kEndedOnTime};
    }
    if (period_end <= due) return {true, Reason::kOpenNotYetDue};
    return {false, Reason::kOpenOverdue};
}

Finality FinalityOf(const DossierFacts& f) {
    if (f.supplement_requests > 1) return Finality::kFinalLate;
    if (!f.effective_due_at) return Finality::kFinalOnTime;
    if (f.judged_end_at && *f.judged_end_at <= *f.effective_due_at) return Finality::kFinalOnTime;
    return Finality::kOnTimeUntilDue;
}

Counters& Counters::operator+=(const Counters& o) {
    received += o.received, synced += o.synced, online += o.online, direct += o.direct, postal += o.postal;
    fee_bearing += o.fee_bearing, paid_online += o.paid_online, paper_result += o.paper_result;
    e_result += o.e_result, digitised += o.digitised, reused += o.reused, from_store += o.from_store;
    vneid += o.vneid, final_on_time += o.final_on_time, final_late += o.final_late;
    resolved_early += o.resolved_early, resolved_on_time += o.resolved_on_time;
    resolved_late += o.resolved_late, completed += o.completed, completed_seconds += o.completed_seconds;
    not_collected += o.not_collected;
    return *this;
}

Counters& Counters::operator-=(const Counters& o) {
    received -= o.received, synced -= o.synced, online -= o.online, direct -= o.direct, postal -= o.postal;
    fee_bearing -= o.fee_bearing, paid_online -= o.paid_online, paper_result -= o.paper_result;
    e_result -= o.e_result, digitised -= o.digitised, reused -= o.reused, from_store -= o.from_store;
    vneid -= o.vneid, final_on_time -= o.final_on_time, final_late -= o.final_late;
    resolved_early -= o.resolved_early, resolved_on_time -= o.resolved_on_time;
    resolved_late -= o.resolved_late, completed -= o.completed, completed_seconds -= o.completed_seconds;
    not_collected -= o.not_collected;
    return *this;
}

Counters CohortOf(const DossierFacts& f) {
    Counters c;
    if (!f.received) return c;
    c.received = 1;
    c.synced = f.synced;
    c.online = f.online;
    c.direct = f.channel == portal::Channel::kDirect;
    c.postal = f.channel == portal::Channel::kPostal;
    c.fee_bearing = f.fee_bearing;
    c.paid_online = f.paid_online;
    c.paper_result = f.paper_result;
    c.e_result = f.e_result;
    c.digitised = f.digitised;
    c.reused = f.reused;
    c.from_store = f.from_store;
    c.vneid = f.vneid;
    const auto finality = FinalityOf(f);
    c.final_on_time = finality == Finality::kFinalOnTime;
    c.final_late = finality == Finality::kFinalLate;
    return c;
}

Counters EndOf(const DossierFacts& f) {
    Counters c;
    if (!f.received || !f.end_at) return c;
    // Judged after everything happened: the final verdict.
    const auto v = JudgeAt(f, core::TimePoint::max());
    c.resolved_early = v.on_time && v.reason == Reason::kEndedEarly;
    c.resolved_late = !v.on_time;
    c.resolved_on_time = v.on_time && v.reason != Reason::kEndedEarly;
    c.completed = f.completed;
    c.completed_seconds = f.completed ? f.resolution_time.count() : 0;
    c.not_collected = f.result_not_collected;
    return c;
}

std::optional<std::string> DueDayOf(const DossierFacts& f) {
    if (!f.received || FinalityOf(f) != Finality::kOnTimeUntilDue) return std::nullopt;
    return Day(*f.effective_due_at);
}

std::optional<std::int64_t> PercentX100(std::int64_t num, std::int64_t den) {
    if (den <= 0) return std::nullopt;
    return RoundDiv(num * 10000, den);
}

std::string FormatX100(std::int64_t v) {
    char buf[32];
    const char* sign = v < 0 ? "-" : "";
    if (v < 0) v = -v;
    std::snprintf(buf, sizeof buf, "%s%lld.%02lld", sign, static_cast<long long>(v / 100),
                  static_cast<long long>(v % 100));
    return buf;
}

namespace {

void Put(Result& r, const std::string& code, std::int64_t num, std::int64_t den) {
    IndicatorValue v;
    v.code = code;
    v.numerator = num;
    v.denominator = den;
    v.value_x100 = PercentX100(num, den);
    r.indicators[code] = v;
}

}  // namespace

Result Compute(const Inputs& in, const Config& config) {
    Result r;
    const Counters& c = in.cohort;
    const Counters& e = in.ended;
    std::int64_t announced = 0, announced_on_time = 0, published_on_time = 0, complete = 0,
                 online_service = 0, online_used = 0, fee_procs = 0, fee_procs_used = 0, full_online = 0;
    for (const auto& p : in.procedures) {
        announced += p.announced;
        announced_on_time += p.announced && p.announced_on_time;
        published_on_time += p.announced && p.published_on_time;
        complete += p.complete;
        online_service += p.online_service;
        online_used += p.online_service && p.online_dossiers > 0;
        fee_procs += p.fee_bearing;
        fee_procs_used += p.fee_bearing && p.fee_dossiers > 0;
        full_online += p.full_online;
    }
    const auto all = static_cast<std::int64_t>(in.procedures.size());
    Put(r, "1.1", announced_on_time, announced);
    Put(r, "1.2", published_on_time, announced);
    Put(r, "1.3", complete, all);
    Put(r, "1.4", c.synced, c.received);
    Put(r, "2.1", c.final_on_time + in.pending_on_time, c.received);
    {
        IndicatorValue v;
        v.code = "2.2";
        v.numerator = e.completed_seconds;
        v.denominator = e.completed;
        if (e.completed > 0) v.value_x100 = RoundDiv(e.completed_seconds * 100, e.completed * 86400);
        r.indicators["2.2"] = v;
    }
    Put(r, "3.1", online_service, all);
    Put(r, "3.2", online_used, online_service);
    Put(r, "3.3", c.online, c.received);
    Put(r, "3.5", fee_procs_used, fee_procs);
    Put(r, "3.6", c.paid_online, c.fee_bearing);
    Put(r, "4.1", c.e_result, c.paper_result);
    Put(r, "4.2", c.digitised, c.received);
    Put(r, "4.3", c.reused, c.received);
    Put(r, "4.4", c.from_store, c.received);
    Put(r, "4.5", c.vneid, c.received);
    r.full_online_x100 = PercentX100(full_online, all);

    for (const auto& g : config.groups) r.groups[g.group] = {g.group, std::nullopt, g.max};
    for (const auto& def : config.indicators) {
        auto it = r.indicators.find(def.code);
        if (!def.applicable || it == r.indicators.end()) {
            // Not applicable: listed, with no value (group 5 until petitions exist).
            IndicatorValue v;
            v.code = def.code;
            r.indicators[def.code] = v;
            continue;
        }
        auto& v = it->second;
        if (v.value_x100 && def.max_x100 && def.unit == "percent" && def.full_at > 0) {
            // max × value / threshold, capped at max; exact until the one rounding.
            const std::int64_t pts = RoundDiv(*def.max_x100 * v.numerator * 100, v.denominator * def.full_at);
            v.points_x100 = std::min(pts, *def.max_x100);
        }
        if (v.points_x100) {
            auto& g = r.groups[def.group];
            g.points_x100 = g.points_x100.value_or(0) + *v.points_x100;
        }
    }

    r.counts = in.counts;
    r.counts.received = c.received;
    r.counts.resolved_early = e.resolved_early;
    r.counts.resolved_on_time = e.resolved_on_time;
    r.counts.resolved_late = e.resolved_late;
    r.counts.resolved_not_collected = e.not_collected;
    const std::int64_t late = r.counts.in_progress_late + r.counts.resolved_late;
    r.late_rate_x100 = PercentX100(late, r.counts.to_process());
    if (r.late_rate_x100) r.on_time_rate_x100 = 10000 - *r.late_rate_x100;

    for (const auto& t : config.targets) {
        TargetValue tv;
        tv.target = &t;
        if (t.figure == "full_online") {
            tv.live_x100 = r.full_online_x100;
        } else if (auto it = r.indicators.find(t.figure); it != r.indicators.end()) {
            tv.live_x100 = it->second.value_x100;
        }
        if (tv.live_x100 && t.target) {
            const auto target_x100 = static_cast<std::int64_t>(*t.target * 100 + 0.5);
            tv.met = t.comparison == ">" ? *tv.live_x100 > target_x100 : *tv.live_x100 >= target_x100;
        }
        r.targets.push_back(tv);
    }
    return r;
}

bool IsDossierIndicator(std::string_view i) {
    return i == "1.4" || i == "2.1" || i == "2.2" || i == "3.3" || i == "3.6" || i == "4.1" || i == "4.2" ||
           i == "4.3" || i == "4.4" || i == "4.5";
}

std::optional<Membership> MembershipOf(std::string_view i, const DossierFacts& f, std::string_view from_day,
                                       std::string_view to_day, core::TimePoint period_end) {
    if (!IsDossierIndicator(i)) return std::nullopt;
    Membership m;
    if (!f.received) {
        m.reason = "not_received";
        return m;
    }
    if (i == "2.2") {
        const bool ended_in = f.completed && Day(*f.end_at) >= from_day && Day(*f.end_at) <= to_day;
        m.in_denominator = m.in_numerator = ended_in;
        m.reason = ended_in ? "completed_in_period" : "not_completed_in_period";
        return m;
    }
    if (f.received_day < from_day || f.received_day > to_day) {
        m.reason = "not_received_in_period";
        return m;
    }
    auto flag = [&](bool den, bool num, std::string_view no_den, std::string_view no_num) {
        m.in_denominator = den;
        m.in_numerator = den && num;
        m.reason = !den ? no_den : (num ? "counted" : no_num);
    };
    if (i == "2.1") {
        const auto v = JudgeAt(f, period_end);
        m.in_denominator = true;
        m.in_numerator = v.on_time;
        m.reason = ReasonCode(v.reason);
    } else if (i == "1.4") {
        flag(true, f.synced, "", "inconsistent_record");
    } else if (i == "3.3") {
        flag(true, f.online, "",
             f.channel != portal::Channel::kOnline ? "not_online_channel" : "no_electronic_result");
    } else if (i == "3.6") {
        flag(f.fee_bearing, f.paid_online, "no_fee", "not_paid_online");
    } else if (i == "4.1") {
        flag(f.paper_result, f.e_result, "no_paper_result", "no_electronic_result");
    } else if (i == "4.2") {
        flag(true, f.digitised, "", "not_digitised");
    } else if (i == "4.3") {
        flag(true, f.reused, "", "no_reused_component");
    } else if (i == "4.4") {
        flag(true, f.from_store, "", "no_component_from_store");
    } else if (i == "4.5") {
        flag(true, f.vneid, "", "no_vneid_account");
    }
    return m;
}

}  // namespace mocua::domain::kpi
