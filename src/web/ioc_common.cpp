#include "web/ioc_common.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/services.hpp"
#include "core/strings.hpp"
#include "core/text/text.hpp"
#include "domain/board/board.hpp"
#include "http/router.hpp"
#include "web/ioc_breakdown.hpp"
#include "web/shell.hpp"

namespace mocua::web::ioc_detail {

namespace kpi = domain::kpi;
namespace org = domain::org;
using nlohmann::json;

namespace {

// Dates are shown and accepted as Vietnamese write them (dd/mm/yyyy); links carry yyyy-mm-dd. Anything
// else is passed on for the service to refuse.
std::string IsoDate(const std::string& text) {
    int d = 0, m = 0, y = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%2d/%2d/%4d%c", &d, &m, &y, &tail) != 3 || y < 1000) return text;
    char out[48];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
    return out;
}

// The form's units: every unit valid on the period's last day, in Vietnamese order.
json UnitOptions(const app::Services& s, const std::string& day, const std::string& selected,
                 Language language, const Catalog& c) {
    auto units = s.units->ValidOn(day);
    std::stable_sort(units.begin(), units.end(), [](const org::Unit& a, const org::Unit& b) {
        return core::text::CompareVietnamese(a.name_vi, b.name_vi) < 0;
    });
    json out = json::array();
    out.push_back(
        {{"value", ""}, {"label", c.Get(language, "ioc.all_units")}, {"selected", selected.empty()}});
    for (const auto& u : units)
        out.push_back(
            {{"value", u.code}, {"label", UnitName(u, language)}, {"selected", u.code == selected}});
    return out;
}

}  // namespace

std::string ShownDate(const std::string& iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

IocRequest ReadRequest(const app::Services& s, const http::Request& request) {
    IocRequest r;
    r.query.unit = core::text::CleanInput(request.QueryParam("unit").value_or(""));
    r.from_text = core::text::CleanInput(request.QueryParam("from").value_or(""));
    r.to_text = core::text::CleanInput(request.QueryParam("to").value_or(""));
    if (r.from_text.empty() && r.to_text.empty()) {
        r.rolling = true;
        auto [from, to] = domain::board::PresetPeriod(domain::board::Preset::kMonth, s.clock->Now());
        r.from_text = ShownDate(from);
        r.to_text = ShownDate(to);
    }
    r.query.from = IsoDate(r.from_text);
    r.query.to = IsoDate(r.to_text);
    ioc_drill::ReadFilters(request, r.query);
    return r;
}

std::string QueryString(const kpi::Query& q) {
    return "unit=" + core::UrlEncode(q.unit) + "&from=" + q.from + "&to=" + q.to + ioc_drill::FilterQuery(q);
}

// The period checked here, so each field gets its message in the reader's language (the service's
// messages are for API clients); an unknown unit is what the service then refuses.
FormErrors CheckPeriod(const kpi::Query& q) {
    FormErrors errors;
    if (!domain::org::IsValidDate(q.from)) errors.Add("from", "ioc.error_date");
    if (!domain::org::IsValidDate(q.to)) {
        errors.Add("to", "ioc.error_date");
    } else if (errors.empty() && q.to < q.from) {
        errors.Add("to", "ioc.error_order");
    }
    return errors;
}

void AddError(FormErrors& errors, const core::Error& e) {
    if (ioc_drill::AddFilterError(errors, e)) return;
    errors.Add(e.code == core::ErrorCode::kNotFound ? "unit" : "from",
               e.code == core::ErrorCode::kNotFound ? "ioc.error_unit" : "ioc.error_date");
}

core::Result<kpi::Report> ReportFor(kpi::KpiService& service, const IocRequest& r, FormErrors& errors) {
    errors = CheckPeriod(r.query);
    auto report = errors.empty() ? service.Decision766(r.query)
                                 : core::Result<kpi::Report>(core::Error::InvalidArgument("period"));
    if (!report.ok() && errors.empty()) AddError(errors, report.error());
    return report;
}

std::string ShownUnitName(const app::Services& s, const kpi::Query& q, Language language) {
    if (!q.unit.empty())
        if (auto u = s.units->FindByCode(q.unit, q.to)) return UnitName(*u, language);
    return s.web->catalog().Get(language, "ioc.all_units");
}

// A JSON figure (a number with at most 2 decimals, or null) as pages show it: "66,67", "—" for none.
std::string Decimal(const json& v) {
    if (!v.is_number()) return "\u2014";
    const auto x100 = static_cast<std::int64_t>(std::llround(v.get<double>() * 100));
    std::string s = kpi::FormatX100(x100);
    std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

std::string UnitName(const org::Unit& u, Language language) {
    return language == Language::kEn && !u.name_en.empty() ? u.name_en : u.name_vi;
}

// Points summed over the groups that apply, exact in hundredths.
std::optional<std::int64_t> TotalX100(const json& report) {
    std::optional<std::int64_t> total;
    for (const auto& [id, g] : report["groups"].items()) {
        if (!g["points"].is_number()) continue;
        total = total.value_or(0) + static_cast<std::int64_t>(std::llround(g["points"].get<double>() * 100));
    }
    return total;
}

std::string TotalText(const json& report) {
    auto t = TotalX100(report);
    return t ? Decimal(json::parse(kpi::FormatX100(*t))) : "\u2014";
}

// The units directly below the chosen one (the top units when none is chosen), each with its report
// JSON: the drill-down.
std::vector<std::pair<org::Unit, json>> ChildReports(const app::Services& s, kpi::KpiService& service,
                                                     const kpi::Query& q, Language language) {
    std::optional<std::int64_t> parent;
    if (!q.unit.empty()) {
        auto u = s.units->FindByCode(q.unit, q.to);
        if (!u) return {};
        parent = u->id;
    }
    auto all = s.units->ValidOn(q.to);
    std::vector<org::Unit> children;
    for (const auto& u : all) {
        const bool top = !u.parent_id || std::none_of(all.begin(), all.end(), [&](const org::Unit& o) {
            return o.id == *u.parent_id;
        });
        if (parent ? (u.parent_id && *u.parent_id == *parent) : top) children.push_back(u);
    }
    std::stable_sort(children.begin(), children.end(), [](const org::Unit& a, const org::Unit& b) {
        return core::text::CompareVietnamese(a.name_vi, b.name_vi) < 0;
    });
    std::vector<std::pair<org::Unit, json>> out;
    for (auto& u : children) {
        auto report = service.Decision766(kpi::Query{q.from, q.to, u.code, q.procedure, q.field});
        if (!report.ok()) continue;
        json r = kpi::ReportToJson(*report, service.config(), language == Language::kEn ? "en" : "vi");
        out.emplace_back(std::move(u), std::move(r));
    }
    return out;
}

json PeriodForm(const app::Services& s, const IocRequest& r, Language language, const FormErrors& errors,
                const std::string& action, kpi::KpiService* filters) {
    const Catalog& c = s.web->catalog();
    // The unit list needs a valid day; with a bad one, today's units.
    const std::string day =
        r.query.to.size() == 10 && r.query.to[4] == '-'
            ? r.query.to
            : domain::board::PresetPeriod(domain::board::Preset::kMonth, s.clock->Now()).second;
    json data;
    data["errors"] = errors.ToJson(c, language);
    data["form"] = {
        {"action", action},
        {"units", UnitOptions(s, day, r.query.unit, language, c)},
        {"from", r.from_text},
        {"to", r.to_text},
    };
    // Only fields with an error get the key: the template's sections treat an empty text as true.
    for (const char* field : {"from", "to", "unit"})
        if (const std::string* key = errors.For(field))
            data["form"][std::string(field) + "_error"] = c.Get(language, *key);
    if (filters) ioc_drill::AddFilterControls(data["form"], *filters, r.query, errors, language, c);
    return data;
}

std::string LangCode(Language language) { return language == Language::kEn ? "en" : "vi"; }

}  // namespace mocua::web::ioc_detail
