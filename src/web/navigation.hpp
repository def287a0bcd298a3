#pragma once
// Role navigation, as data: templates/navigation.json lists the items, each with the roles that see
// it; a viewer sees the items that share at least one role with them. "public" is every viewer,
// signed in or not. Labels are message-catalogue keys.
//
// Thread-safety: immutable after Parse.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "web/i18n.hpp"

namespace mocua::web {

inline constexpr std::string_view kPublicRole = "public";

struct NavItem {
    std::string href;       // "/", "/dossiers"
    std::string label_key;  // "nav.home"
    std::vector<std::string> roles;
};

class Navigation {
public:
    // Parses {"items": [{"href", "label", "roles": [...]}, ...]}. Errors (InvalidArgument): malformed
    // JSON, a missing field, an href that is not a local absolute path, or a label key that either
    // catalogue lacks.
    static core::Result<Navigation> Parse(std::string_view json_text, const Catalog& catalog);

    // The items a viewer with `roles` sees, in file order. "public" items are always included.
    std::vector<const NavItem*> For(const std::vector<std::string>& roles) const;

    const std::vector<NavItem>& items() const { return items_; }

private:
    std::vector<NavItem> items_;
};

// Whether the item for `href` is the current page at `path`: "/" only for "/", others for the path
// itself and everything below it ("/dossiers" is current on "/dossiers/12").
bool IsCurrent(std::string_view href, std::string_view path);

}  // namespace mocua::web
