// The only translation unit that includes kainjow/mustache.hpp (it is heavy).
#include "web/render.hpp"

#include <regex>
#include <set>
#include <stdexcept>

#include <kainjow/mustache.hpp>

namespace mocua::web {

namespace mstch = kainjow::mustache;

namespace {

constexpr std::string_view kLayout = "layouts/base";
constexpr std::string_view kPagePlaceholder = "$page";
constexpr int kMaxPartialDepth = 8;

mstch::data ToData(const nlohmann::json& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::object: {
            mstch::data d{mstch::data::type::object};
            for (const auto& [k, v] : j.items()) d.set(k, ToData(v));
            return d;
        }
        case nlohmann::json::value_t::array: {
            mstch::data d{mstch::data::type::list};
            for (const auto& v : j) d.push_back(ToData(v));
            return d;
        }
        case nlohmann::json::value_t::string:
            return mstch::data{j.get<std::string>()};
        case nlohmann::json::value_t::boolean:
            return mstch::data{j.get<bool>()};
        case nlohmann::json::value_t::null:
        case nlohmann::json::value_t::discarded:
            return mstch::data{false};
        default:
            return mstch::data{j.dump()};  // numbers
    }
}

const std::regex& PartialTag() {
    static const std::regex kRe(R"(\{\{>\s*([^\s}]+)\s*\}\})");
    return kRe;
}

// Replaces partial tags by the partials' text, recursively.
core::Result<std::string> Expand(const std::string& name, const std::string& text,
                                 const std::map<std::string, std::string, std::less<>>& partials,
                                 const std::string* page_text, int depth) {
    if (depth > kMaxPartialDepth) {
        return core::Error::InvalidArgument("template `" + name + "`: partials nest deeper than " +
                                            std::to_string(kMaxPartialDepth) + " levels (a loop?)");
    }
    std::string out;
    auto begin = std::sregex_iterator(text.begin(), text.end(), PartialTag());
    std::size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        const auto& m = *it;
        out.append(text, last, static_cast<std::size_t>(m.position(0)) - last);
        last = static_cast<std::size_t>(m.position(0) + m.length(0));
        const std::string target = m[1].str();
        std::string inner;
        if (target == kPagePlaceholder) {
            if (!page_text) {
                return core::Error::InvalidArgument("template `" + name +
                                                    "` uses {{> $page}} but is not a layout");
            }
            auto expanded = Expand(name, *page_text, partials, nullptr, depth + 1);
            if (!expanded.ok()) return expanded.error();
            inner = std::move(expanded.value());
        } else {
            auto p = partials.find(target);
            if (p == partials.end()) {
                return core::Error::InvalidArgument("template `" + name + "` includes `" + target +
                                                    "`, which does not exist");
            }
            auto expanded = Expand(target, p->second, partials, nullptr, depth + 1);
            if (!expanded.ok()) return expanded.error();
            inner = std::move(expanded.value());
        }
        out += inner;
    }
    out.append(text, last, std::string::npos);
    return out;
}

// Checks one file on its own: kainjow's parse, no unescaped tags, catalogue keys exist.
core::Result<void> CheckSource(const TemplateSource& source, const Catalog& catalog) {
    mstch::mustache parsed{source.text};
    if (!parsed.is_valid()) {
        return core::Error::InvalidArgument("template `" + source.name + "`: " + parsed.error_message());
    }
    static const std::regex kUnescaped(R"(\{\{\{|\{\{&)");
    if (std::regex_search(source.text, kUnescaped)) {
        return core::Error::InvalidArgument(
            "template `" + source.name +
            "` uses an unescaped tag ({{{…}}} or {{&…}}); every value must be escaped");
    }
    static const std::regex kKey(R"(\{\{[#^/]?\s*t\.([A-Za-z0-9_.]+)\s*\}\})");
    for (auto it = std::sregex_iterator(source.text.begin(), source.text.end(), kKey);
         it != std::sregex_iterator(); ++it) {
        const std::string key = (*it)[1].str();
        for (Language lang : kAllLanguages) {
            if (!catalog.Find(lang, key)) {
                return core::Error::InvalidArgument("template `" + source.name + "` uses message `" + key +
                                                    "`, missing from locales/" +
                                                    std::string(LanguageCode(lang)) + ".json");
            }
        }
    }
    return {};
}

}  // namespace

struct Templates::Impl {
    const Catalog* catalog = nullptr;
    // mutable: kainjow's render() is not const, but with partials expanded and no lambdas it only
    // reads the parsed tree (see the header).
    mutable std::map<std::string, mstch::mustache, std::less<>> pages;
    std::map<Language, mstch::data> catalog_data;
};

Templates::Templates(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Templates::~Templates() = default;

core::Result<std::unique_ptr<Templates>> Templates::Compile(const std::vector<TemplateSource>& sources,
                                                            const Catalog& catalog) {
    std::map<std::string, std::string, std::less<>> partials;
    std::vector<const TemplateSource*> pages;
    const std::string* layout = nullptr;
    for (const auto& s : sources) {
        if (auto checked = CheckSource(s, catalog); !checked.ok()) return checked.error();
        if (s.name == kLayout) {
            layout = &s.text;
        } else if (s.name.starts_with("partials/")) {
            partials.emplace(s.name, s.text);
        } else if (!s.name.starts_with("layouts/")) {
            pages.push_back(&s);
        }
    }
    if (!layout) return core::Error::InvalidArgument("template `layouts/base` is missing");

    auto impl = std::make_unique<Impl>();
    impl->catalog = &catalog;
    for (const TemplateSource* page : pages) {
        auto expanded = Expand(std::string(kLayout), *layout, partials, &page->text, 0);
        if (!expanded.ok()) {
            return core::Error::InvalidArgument("page `" + page->name + "`: " + expanded.error().message);
        }
        mstch::mustache compiled{expanded.value()};
        if (!compiled.is_valid()) {
            return core::Error::InvalidArgument("page `" + page->name +
                                                "` (inside layouts/base): " + compiled.error_message());
        }
        impl->pages.emplace(page->name, std::move(compiled));
    }
    for (Language lang : kAllLanguages) {
        mstch::data root{mstch::data::type::object};
        root.set("t", ToData(catalog.Tree(lang)));
        impl->catalog_data.emplace(lang, std::move(root));
    }
    return std::unique_ptr<Templates>(new Templates(std::move(impl)));
}

std::string Templates::Render(std::string_view name, Language language, const nlohmann::json& data) const {
    auto it = impl_->pages.find(name);
    if (it == impl_->pages.end()) throw std::out_of_range("no page template `" + std::string(name) + "`");
    const mstch::data page_data = ToData(data);
    mstch::context<std::string> ctx{&impl_->catalog_data.at(language)};
    ctx.push(&page_data);  // searched first
    return it->second.render(ctx);
}

bool Templates::Has(std::string_view name) const { return impl_->pages.contains(name); }

std::vector<std::string> Templates::PageNames() const {
    std::vector<std::string> out;
    for (const auto& [name, _] : impl_->pages) out.push_back(name);
    return out;
}

std::vector<TemplateSource> TemplateSourcesFrom(
    const std::vector<std::pair<std::string, std::string>>& files) {
    std::vector<TemplateSource> out;
    constexpr std::string_view kPrefix = "templates/";
    constexpr std::string_view kSuffix = ".mustache";
    for (const auto& [path, text] : files) {
        if (!path.starts_with(kPrefix) || !path.ends_with(kSuffix)) continue;
        out.push_back({path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size()), text});
    }
    return out;
}

}  // namespace mocua::web
