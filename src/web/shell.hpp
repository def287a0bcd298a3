#pragma once
// The web shell: what every HTML page has around its own content, in one object that page handlers
// receive through app::Services. It renders a page template inside the layout with the authority's
// name and contact details (site profile), the role navigation, the language switch, the CSRF token
// and a flash message; it renders the bilingual error pages; it guards form posts with the CSRF check.
//
// Language of a page: ?lang= (remembered in a cookie), then the cookie, then Accept-Language, else
// Vietnamese (web/i18n.hpp). <html lang> and Content-Language always match it.
//
// Thread-safety: after Create, every const member may be called concurrently. SetRoleResolver is for
// start-up only. Page() may read the database (the site profile, cached for 30 s), so page routes are
// blocking routes; ErrorPage() never touches the database and is safe on an I/O thread.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/site/site_profile.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "web/csrf.hpp"
#include "web/embedded.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"
#include "web/navigation.hpp"
#include "web/render.hpp"

namespace mocua::http {
class Router;
class StaticFiles;
}  // namespace mocua::http

namespace mocua::web {

inline constexpr std::string_view kFlashCookie = "mocua_flash";

struct ShellOptions {
    bool secure_cookies = false;  // add Secure to cookies (set when served behind a TLS proxy)
};

// The roles of the viewer of a request. Until sign-in exists (issue 4) everyone has none besides
// "public", which every viewer has implicitly.
using RoleResolver = std::function<std::vector<std::string>(const http::Request&)>;

// A form handler: runs only after the form parsed and its CSRF token checked out.
using FormHandler = std::function<http::Response(http::Request&, const FormData&)>;

class Shell {
public:
    // Builds the shell from the embedded files (templates/**.mustache, templates/navigation.json,
    // locales/vi.json, locales/en.json). `site` may be null (no authority details: the product name
    // shows instead); `static_files` may be null or lack manifest.json (pages then link no CSS/JS, and
    // a warning is logged). `site`, `static_files` and `clock` must outlive the shell.
    // Reads the site profile once (a database read: call it where blocking is allowed); a database
    // failure there is logged, not returned.
    // Errors: InvalidArgument naming the template, catalogue key or file that is wrong.
    static core::Result<std::unique_ptr<Shell>> Create(const std::vector<EmbeddedFile>& files,
                                                       CsrfProtection csrf, domain::site::SiteService* site,
                                                       const http::StaticFiles* static_files,
                                                       const core::Clock& clock, ShellOptions options = {});

    // A page: template `page` ("home/index") inside the layout, with title from catalogue key
    // `title_key` and the page's own `data` (it may set "uses_htmx": true to load htmx). Adds the common
    // data (lang, site, nav, languages, assets, csrf, flash) and the cookies the request needs.
    // Throws std::out_of_range for an unknown template (a programming error: 500).
    http::Response Page(const http::Request& request, std::string_view page, std::string_view title_key,
                        nlohmann::json data, int status = 200) const;

    // The error page for `status` in the request's language; JSON for /api/ paths and plain text for
    // /static/ paths. Suitable for Pipeline::SetErrorRenderer.
    http::Response ErrorPage(const http::Request& request, int status, std::string_view code) const;

    // 303 See Other to a local path (post/redirect/get), with an optional flash message (a "flash.*"
    // catalogue key) shown once on the next page. Throws std::invalid_argument for a non-local location.
    http::Response Redirect(const http::Request& request, std::string_view location,
                            std::string_view flash_key = {}) const;

    // Registers POST `pattern`: the body must be a urlencoded or multipart form (else 400) carrying a valid CSRF
    // token (else 403, the bilingual error page); then `handler` runs. `access` as for any route.
    void PostForm(http::Router& router, std::string_view pattern, http::Access access, FormHandler handler,
                  http::RouteOptions options = {}) const;

    Language LanguageOf(const http::Request& request) const { return NegotiateLanguage(request).language; }
    const Catalog& catalog() const { return catalog_; }
    const core::Clock& clock() const { return clock_; }
    const Templates& templates() const { return *templates_; }

    void SetRoleResolver(RoleResolver resolver) { roles_ = std::move(resolver); }

    // "; Path=/; HttpOnly; SameSite=Lax" plus "; Secure" when cookies are secure: the attributes of
    // every cookie the web layer sets (language, flash, session).
    std::string CookieAttributes() const;

private:
    Shell(Catalog catalog, CsrfProtection csrf, domain::site::SiteService* site, const core::Clock& clock,
          ShellOptions options);

    std::optional<domain::site::SiteProfile> Site(bool may_block) const;
    void AddCommon(const http::Request& request, Language language, bool may_block,
                   nlohmann::json& data) const;

    Catalog catalog_;
    CsrfProtection csrf_;
    domain::site::SiteService* site_;
    const core::Clock& clock_;
    ShellOptions options_;
    std::unique_ptr<Templates> templates_;
    Navigation navigation_;
    nlohmann::json assets_;
    RoleResolver roles_;

    mutable std::mutex site_mutex_;
    mutable std::optional<domain::site::SiteProfile> site_cached_;
    mutable std::optional<core::TimePoint> site_fetched_;
};

}  // namespace mocua::web
