#pragma once
// Server-side rendering with mustache (kainjow), HTML-escaped by default.
//
// Templates live under templates/: layouts/base.mustache (the frame), partials/*.mustache, and one
// folder per module holding page templates (home/index.mustache is the page "home/index"). At
// start-up Compile() checks every file on its own, then builds each page once: partial tags
// ({{> partials/header}}) are replaced by the partial's text and the layout's {{> $page}} by the page,
// so a render never parses anything. Compile refuses, naming the file:
//   * a template kainjow cannot parse (unclosed section, bad tag);
//   * a partial that does not exist, or partials that include each other in a loop;
//   * an unescaped tag ({{{x}}} or {{& x}}): every value is escaped, so data cannot inject HTML;
//   * a {{t.some.key}} whose key is missing from a message catalogue.
//
// Names resolve first in the page data, then in the message catalogue of the page's language, which
// is reachable as `t` ({{t.layout.skip_link}}).
//
// Thread-safety: immutable after Compile; Render may be called concurrently (rendering a compiled
// kainjow template without partials or lambdas only reads it).
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "web/i18n.hpp"

namespace mocua::web {

struct TemplateSource {
    std::string name;  // path below templates/ without ".mustache": "home/index", "partials/header"
    std::string text;
};

class Templates {
public:
    ~Templates();
    Templates(const Templates&) = delete;
    Templates& operator=(const Templates&) = delete;

    // Compiles every page (each source not under layouts/ or partials/) inside layouts/base.
    // `catalog` must outlive the Templates. Errors: InvalidArgument naming the template.
    static core::Result<std::unique_ptr<Templates>> Compile(const std::vector<TemplateSource>& sources,
                                                            const Catalog& catalog);

    // Renders page `name` with `data` (objects, arrays, strings, numbers, booleans; null renders as
    // false). Throws std::out_of_range for an unknown page name (a programming error).
    std::string Render(std::string_view name, Language language, const nlohmann::json& data) const;

    bool Has(std::string_view name) const;
    std::vector<std::string> PageNames() const;

private:
    struct Impl;
    explicit Templates(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Template sources from embedded files: every "templates/**.mustache" entry.
std::vector<TemplateSource> TemplateSourcesFrom(
    const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace mocua::web
