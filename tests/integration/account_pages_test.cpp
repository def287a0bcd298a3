// My account pages over HTTP, on both databases (issue 4): required steps — a one-time password must
// be changed, staff must set up two-step verification — before any other signed-in page opens, the
// password change form, set-up that writes nothing until confirmed, and the 401 page's way to sign in.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <map>
#include <regex>

#include "app/app.hpp"
#include "app/seed_demo.hpp"
#include "core/clock.hpp"
#include "db/database.hpp"
#include "support/app_config.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/web_session.hpp"

namespace mocua {
namespace {

using ::mocua::testing::CookieFrom;
using ::mocua::testing::Fetch;
using ::mocua::testing::FormEncode;
using ::mocua::testing::FormFieldValue;
using ::mocua::testing::HttpReply;
using ::mocua::testing::SignInThroughPages;
using ::mocua::testing::TestDatabase;

const std::string kCitizen = "citizen@phuongquangtri.example";
const std::string kCitizenPassword = "demo-citizen-quangtri";
const std::string kLeader = "leader@phuongquangtri.example";
const std::string kLeaderPassword = "demo-leader-quangtri";

class AccountPagesTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) GTEST_SKIP();
        tdb_ = std::make_unique<TestDatabase>(GetParam(), /*migrate=*/true);
        config_ = ::mocua::testing::InProcessAppConfig(*tdb_);
    }

    void Start() {
        app_ = std::make_unique<app::App>(config_);
        auto started = app_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        port_ = app_->port();
        auto seeded = app::SeedDemo(app_->database(), clock_);
        ASSERT_TRUE(seeded.ok()) << seeded.error().message;
    }

    struct Session {
        std::string cookies;  // session + CSRF cookie
        HttpReply signed_in;  // the answer to POST /sign-in
    };

    // Password only (no automatic two-step set-up), in English.
    Session PasswordSignIn(const std::string& email, const std::string& password) {
        const HttpReply form = Fetch(port_, "GET", "/sign-in?lang=en");
        const std::string csrf = CookieFrom(form, "mocua_csrf");
        const HttpReply done = Fetch(
            port_, "POST", "/sign-in",
            FormEncode({{"csrf_token", FormFieldValue(form.body, "csrf_token")},
                        {"email", email},
                        {"password", password}}),
            {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", csrf + "; mocua_lang=en"}});
        return {CookieFrom(done, "mocua_session") + "; " + csrf + "; mocua_lang=en", done};
    }

    HttpReply Get(const std::string& path, const std::string& cookies) {
        return Fetch(port_, "GET", path, "", {{"Cookie", cookies}});
    }

    // Posts a form found on the page at `form_path`, with its CSRF token and `fields`.
    HttpReply PostForm(const std::string& form_path, const std::string& action, const std::string& cookies,
                       std::map<std::string, std::string> fields) {
        const HttpReply page = Get(form_path, cookies);
        EXPECT_EQ(page.status, 200) << form_path;
        fields["csrf_token"] = FormFieldValue(page.body, "csrf_token");
        return Fetch(port_, "POST", action, FormEncode(fields),
                     {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookies}});
    }

    int Count(const std::string& sql) {
        db::Connection c = app_->database().Acquire();
        int n = 0;
        c.sql() << sql, soci::into(n);
        return n;
    }

    std::unique_ptr<TestDatabase> tdb_;
    config::Config config_;
    core::SystemClock clock_;
    std::unique_ptr<app::App> app_;
    std::uint16_t port_ = 0;
};

TEST_P(AccountPagesTest, StaffMustSetUpTwoStepVerificationBeforeAnythingElse) {
    Start();
    const Session s = PasswordSignIn(kLeader, kLeaderPassword);
    ASSERT_EQ(s.signed_in.status, 303);
    EXPECT_EQ(s.signed_in.header("location"), "/account/two-factor");

    // Every other signed-in page sends them back to set-up; the API refuses; signing out still works.
    for (const char* path : {"/account", "/account/password", "/admin/units"}) {
        const HttpReply r = Get(path, s.cookies);
        if (std::string(path) == "/account/password") {
            EXPECT_EQ(r.status, 200) << path;  // a required step itself
            continue;
        }
        EXPECT_EQ(r.status, 303) << path;
        EXPECT_EQ(r.header("location"), "/account/two-factor") << path;
    }
    const HttpReply api = Get("/api/v1/me", s.cookies);
    EXPECT_EQ(api.status, 403);
    EXPECT_NE(api.body.find("step_required"), std::string::npos) << api.body;
    EXPECT_EQ(Get("/sign-out", s.cookies).status, 200);
    // Public pages stay open.
    EXPECT_EQ(Get("/", s.cookies).status, 200);

    // Showing the set-up page (twice) stores nothing and audits nothing.
    const HttpReply setup = Get("/account/two-factor", s.cookies);
    ASSERT_EQ(setup.status, 200);
    EXPECT_NE(setup.body.find("govuk-inset-text"), std::string::npos) << "says set-up is required";
    EXPECT_EQ(Count("SELECT COUNT(*) FROM totp_credentials"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'totp.%'"), 0);

    // A wrong code: 422 and the same secret again; the right one turns it on and opens the pages.
    std::smatch m;
    ASSERT_TRUE(std::regex_search(setup.body, m, std::regex(R"(id="totp-secret">([A-Z2-7]+)<)")));
    const std::string secret = m[1].str();
    const std::map<std::string, std::string> base{{"csrf_token", FormFieldValue(setup.body, "csrf_token")},
                                                  {"enrolment", FormFieldValue(setup.body, "enrolment")}};
    auto with_code = [&](const std::string& code) {
        auto fields = base;
        fields["code"] = code;
        return Fetch(port_, "POST", "/account/two-factor", FormEncode(fields),
                     {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", s.cookies}});
    };
    const std::string right = ::mocua::testing::CurrentTotp(secret);
    const HttpReply wrong = with_code(right == "000000" ? "111111" : "000000");
    EXPECT_EQ(wrong.status, 422);
    EXPECT_NE(wrong.body.find(secret), std::string::npos);
    const HttpReply on = with_code(right);
    ASSERT_EQ(on.status, 200) << on.body.substr(0, 500);
    EXPECT_NE(on.body.find("id=\"recovery-codes\""), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'totp.enable'"), 1);
    EXPECT_EQ(Get("/admin/units", s.cookies).status, 403);  // a leader is not a unit admin: no redirect now
    EXPECT_EQ(Get("/account", s.cookies).status, 200);
    EXPECT_EQ(Get("/api/v1/me", s.cookies).status, 200);
}

TEST_P(AccountPagesTest, TwoStepVerificationCanBeLeftOptionalForStaff) {
    config_.auth.require_staff_totp = false;
    Start();
    const Session s = PasswordSignIn(kLeader, kLeaderPassword);
    ASSERT_EQ(s.signed_in.status, 303);
    EXPECT_EQ(s.signed_in.header("location"), "/account");
    EXPECT_EQ(Get("/api/v1/me", s.cookies).status, 200);
}

TEST_P(AccountPagesTest, AOneTimePasswordMustBeChangedFirst) {
    Start();
    {  // What `mocua user reset-password` leaves behind.
        db::Connection c = app_->database().Acquire();
        c.sql() << "UPDATE accounts SET must_change_password = 1 WHERE email_key = "
                   "'citizen@phuongquangtri.example'";
    }
    const Session s = PasswordSignIn(kCitizen, kCitizenPassword);
    ASSERT_EQ(s.signed_in.status, 303);
    EXPECT_EQ(s.signed_in.header("location"), "/account/password");
    EXPECT_EQ(Get("/account", s.cookies).header("location"), "/account/password");

    auto change = [&](const std::string& current, const std::string& next) {
        return PostForm("/account/password", "/account/password", s.cookies,
                        {{"current", current}, {"password", next}});
    };
    const HttpReply empty = change("", "");
    EXPECT_EQ(empty.status, 422);
    EXPECT_NE(empty.body.find("Enter your current password"), std::string::npos);
    EXPECT_NE(empty.body.find("Enter a new password"), std::string::npos);
    EXPECT_EQ(change("not my password", "a long new passphrase here").status, 422);
    const HttpReply short_one = change(kCitizenPassword, "short pass");
    EXPECT_EQ(short_one.status, 422);
    EXPECT_NE(short_one.body.find("at least 12 characters"), std::string::npos);
    const HttpReply common = change(kCitizenPassword, "password1234");
    EXPECT_EQ(common.status, 422);
    EXPECT_NE(common.body.find("too common"), std::string::npos);
    EXPECT_EQ(change(kCitizenPassword, kCitizenPassword).status, 422);

    const HttpReply done = change(kCitizenPassword, "sông Thạch Hãn chảy qua thành cổ");
    ASSERT_EQ(done.status, 303) << done.body.substr(0, 500);
    EXPECT_EQ(done.header("location"), "/account");
    EXPECT_EQ(Get("/account", s.cookies).status, 200);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'account.password_change'"), 1);
    // The old password no longer works; the new one does, with no required step.
    EXPECT_EQ(PasswordSignIn(kCitizen, kCitizenPassword).signed_in.status, 401);
    const Session again = PasswordSignIn(kCitizen, "sông Thạch Hãn chảy qua thành cổ");
    EXPECT_EQ(again.signed_in.header("location"), "/account");
}

TEST_P(AccountPagesTest, TheSignInNeededPageLeadsBackAfterSigningIn) {
    Start();
    const HttpReply r = Fetch(port_, "GET", "/admin/audit?action=login.", "", {{"Cookie", "mocua_lang=en"}});
    EXPECT_EQ(r.status, 401);
    EXPECT_NE(r.body.find("You need to sign in"), std::string::npos);
    EXPECT_NE(r.body.find("href=\"/sign-in?next=%2Fadmin%2Faudit%3Faction%3Dlogin.\""), std::string::npos)
        << r.body;
    const HttpReply vi = Fetch(port_, "GET", "/account");
    EXPECT_NE(vi.body.find("Bạn cần đăng nhập"), std::string::npos);
}

TEST_P(AccountPagesTest, APersonalTokenIsShownOnceWorksForTheApiAndCanBeRevoked) {
    Start();
    const Session s = PasswordSignIn(kCitizen, kCitizenPassword);
    ASSERT_EQ(s.signed_in.status, 303);
    const HttpReply nameless = PostForm("/account/tokens", "/account/tokens", s.cookies, {{"expires", "90"}});
    EXPECT_EQ(nameless.status, 422);
    EXPECT_NE(nameless.body.find("Enter a name for the token"), std::string::npos);

    const HttpReply created = PostForm("/account/tokens", "/account/tokens", s.cookies,
                                       {{"label", "Tập lệnh thống kê"}, {"expires", "30"}});
    ASSERT_EQ(created.status, 200) << created.body.substr(0, 500);
    EXPECT_EQ(created.header("cache-control"), "no-store");
    std::smatch m;
    const std::regex token_re(R"(id="new-token">(mct_[A-Za-z0-9_\-]+)<)");
    ASSERT_TRUE(std::regex_search(created.body, m, token_re));
    const std::string token = m[1].str();

    // It acts as this account, and the list shows it without the token itself.
    const HttpReply me = Fetch(port_, "GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(me.status, 200);
    EXPECT_NE(me.body.find(kCitizen), std::string::npos);
    const HttpReply list = Get("/account/tokens", s.cookies);
    EXPECT_NE(list.body.find("Tập lệnh thống kê"), std::string::npos);
    EXPECT_EQ(list.body.find(token), std::string::npos);
    ASSERT_TRUE(std::regex_search(list.body, m, std::regex(R"(action="/account/tokens/([0-9]+)/revoke")")));
    const std::string revoke = "/account/tokens/" + m[1].str() + "/revoke";

    // Another account cannot revoke it (it is not theirs: 404), the owner can.
    const Session other = PasswordSignIn("business@phuongquangtri.example", "demo-business-quangtri");
    EXPECT_EQ(PostForm("/account/tokens", revoke, other.cookies, {}).status, 404);
    EXPECT_EQ(Fetch(port_, "GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token}}).status, 200);
    const HttpReply revoked = PostForm("/account/tokens", revoke, s.cookies, {});
    EXPECT_EQ(revoked.status, 303);
    EXPECT_EQ(Fetch(port_, "GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token}}).status, 401);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'token.create'"), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'token.revoke'"), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, AccountPagesTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
