// Security answers of the whole app (issue 11), on both databases, with the demo town seeded:
//   * every GET route, anonymously and as each of the 12 demo logins, answers with the security headers
//     (CSP with frame-ancestors, X-Frame-Options, X-Content-Type-Options, Referrer-Policy; HSTS only
//     behind TLS) and cookies that are HttpOnly and SameSite (Secure behind TLS), whatever its status;
//   * every state-changing page route (POST/PUT/PATCH/DELETE outside /api/) refuses a form without a
//     CSRF token, with a wrong one, and with a token made for another browser's cookie, with 403, and
//     does not refuse the same form with the right token (so the 403 is the token's doing);
//   * error pages (404, 405, 413, 400 on malformed forms, 500 from a database that lost a table) carry
//     no stack trace, SQL, exception text or internal names.
// The route × role access rules themselves are route_matrix_test's; this file does not repeat them.
#include <gtest/gtest.h>

#include <soci/soci.h>
#include <algorithm>
#include <iostream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/seed_demo.hpp"
#include "core/clock.hpp"
#include "db/database.hpp"
#include "http/router.hpp"
#include "support/app_config.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/web_session.hpp"

namespace mocua {
namespace {

using ::mocua::testing::CookieFrom;
using ::mocua::testing::Fetch;
using ::mocua::testing::FormFieldValue;
using ::mocua::testing::HttpReply;
using ::mocua::testing::TestDatabase;

constexpr const char* kFormType = "application/x-www-form-urlencoded";

struct Caller {
    std::string role;     // "anonymous" or the demo login's role
    std::string cookies;  // "mocua_session=…; mocua_csrf=…", "" for anonymous
    std::string csrf_cookie;
};

// A concrete path for a route pattern, as route_matrix_test makes them.
std::string SamplePath(const std::string& pattern) {
    std::string out = std::regex_replace(pattern, std::regex(R"(\{[a-z_]+:int\})"), "1");
    out = std::regex_replace(out, std::regex(R"(\{[a-z_]+\*\})"), "sample/file.txt");
    return std::regex_replace(out, std::regex(R"(\{[a-z_]+\})"), "sample");
}

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// The headers every answer must carry. `tls`: the app runs behind a TLS proxy (HSTS expected).
void ExpectSecurityHeaders(const HttpReply& r, bool tls, const std::string& what) {
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << what;
    const std::string referrer = r.header("referrer-policy");
    EXPECT_TRUE(referrer == "strict-origin-when-cross-origin" || referrer == "same-origin" ||
                referrer == "no-referrer" || referrer == "strict-origin")
        << what << ": Referrer-Policy " << referrer;
    const std::string frame = r.header("x-frame-options");
    EXPECT_TRUE(frame == "DENY" || frame == "SAMEORIGIN") << what << ": X-Frame-Options " << frame;
    const std::string csp = r.header("content-security-policy");
    EXPECT_NE(csp.find("default-src"), std::string::npos) << what << ": CSP " << csp;
    EXPECT_TRUE(csp.find("frame-ancestors 'none'") != std::string::npos ||
                csp.find("frame-ancestors 'self'") != std::string::npos)
        << what << ": CSP " << csp;
    // Inline script or eval would let an injected value run; the pages need neither.
    std::smatch script;
    if (std::regex_search(csp, script, std::regex("script-src[^;]*"))) {
        EXPECT_EQ(script.str().find("'unsafe-inline'"), std::string::npos) << what << ": " << csp;
        EXPECT_EQ(script.str().find("'unsafe-eval'"), std::string::npos) << what << ": " << csp;
    }
    const std::string hsts = r.header("strict-transport-security");
    if (tls) {
        std::smatch age;
        ASSERT_TRUE(std::regex_search(hsts, age, std::regex(R"(max-age=(\d+))")))
            << what << ": HSTS " << hsts;
        EXPECT_GE(std::stoll(age[1].str()), 180LL * 24 * 3600) << what << ": HSTS under six months";
    } else {
        // Over plain HTTP (loopback, a test) HSTS would be ignored by browsers and misleads readers.
        EXPECT_EQ(hsts, "") << what;
    }
    for (const auto& cookie : r.set_cookies) {
        const std::string attrs = Lower(cookie);
        EXPECT_NE(attrs.find("; httponly"), std::string::npos) << what << ": " << cookie;
        EXPECT_TRUE(attrs.find("; samesite=lax") != std::string::npos ||
                    attrs.find("; samesite=strict") != std::string::npos)
            << what << ": " << cookie;
        EXPECT_EQ(attrs.find("; secure") != std::string::npos, tls) << what << ": " << cookie;
    }
}

// What an error page must never show a visitor: traces, SQL, exception text, library and table names.
void ExpectNoInternals(const HttpReply& r, const std::string& what) {
    static const std::vector<std::string> kCaseSensitive = {
        "SELECT ", "INSERT ", "UPDATE ", " FROM ", " WHERE ", "std::", "what()", "#0 ", "#1 ", "0x7f"};
    static const std::vector<std::string> kAnyCase = {
        "exception",      "stack trace",  "traceback",          "backtrace",
        "soci",           "sqlite",       "postgres",           "no such table",
        "does not exist", "syntax error", "procedure_versions", "terminate called",
        ".cpp",           "segmentation"};
    for (const auto& s : kCaseSensitive)
        EXPECT_EQ(r.body.find(s), std::string::npos) << what << " shows " << s;
    const std::string lower = Lower(r.body);
    for (const auto& s : kAnyCase) EXPECT_EQ(lower.find(s), std::string::npos) << what << " shows " << s;
}

class SecurityHeadersTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) GTEST_SKIP();
        tdb_ = std::make_unique<TestDatabase>(GetParam(), /*migrate=*/true);
    }

    // Starts the app (behind a TLS proxy or not) and seeds the demo town.
    void StartApp(bool tls, std::int64_t body_limit = 0) {
        config_ = ::mocua::testing::InProcessAppConfig(*tdb_);
        config_.server.behind_tls_proxy = tls;
        if (body_limit > 0) config_.server.body_limit_bytes = body_limit;
        app_ = std::make_unique<app::App>(config_);
        auto started = app_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        port_ = app_->port();
        auto seeded = app::SeedDemo(app_->database(), clock_);
        ASSERT_TRUE(seeded.ok()) << seeded.error().message;
        logins_ = seeded->logins;
    }

    std::vector<Caller> SignInEveryone() {
        std::vector<Caller> callers{{"anonymous", "", ""}};
        for (const auto& login : logins_) {
            const auto s = ::mocua::testing::SignInThroughPages(port_, login.username, login.password);
            EXPECT_FALSE(s.session_cookie.empty()) << login.role;
            callers.push_back({login.role, s.Cookies(), s.csrf_cookie});
        }
        return callers;
    }

    std::unique_ptr<TestDatabase> tdb_;
    config::Config config_;
    core::SystemClock clock_;
    std::unique_ptr<app::App> app_;
    std::uint16_t port_ = 0;
    std::vector<app::DemoLogin> logins_;
};

TEST_P(SecurityHeadersTest, EveryGetRouteAnswersEveryCallerWithTheSecurityHeaders) {
    StartApp(/*tls=*/false);
    const auto callers = SignInEveryone();
    int checked = 0;
    for (const auto& route : app_->router().routes()) {
        if (route->method != "GET") continue;
        const std::string path = SamplePath(route->pattern);
        for (const auto& caller : callers) {
            std::map<std::string, std::string> headers;
            if (!caller.cookies.empty()) headers["Cookie"] = caller.cookies;
            const HttpReply r = Fetch(port_, "GET", path, "", headers);
            ExpectSecurityHeaders(
                r, /*tls=*/false,
                "GET " + path + " as " + caller.role + " (" + std::to_string(r.status) + ")");
            ++checked;
        }
    }
    // The first visit sets the CSRF cookie; a session cookie comes from signing in. Both checked here.
    const HttpReply first = Fetch(port_, "GET", "/sign-in");
    ASSERT_FALSE(first.set_cookies.empty()) << "a first visit to a form gets the CSRF cookie";
    ExpectSecurityHeaders(first, false, "GET /sign-in (first visit)");
    std::cout << "security headers: " << checked << " GET answers checked\n";
    EXPECT_GT(checked, 13 * 20) << "the route table should have more than 20 GET routes";
}

TEST_P(SecurityHeadersTest, BehindTlsEveryAnswerHasHstsAndEveryCookieIsSecure) {
    StartApp(/*tls=*/true);
    for (const auto& route : app_->router().routes()) {
        if (route->method != "GET") continue;
        const std::string path = SamplePath(route->pattern);
        ExpectSecurityHeaders(Fetch(port_, "GET", path), /*tls=*/true, "GET " + path);
    }
    // The session cookie, set by signing in (a citizen: no second factor needed).
    const auto citizen = std::find_if(logins_.begin(), logins_.end(),
                                      [](const app::DemoLogin& l) { return l.role == "citizen"; });
    ASSERT_NE(citizen, logins_.end());
    const HttpReply form = Fetch(port_, "GET", "/sign-in");
    ExpectSecurityHeaders(form, true, "GET /sign-in");
    const std::string csrf_cookie = CookieFrom(form, "mocua_csrf");
    const HttpReply done =
        Fetch(port_, "POST", "/sign-in",
              ::mocua::testing::FormEncode({{"csrf_token", FormFieldValue(form.body, "csrf_token")},
                                            {"email", citizen->username},
                                            {"password", citizen->password}}),
              {{"Content-Type", kFormType}, {"Cookie", csrf_cookie}});
    ASSERT_EQ(done.status, 303) << done.body.substr(0, 300);
    ASSERT_FALSE(CookieFrom(done, "mocua_session").empty());
    ExpectSecurityHeaders(done, true, "POST /sign-in");
}

TEST_P(SecurityHeadersTest, EveryStateChangingPageRefusesAFormWithoutTheRightCsrfToken) {
    StartApp(/*tls=*/false);
    const auto callers = SignInEveryone();
    // A token that is valid, but for another browser's cookie.
    const std::string foreign_token = FormFieldValue(Fetch(port_, "GET", "/sign-in").body, "csrf_token");
    ASSERT_FALSE(foreign_token.empty());

    std::vector<const http::Route*> routes;
    for (const auto& route : app_->router().routes()) {
        const std::string& m = route->method;
        if ((m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE") &&
            !route->pattern.starts_with("/api/"))
            routes.push_back(route.get());
    }
    ASSERT_GT(routes.size(), 20u) << "the page routes that change state";
    // Signing out ends the caller's session: those go last, so the others still have one.
    std::stable_partition(routes.begin(), routes.end(), [](const http::Route* r) {
        return r->pattern.find("sign-out") == std::string::npos;
    });

    int refused = 0;
    for (const http::Route* route : routes) {
        // A caller the route's access rule lets in, so a 403 can only be the token's. The system
        // administrator first: handlers refine the rule (a unit administrator edits only its subtree),
        // and the administrator passes those refinements too.
        std::vector<const Caller*> order;
        for (const auto& c : callers)
            if (c.role == "system_admin") order.push_back(&c);
        for (const auto& c : callers)
            if (c.role != "system_admin") order.push_back(&c);
        const Caller* caller = nullptr;
        for (const Caller* candidate : order) {
            const Caller& c = *candidate;
            const bool anonymous = c.cookies.empty();
            switch (route->access.kind) {
                case http::Access::Kind::kPublic:
                    caller = anonymous ? &c : caller;
                    break;
                case http::Access::Kind::kSignedIn:
                    caller = !anonymous && !caller ? &c : caller;
                    break;
                case http::Access::Kind::kAnyRole: {
                    const auto& roles = route->access.roles;
                    if (!caller && std::find(roles.begin(), roles.end(), c.role) != roles.end()) caller = &c;
                    break;
                }
            }
            if (caller) break;
        }
        ASSERT_NE(caller, nullptr) << route->method << " " << route->pattern << ": no demo login may use it";
        // Anonymous callers get their CSRF cookie from a first visit, as a browser does.
        std::string cookies = caller->cookies;
        std::string csrf_cookie = caller->csrf_cookie;
        std::string right_token;
        {
            const HttpReply visit =
                Fetch(port_, "GET", "/sign-in", "",
                      csrf_cookie.empty() ? std::map<std::string, std::string>{}
                                          : std::map<std::string, std::string>{{"Cookie", csrf_cookie}});
            if (csrf_cookie.empty()) csrf_cookie = cookies = CookieFrom(visit, "mocua_csrf");
            right_token = FormFieldValue(visit.body, "csrf_token");
        }
        ASSERT_FALSE(right_token.empty());
        ASSERT_NE(right_token, foreign_token);

        const std::string path = SamplePath(route->pattern);
        const std::string what = route->method + " " + path + " as " + caller->role;
        const std::map<std::string, std::string> headers{{"Content-Type", kFormType}, {"Cookie", cookies}};
        for (const std::string& body :
             {std::string("name=x"), std::string("csrf_token=&name=x"),
              "csrf_token=" + std::string(43, 'A') + "&name=x", "csrf_token=" + foreign_token + "&name=x"}) {
            const HttpReply r = Fetch(port_, route->method, path, body, headers);
            EXPECT_EQ(r.status, 403) << what << " with " << body.substr(0, 20);
            ExpectSecurityHeaders(r, false, what);
            ExpectNoInternals(r, what);
            ++refused;
        }
        // The same form with the right token gets past the check (whatever the handler then says).
        const HttpReply control =
            Fetch(port_, route->method, path, "csrf_token=" + right_token + "&name=x", headers);
        EXPECT_NE(control.status, 403) << what << " refused even with the right token";
    }
    std::cout << "csrf: " << routes.size() << " state-changing page routes, " << refused
              << " forged forms refused\n";
}

TEST_P(SecurityHeadersTest, ErrorPagesShowNoInternals) {
    StartApp(/*tls=*/false, /*body_limit=*/64 * 1024);
    struct Case {
        std::string what;
        HttpReply reply;
        int expected;
    };
    std::vector<Case> cases;
    cases.push_back({"404", Fetch(port_, "GET", "/no-such-page/%3Cscript%3E'%22"), 404});
    cases.push_back({"404 api", Fetch(port_, "GET", "/api/v1/no-such-thing"), 404});
    cases.push_back({"405", Fetch(port_, "DELETE", "/sign-in"), 405});
    cases.push_back(
        {"413", Fetch(port_, "POST", "/sign-in", std::string(100 * 1024, 'a'), {{"Content-Type", kFormType}}),
         413});
    cases.push_back({"400 bad escape",
                     Fetch(port_, "POST", "/sign-in", "email=%zz&password=%", {{"Content-Type", kFormType}}),
                     400});
    cases.push_back({"400 bad UTF-8",
                     Fetch(port_, "POST", "/sign-in", "email=%C3%28", {{"Content-Type", kFormType}}), 400});
    cases.push_back(
        {"400 not a form",
         Fetch(port_, "POST", "/sign-in", "{\"email\":1}", {{"Content-Type", "application/json"}}), 400});
    cases.push_back({"400 bad multipart",
                     Fetch(port_, "POST", "/sign-in", "--x\r\nContent-Disposition: form-data\r\n\r\n",
                           {{"Content-Type", "multipart/form-data; boundary=x"}}),
                     400});

    // A database that lost a table: the handler's query throws; the visitor sees a plain 500 page.
    {
        db::Connection c = app_->database().Acquire();
        c.sql() << "ALTER TABLE procedure_versions RENAME TO procedure_versions_gone";
    }
    cases.push_back({"500 page", Fetch(port_, "GET", "/procedures?q=x"), 500});
    cases.push_back({"500 api", Fetch(port_, "GET", "/api/v1/procedures"), 500});

    for (const auto& c : cases) {
        EXPECT_EQ(c.reply.status, c.expected) << c.what << "\n" << c.reply.body.substr(0, 300);
        ExpectNoInternals(c.reply, c.what);
        ExpectSecurityHeaders(c.reply, false, c.what);
        EXPECT_FALSE(c.reply.body.empty()) << c.what << ": an error answer says what happened";
        // Whatever the visitor typed is not echoed unescaped.
        EXPECT_EQ(c.reply.body.find("<script>"), std::string::npos) << c.what;
    }
}

INSTANTIATE_TEST_SUITE_P(Engines, SecurityHeadersTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
