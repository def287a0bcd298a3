// The route × role matrix (issue 4): the real app, seeded with the demo town, on both databases.
// Anonymous and each of the 12 demo logins (signed in through the real /sign-in form, so the session
// cookie is the one browsers get) call every route of App::router().routes(), with sample values
// for path parameters, and every answer is checked against the route's declared http::Access:
//   anonymous on a route that is not public     → exactly 401 (pages show the sign-in-needed page)
//   signed in without one of the route's roles  → exactly 403
// so no excluded caller ever gets a 2xx. Horizontal checks: each account's /api/v1/me shows that
// account and no other. The summary (routes × callers, statuses seen) is printed.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

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

using ::mocua::testing::Fetch;
using ::mocua::testing::HttpReply;
using ::mocua::testing::TestDatabase;
using json = nlohmann::json;

struct Caller {
    std::string name;  // "anonymous" or the role
    std::string email;
    std::string cookie;  // "mocua_session=…", "" for anonymous
};

// A concrete path for a route pattern: {x:int} → 1, {x*} → sample/file.txt, {x} → sample.
std::string SamplePath(const std::string& pattern) {
    std::string out = std::regex_replace(pattern, std::regex(R"(\{[a-z_]+:int\})"), "1");
    out = std::regex_replace(out, std::regex(R"(\{[a-z_]+\*\})"), "sample/file.txt");
    return std::regex_replace(out, std::regex(R"(\{[a-z_]+\})"), "sample");
}

class RouteMatrixTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) GTEST_SKIP();
        tdb_ = std::make_unique<TestDatabase>(GetParam(), /*migrate=*/true);
        config_ = ::mocua::testing::InProcessAppConfig(*tdb_);
        app_ = std::make_unique<app::App>(config_);
        auto started = app_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        port_ = app_->port();
        auto seeded = app::SeedDemo(app_->database(), clock_);
        ASSERT_TRUE(seeded.ok()) << seeded.error().message;
        logins_ = seeded->logins;
        ASSERT_EQ(logins_.size(), 12u);
    }

    std::unique_ptr<TestDatabase> tdb_;
    config::Config config_;
    core::SystemClock clock_;
    std::unique_ptr<app::App> app_;
    std::uint16_t port_ = 0;
    std::vector<app::DemoLogin> logins_;
};

TEST_P(RouteMatrixTest, EveryRouteAnswersEveryCallerAsItsAccessRuleSays) {
    std::vector<Caller> callers{{"anonymous", "", ""}};
    for (const auto& login : logins_) {
        // Staff set up two-step verification on the way in (a required step), as they must.
        const auto session = ::mocua::testing::SignInThroughPages(port_, login.username, login.password);
        const bool staff = login.role != "citizen" && login.role != "business";
        EXPECT_EQ(session.enrolled_totp, staff) << login.role;
        Caller c{login.role, login.username, session.session_cookie};
        ASSERT_FALSE(c.cookie.empty()) << "no session cookie for " << login.role;
        callers.push_back(std::move(c));
    }

    int checked = 0, allowed = 0, refused_401 = 0, refused_403 = 0, unexpected = 0;
    std::map<std::string, std::set<int>> statuses_by_route;
    for (const auto& route : app_->router().routes()) {
        const std::string path = SamplePath(route->pattern);
        for (const auto& caller : callers) {
            std::map<std::string, std::string> headers;
            if (!caller.cookie.empty()) headers["Cookie"] = caller.cookie;
            // An API write signed in by the cookie needs this header (a cross-site form cannot send it;
            // dossier_api_test checks the refusal without it).
            if (!caller.cookie.empty() && route->method != "GET" && path.starts_with("/api/"))
                headers["X-Requested-With"] = "fetch";
            std::string body;
            if (route->method == "POST") headers["Content-Type"] = "application/x-www-form-urlencoded";
            const HttpReply reply = Fetch(port_, route->method, path, body, headers);
            ++checked;
            statuses_by_route[route->method + " " + route->pattern].insert(reply.status);

            const bool anonymous = caller.cookie.empty();
            int expected = 0;  // 0: the rule lets this caller in
            switch (route->access.kind) {
                case http::Access::Kind::kPublic:
                    break;
                case http::Access::Kind::kSignedIn:
                    if (anonymous) expected = 401;
                    break;
                case http::Access::Kind::kAnyRole: {
                    const auto& roles = route->access.roles;
                    if (anonymous) {
                        expected = 401;
                    } else if (std::find(roles.begin(), roles.end(), caller.name) == roles.end()) {
                        expected = 403;
                    }
                    break;
                }
            }
            if (expected == 0) {
                ++allowed;
                // Let in: the answer is the handler's; a 401 would mean the session was not seen.
                EXPECT_NE(reply.status, 401) << route->method << " " << path << " as " << caller.name;
                continue;
            }
            (expected == 401 ? refused_401 : refused_403)++;
            if (reply.status != expected) ++unexpected;
            EXPECT_EQ(reply.status, expected) << route->method << " " << path << " as " << caller.name << " ("
                                              << route->access.Describe() << ")";
        }
    }

    std::ostringstream summary;
    summary << "route x role matrix (" << (GetParam() == db::Engine::kSqlite ? "sqlite" : "postgresql")
            << "): " << app_->router().routes().size() << " routes x " << callers.size()
            << " callers = " << checked << " requests; " << allowed << " let in by their rule, "
            << refused_401 << " expected 401, " << refused_403 << " expected 403, " << unexpected
            << " unexpected\n";
    for (const auto& [route, statuses] : statuses_by_route) {
        summary << "  " << route << ":";
        for (int s : statuses) summary << ' ' << s;
        summary << '\n';
    }
    std::cout << summary.str();
    EXPECT_EQ(unexpected, 0);
}

TEST_P(RouteMatrixTest, EachAccountSeesOnlyItselfAtMe) {
    std::set<std::int64_t> ids;
    for (const auto& login : logins_) {
        const std::string cookie =
            ::mocua::testing::SignInThroughPages(port_, login.username, login.password).session_cookie;
        const HttpReply me = Fetch(port_, "GET", "/api/v1/me", "", {{"Cookie", cookie}});
        ASSERT_EQ(me.status, 200) << login.role;
        const json body = json::parse(me.body);
        EXPECT_EQ(body["email"], login.username) << login.role;
        ids.insert(body["account_id"].get<std::int64_t>());
        const auto roles = body["roles"];
        EXPECT_NE(std::find(roles.begin(), roles.end(), login.role), roles.end()) << login.role;
    }
    EXPECT_EQ(ids.size(), logins_.size()) << "every login is its own account";
    // A forged or revoked cookie is anonymous, never somebody else.
    EXPECT_EQ(Fetch(port_, "GET", "/api/v1/me", "", {{"Cookie", "mocua_session=mcs_0000"}}).status, 401);
}

INSTANTIATE_TEST_SUITE_P(Engines, RouteMatrixTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
