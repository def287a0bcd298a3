#include "web/shell.hpp"

#include <chrono>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "core/strings.hpp"
#include "http/errors.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "log/log.hpp"

namespace mocua::web {

namespace {

constexpr auto kSiteCacheFor = std::chrono::seconds(30);

// Statuses with their own message in the catalogues; the rest use errors.client / errors.server.
constexpr int kErrorStatuses[] = {400, 401, 403, 404, 405, 413, 500, 503, 414, 429, 431};

std::string ErrorKeyBase(int status) {
    for (int s : kErrorStatuses) {
        if (s == status) return "errors." + std::to_string(status);
    }
    return status >= 500 ? "errors.server" : "errors.client";
}

const EmbeddedFile* FindFile(const std::vector<EmbeddedFile>& files, std::string_view path) {
    for (const auto& f : files) {
        if (f.path == path) return &f;
    }
    return nullptr;
}

std::string PhoneHref(const std::string& phone) {
    std::string out;
    for (char c : phone) {
        if ((c >= '0' && c <= '9') || (c == '+' && out.empty())) out += c;
    }
    return out;
}

}  // namespace

Shell::Shell(Catalog catalog, CsrfProtection csrf, domain::site::SiteService* site, const core::Clock& clock,
             ShellOptions options)
    : catalog_(std::move(catalog)),
      csrf_(std::move(csrf)),
      site_(site),
      clock_(clock),
      options_(options),
      roles_([](const http::Request&) { return std::vector<std::string>{}; }) {
    csrf_.set_secure_cookie(options_.secure_cookies);
}

core::Result<std::unique_ptr<Shell>> Shell::Create(const std::vector<EmbeddedFile>& files,
                                                   CsrfProtection csrf, domain::site::SiteService* site,
                                                   const http::StaticFiles* static_files,
                                                   const core::Clock& clock, ShellOptions options) {
    const EmbeddedFile* vi = FindFile(files, "locales/vi.json");
    const EmbeddedFile* en = FindFile(files, "locales/en.json");
    if (!vi || !en)
        return core::Error::InvalidArgument("locales/vi.json and locales/en.json must both exist");
    auto catalog = Catalog::Parse(vi->text, en->text);
    if (!catalog.ok()) return catalog.error();
    for (int status : kErrorStatuses) {
        for (const char* part : {".title", ".body"}) {
            if (!catalog->Find(Language::kVi, ErrorKeyBase(status) + part)) {
                return core::Error::InvalidArgument("locales: `" + ErrorKeyBase(status) + part +
                                                    "` is missing");
            }
        }
    }

    std::unique_ptr<Shell> shell(
        new Shell(std::move(catalog.value()), std::move(csrf), site, clock, options));

    std::vector<std::pair<std::string, std::string>> texts;
    for (const auto& f : files) texts.emplace_back(std::string(f.path), std::string(f.text));
    auto templates = Templates::Compile(TemplateSourcesFrom(texts), shell->catalog_);
    if (!templates.ok()) return templates.error();
    shell->templates_ = std::move(templates.value());

    const EmbeddedFile* nav = FindFile(files, "templates/navigation.json");
    if (!nav) return core::Error::InvalidArgument("templates/navigation.json is missing");
    auto navigation = Navigation::Parse(nav->text, shell->catalog_);
    if (!navigation.ok()) return navigation.error();
    shell->navigation_ = std::move(navigation.value());

    shell->assets_ = {{"css", false}, {"js", false}, {"htmx", false}, {"favicon", false}};
    auto manifest_text = static_files ? static_files->Find("manifest.json") : std::nullopt;
    const auto manifest =
        manifest_text ? nlohmann::json::parse(*manifest_text, nullptr, false) : nlohmann::json();
    if (manifest.is_object()) {
        for (const auto& [logical, key] : {std::pair{"app.css", "css"},
                                           {"app.js", "js"},
                                           {"htmx.js", "htmx"},
                                           {"favicon.svg", "favicon"}}) {
            if (manifest.contains(logical) && manifest[logical].is_string()) {
                const std::string file = manifest[logical].get<std::string>();
                if (static_files->Find(file)) shell->assets_[key] = "/static/" + file;
            }
        }
    }
    // The kiosk's script (idle timer, QR scan: web/src/kiosk.mjs), linked from kiosk pages only.
    shell->assets_["kiosk"] = false;
    if (manifest.is_object() && manifest.contains("kiosk.js") && manifest["kiosk.js"].is_string()) {
        const std::string file = manifest["kiosk.js"].get<std::string>();
        if (static_files->Find(file)) shell->assets_["kiosk"] = "/static/" + file;
    }
    // The operations centre's charts (web/src/ioc-charts.mjs, ECharts), linked from pages that set
    // uses_ioc_charts only: the library is too large for every page.
    shell->assets_["ioc_charts"] = false;
    if (manifest.is_object() && manifest.contains("ioc-charts.js") && manifest["ioc-charts.js"].is_string()) {
        const std::string file = manifest["ioc-charts.js"].get<std::string>();
        if (static_files->Find(file)) shell->assets_["ioc_charts"] = "/static/" + file;
    }
    // Error pages read the site profile from the cache only (they may render on an I/O thread), so
    // fill it now, while blocking is allowed. A database that cannot answer yet (schema not migrated:
    // /readyz says 503) must not stop start-up; pages read it again later.
    try {
        shell->Site(/*may_block=*/true);
    } catch (const std::exception& e) {
        log::Get("web")->warn("site profile not readable at start-up ({}); pages will retry", e.what());
    }
    if (shell->assets_["css"].is_boolean()) {
        log::Get("web")->warn(
            "static/manifest.json not found or incomplete: pages render without styles and "
            "scripts (build the assets with `make build`)");
    }
    return shell;
}

std::string Shell::CookieAttributes() const {
    return std::string("; Path=/; HttpOnly; SameSite=Lax") + (options_.secure_cookies ? "; Secure" : "");
}

std::optional<domain::site::SiteProfile> Shell::Site(bool may_block) const {
    {
        std::lock_guard lock(site_mutex_);
        const bool fresh = site_fetched_ && clock_.Now() - *site_fetched_ < kSiteCacheFor;
        if (fresh || !may_block || !site_) return site_cached_;
    }
    auto fetched = site_->Get();  // outside the lock: a database read
    std::lock_guard lock(site_mutex_);
    site_fetched_ = clock_.Now();
    if (fetched.ok()) {
        site_cached_ = std::move(fetched.value());
    } else if (fetched.error().code == core::ErrorCode::kNotFound) {
        site_cached_.reset();
    }
    return site_cached_;
}

void Shell::AddCommon(const http::Request& request, Language language, bool may_block,
                      nlohmann::json& data) const {
    const bool en = language == Language::kEn;
    data["lang"] = std::string(LanguageCode(language));

    const auto site = Site(may_block);
    if (site) {
        data["site"] = {{"configured", true},
                        {"name", en ? site->name_en : site->name_vi},
                        {"address", en ? site->address_en : site->address_vi},
                        {"phone", site->phone},
                        {"phone_href", PhoneHref(site->phone)},
                        {"email", site->email}};
    } else {
        data["site"] = {{"configured", false}, {"name", catalog_.Get(language, "layout.product_name")}};
    }

    nlohmann::json nav = nlohmann::json::array();
    for (const NavItem* item : navigation_.For(roles_(request))) {
        nav.push_back({{"href", item->href},
                       {"label", catalog_.Get(language, item->label_key)},
                       {"current", IsCurrent(item->href, request.path)}});
    }
    data["has_nav"] = !nav.empty();
    data["nav"] = std::move(nav);

    nlohmann::json languages = nlohmann::json::array();
    for (Language l : kAllLanguages) {
        const std::string code(LanguageCode(l));
        languages.push_back({{"code", code},
                             {"label", catalog_.Get(l, "languages." + code)},
                             {"href", request.path + "?lang=" + code},
                             {"current", l == language}});
    }
    data["languages"] = std::move(languages);
    data["assets"] = assets_;
    if (!data.contains("uses_htmx")) data["uses_htmx"] = false;
    if (!data.contains("uses_ioc_charts")) data["uses_ioc_charts"] = false;
    if (!data.contains("error")) data["error"] = false;
    if (!data.contains("errors")) data["errors"] = {{"any", false}, {"summary", nlohmann::json::array()}};
    if (!data.contains("flash")) data["flash"] = false;
}

http::Response Shell::Page(const http::Request& request, std::string_view page, std::string_view title_key,
                           nlohmann::json data, int status) const {
    const LanguageChoice choice = NegotiateLanguage(request);
    const Language language = choice.language;
    std::vector<std::string> cookies;
    if (choice.from_query) {
        cookies.push_back(std::string(kLanguageCookie) + "=" + std::string(LanguageCode(language)) +
                          "; Max-Age=31536000" + CookieAttributes());
    }
    const CsrfProtection::Issued csrf = csrf_.Issue(request);
    if (csrf.set_cookie) cookies.push_back(*csrf.set_cookie);
    if (auto flash = CookieValue(request, kFlashCookie)) {
        // Only catalogue keys under flash. are shown, so a planted cookie cannot show arbitrary text.
        if (flash->starts_with("flash.") && catalog_.Find(language, *flash)) {
            data["flash"] = {{"text", catalog_.Get(language, *flash)}};
        }
        cookies.push_back(std::string(kFlashCookie) + "=; Max-Age=0" + CookieAttributes());
    }
    data["page_title"] = catalog_.Get(language, title_key);
    data["csrf"] = {{"field", std::string(kCsrfField)}, {"token", csrf.token}};
    AddCommon(request, language, /*may_block=*/true, data);

    http::Response r =
        http::Response::Text(status, templates_->Render(page, language, data), "text/html; charset=utf-8");
    r.SetHeader("Content-Language", std::string(LanguageCode(language)));
    for (auto& c : cookies) r.headers.emplace_back("Set-Cookie", std::move(c));
    return r;
}

http::Response Shell::ErrorPage(const http::Request& request, int status, std::string_view code) const {
    if (request.path.starts_with("/api/")) return http::DefaultErrorResponse(request, status, code);
    if (request.path.starts_with("/static/")) {
        return http::Response::Text(
            status, std::to_string(status) + " " + std::string(http::ReasonPhrase(status)) + "\n");
    }
    const Language language = LanguageOf(request);
    const std::string base = ErrorKeyBase(status);
    nlohmann::json data;
    data["error"] = {{"title", catalog_.Get(language, base + ".title")},
                     {"body", catalog_.Get(language, base + ".body")}};
    data["request_id"] = request.request_id;
    // Signing in is the way forward from a 401: back to this page afterwards (GET only).
    if (status == 401) {
        data["sign_in_href"] =
            "/sign-in?next=" +
            core::UrlEncode(request.method == "GET" ? request.target : std::string("/account"));
    }
    data["page_title"] = data["error"]["title"];
    data["csrf"] = {{"field", std::string(kCsrfField)}, {"token", ""}};
    AddCommon(request, language, /*may_block=*/false, data);
    http::Response r = http::Response::Text(status, templates_->Render("errors/error", language, data),
                                            "text/html; charset=utf-8");
    r.SetHeader("Content-Language", std::string(LanguageCode(language)));
    return r;
}

http::Response Shell::Redirect(const http::Request&, std::string_view location,
                               std::string_view flash_key) const {
    if (!location.starts_with("/") || location.starts_with("//") ||
        location.find_first_of("\r\n\\") != std::string_view::npos) {
        throw std::invalid_argument("redirect target must be a local path");
    }
    http::Response r = http::Response::Empty(303);
    r.SetHeader("Location", std::string(location));
    if (!flash_key.empty()) {
        r.headers.emplace_back("Set-Cookie", std::string(kFlashCookie) + "=" + std::string(flash_key) +
                                                 "; Max-Age=300" + CookieAttributes());
    }
    return r;
}

void Shell::PostForm(http::Router& router, std::string_view pattern, http::Access access, FormHandler handler,
                     http::RouteOptions options) const {
    router.Post(
        pattern, std::move(access),
        [this, handler = std::move(handler)](http::Request& request) {
            auto form = FormData::Parse(request);
            if (!form) return http::Response::Empty(400);
            if (!csrf_.Verify(request, form->Raw(kCsrfField))) {
                log::Get("web")->warn("request_id={} path=\"{}\" form rejected: CSRF token missing or wrong",
                                      request.request_id, request.path);
                return http::Response::Empty(403);
            }
            return handler(request, *form);
        },
        options);
}

}  // namespace mocua::web
