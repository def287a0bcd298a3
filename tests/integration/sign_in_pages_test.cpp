// Sign-in through the real pages, on both databases: the answers for each error code, throttling
// (429 with its message), the session cookie's attributes, and where `next` may lead.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <sstream>

#include "app/app.hpp"
#include "app/seed_demo.hpp"
#include "core/clock.hpp"
#include "db/database.hpp"
#include "support/app_config.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"

namespace mocua {
namespace {

using ::mocua::testing::CookieFrom;
using ::mocua::testing::Fetch;
using ::mocua::testing::FormEncode;
using ::mocua::testing::FormFieldValue;
using ::mocua::testing::HttpReply;
using ::mocua::testing::TestDatabase;

class SignInPagesTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) GTEST_SKIP();
        tdb_ = std::make_unique<TestDatabase>(GetParam(), /*migrate=*/true);
        config_ = ::mocua::testing::InProcessAppConfig(*tdb_);
        config_.auth.max_failed_logins_per_account = 3;
    }

    void Start() {
        app_ = std::make_unique<app::App>(config_);
        auto started = app_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        port_ = app_->port();
        auto seeded = app::SeedDemo(app_->database(), clock_);
        ASSERT_TRUE(seeded.ok()) << seeded.error().message;
    }

    HttpReply Post(const std::string& email, const std::string& password, const std::string& next = "") {
        const HttpReply form = Fetch(port_, "GET", "/sign-in?lang=en");
        std::map<std::string, std::string> fields{{"csrf_token", FormFieldValue(form.body, "csrf_token")},
                                                  {"email", email},
                                                  {"password", password}};
        if (!next.empty()) fields["next"] = next;
        return Fetch(port_, "POST", "/sign-in", FormEncode(fields),
                     {{"Content-Type", "application/x-www-form-urlencoded"},
                      {"Cookie", CookieFrom(form, "mocua_csrf") + "; mocua_lang=en"}});
    }

    std::unique_ptr<TestDatabase> tdb_;
    config::Config config_;
    core::SystemClock clock_;
    std::unique_ptr<app::App> app_;
    std::uint16_t port_ = 0;
};

const std::string kCitizen = "citizen@phuongquangtri.example";
const std::string kCitizenPassword = "demo-citizen-quangtri";

TEST_P(SignInPagesTest, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
    Start();
    const HttpReply wrong = Post(kCitizen, "not the password at all");
    const HttpReply unknown = Post("nobody@phuongquangtri.example", "not the password at all");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    const std::string message = "The email address or password is not right";
    EXPECT_NE(wrong.body.find(message), std::string::npos);
    EXPECT_NE(unknown.body.find(message), std::string::npos);
    EXPECT_TRUE(CookieFrom(wrong, "mocua_session").empty());
}

TEST_P(SignInPagesTest, EmptyFieldsAre422WithAnErrorPerField) {
    Start();
    const HttpReply r = Post("", "");
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("href=\"#email\""), std::string::npos);
    EXPECT_NE(r.body.find("href=\"#password\""), std::string::npos);
}

TEST_P(SignInPagesTest, TooManyFailuresLockTheAccountWith429AndAMessage) {
    Start();
    for (int i = 0; i < 3; ++i) EXPECT_EQ(Post(kCitizen, "not the password at all").status, 401);
    const HttpReply locked = Post(kCitizen, kCitizenPassword);
    EXPECT_EQ(locked.status, 429);
    EXPECT_NE(locked.body.find("This account is locked for now"), std::string::npos);
    EXPECT_TRUE(CookieFrom(locked, "mocua_session").empty());
}

TEST_P(SignInPagesTest, TheSessionCookieIsHttpOnlyLaxAndSecureBehindTls) {
    config_.server.behind_tls_proxy = true;
    Start();
    const HttpReply r = Post(kCitizen, kCitizenPassword);
    ASSERT_EQ(r.status, 303);
    // The session cookie is the last Set-Cookie (the test client keeps the last value of a header).
    const std::string cookie = r.header("set-cookie");
    EXPECT_TRUE(cookie.starts_with("mocua_session=mcs_")) << cookie;
    EXPECT_NE(cookie.find("; Path=/"), std::string::npos);
    EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("; SameSite=Lax"), std::string::npos);
    EXPECT_NE(cookie.find("; Secure"), std::string::npos);
}

TEST_P(SignInPagesTest, NextIsFollowedOnlyToLocalPaths) {
    Start();
    EXPECT_EQ(Post(kCitizen, kCitizenPassword, "/api/v1/me").header("location"), "/api/v1/me");
    EXPECT_EQ(Post(kCitizen, kCitizenPassword, "//evil.example/").header("location"), "/account");
    EXPECT_EQ(Post(kCitizen, kCitizenPassword, "https://evil.example/").header("location"), "/account");
}

TEST_P(SignInPagesTest, SignOutEndsTheSession) {
    Start();
    const std::string session = CookieFrom(Post(kCitizen, kCitizenPassword), "mocua_session");
    ASSERT_FALSE(session.empty());
    EXPECT_EQ(Fetch(port_, "GET", "/api/v1/me", "", {{"Cookie", session}}).status, 200);
    const HttpReply page = Fetch(port_, "GET", "/sign-out", "", {{"Cookie", session}});
    ASSERT_EQ(page.status, 200);
    const HttpReply out = Fetch(port_, "POST", "/sign-out",
                                FormEncode({{"csrf_token", FormFieldValue(page.body, "csrf_token")}}),
                                {{"Content-Type", "application/x-www-form-urlencoded"},
                                 {"Cookie", session + "; " + CookieFrom(page, "mocua_csrf")}});
    EXPECT_EQ(out.status, 303);
    EXPECT_EQ(Fetch(port_, "GET", "/api/v1/me", "", {{"Cookie", session}}).status, 401);
}

INSTANTIATE_TEST_SUITE_P(Engines, SignInPagesTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
