// The shell and its pages through the real pipeline, without sockets.
#include "web/shell.hpp"

#include <regex>

#include <gtest/gtest.h>

#include "app/services.hpp"
#include "core/metrics.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "web/pages.hpp"

namespace mocua::web {
namespace {

class MemorySiteRepository : public domain::site::SiteProfileRepository {
public:
    std::optional<domain::site::SiteProfile> Get() override {
        ++reads;
        return profile;
    }
    void Save(const domain::site::SiteProfile& p) override { profile = p; }
    std::optional<domain::site::SiteProfile> profile;
    int reads = 0;
};

std::string CookiePair(const std::string& set_cookie) { return set_cookie.substr(0, set_cookie.find(';')); }

std::vector<std::string> SetCookies(const http::Response& r) {
    std::vector<std::string> out;
    for (const auto& [k, v] : r.headers) {
        if (k == "Set-Cookie") out.push_back(v);
    }
    return out;
}

std::optional<std::string> SetCookieNamed(const http::Response& r, std::string_view name) {
    for (const auto& c : SetCookies(r)) {
        if (c.starts_with(std::string(name) + "=")) return c;
    }
    return std::nullopt;
}

std::string CsrfTokenIn(const std::string& html) {
    std::smatch m;
    static const std::regex kToken(R"re(name="csrf_token" value="([^"]+)")re");
    return std::regex_search(html, m, kToken) ? m[1].str() : "";
}

class ShellTest : public ::testing::Test {
protected:
    void SetUp() override {
        repo.profile = domain::site::SiteProfile{.name_vi = "Ủy ban nhân dân phường Quảng Trị",
                                                 .name_en = "People's Committee of Quang Tri Ward",
                                                 .address_vi = "01 Trần Hưng Đạo",
                                                 .address_en = "01 Tran Hung Dao Street",
                                                 .phone = "0233 3861 234",
                                                 .email = "ubnd@quangtri.example.vn"};
        auto created =
            Shell::Create(EmbeddedWebFiles(), CsrfProtection(std::string(32, 'k')), &site, nullptr, clock);
        ASSERT_TRUE(created.ok()) << created.error().message;
        shell = std::move(created.value());
        services.web = shell.get();
        RegisterHomeRoutes(router, services);
        RegisterStyleGuideRoutes(router, services);
        router.Get("/api/v1/thing", http::Access::Public(),
                   [](http::Request&) { return http::Response::Empty(404); });
        std::vector<core::Metrics::RouteLabel> labels;
        for (const auto& r : router.routes()) labels.push_back({r->method, r->pattern});
        metrics.SetRoutes(std::move(labels));
        pipeline.SetErrorRenderer([this](const http::Request& r, int status, std::string_view code) {
            return shell->ErrorPage(r, status, code);
        });
    }

    http::Response Send(std::string method, std::string target, http::Headers headers = {},
                        std::string body = {}) {
        http::Request r;
        r.method = std::move(method);
        r.target = target;
        auto parsed = http::ParseTarget(target);
        r.path = parsed->path;
        r.query = parsed->query;
        r.headers = std::move(headers);
        r.body = std::move(body);
        return pipeline.Handle(r);
    }

    // A GET of the style guide, then a POST of `fields` with its cookie and token.
    http::Response PostForm(const std::string& fields, bool with_token = true) {
        auto page = Send("GET", "/style-guide");
        const std::string cookie = CookiePair(*SetCookieNamed(page, "mocua_csrf"));
        std::string body = fields;
        if (with_token) body += "&csrf_token=" + CsrfTokenIn(page.body);
        return Send("POST", "/style-guide",
                    {{"Cookie", cookie}, {"Content-Type", "application/x-www-form-urlencoded"}}, body);
    }

    MemorySiteRepository repo;
    core::ManualClock clock{*core::ParseUtc("2025-07-01T01:30:00.000Z")};
    domain::site::SiteService site{repo, clock};
    std::unique_ptr<Shell> shell;
    app::Services services;
    http::Router router;
    core::Metrics metrics;
    http::Pipeline pipeline{router, metrics, http::PipelineOptions{.access_log = false}};
};

TEST_F(ShellTest, HomeIsVietnameseByDefaultWithAuthorityDetails) {
    auto r = Send("GET", "/");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(r.Header("Content-Language"), "vi");
    EXPECT_NE(r.body.find("<html lang=\"vi\""), std::string::npos);
    EXPECT_NE(r.body.find("href=\"#main-content\""), std::string::npos);
    EXPECT_NE(r.body.find("id=\"main-content\""), std::string::npos);
    EXPECT_NE(r.body.find("Ủy ban nhân dân phường Quảng Trị"), std::string::npos);
    EXPECT_NE(r.body.find("01 Trần Hưng Đạo"), std::string::npos);
    EXPECT_NE(r.body.find("href=\"tel:02333861234\""), std::string::npos);
    EXPECT_NE(r.body.find("mailto:ubnd@quangtri.example.vn"), std::string::npos);
    EXPECT_NE(r.body.find("Hôm nay: 01/07/2025"), std::string::npos);
    EXPECT_NE(r.body.find("aria-current=\"page\""), std::string::npos);
    EXPECT_NE(r.body.find("href=\"/?lang=en\" lang=\"en\" hreflang=\"en\""), std::string::npos);
    EXPECT_EQ(r.body.find("{{"), std::string::npos);
    // No assets were built for this test: no stylesheet or script links, never broken ones.
    EXPECT_EQ(r.body.find("<script"), std::string::npos);
    ASSERT_TRUE(SetCookieNamed(r, "mocua_csrf"));
}

TEST_F(ShellTest, LanguageFromQueryIsRememberedInACookie) {
    auto r = Send("GET", "/?lang=en");
    EXPECT_NE(r.body.find("<html lang=\"en\""), std::string::npos);
    EXPECT_NE(r.body.find("People&apos;s Committee of Quang Tri Ward"), std::string::npos);
    EXPECT_NE(r.body.find("Today: 01/07/2025"), std::string::npos);
    EXPECT_EQ(r.Header("Content-Language"), "en");
    auto cookie = SetCookieNamed(r, "mocua_lang");
    ASSERT_TRUE(cookie);
    EXPECT_NE(cookie->find("mocua_lang=en; Max-Age=31536000"), std::string::npos);
    auto again = Send("GET", "/", {{"Cookie", CookiePair(*cookie)}});
    EXPECT_NE(again.body.find("<html lang=\"en\""), std::string::npos);
    EXPECT_FALSE(SetCookieNamed(again, "mocua_lang"));
    auto header = Send("GET", "/", {{"Accept-Language", "en-GB,en;q=0.9"}});
    EXPECT_NE(header.body.find("<html lang=\"en\""), std::string::npos);
}

TEST_F(ShellTest, SiteProfileIsCachedAndMissingProfileShowsProductName) {
    EXPECT_EQ(repo.reads, 1);  // read once by Create, so that error pages have it
    Send("GET", "/");
    Send("GET", "/");
    EXPECT_EQ(repo.reads, 1);
    repo.profile.reset();
    clock.Advance(std::chrono::seconds(31));
    auto missing = Send("GET", "/no/such/page");  // error pages never read the database
    EXPECT_EQ(repo.reads, 1);
    EXPECT_NE(missing.body.find("Ủy ban nhân dân phường Quảng Trị"), std::string::npos);
    auto r = Send("GET", "/");
    EXPECT_EQ(repo.reads, 2);
    EXPECT_NE(r.body.find("Mở Cửa"), std::string::npos);
    EXPECT_NE(r.body.find("Cơ quan chưa được thiết lập thông tin."), std::string::npos);
}

TEST_F(ShellTest, ErrorPagesAreBilingualHtmlButJsonForTheApi) {
    auto vi = Send("GET", "/no/such/page");
    EXPECT_EQ(vi.status, 404);
    EXPECT_NE(vi.body.find("<html lang=\"vi\""), std::string::npos);
    EXPECT_NE(vi.body.find("Không tìm thấy trang"), std::string::npos);
    EXPECT_NE(vi.body.find(std::string(*vi.Header("X-Request-Id"))), std::string::npos);
    auto en = Send("GET", "/no/such/page?lang=en");
    EXPECT_NE(en.body.find("Page not found"), std::string::npos);
    auto api = Send("GET", "/api/v1/thing");
    EXPECT_EQ(api.status, 404);
    EXPECT_EQ(api.Header("Content-Type"), "application/json");
    for (int status : {403, 404, 500}) {
        auto preview = Send("GET", "/style-guide/errors/" + std::to_string(status) + "?lang=en");
        EXPECT_EQ(preview.status, status);
        EXPECT_NE(preview.body.find("<h1 class=\"govuk-heading-l\">"), std::string::npos);
    }
    EXPECT_EQ(Send("GET", "/style-guide/errors/418").status, 404);
    auto method = Send("DELETE", "/");
    EXPECT_EQ(method.status, 405);
    EXPECT_NE(method.body.find("Thao tác không được hỗ trợ"), std::string::npos);
}

TEST_F(ShellTest, FormPostWithoutValidTokenIsForbidden) {
    auto r = PostForm("full_name=A", /*with_token=*/false);
    EXPECT_EQ(r.status, 403);
    EXPECT_NE(r.body.find("Bạn không có quyền truy cập trang này"), std::string::npos);
    auto wrong = Send("POST", "/style-guide", {{"Content-Type", "application/x-www-form-urlencoded"}},
                      "csrf_token=forged&full_name=A");
    EXPECT_EQ(wrong.status, 403);
    auto not_a_form = Send("POST", "/style-guide", {{"Content-Type", "application/json"}}, "{}");
    EXPECT_EQ(not_a_form.status, 400);
}

TEST_F(ShellTest, InvalidFormShowsSummaryAndFieldErrorsKeepingInput) {
    auto r = PostForm("full_name=&phone=12345&cccd=999123456789&message=&contact=sms&contact=evil");
    ASSERT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("govuk-error-summary"), std::string::npos);
    EXPECT_NE(r.body.find("<a href=\"#full-name\">Nhập họ và tên</a>"), std::string::npos);
    EXPECT_NE(r.body.find("<a href=\"#phone\">"), std::string::npos);
    EXPECT_NE(r.body.find("<a href=\"#cccd\">"), std::string::npos);
    EXPECT_NE(r.body.find("<a href=\"#topic\">"), std::string::npos);
    EXPECT_NE(r.body.find("<a href=\"#message\">"), std::string::npos);
    EXPECT_NE(r.body.find("id=\"phone-error\""), std::string::npos);
    EXPECT_NE(r.body.find("aria-describedby=\"phone-hint phone-error\""), std::string::npos);
    EXPECT_NE(r.body.find("value=\"12345\""), std::string::npos);
    EXPECT_NE(r.body.find("value=\"sms\" checked"), std::string::npos);
    EXPECT_EQ(r.body.find("evil"), std::string::npos);
}

TEST_F(ShellTest, ValidFormRedirectsAndShowsFlashOnce) {
    auto r = PostForm(
        "full_name=%C4%90%E1%BA%B7ng+Th%E1%BB%8B+H%C6%B0%E1%BB%9Dng&phone=0912+345+678"
        "&cccd=045190000123&topic=website&message=T%E1%BB%91t");
    ASSERT_EQ(r.status, 303) << r.body;
    EXPECT_EQ(r.Header("Location"), "/style-guide");
    auto flash = SetCookieNamed(r, "mocua_flash");
    ASSERT_TRUE(flash);
    auto next = Send("GET", "/style-guide", {{"Cookie", CookiePair(*flash)}});
    EXPECT_NE(next.body.find("Đã gửi ý kiến của bạn. Xin cảm ơn!"), std::string::npos);
    auto cleared = SetCookieNamed(next, "mocua_flash");
    ASSERT_TRUE(cleared);
    EXPECT_NE(cleared->find("Max-Age=0"), std::string::npos);
}

TEST_F(ShellTest, FlashShowsOnlyFlashMessages) {
    auto r = Send("GET", "/", {{"Cookie", "mocua_flash=layout.skip_link"}});
    EXPECT_EQ(r.body.find("govuk-notification-banner--success"), std::string::npos);
    auto bad = Send("GET", "/", {{"Cookie", "mocua_flash=<script>"}});
    EXPECT_EQ(bad.body.find("<script>"), std::string::npos);
}

TEST_F(ShellTest, StyleGuideEscapesInputAndFoldsSearchText) {
    auto r = Send("GET", "/style-guide?q=%3Cb%3E%C4%90%E1%BA%B6NG");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body.find("<b>"), std::string::npos);
    EXPECT_NE(r.body.find("value=\"&lt;b&gt;ĐẶNG\""), std::string::npos);
    EXPECT_NE(r.body.find("&lt;b&gt;dang"), std::string::npos);
    EXPECT_NE(r.body.find("1.234.567\u00A0\u20AB"), std::string::npos);
    EXPECT_NE(r.body.find("08:30 01/07/2025"), std::string::npos);
}

TEST_F(ShellTest, EveryPageRendersInBothLanguagesWithoutMissingMessages) {
    for (const char* lang : {"vi", "en"}) {
        for (const char* path : {"/", "/style-guide", "/style-guide/errors/404", "/missing"}) {
            auto r = Send("GET", std::string(path) + "?lang=" + lang);
            SCOPED_TRACE(std::string(path) + " " + lang);
            EXPECT_NE(r.body.find(std::string("<html lang=\"") + lang + "\""), std::string::npos);
            // A missing message shows its key; keys look like "styleguide.title".
            static const std::regex kKeyShown(
                R"(>\s*(layout|nav|home|errors|flash|forms|styleguide|languages)\.[a-z0-9_.]+\s*<)");
            EXPECT_FALSE(std::regex_search(r.body, kKeyShown));
        }
    }
}

class FailingSiteRepository : public domain::site::SiteProfileRepository {
public:
    std::optional<domain::site::SiteProfile> Get() override {
        throw std::runtime_error("no such table: site_profile");
    }
    void Save(const domain::site::SiteProfile&) override {}
};

TEST(ShellCreate, UnreadableDatabaseDoesNotStopStartUp) {
    FailingSiteRepository repo;
    core::ManualClock clock{core::TimePoint{}};
    domain::site::SiteService site{repo, clock};
    auto shell =
        Shell::Create(EmbeddedWebFiles(), CsrfProtection(std::string(32, 'k')), &site, nullptr, clock);
    ASSERT_TRUE(shell.ok()) << shell.error().message;
    http::Request r;
    r.method = "GET";
    r.path = "/missing";
    auto page = (*shell)->ErrorPage(r, 404, "not_found");
    EXPECT_EQ(page.status, 404);
    EXPECT_NE(page.body.find("Mở Cửa"), std::string::npos);
}

TEST(ShellCreate, BrokenTemplateStopsStartUpNamingIt) {
    std::vector<EmbeddedFile> files = EmbeddedWebFiles();
    const std::string broken = "{{#unclosed}}";
    for (auto& f : files) {
        if (f.path == "templates/home/index.mustache") f.text = broken;
    }
    core::ManualClock clock{core::TimePoint{}};
    auto shell = Shell::Create(files, CsrfProtection(std::string(32, 'k')), nullptr, nullptr, clock);
    ASSERT_FALSE(shell.ok());
    EXPECT_NE(shell.error().message.find("home/index"), std::string::npos);
}

}  // namespace
}  // namespace mocua::web
