#include "web/catalog_view.hpp"

#include "core/clock.hpp"
#include "web/format.hpp"

namespace mocua::web {

namespace cat = domain::catalog;

namespace {

std::string ShowDate(const std::string& iso) {
    if (iso.empty() || iso == "9999-12-31") return "";
    const auto t = core::ParseUtc(iso + "T00:00:00Z");
    return t ? FormatDate(*t) : iso;
}

std::string ModeTagClass(cat::ServiceMode mode) {
    switch (mode) {
        case cat::ServiceMode::kFullOnline:
            return "govuk-tag--green";
        case cat::ServiceMode::kPartialOnline:
            return "govuk-tag--blue";
        case cat::ServiceMode::kOffline:
            return "govuk-tag--grey";
    }
    return "";
}

nlohmann::json Mode(cat::ServiceMode mode, const Catalog& c, Language lang) {
    const std::string name(cat::ServiceModeName(mode));
    return {{"label", c.Get(lang, "catalog.mode_" + name)},
            {"tag", ModeTagClass(mode)},
            {"explain", c.Get(lang, "catalog.mode_" + name + "_explain")},
            {"online", mode != cat::ServiceMode::kOffline}};
}

std::string Level(cat::Level level, const Catalog& c, Language lang) {
    return c.Get(lang, "catalog.level_" + std::string(cat::LevelName(level)));
}

// Mustache treats an empty string as a value, so an optional text ("until", a note, a hint) left
// empty would still open its {{#section}}: empty strings are removed from the view instead.
void DropEmptyStrings(nlohmann::json& j) {
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end();) {
            if (it->is_string() && it->get_ref<const std::string&>().empty()) {
                it = j.erase(it);
            } else {
                DropEmptyStrings(*it);
                ++it;
            }
        }
    } else if (j.is_array()) {
        for (auto& x : j) DropEmptyStrings(x);
    }
}

}  // namespace

const std::string& Pick(Language language, const std::string& vi, const std::string& en) {
    return language == Language::kEn && !en.empty() ? en : vi;
}

std::string TimeLimitText(const cat::TimeLimit& limit, const Catalog& c, Language lang) {
    const std::string unit(cat::TimeUnitName(limit.unit));
    if (limit.value == 0) return c.Get(lang, "catalog.time_zero_" + unit);
    return c.Format(lang, limit.value == 1 ? "catalog.time_one_" + unit : "catalog.time_" + unit,
                    {{"n", std::to_string(limit.value)}});
}

nlohmann::json SearchItemView(const cat::SearchItem& item, const Catalog& c, Language lang) {
    return {{"code", item.code},
            {"name", Pick(lang, item.name_vi, item.name_en)},
            {"field", Pick(lang, item.field.name_vi, item.field.name_en)},
            {"level", Level(item.level, c, lang)},
            {"mode", Mode(item.mode, c, lang)},
            {"time_limit", TimeLimitText(item.time_limit, c, lang)}};
}

nlohmann::json ProcedureView(const cat::Version& version, const std::vector<cat::Version>& history,
                             const std::string& today, const Catalog& c, Language lang) {
    const cat::Procedure& p = version.procedure;
    nlohmann::json d;
    d["code"] = p.code;
    d["name"] = Pick(lang, p.name_vi, p.name_en);
    d["field"] = Pick(lang, version.field.name_vi, version.field.name_en);
    d["field_code"] = p.field;
    d["level"] = Level(p.level, c, lang);
    d["mode"] = Mode(p.mode, c, lang);
    d["time_limit"] = TimeLimitText(p.time_limit, c, lang);
    d["time_limit_note"] = Pick(lang, p.time_limit.note_vi, p.time_limit.note_en);
    d["implementing"] = Pick(lang, p.implementing_vi, p.implementing_en);
    d["competent"] = Pick(lang, p.competent_vi, p.competent_en);
    std::string applicants;
    for (const auto& a : p.applicants) {
        if (!applicants.empty()) applicants += ", ";
        applicants += c.Get(lang, "catalog.applicant_" + a);
    }
    d["applicants"] = applicants;
    std::string result_kinds;
    if (p.result.paper) result_kinds = c.Get(lang, "catalog.result_paper");
    if (p.result.electronic)
        result_kinds += (result_kinds.empty() ? "" : ", ") + c.Get(lang, "catalog.result_electronic");
    d["result"] = {{"name", Pick(lang, p.result.name_vi, p.result.name_en)}, {"kinds", result_kinds}};

    nlohmann::json components = nlohmann::json::array();
    int n = 0;
    for (const auto& x : p.components) {
        nlohmann::json row = {{"n", ++n},
                              {"name", Pick(lang, x.name_vi, x.name_en)},
                              {"copy", c.Get(lang, "catalog.copy_" + std::string(cat::CopyKindName(x.copy)))},
                              {"quantity", x.quantity},
                              {"required", x.required},
                              {"reusable", x.reusable}};
        if (!x.form.empty()) row["form_href"] = "/procedures/" + p.code + "/forms/" + x.form;
        components.push_back(std::move(row));
    }
    d["components"] = components;
    d["has_components"] = !p.components.empty();

    nlohmann::json fees = nlohmann::json::array();
    for (const auto& f : p.fees) {
        fees.push_back(
            {{"name", Pick(lang, f.name_vi, f.name_en)},
             {"amount", f.amount_vnd == 0 ? c.Get(lang, "catalog.free") : FormatAmount(f.amount_vnd)},
             {"exemptions", Pick(lang, f.exemptions_vi, f.exemptions_en)}});
    }
    d["fees"] = fees;
    d["has_fees"] = !p.fees.empty();

    nlohmann::json steps = nlohmann::json::array();
    for (const auto& st : p.steps) steps.push_back(Pick(lang, st.vi, st.en));
    d["steps"] = steps;
    d["has_steps"] = !p.steps.empty();

    nlohmann::json legal = nlohmann::json::array();
    for (const auto& l : p.legal_basis) {
        legal.push_back({{"number", l.number},
                         {"title", Pick(lang, l.title_vi, l.title_en)},
                         {"date", ShowDate(l.date)}});
    }
    d["legal_basis"] = legal;

    d["version"] = {{"number", version.number},
                    {"from", ShowDate(p.effective_from)},
                    {"until", ShowDate(version.valid_until)},
                    {"current", p.effective_from <= today && today < version.valid_until}};
    nlohmann::json versions = nlohmann::json::array();
    for (const auto& v : history) {
        const bool in_force = v.procedure.effective_from <= today && today < v.valid_until;
        const bool future = v.procedure.effective_from > today;
        versions.push_back(
            {{"number", v.number},
             {"from", ShowDate(v.procedure.effective_from)},
             {"until", ShowDate(v.valid_until)},
             {"href", "/procedures/" + p.code + "?as_of=" + v.procedure.effective_from},
             {"shown", v.id == version.id},
             {"in_force", in_force},
             {"future", future},
             {"decision", v.procedure.announcement ? v.procedure.announcement->decision : ""}});
    }
    d["versions"] = versions;
    d["has_versions"] = history.size() > 1;
    if (p.announcement) {
        d["announcement"] = {{"decision", p.announcement->decision},
                             {"issued", ShowDate(p.announcement->issued_on)}};
    }
    DropEmptyStrings(d);
    return d;
}

nlohmann::json BlankFormView(const cat::Procedure& p, const cat::Form& form, const Catalog& c,
                             Language lang) {
    nlohmann::json pages = nlohmann::json::array();
    for (const auto& page : p.eform.pages) {
        nlohmann::json fields = nlohmann::json::array();
        for (const auto& f : page.fields) {
            nlohmann::json choices = nlohmann::json::array();
            for (const auto& ch : f.choices) choices.push_back(Pick(lang, ch.vi, ch.en));
            fields.push_back({{"label", Pick(lang, f.label_vi, f.label_en)},
                              {"hint", Pick(lang, f.hint_vi, f.hint_en)},
                              {"required", f.required},
                              {"long", f.type == cat::FieldType::kTextarea},
                              {"choices", choices},
                              {"has_choices", !choices.empty() || f.type == cat::FieldType::kCheckbox},
                              {"checkbox", f.type == cat::FieldType::kCheckbox}});
        }
        pages.push_back({{"title", Pick(lang, page.title_vi, page.title_en)}, {"fields", fields}});
    }
    nlohmann::json d = {{"title", Pick(lang, form.title_vi, form.title_en)},
                        {"source", form.source_vi},
                        {"procedure", {{"code", p.code}, {"name", Pick(lang, p.name_vi, p.name_en)}}},
                        {"pages", pages},
                        {"has_pages", !pages.empty()},
                        {"yes", c.Get(lang, "catalog.blank_yes")}};
    DropEmptyStrings(d);
    return d;
}

}  // namespace mocua::web
