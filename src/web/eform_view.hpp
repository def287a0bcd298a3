#pragma once
// The e-form of a procedure (domain/catalog/model.hpp, Eform) as form fields for the field partials
// (partials/field-input, field-textarea, field-choices): labels and hints from the procedure's data in
// the page's language, the right input type per field type, and errors from the dossier module's
// problems. Used by the counter's reception form and the citizen's question pages.
//
// Thread-safety: pure functions.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/catalog/model.hpp"
#include "domain/dossier/dossier_service.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"

namespace mocua::web {

// The element id of an e-form field: "answer-<name>".
std::string AnswerId(std::string_view field_name);

// One field: {"input": {...}} | {"textarea": {...}} | {"choices": {...}} holding the partial's data.
// Values come from `answers` (by field name). The field's form name is "answer.<name>".
nlohmann::json EformFieldView(const domain::catalog::EformField& field, const domain::dossier::Answers& answers,
                              const FormErrors& errors, const Catalog& catalog, Language language);

// The answers posted for these fields ("answer.<name>"); checkboxes give "true" when ticked.
domain::dossier::Answers ReadAnswers(const std::vector<domain::catalog::EformField>& fields, const FormData& form);

// The element id a service problem points to ("answers.x" → "answer-x", "applicant.name" →
// "applicant-name", "component.2" → "component-2", others unchanged).
std::string ProblemElementId(std::string_view field);

// Adds each problem to `errors` with the message key "dossier.error.<rule>".
void AddProblems(const std::vector<domain::dossier::Problem>& problems, FormErrors& errors);

// A data-driven label in the page's language: English when asked for and present, else Vietnamese.
inline const std::string& Localised(Language language, const std::string& vi, const std::string& en) {
    return language == Language::kEn && !en.empty() ? en : vi;
}

}  // namespace mocua::web
