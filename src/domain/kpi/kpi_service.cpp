#include "domain/kpi/kpi_service.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "core/text/text.hpp"

namespace mocua::domain::kpi {

namespace {

using nlohmann::json;

bool ValidDay(std::string_view s) {
    int y = 0;
    unsigned m = 0, d = 0;
    char tail = 0;
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    if (std::sscanf(std::string(s).c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return false;
    return y >= 1900 && y <= 2999 &&
           std::chrono::year_month_day{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)}.ok();
}

// The first instant after the Vietnam day `day` (UTC+7, no daylight saving).
core::TimePoint EndOfDay(std::string_view day) {
    int y = 0;
    unsigned m = 0, d = 0;
    std::sscanf(std::string(day).c_str(), "%4d-%2u-%2u", &y, &m, &d);
    const std::chrono::sys_days start{std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d)};
    return core::TimePoint(std::chrono::duration_cast<std::chrono::milliseconds>(
        (start + std::chrono::days(1) - std::chrono::hours(7)).time_since_epoch()));
}

json X100(const std::optional<std::int64_t>& v) {
    if (!v) return nullptr;
    // An exact decimal with at most 2 places: 8750 → 87.5, 6667 → 66.67.
    return json::parse(FormatX100(*v));
}

}  // namespace

// The NotFound messages start with these, so NotFoundRule can tell them apart (one place for both).
constexpr std::string_view kNoUnit = "no unit has the code `";
constexpr std::string_view kNoProcedure = "no procedure has the code `";
constexpr std::string_view kNoField = "no field has the code `";
constexpr std::string_view kNoDossier = "no dossier has the code `";

std::string_view NotFoundRule(const core::Error& e) {
    if (e.code != core::ErrorCode::kNotFound) return "";
    const std::string_view m = e.message;
    if (m.starts_with(kNoProcedure)) return "kpi.procedure";
    if (m.starts_with(kNoField)) return "kpi.field";
    if (m.starts_with(kNoDossier)) return "kpi.dossier";
    return "kpi.unit";
}

BreakdownFigures& BreakdownFigures::operator+=(const BreakdownFigures& o) {
    received += o.received, resolved_on_time += o.resolved_on_time, resolved_late += o.resolved_late;
    on_time += o.on_time, online += o.online, paid_online += o.paid_online, fee_bearing += o.fee_bearing;
    return *this;
}

core::Result<Scope> KpiService::ScopeOf(const Query& q) {
    if (!ValidDay(q.from)) return core::Error::InvalidArgument("`from` must be a date YYYY-MM-DD");
    if (!ValidDay(q.to)) return core::Error::InvalidArgument("`to` must be a date YYYY-MM-DD");
    if (q.to < q.from) return core::Error::InvalidArgument("`to` must not be before `from`");
    Scope scope{{}, q.from, q.to, std::nullopt};
    if (!q.unit.empty()) {
        auto units = store_.Subtree(q.unit, q.to);
        if (!units) return core::Error::NotFound(std::string(kNoUnit) + q.unit + "` on " + q.to);
        scope.unit_ids = std::move(*units);
    }
    if (!q.field.empty()) {
        auto codes = store_.FieldProcedures(q.field, q.to);
        if (!codes) return core::Error::NotFound(std::string(kNoField) + q.field + "`");
        scope.procedure_codes = std::move(*codes);
    }
    if (!q.procedure.empty()) {
        if (!store_.HasProcedure(q.procedure))
            return core::Error::NotFound(std::string(kNoProcedure) + q.procedure + "`");
        // With a field too: the procedure if it is in the field then, else nothing.
        const bool in_field =
            !scope.procedure_codes || std::find(scope.procedure_codes->begin(), scope.procedure_codes->end(),
                                                q.procedure) != scope.procedure_codes->end();
        scope.procedure_codes = in_field ? std::vector<std::string>{q.procedure} : std::vector<std::string>{};
    }
    return scope;
}

core::Result<Report> KpiService::Decision766(const Query& query) {
    auto scope = ScopeOf(query);
    if (!scope.ok()) return scope.error();
    store_.Refresh({});
    std::vector<ProcedureFacts> used;
    Inputs in = store_.Sum(*scope, used);
    in.procedures = store_.Catalogue(query.to, is_working_day_);
    if (scope->procedure_codes) {
        // The catalogue-level indicators (1.1–1.3, 3.1, 3.2, 3.5) over the chosen procedures only.
        const auto& keep = *scope->procedure_codes;
        std::erase_if(in.procedures, [&](const ProcedureFacts& p) {
            return std::find(keep.begin(), keep.end(), p.code) == keep.end();
        });
    }
    for (auto& p : in.procedures) {
        for (const auto& u : used) {
            if (u.code != p.code) continue;
            p.online_dossiers += u.online_dossiers;
            p.fee_dossiers += u.fee_dossiers;
        }
    }
    return Report{query, Compute(in, config_)};
}

core::Result<Explanation> KpiService::Explain(const Query& query, std::string_view indicator, int offset,
                                              int limit) {
    if (!IsDossierIndicator(indicator))
        return core::Error::InvalidArgument(
            "indicator `" + std::string(indicator) +
            "` has no dossier list: use one of 1.4, 2.1, 2.2, 3.3, 3.6, 4.1, 4.2, 4.3, 4.4, 4.5");
    auto scope = ScopeOf(query);
    if (!scope.ok()) return scope.error();
    store_.Refresh({});
    limit = std::clamp(limit, 1, kMaxExplainLimit);
    offset = std::max(offset, 0);
    Explanation e{query, std::string(indicator), {}, false};
    const core::TimePoint end = EndOfDay(query.to);
    auto rows = store_.Dossiers(*scope, indicator == "2.2", offset, limit + 1);
    e.more = static_cast<int>(rows.size()) > limit;
    if (e.more) rows.resize(static_cast<std::size_t>(limit));
    for (const auto& row : rows) {
        auto m = MembershipOf(indicator, row.facts, query.from, query.to, end);
        if (!m) continue;
        e.dossiers.push_back({row.code, m->in_numerator, m->in_denominator, m->reason});
    }
    return e;
}

core::Result<Breakdown> KpiService::BreakDown(const Query& query) {
    auto scope = ScopeOf(query);
    if (!scope.ok()) return scope.error();
    store_.Refresh({});
    const auto sums = store_.SumByProcedure(*scope);
    std::vector<std::string> codes;
    for (const auto& s : sums) codes.push_back(s.code);
    std::map<std::string, ProcedureName> names;
    for (auto& n : store_.ProcedureNames(codes, query.to)) names[n.code] = std::move(n);
    std::map<std::string, FieldName> field_names;
    for (auto& f : store_.Fields()) field_names[f.code] = std::move(f);

    Breakdown b{query, {}, {}, {}};
    std::map<std::string, BreakdownRow> fields;
    for (const auto& s : sums) {
        const Counters& c = s.sums;
        BreakdownFigures f;
        f.received = c.received;
        f.resolved_on_time = c.resolved_early + c.resolved_on_time;
        f.resolved_late = c.resolved_late;
        f.on_time = c.final_on_time + s.pending_on_time;  // as 2.1 in Compute
        f.online = c.online;
        f.paid_online = c.paid_online;
        f.fee_bearing = c.fee_bearing;
        BreakdownRow row{s.code, s.code, s.code, "", f};
        if (auto it = names.find(s.code); it != names.end()) {
            row.name_vi = it->second.name_vi;
            row.name_en = it->second.name_en.empty() ? it->second.name_vi : it->second.name_en;
            row.field_code = it->second.field_code;
        }
        auto [slot, fresh] = fields.try_emplace(row.field_code);
        if (fresh) {
            slot->second.code = slot->second.name_vi = slot->second.name_en = row.field_code;
            if (auto it = field_names.find(row.field_code); it != field_names.end()) {
                slot->second.name_vi = it->second.name_vi;
                slot->second.name_en = it->second.name_en.empty() ? it->second.name_vi : it->second.name_en;
            }
        }
        slot->second.figures += f;
        b.total += f;
        b.procedures.push_back(std::move(row));
    }
    for (auto& [code, row] : fields) b.fields.push_back(std::move(row));
    auto order = [](const BreakdownRow& a, const BreakdownRow& b) {
        if (a.figures.received != b.figures.received) return a.figures.received > b.figures.received;
        return core::text::CompareVietnamese(a.name_vi, b.name_vi) < 0;
    };
    std::stable_sort(b.fields.begin(), b.fields.end(), order);
    std::stable_sort(b.procedures.begin(), b.procedures.end(), order);
    return b;
}

core::Result<DossierDetail> KpiService::Detail(std::string_view code) {
    store_.Refresh({});
    auto d = store_.Detail(code);
    if (!d) return core::Error::NotFound(std::string(kNoDossier) + std::string(code) + "`");
    return *d;
}

std::vector<std::pair<std::string, Membership>> KpiService::Verdicts(const DossierDetail& d,
                                                                     const Query& query) const {
    std::vector<std::pair<std::string, Membership>> out;
    if (!ValidDay(query.from) || !ValidDay(query.to)) return out;
    const core::TimePoint end = EndOfDay(query.to);
    for (const auto& def : config_.indicators) {
        if (!IsDossierIndicator(def.code)) continue;
        if (auto m = MembershipOf(def.code, d.facts, query.from, query.to, end))
            out.emplace_back(def.code, std::move(*m));
    }
    return out;
}

json ReportToJson(const Report& report, const Config& config, std::string_view lang) {
    const bool vi = lang != "en";
    const Result& r = report.result;
    json indicators = json::object();
    for (const auto& def : config.indicators) {
        auto it = r.indicators.find(def.code);
        if (it == r.indicators.end()) continue;
        const auto& v = it->second;
        json j = {{"name", vi ? def.name_vi : def.name_en},
                  {"unit", def.applicable ? def.unit : "not_applicable"}};
        j["value"] = X100(v.value_x100);
        j["numerator"] = v.numerator;
        j["denominator"] = v.denominator;
        j["points"] = X100(v.points_x100);
        j["max"] = X100(def.max_x100);
        j["max_assumed"] = def.max_assumed;
        indicators[def.code] = std::move(j);
    }
    json groups = json::object();
    for (const auto& g : config.groups) {
        auto it = r.groups.find(g.group);
        json j = {{"name", vi ? g.name_vi : g.name_en}, {"max", g.max}};
        j["points"] = it == r.groups.end() ? json(nullptr) : X100(it->second.points_x100);
        groups[std::to_string(g.group)] = std::move(j);
    }
    const auto& c = r.counts;
    json counts = {
        {"received", c.received},
        {"carried_over", c.carried_over},
        {"to_process", c.to_process()},
        {"in_progress",
         {{"late", c.in_progress_late},
          {"due_soon", c.in_progress_due_soon},
          {"not_yet_due", c.in_progress_not_due}}},
        {"resolved",
         {{"early", c.resolved_early}, {"on_time", c.resolved_on_time}, {"late", c.resolved_late}}},
        {"resolved_not_collected", c.resolved_not_collected},
        {"late_rate", X100(r.late_rate_x100)},
        {"on_time_rate", X100(r.on_time_rate_x100)}};
    json scorecard = json::array();
    for (const auto& t : r.targets) {
        json j = {{"id", t.target->id},
                  {"name", vi ? t.target->name_vi : t.target->name_en},
                  {"figure", t.target->figure},
                  {"live", X100(t.live_x100)},
                  {"comparison", t.target->comparison},
                  {"deadline", t.target->deadline}};
        j["target"] = t.target->target ? json(*t.target->target) : json(nullptr);
        j["baseline"] = t.target->baseline ? json(*t.target->baseline) : json(nullptr);
        j["baseline_year"] = t.target->baseline_year;
        j["met"] = t.met ? json(*t.met) : json(nullptr);
        scorecard.push_back(std::move(j));
    }
    json out{{"unit", report.query.unit},   {"from", report.query.from},
             {"to", report.query.to},       {"indicators", std::move(indicators)},
             {"groups", std::move(groups)}, {"full_online", X100(r.full_online_x100)},
             {"counts", std::move(counts)}, {"scorecard", std::move(scorecard)}};
    if (!report.query.procedure.empty()) out["procedure"] = report.query.procedure;
    if (!report.query.field.empty()) out["field"] = report.query.field;
    return out;
}

json ExplanationToJson(const Explanation& e) {
    json list = json::array();
    for (const auto& d : e.dossiers)
        list.push_back({{"code", d.code},
                        {"in_denominator", d.in_denominator},
                        {"in_numerator", d.in_numerator},
                        {"reason", d.reason}});
    json out{{"indicator", e.indicator}, {"unit", e.query.unit},        {"from", e.query.from},
             {"to", e.query.to},         {"dossiers", std::move(list)}, {"more", e.more}};
    if (!e.query.procedure.empty()) out["procedure"] = e.query.procedure;
    if (!e.query.field.empty()) out["field"] = e.query.field;
    return out;
}

}  // namespace mocua::domain::kpi
