#include "web/ioc_breakdown.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "core/strings.hpp"
#include "core/text/text.hpp"
#include "domain/board/board.hpp"
#include "domain/dossier/dossier_service.hpp"
#include "domain/org/units.hpp"
#include "http/router.hpp"
#include "web/format.hpp"
#include "web/forms.hpp"
#include "web/shell.hpp"

namespace mocua::web::ioc_drill {

namespace {

namespace kpi = domain::kpi;
using nlohmann::json;

std::string Name(const kpi::BreakdownRow& row, Language language) {
    return language == Language::kEn ? row.name_en : row.name_vi;
}

// "66,67 %" as the other IOC tables show a rate; "—" when there is no denominator.
std::string Percent(const std::optional<std::int64_t>& x100, Language language, const Catalog& c) {
    if (!x100) return "\u2014";
    std::string s = kpi::FormatX100(*x100);
    std::replace(s.begin(), s.end(), '.', ',');
    return c.Format(language, "ioc.value_percent", {{"value", s}});
}

kpi::Cell Number(const std::optional<std::int64_t>& x100) {
    return x100 ? kpi::NumberCell(kpi::FormatX100(*x100)) : kpi::TextCell("");
}

std::string ShownDate(const std::string& iso) {
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// "unit=…&from=…&to=…" plus the filters: the address of the same view.
std::string Link(const kpi::Query& q) {
    return "unit=" + core::UrlEncode(q.unit) + "&from=" + q.from + "&to=" + q.to + FilterQuery(q);
}

json Row(const kpi::BreakdownRow& row, const kpi::Query& filtered, const std::string& id, Language language,
         const Catalog& c) {
    const auto& f = row.figures;
    const std::string q = Link(filtered);
    return {{"id", id},
            {"code", row.code},
            {"name", Name(row, language)},
            {"href", "/ioc?" + q},
            {"received", FormatCount(f.received)},
            {"resolved_on_time", FormatCount(f.resolved_on_time)},
            {"resolved_late", FormatCount(f.resolved_late)},
            {"on_time", Percent(f.on_time_x100(), language, c)},
            {"on_time_href", "/ioc/766/2.1?" + q},
            {"online", Percent(f.online_x100(), language, c)},
            {"online_href", "/ioc/766/3.3?" + q},
            {"paid_online", Percent(f.paid_online_x100(), language, c)},
            {"paid_online_href", "/ioc/766/3.6?" + q}};
}

kpi::Table Table(const std::vector<kpi::BreakdownRow>& rows, bool fields, Language language,
                 const Catalog& c) {
    auto t = [&](const char* key) { return c.Get(language, key); };
    kpi::Table table{t(fields ? "ioc_drill.fields_caption" : "ioc_drill.procedures_caption"),
                     {t(fields ? "ioc_drill.col_field_code" : "ioc_drill.col_procedure_code"),
                      t(fields ? "ioc_drill.col_field" : "ioc_drill.col_procedure"), t("ioc.col_received"),
                      t("ioc_drill.col_resolved_on_time"), t("ioc.col_resolved_late"), t("ioc.col_on_time"),
                      t("ioc_drill.col_online"), t("ioc_drill.col_paid_online")},
                     {}};
    for (const auto& r : rows) {
        const auto& f = r.figures;
        table.rows.push_back({kpi::TextCell(r.code), kpi::TextCell(Name(r, language)),
                              kpi::NumberCell(std::to_string(f.received)),
                              kpi::NumberCell(std::to_string(f.resolved_on_time)),
                              kpi::NumberCell(std::to_string(f.resolved_late)), Number(f.on_time_x100()),
                              Number(f.online_x100()), Number(f.paid_online_x100())});
    }
    return table;
}

std::string When(const std::optional<core::TimePoint>& t) { return t ? FormatDateTime(*t) : "\u2014"; }

}  // namespace

bool ReadsDossiers(const http::Request& request) {
    std::vector<std::string> roles;
    for (auto r : domain::dossier::StaffReaderRoles()) roles.emplace_back(r);
    return request.principal && request.principal->HasAnyRole(roles);
}

void ReadFilters(const http::Request& request, kpi::Query& query) {
    query.procedure = core::text::CleanInput(request.QueryParam("procedure").value_or(""));
    query.field = core::text::CleanInput(request.QueryParam("field").value_or(""));
}

std::string FilterQuery(const kpi::Query& q) {
    std::string s;
    if (!q.field.empty()) s += "&field=" + core::UrlEncode(q.field);
    if (!q.procedure.empty()) s += "&procedure=" + core::UrlEncode(q.procedure);
    return s;
}

bool AddFilterError(FormErrors& errors, const core::Error& error) {
    const auto rule = kpi::NotFoundRule(error);
    if (rule == "kpi.procedure") {
        errors.Add("procedure", "ioc_drill.error_procedure");
        return true;
    }
    if (rule == "kpi.field") {
        errors.Add("field", "ioc_drill.error_field");
        return true;
    }
    return false;
}

void AddFilterControls(json& form, kpi::KpiService& service, const kpi::Query& query,
                       const FormErrors& errors, Language language, const Catalog& c) {
    auto fields = service.Fields();
    std::stable_sort(fields.begin(), fields.end(), [](const kpi::FieldName& a, const kpi::FieldName& b) {
        return core::text::CompareVietnamese(a.name_vi, b.name_vi) < 0;
    });
    json options = json::array();
    options.push_back({{"value", ""},
                       {"label", c.Get(language, "ioc_drill.all_fields")},
                       {"selected", query.field.empty()}});
    bool known = query.field.empty();
    for (const auto& f : fields) {
        known = known || f.code == query.field;
        options.push_back({{"value", f.code},
                           {"label", language == Language::kEn && !f.name_en.empty() ? f.name_en : f.name_vi},
                           {"selected", f.code == query.field}});
    }
    // An unknown code stays selected, so the error shows what was asked.
    if (!known) options.push_back({{"value", query.field}, {"label", query.field}, {"selected", true}});
    form["filters"] = true;
    form["fields"] = std::move(options);
    form["procedure"] = query.procedure;
    for (const char* id : {"field", "procedure"})
        if (const std::string* key = errors.For(id)) form[std::string(id) + "_error"] = c.Get(language, *key);
}

json BreakdownSection(const app::Services& s, kpi::KpiService& service, const kpi::Query& q,
                      Language language) {
    const Catalog& c = s.web->catalog();
    auto b = service.BreakDown(q);
    if (!b.ok()) return json::object();
    json out;
    // The active filter, as a heading, and the way back to the unit's whole view.
    json filter = json::array();
    if (!q.field.empty()) {
        std::string name = q.field;
        for (const auto& f : service.Fields())
            if (f.code == q.field)
                name = language == Language::kEn && !f.name_en.empty() ? f.name_en : f.name_vi;
        filter.push_back({{"label", c.Get(language, "ioc_drill.filter_field")}, {"value", name}});
    }
    if (!q.procedure.empty()) {
        // From the catalogue: the procedure may have no dossier in the period.
        std::string name = q.procedure;
        for (const auto& n : service.ProcedureNames({q.procedure}, q.to))
            name += " \u2014 " + (language == Language::kEn && !n.name_en.empty() ? n.name_en : n.name_vi);
        filter.push_back({{"label", c.Get(language, "ioc_drill.filter_procedure")}, {"value", name}});
    }
    if (!filter.empty()) {
        kpi::Query all = q;
        all.field.clear();
        all.procedure.clear();
        out["filter"] = {{"parts", filter}, {"remove_href", "/ioc?" + Link(all)}};
        if (!q.field.empty() && !q.procedure.empty()) {
            kpi::Query field_only = q;
            field_only.procedure.clear();
            out["filter"]["field_href"] = "/ioc?" + Link(field_only);
        }
    }
    const std::string exports = "/ioc/export?" + Link(q);
    if (q.field.empty() && q.procedure.empty()) {
        json rows = json::array();
        for (const auto& r : b->fields) {
            kpi::Query child = q;
            child.field = r.code;
            rows.push_back(Row(r, child, "field-" + r.code, language, c));
        }
        out["fields"] = {{"rows", rows}, {"export", exports}};
    }
    if (q.procedure.empty()) {
        json rows = json::array();
        for (const auto& r : b->procedures) {
            kpi::Query child = q;
            child.procedure = r.code;
            rows.push_back(Row(r, child, "proc-" + r.code, language, c));
        }
        out["procedures"] = {{"rows", rows}, {"export", exports}, {"any", !rows.empty()}};
    }
    return out;
}

std::optional<core::Result<kpi::Table>> BreakdownTable(kpi::KpiService& service, const kpi::Query& query,
                                                       const std::string& table, Language language,
                                                       const Catalog& c) {
    if (table != "fields" && table != "procedures") return std::nullopt;
    auto b = service.BreakDown(query);
    if (!b.ok()) return core::Result<kpi::Table>(b.error());
    return core::Result<kpi::Table>(
        Table(table == "fields" ? b->fields : b->procedures, table == "fields", language, c));
}

http::Response DossierPage(const app::Services& s, kpi::KpiService& service, http::Request& request) {
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const std::string code = request.Param("code");
    auto d = service.Detail(code);
    if (!d.ok()) return s.web->ErrorPage(request, 404, "not_found");

    // The period the verdicts are for: the list's, carried by its links; this month otherwise.
    kpi::Query q;
    q.unit = core::text::CleanInput(request.QueryParam("unit").value_or(""));
    q.from = request.QueryParam("from").value_or("");
    q.to = request.QueryParam("to").value_or("");
    ReadFilters(request, q);
    if (!domain::org::IsValidDate(q.from) || !domain::org::IsValidDate(q.to) || q.to < q.from)
        std::tie(q.from, q.to) = domain::board::PresetPeriod(domain::board::Preset::kMonth, s.clock->Now());

    json data;
    data["heading"] = c.Format(language, "ioc_drill.dossier_heading", {{"code", d->code}});
    data["back"] = "/ioc?" + Link(q);
    data["period"] =
        c.Format(language, "ioc.period_text", {{"from", ShownDate(q.from)}, {"to", ShownDate(q.to)}});
    std::string procedure = d->procedure_code;
    for (const auto& n : service.ProcedureNames({d->procedure_code}, q.to))
        procedure += " \u2014 " + (language == Language::kEn && !n.name_en.empty() ? n.name_en : n.name_vi);
    std::string unit = "\u2014";
    if (auto u = s.units->Find(d->unit_id))
        unit = language == Language::kEn && !u->name_en.empty() ? u->name_en : u->name_vi;
    const auto& f = d->facts;
    auto t = [&](const std::string& key) { return c.Get(language, key); };
    json facts = json::array();
    auto fact = [&](const char* id, const char* key, std::string value) {
        facts.push_back({{"id", id}, {"label", t(key)}, {"value", std::move(value)}});
    };
    fact("procedure", "ioc_drill.procedure", procedure);
    fact("unit", "ioc_drill.competent_unit", unit);
    fact("channel", "ioc_drill.channel", t("dossier.channel." + std::to_string(static_cast<int>(f.channel))));
    fact("state", "ioc_drill.state", t("dossier.state." + std::to_string(static_cast<int>(d->state))));
    fact("submitted", "ioc_drill.submitted", FormatDateTime(d->submitted_at));
    fact("received", "ioc_drill.received", When(f.received_at));
    fact("due", "ioc_drill.due", When(d->due_at));
    fact("effective_due", "ioc_drill.effective_due", When(f.effective_due_at));
    fact("ended", "ioc_drill.ended", When(f.end_at));
    fact(
        "supplement_time", "ioc_drill.supplement_time",
        c.Format(language, "ioc_drill.hours", {{"value", std::to_string(f.supplement_time.count() / 3600)}}));
    data["facts"] = facts;

    json supplements = json::array();
    int n = 0;
    for (const auto& p : d->supplements)
        supplements.push_back({{"n", std::to_string(++n)},
                               {"requested", FormatDateTime(p.requested_at)},
                               {"completed", p.completed_at ? FormatDateTime(*p.completed_at)
                                                            : t("ioc_drill.supplement_open")}});
    data["supplements"] = supplements;
    data["any_supplements"] = !supplements.empty();
    json waits = json::array();
    for (const auto& p : d->payment_waits)
        waits.push_back(
            {{"requested", FormatDateTime(p.requested_at)},
             {"completed", p.completed_at ? FormatDateTime(*p.completed_at) : t("ioc_drill.payment_open")}});
    data["payment_waits"] = waits;
    data["any_payment_waits"] = !waits.empty();
    json history = json::array();
    for (const auto& h : d->history)
        history.push_back({{"at", FormatDateTime(h.at)},
                           {"state", t("dossier.state." + std::to_string(static_cast<int>(h.state)))}});
    data["history"] = history;
    data["any_history"] = !history.empty();

    json verdicts = json::array();
    for (const auto& [indicator, m] : service.Verdicts(*d, q)) {
        std::string name = indicator;
        for (const auto& def : service.config().indicators)
            if (def.code == indicator) name = language == Language::kEn ? def.name_en : def.name_vi;
        const std::string key = "kpi.reason." + m.reason;
        kpi::Query list = q;
        verdicts.push_back({{"code", indicator},
                            {"name", name},
                            {"href", "/ioc/766/" + indicator + "?" + Link(list)},
                            {"in_numerator", t(m.in_numerator ? "ioc.yes" : "ioc.no")},
                            {"in_denominator", t(m.in_denominator ? "ioc.yes" : "ioc.no")},
                            {"reason", c.Find(language, key) ? c.Get(language, key) : m.reason}});
    }
    data["verdicts"] = verdicts;
    if (ReadsDossiers(request)) data["staff_href"] = "/work/dossiers/" + core::UrlEncode(d->code);
    http::Response r = s.web->Page(request, "ioc/dossier", "ioc_drill.dossier_title", std::move(data));
    r.SetHeader("Cache-Control", "private, no-store");
    return r;
}

}  // namespace mocua::web::ioc_drill
