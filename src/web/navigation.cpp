#include "web/navigation.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace mocua::web {

core::Result<Navigation> Navigation::Parse(std::string_view json_text, const Catalog& catalog) {
    const auto root = nlohmann::json::parse(json_text, nullptr, false);
    if (root.is_discarded() || !root.is_object() || !root.contains("items") || !root["items"].is_array()) {
        return core::Error::InvalidArgument(
            "templates/navigation.json: expected an object with an `items` array");
    }
    Navigation nav;
    for (const auto& item : root["items"]) {
        if (!item.is_object() || !item.contains("href") || !item["href"].is_string() ||
            !item.contains("label") || !item["label"].is_string() || !item.contains("roles") ||
            !item["roles"].is_array()) {
            return core::Error::InvalidArgument(
                "templates/navigation.json: each item needs `href`, `label` (strings) and `roles` (array)");
        }
        NavItem n;
        n.href = item["href"].get<std::string>();
        n.label_key = item["label"].get<std::string>();
        if (!n.href.starts_with("/") || n.href.starts_with("//")) {
            return core::Error::InvalidArgument("templates/navigation.json: href `" + n.href +
                                                "` must be a local path starting with one '/'");
        }
        for (Language lang : kAllLanguages) {
            if (!catalog.Find(lang, n.label_key)) {
                return core::Error::InvalidArgument("templates/navigation.json: label `" + n.label_key +
                                                    "` is missing from locales/" +
                                                    std::string(LanguageCode(lang)) + ".json");
            }
        }
        for (const auto& r : item["roles"]) {
            if (!r.is_string())
                return core::Error::InvalidArgument("templates/navigation.json: roles must be strings");
            n.roles.push_back(r.get<std::string>());
        }
        nav.items_.push_back(std::move(n));
    }
    return nav;
}

std::vector<const NavItem*> Navigation::For(const std::vector<std::string>& roles) const {
    std::vector<const NavItem*> out;
    for (const auto& item : items_) {
        const bool visible = std::any_of(item.roles.begin(), item.roles.end(), [&](const std::string& r) {
            return r == kPublicRole || std::find(roles.begin(), roles.end(), r) != roles.end();
        });
        if (visible) out.push_back(&item);
    }
    return out;
}

bool IsCurrent(std::string_view href, std::string_view path) {
    if (href == "/") return path == "/";
    if (!path.starts_with(href)) return false;
    return path.size() == href.size() || path[href.size()] == '/';
}

}  // namespace mocua::web
