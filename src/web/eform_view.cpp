#include "web/eform_view.hpp"

namespace mocua::web {

namespace catalog = domain::catalog;

std::string AnswerId(std::string_view field_name) { return "answer-" + std::string(field_name); }

namespace {

// The describedby of a field whose hint is data (not a catalogue key).
void SetHint(nlohmann::json& f, const std::string& id, const std::string& hint) {
    if (hint.empty()) return;
    f["hint"] = hint;
    std::string describedby = id + "-hint";
    if (f["error"].is_string()) describedby += " " + id + "-error";
    f["describedby"] = describedby;
}

}  // namespace

nlohmann::json EformFieldView(const catalog::EformField& field, const domain::dossier::Answers& answers,
                              const FormErrors& errors, const Catalog& c, Language language) {
    const std::string id = AnswerId(field.name);
    const std::string name = "answer." + field.name;
    const auto it = answers.find(field.name);
    const std::string value = it == answers.end() ? "" : it->second;
    const std::string& label = Localised(language, field.label_vi, field.label_en);
    const std::string& hint = Localised(language, field.hint_vi, field.hint_en);
    nlohmann::json out;
    if (field.type == catalog::FieldType::kChoice || field.type == catalog::FieldType::kCheckbox) {
        ChoiceSpec spec{.id = id, .name = name, .legend_key = "", .multiple = field.type == catalog::FieldType::kCheckbox};
        std::vector<std::string> labels;
        if (field.type == catalog::FieldType::kChoice) {
            for (const auto& ch : field.choices) {
                spec.options.emplace_back(ch.value, "");
                labels.push_back(Localised(language, ch.vi, ch.en));
            }
        } else {
            spec.options.emplace_back("true", "");
            labels.push_back(label);
        }
        nlohmann::json f = ChoiceField(spec, {value}, errors, c, language);
        f["legend"] = label;
        for (std::size_t i = 0; i < labels.size(); ++i) f["options"][i]["label"] = labels[i];
        SetHint(f, id, hint);
        out["choices"] = std::move(f);
        return out;
    }
    InputSpec spec{.id = id, .name = name, .label_key = ""};
    switch (field.type) {
        case catalog::FieldType::kNumber: spec.inputmode = "numeric"; spec.width = "10"; break;
        case catalog::FieldType::kDate: spec.type = "date"; spec.width = "10"; break;
        case catalog::FieldType::kCccd: spec.inputmode = "numeric"; spec.width = "20"; break;
        case catalog::FieldType::kPhone: spec.type = "tel"; spec.autocomplete = "tel"; spec.width = "20"; break;
        case catalog::FieldType::kEmail: spec.type = "email"; spec.autocomplete = "email"; break;
        case catalog::FieldType::kTaxCode: spec.width = "20"; break;
        default: break;
    }
    nlohmann::json f = InputField(spec, value, errors, c, language);
    f["label"] = label;
    SetHint(f, id, hint);
    out[field.type == catalog::FieldType::kTextarea ? "textarea" : "input"] = std::move(f);
    return out;
}

domain::dossier::Answers ReadAnswers(const std::vector<catalog::EformField>& fields, const FormData& form) {
    domain::dossier::Answers out;
    for (const auto& f : fields) {
        const std::string key = "answer." + f.name;
        std::string v = f.type == catalog::FieldType::kTextarea ? form.GetText(key) : form.Get(key);
        if (!v.empty()) out[f.name] = std::move(v);
    }
    return out;
}

std::string ProblemElementId(std::string_view field) {
    std::string f(field);
    if (f.starts_with("answers.")) return AnswerId(f.substr(8));
    for (auto& ch : f) {
        if (ch == '.' || ch == '_') ch = '-';
    }
    return f;
}

void AddProblems(const std::vector<domain::dossier::Problem>& problems, FormErrors& errors) {
    for (const auto& p : problems) errors.Add(ProblemElementId(p.field), "dossier.error." + p.rule);
}

}  // namespace mocua::web
