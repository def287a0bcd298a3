#pragma once
// Rules of the catalogue: what a well-formed field, procedure, form and catalogue is
// (docs/catalogue-format.md), the answers an e-form accepts, and the facts Decision 766's
// publication indicators are computed from.
//
// Rule codes are stable ("catalog.procedure.code"): message catalogues and tests use them; the
// English messages are for operators reading an import report.
//
// Thread-safety: every function is pure (ValidateAnswers compiles `pattern` with RE2 per call).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalog/model.hpp"
#include "domain/catalog/problems.hpp"

namespace mocua::domain::catalog {

// Checks a whole catalogue read from one file: every rule of the format that needs no database, and
// the references inside the file (a procedure's field and a component's form must be in the file or
// in `known_fields` / `known_forms`, the codes and keys already stored). Duplicated codes and keys are
// problems. Returns every problem, located through `sources` (empty: the catalogue is valid).
std::vector<Problem> ValidateCatalogue(const Catalogue& catalogue, const SourceMap& sources,
                                       const std::vector<std::string>& known_fields = {},
                                       const std::vector<std::string>& known_forms = {});

// The same rules for one procedure, with paths relative to it ("/fees/0/amount_vnd").
std::vector<Problem> ValidateProcedure(const Procedure& procedure, const SourceMap& sources,
                                       std::string_view path_prefix = "");

// True for "YYYY-MM-DD" naming a real calendar date (years 1900–2999).
bool IsValidDate(std::string_view date);

// The media type of a form file read from its bytes: "application/pdf", "application/msword",
// "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
// "application/vnd.oasis.opendocument.text"; nullopt for anything else.
std::optional<std::string> FormFileType(std::string_view bytes);
inline constexpr std::size_t kMaxFormFileBytes = 10 * 1024 * 1024;

// ---- E-form answers --------------------------------------------------------------------------------

// The applicant's answers, by field name, as typed (checkboxes: "true"/"false"; absent = not given).
using Answers = std::map<std::string, std::string, std::less<>>;

// One broken rule of one answer. Rule codes: "eform.required", "eform.too_long", "eform.pattern",
// "eform.number", "eform.too_small", "eform.too_large", "eform.date", "eform.too_early",
// "eform.too_late", "eform.choice", "eform.checkbox", "eform.email", "eform.unknown" (an answer to no
// field), and the identifier validators' own codes for cccd/phone/tax_code ("cccd.length",
// "phone.prefix", "tax_code.check_digit", … from core/text/validation.hpp).
struct AnswerProblem {
    std::string field;  // the e-form field's name
    std::string rule;
    bool operator==(const AnswerProblem&) const = default;
};

// Checks `answers` against every field of `eform`, in page and field order, one problem at most per
// field. Text lengths count characters after NFC. `today` ("YYYY-MM-DD") resolves the date bound
// "today". An empty result means the answers are acceptable.
std::vector<AnswerProblem> ValidateAnswers(const Eform& eform, const Answers& answers,
                                           std::string_view today);

// The longest answer a field with a `pattern` accepts (characters after NFC): longer answers are
// "eform.too_long" whatever the field's max_length, and a catalogue may not give such a field a larger
// max_length ("catalog.eform.pattern"). Patterns are RE2 syntax (ECMAScript without look-around or
// back-references), matched against the whole answer in linear time; the bound limits that work too.
inline constexpr std::int64_t kMaxPatternAnswerLength = 1000;

// ---- Decision 766 inputs ---------------------------------------------------------------------------

// Plain facts about how a version was announced and published, for the IOC module to score Decision
// 766's publication indicators (1.1–1.3) with its own formula. Nothing here is a score.
struct PublicationFacts {
    bool announced = false;          // an announcing decision is recorded
    bool published_on_time = false;  // published_on ≤ in_force_on and ≤ effective_from
    std::optional<int> days_late;    // published_on − in_force_on in days, when positive
    // The parts an applicant needs that are missing (empty: complete), by name: "announcement",
    // "components", "steps", "legal_basis", "result", "implementing", "eform" (online procedures).
    std::vector<std::string> missing;
};
PublicationFacts FactsOf(const Procedure& procedure);

}  // namespace mocua::domain::catalog
