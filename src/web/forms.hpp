#pragma once
// Form helpers: reading a submitted form, collecting errors, and building the data the field partials
// (templates/partials/field-*.mustache, error-summary.mustache) render. Follows the GOV.UK pattern: an
// error summary at the top of the page whose links move to the fields, and each field showing its own
// error. Messages are catalogue keys; the text is looked up in the page's language.
//
// Thread-safety: plain values; no shared state.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/message.hpp"
#include "web/i18n.hpp"

namespace mocua::web {

// A file sent in a multipart/form-data form (an <input type="file">).
struct FormFile {
    std::string name;       // the file name the browser sent (display only)
    std::string_view data;  // the bytes, a view into the request body (valid while the request lives)
};

class FormData {
public:
    // Parses an application/x-www-form-urlencoded or multipart/form-data body (http/multipart.hpp).
    // nullopt when the Content-Type is something else, the body is malformed, or a name or value is
    // not valid UTF-8 (the caller answers 400). File parts go to File(); a file input left empty (no
    // file name, no bytes) counts as absent.
    static std::optional<FormData> Parse(const http::Request& request);
    // The first file sent as `name`; nullptr when none.
    const FormFile* File(std::string_view name) const;

    // The first value of `name`, cleaned for storage as one line (core::text::CleanInput: NFC,
    // controls removed, spaces collapsed); "" when absent.
    std::string Get(std::string_view name) const;
    // The first value, cleaned as multi-line text (textareas).
    std::string GetText(std::string_view name) const;
    // Every value of `name` (checkboxes), each cleaned as one line, in submitted order.
    std::vector<std::string> GetAll(std::string_view name) const;
    // The first value exactly as submitted (tokens); "" when absent.
    std::string Raw(std::string_view name) const;

private:
    std::vector<std::pair<std::string, std::string>> fields_;
    std::vector<std::pair<std::string, FormFile>> files_;
};

class FormErrors {
public:
    // Records that field `id` (the id of the element to move to: the input, or the first radio or
    // checkbox) breaks the rule whose message is `message_key`. The first error per field counts.
    void Add(std::string id, std::string message_key);
    bool empty() const { return errors_.empty(); }
    // The message key for field `id`; nullptr when the field has no error.
    const std::string* For(std::string_view id) const;

    // {"any": bool, "summary": [{"href": "#id", "text": "…"}, …]} in the order the errors were added.
    nlohmann::json ToJson(const Catalog& catalog, Language language) const;

private:
    std::vector<std::pair<std::string, std::string>> errors_;
};

struct InputSpec {
    std::string id;  // also the element's name unless `name` is set
    std::string name;
    std::string label_key;
    std::string hint_key;  // optional
    std::string type = "text";
    std::string autocomplete;
    std::string inputmode;
    std::string width;  // GOV.UK width class suffix: "10", "20", "30"; empty for full width
};

// The data for partials/field-input and partials/field-textarea.
nlohmann::json InputField(const InputSpec& spec, std::string_view value, const FormErrors& errors,
                          const Catalog& catalog, Language language);

struct ChoiceSpec {
    std::string id;  // the first option's id; later options get "<id>-2", "<id>-3", …
    std::string name;
    std::string legend_key;
    std::string hint_key;                                      // optional
    bool multiple = false;                                     // checkboxes; otherwise radios
    std::vector<std::pair<std::string, std::string>> options;  // {value, label key}
};

// The data for partials/field-choices.
nlohmann::json ChoiceField(const ChoiceSpec& spec, const std::vector<std::string>& selected,
                           const FormErrors& errors, const Catalog& catalog, Language language);

}  // namespace mocua::web
