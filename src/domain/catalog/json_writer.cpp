// Writing the JSON encoding (json_codec.hpp): the exchange document and the canonical content.
#include "domain/catalog/json_codec.hpp"

namespace mocua::domain::catalog {

namespace {

using nlohmann::ordered_json;

// ---- Writing ----------------------------------------------------------------------------------------

void PutIf(ordered_json& j, const char* key, const std::string& v) {
    if (!v.empty()) j[key] = v;
}

ordered_json EformFieldToJson(const EformField& f) {
    ordered_json j;
    j["name"] = f.name;
    j["type"] = std::string(FieldTypeName(f.type));
    j["label_vi"] = f.label_vi;
    j["label_en"] = f.label_en;
    j["required"] = f.required;
    PutIf(j, "hint_vi", f.hint_vi);
    PutIf(j, "hint_en", f.hint_en);
    if (f.max_length) j["max_length"] = *f.max_length;
    PutIf(j, "pattern", f.pattern);
    if (f.min_number) j["min"] = *f.min_number;
    if (f.max_number) j["max"] = *f.max_number;
    PutIf(j, "min", f.min_date);
    PutIf(j, "max", f.max_date);
    if (!f.choices.empty()) {
        ordered_json choices = ordered_json::array();
        for (const auto& c : f.choices) choices.push_back({{"value", c.value}, {"vi", c.vi}, {"en", c.en}});
        j["choices"] = std::move(choices);
    }
    PutIf(j, "prefill", f.prefill);
    return j;
}

}  // namespace

ordered_json ProcedureToJson(const Procedure& p) {
    ordered_json j;
    j["code"] = p.code;
    j["field"] = p.field;
    j["name_vi"] = p.name_vi;
    j["name_en"] = p.name_en;
    j["level"] = std::string(LevelName(p.level));
    j["mode"] = std::string(ServiceModeName(p.mode));
    ordered_json tl;
    tl["value"] = p.time_limit.value;
    tl["unit"] = std::string(TimeUnitName(p.time_limit.unit));
    PutIf(tl, "note_vi", p.time_limit.note_vi);
    PutIf(tl, "note_en", p.time_limit.note_en);
    j["time_limit"] = std::move(tl);
    ordered_json fees = ordered_json::array();
    for (const auto& f : p.fees) {
        ordered_json fj;
        fj["name_vi"] = f.name_vi;
        fj["name_en"] = f.name_en;
        fj["amount_vnd"] = f.amount_vnd;
        fj["payer"] = f.payer;
        PutIf(fj, "exemptions_vi", f.exemptions_vi);
        PutIf(fj, "exemptions_en", f.exemptions_en);
        fees.push_back(std::move(fj));
    }
    j["fees"] = std::move(fees);
    ordered_json components = ordered_json::array();
    for (const auto& c : p.components) {
        ordered_json cj;
        cj["name_vi"] = c.name_vi;
        cj["name_en"] = c.name_en;
        cj["copy"] = std::string(CopyKindName(c.copy));
        cj["quantity"] = c.quantity;
        cj["required"] = c.required;
        cj["reusable"] = c.reusable;
        // Written only when set, so the content (and hash) of procedures without it stays the same.
        if (c.office_files) cj["office_files"] = true;
        PutIf(cj, "form", c.form);
        components.push_back(std::move(cj));
    }
    j["components"] = std::move(components);
    ordered_json steps = ordered_json::array();
    for (const auto& s : p.steps) steps.push_back({{"vi", s.vi}, {"en", s.en}});
    j["steps"] = std::move(steps);
    j["result"] = {{"name_vi", p.result.name_vi},
                   {"name_en", p.result.name_en},
                   {"paper", p.result.paper},
                   {"electronic", p.result.electronic}};
    ordered_json legal = ordered_json::array();
    for (const auto& l : p.legal_basis)
        legal.push_back(
            {{"number", l.number}, {"title_vi", l.title_vi}, {"title_en", l.title_en}, {"date", l.date}});
    j["legal_basis"] = std::move(legal);
    j["implementing_vi"] = p.implementing_vi;
    j["implementing_en"] = p.implementing_en;
    j["competent_vi"] = p.competent_vi;
    j["competent_en"] = p.competent_en;
    j["applicants"] = p.applicants;
    j["life_events"] = p.life_events;
    j["effective_from"] = p.effective_from;
    if (p.announcement) {
        j["announcement"] = {{"decision", p.announcement->decision},
                             {"issued_on", p.announcement->issued_on},
                             {"published_on", p.announcement->published_on},
                             {"in_force_on", p.announcement->in_force_on}};
    }
    ordered_json pages = ordered_json::array();
    for (const auto& pg : p.eform.pages) {
        ordered_json fields = ordered_json::array();
        for (const auto& f : pg.fields) fields.push_back(EformFieldToJson(f));
        pages.push_back({{"id", pg.id},
                         {"title_vi", pg.title_vi},
                         {"title_en", pg.title_en},
                         {"fields", std::move(fields)}});
    }
    j["eform"] = {{"pages", std::move(pages)}};
    // Written only when the procedure has its own, so procedures without one keep their content hash.
    if (!p.workflow.steps.empty()) {
        ordered_json steps = ordered_json::array();
        for (const auto& st : p.workflow.steps) {
            ordered_json sj;
            sj["id"] = st.id;
            sj["name_vi"] = st.name_vi;
            sj["name_en"] = st.name_en;
            sj["role"] = st.role;
            sj["unit"] = std::string(StepUnitName(st.unit));
            sj["quota"] = {{"value", st.quota_value}, {"unit", std::string(TimeUnitName(st.quota_unit))}};
            sj["next"] = st.next;
            steps.push_back(std::move(sj));
        }
        j["workflow"] = {{"steps", std::move(steps)}};
    }
    return j;
}

ordered_json FormToJson(const Form& f) {
    ordered_json j;
    j["key"] = f.key;
    j["title_vi"] = f.title_vi;
    j["title_en"] = f.title_en;
    j["source_vi"] = f.source_vi;
    PutIf(j, "file", f.file);
    return j;
}

ordered_json CatalogueToJson(const Catalogue& c) {
    ordered_json j;
    j["format"] = std::string(kFormatName);
    ordered_json fields = ordered_json::array();
    for (const auto& f : c.fields)
        fields.push_back({{"code", f.code}, {"name_vi", f.name_vi}, {"name_en", f.name_en}});
    j["fields"] = std::move(fields);
    ordered_json procedures = ordered_json::array();
    for (const auto& p : c.procedures) procedures.push_back(ProcedureToJson(p));
    j["procedures"] = std::move(procedures);
    ordered_json forms = ordered_json::array();
    for (const auto& f : c.forms) forms.push_back(FormToJson(f));
    j["forms"] = std::move(forms);
    return j;
}

std::string CanonicalContent(const Procedure& procedure) {
    ordered_json j = ProcedureToJson(procedure);
    j.erase("effective_from");
    return j.dump();
}

}  // namespace mocua::domain::catalog
