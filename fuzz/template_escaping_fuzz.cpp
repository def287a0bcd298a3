// libFuzzer target: template escaping (web/render.hpp). Every value a page shows goes through
// mustache's HTML escaping; this renders fuzzed values (as a string, and inside a JSON tree the fuzz
// input may spell) in the places pages put them: element text, a double-quoted attribute, a
// single-quoted attribute, and a list. The oracle: between the template's own markers, the output holds
// no '<', '>', '"' or '\'' and every '&' starts one of the entities the escaper writes; so no value can
// open a tag, close an attribute or start a script.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "web/i18n.hpp"
#include "web/render.hpp"

namespace web = mocua::web;

namespace {

constexpr std::string_view kOpen = "\x01[";
constexpr std::string_view kClose = "]\x01";

const web::Catalog& TheCatalog() {
    static const web::Catalog catalog = *web::Catalog::Parse(R"({"x":"x"})", R"({"x":"x"})");
    return catalog;
}

const web::Templates& TheTemplates() {
    // Markers are control characters: escaping leaves them, so the oracle finds each value's span.
    static const std::unique_ptr<web::Templates> templates = [] {
        const std::vector<web::TemplateSource> sources{
            {"layouts/base", "<!doctype html><title>{{t.x}}</title>{{> $page}}"},
            {"fuzz/page",
             "<p>\x01[{{value}}]\x01</p><a href=\"/x?q=\x01[{{value}}]\x01\" title='\x01[{{value}}]\x01'>"
             "</a><ul>{{#items}}<li data-v=\"\x01[{{.}}]\x01\">\x01[{{name}}]\x01</li>{{/items}}</ul>"
             "{{#nested}}<i>\x01[{{deep.value}}]\x01</i>{{/nested}}"},
        };
        auto compiled = web::Templates::Compile(sources, TheCatalog());
        if (!compiled.ok()) std::abort();
        return std::move(*compiled);
    }();
    return *templates;
}

bool IsEntityAt(std::string_view s, std::size_t i) {
    for (const std::string_view e : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"})
        if (s.substr(i, e.size()) == e) return true;
    return false;
}

void CheckSpans(const std::string& html) {
    std::size_t pos = 0;
    while ((pos = html.find(kOpen, pos)) != std::string::npos) {
        const std::size_t start = pos + kOpen.size();
        const std::size_t end = html.find(kClose, start);
        if (end == std::string::npos) std::abort();  // a value swallowed the closing marker
        const std::string_view span(html.data() + start, end - start);
        for (std::size_t i = 0; i < span.size(); ++i) {
            const char c = span[i];
            if (c == '<' || c == '>' || c == '"' || c == '\'') std::abort();
            if (c == '&' && !IsEntityAt(span, i)) std::abort();
        }
        pos = end + kClose.size();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string value(reinterpret_cast<const char*>(data), size);
    // The markers' bytes inside a value would confuse the oracle, not the escaper.
    for (char& c : value)
        if (c == '\x01') c = ' ';
    const auto& templates = TheTemplates();

    nlohmann::json page{{"value", value},
                        {"items", nlohmann::json::array({value, nlohmann::json{{"name", value}}})},
                        {"nested", {{"deep", {{"value", value}}}}}};
    CheckSpans(templates.Render("fuzz/page", web::Language::kVi, page));

    // The same input as a JSON tree: any shape (numbers, nulls, arrays where strings were expected).
    const auto tree = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
    const bool marker_escape =
        value.find("u0001") != std::string::npos || value.find("U0001") != std::string::npos;
    if (!marker_escape && !tree.is_discarded() && tree.is_object())
        CheckSpans(templates.Render("fuzz/page", web::Language::kEn, tree));
    return 0;
}
