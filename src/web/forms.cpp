#include "web/forms.hpp"

#include <algorithm>

#include "core/text/text.hpp"
#include "http/multipart.hpp"

namespace mocua::web {

std::optional<FormData> FormData::Parse(const http::Request& request) {
    auto type = request.Header("Content-Type");
    if (!type) return std::nullopt;
    std::string_view media = *type;
    media = media.substr(0, media.find(';'));
    while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
    std::string lowered(media);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    FormData form;
    if (lowered == "multipart/form-data") {
        auto boundary = http::MultipartBoundary(*type);
        if (!boundary) return std::nullopt;
        auto parts = http::ParseMultipart(request.body, *boundary, {});
        if (!parts.ok()) return std::nullopt;
        for (const auto& part : *parts) {
            if (!core::text::IsValidUtf8(part.name)) return std::nullopt;
            if (part.filename) {
                if (part.filename->empty() && part.data.empty()) continue;
                form.files_.emplace_back(part.name, FormFile{*part.filename, part.data});
                continue;
            }
            if (!core::text::IsValidUtf8(part.data)) return std::nullopt;
            form.fields_.emplace_back(part.name, std::string(part.data));
        }
        return form;
    }
    if (lowered != "application/x-www-form-urlencoded") return std::nullopt;

    std::string_view rest = request.body;
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        auto name = http::PercentDecode(pair.substr(0, eq), true);
        auto value = http::PercentDecode(
            eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
        if (!name || !value || !core::text::IsValidUtf8(*name) || !core::text::IsValidUtf8(*value))
            return std::nullopt;
        form.fields_.emplace_back(std::move(*name), std::move(*value));
    }
    return form;
}

const FormFile* FormData::File(std::string_view name) const {
    for (const auto& [k, f] : files_) {
        if (k == name) return &f;
    }
    return nullptr;
}

std::string FormData::Raw(std::string_view name) const {
    for (const auto& [k, v] : fields_) {
        if (k == name) return v;
    }
    return {};
}

std::string FormData::Get(std::string_view name) const { return core::text::CleanInput(Raw(name)); }

std::string FormData::GetText(std::string_view name) const {
    return core::text::CleanInput(Raw(name), core::text::Lines::kMulti);
}

std::vector<std::string> FormData::GetAll(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : fields_) {
        if (k == name) out.push_back(core::text::CleanInput(v));
    }
    return out;
}

void FormErrors::Add(std::string id, std::string message_key) {
    if (For(id)) return;
    errors_.emplace_back(std::move(id), std::move(message_key));
}

const std::string* FormErrors::For(std::string_view id) const {
    for (const auto& [field, key] : errors_) {
        if (field == id) return &key;
    }
    return nullptr;
}

nlohmann::json FormErrors::ToJson(const Catalog& catalog, Language language) const {
    nlohmann::json summary = nlohmann::json::array();
    for (const auto& [field, key] : errors_) {
        summary.push_back({{"href", "#" + field}, {"text", catalog.Get(language, key)}});
    }
    return {{"any", !errors_.empty()}, {"summary", std::move(summary)}};
}

namespace {

// Shared by every field: label/legend, hint, error and aria-describedby. Every key is always present
// (false when unused) so that mustache never falls back to a same-named value of an outer context.
nlohmann::json Common(const std::string& id, const std::string& hint_key, const FormErrors& errors,
                      const Catalog& catalog, Language language) {
    nlohmann::json f;
    f["id"] = id;
    std::string describedby;
    if (!hint_key.empty()) {
        f["hint"] = catalog.Get(language, hint_key);
        describedby = id + "-hint";
    } else {
        f["hint"] = false;
    }
    if (const std::string* key = errors.For(id)) {
        f["error"] = catalog.Get(language, *key);
        describedby += (describedby.empty() ? "" : " ") + id + "-error";
    } else {
        f["error"] = false;
    }
    f["describedby"] = describedby.empty() ? nlohmann::json(false) : nlohmann::json(describedby);
    return f;
}

nlohmann::json OrFalse(const std::string& s) { return s.empty() ? nlohmann::json(false) : nlohmann::json(s); }

}  // namespace

nlohmann::json InputField(const InputSpec& spec, std::string_view value, const FormErrors& errors,
                          const Catalog& catalog, Language language) {
    nlohmann::json f = Common(spec.id, spec.hint_key, errors, catalog, language);
    f["name"] = spec.name.empty() ? spec.id : spec.name;
    f["label"] = catalog.Get(language, spec.label_key);
    f["value"] = std::string(value);
    f["type"] = spec.type;
    f["autocomplete"] = OrFalse(spec.autocomplete);
    f["inputmode"] = OrFalse(spec.inputmode);
    f["width"] = OrFalse(spec.width);
    return f;
}

nlohmann::json ChoiceField(const ChoiceSpec& spec, const std::vector<std::string>& selected,
                           const FormErrors& errors, const Catalog& catalog, Language language) {
    nlohmann::json f = Common(spec.id, spec.hint_key, errors, catalog, language);
    f["name"] = spec.name;
    f["legend"] = catalog.Get(language, spec.legend_key);
    f["kind"] = spec.multiple ? "checkboxes" : "radios";
    nlohmann::json options = nlohmann::json::array();
    for (std::size_t i = 0; i < spec.options.size(); ++i) {
        const auto& [value, label_key] = spec.options[i];
        const bool checked = std::find(selected.begin(), selected.end(), value) != selected.end();
        options.push_back({{"id", i == 0 ? spec.id : spec.id + "-" + std::to_string(i + 1)},
                           {"name", spec.name},
                           {"input_type", spec.multiple ? "checkbox" : "radio"},
                           {"value", value},
                           {"label", catalog.Get(language, label_key)},
                           {"checked", checked}});
    }
    f["options"] = std::move(options);
    return f;
}

}  // namespace mocua::web
