#pragma once
// The JSON encoding of the catalogue (docs/catalogue-format.md): reading an exchange file with the
// line of every value, writing one, and the canonical content of a procedure version whose SHA-256
// decides whether an import changed anything.
//
// Thread-safety: every function is pure.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/catalog/model.hpp"
#include "domain/catalog/problems.hpp"

namespace mocua::domain::catalog {

// A catalogue read from a file (any encoding): the records, where each came from, and the problems
// the reader found (syntax, wrong types, unknown keys). Validation comes after (validation.hpp).
struct ParsedCatalogue {
    Catalogue catalogue;
    SourceMap sources;
    std::vector<Problem> problems;
};

// Reads a "mocua-catalogue/1" JSON document. `file` names it in problems. Text is cleaned
// (core::text::CleanInput, NFC); keys the format does not define are problems (a typo should not be
// dropped silently); form `file` paths are kept as written (the caller loads the bytes).
ParsedCatalogue ParseCatalogueJson(std::string_view text, const std::string& file);

// One procedure from a JSON object (the editor's draft, an API body). `file` names it in problems.
ParsedCatalogue ParseProcedureJson(std::string_view text, const std::string& file);

// The exchange document of a catalogue (keys in the format's order; empty optional keys omitted).
nlohmann::ordered_json CatalogueToJson(const Catalogue& catalogue);
nlohmann::ordered_json ProcedureToJson(const Procedure& procedure);
nlohmann::ordered_json FormToJson(const Form& form);

// The canonical content of a version: ProcedureToJson without `effective_from`, dumped compactly
// with keys in a fixed order. Two procedures have the same canonical content exactly when nothing an
// applicant sees differs (effective_from says when, not what).
std::string CanonicalContent(const Procedure& procedure);

// Reads a procedure back from ProcedureToJson's output as stored by the repository. Throws
// std::runtime_error when the stored text is not such a document (a corrupted database).
Procedure ProcedureFromStoredJson(std::string_view text);

}  // namespace mocua::domain::catalog
