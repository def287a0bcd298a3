// The calendar over HTTP on both databases, with the demo seeded (the 2025/2026 decisions loaded):
// the public API (answers, 400s naming the parameter, cache headers) and the admin page /admin/calendar
// (who may change what, CSRF-protected forms, 422 with errors, audit entries).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>

#include "app/app.hpp"
#include "app/seed_demo.hpp"
#include "core/clock.hpp"
#include "support/app_config.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/web_session.hpp"

namespace mocua {
namespace {

using ::mocua::testing::Fetch;
using ::mocua::testing::FormEncode;
using ::mocua::testing::FormFieldValue;
using ::mocua::testing::HttpReply;
using ::mocua::testing::TestDatabase;
using json = nlohmann::json;

class CalendarHttpTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) GTEST_SKIP();
        tdb_ = std::make_unique<TestDatabase>(GetParam(), /*migrate=*/true);
        app_ = std::make_unique<app::App>(::mocua::testing::InProcessAppConfig(*tdb_));
        auto started = app_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        port_ = app_->port();
        auto seeded = app::SeedDemo(app_->database(), clock_);
        ASSERT_TRUE(seeded.ok()) << seeded.error().message;
        for (const auto& l : seeded->logins) passwords_[l.role] = {l.username, l.password};
    }

    HttpReply Get(const std::string& target, const std::string& cookie = "") {
        std::map<std::string, std::string> headers;
        if (!cookie.empty()) headers["Cookie"] = cookie;
        return Fetch(port_, "GET", target, "", headers);
    }

    json GetJson(const std::string& target, int status = 200) {
        const HttpReply r = Get(target);
        EXPECT_EQ(r.status, status) << target << "\n" << r.body;
        return json::parse(r.body, nullptr, false);
    }

    // Signs in a demo role through the pages (staff set up two-step verification on the way, as they
    // must); returns "mocua_session=…; mocua_csrf=…; mocua_lang=en".
    std::string SignIn(const std::string& role) {
        const auto& [email, password] = passwords_[role];
        return ::mocua::testing::SignInThroughPages(port_, email, password).Cookies() + "; mocua_lang=en";
    }

    // Posts a form from /admin/calendar with the page's own CSRF token.
    HttpReply PostForm(const std::string& cookie, const std::string& path,
                       std::map<std::string, std::string> fields) {
        const HttpReply page = Get("/admin/calendar?year=2026", cookie);
        fields["csrf_token"] = FormFieldValue(page.body, "csrf_token");
        return Fetch(port_, "POST", path, FormEncode(fields),
                     {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookie}});
    }

    std::unique_ptr<TestDatabase> tdb_;
    core::SystemClock clock_;
    std::unique_ptr<app::App> app_;
    std::uint16_t port_ = 0;
    std::map<std::string, std::pair<std::string, std::string>> passwords_;
};

TEST_P(CalendarHttpTest, HolidaysOfAYear) {
    const HttpReply r = Get("/api/v1/calendar/holidays?year=2026");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("cache-control"), "public, max-age=3600");
    const json days = json::parse(r.body);
    std::map<std::string, json> by_date;
    for (const auto& d : days) by_date[d["date"]] = d;
    // Tết as decided, the Hùng Kings' compensatory day by law, National Day estimated (not yet decided).
    EXPECT_EQ(by_date["2026-02-16"]["kind"], "holiday");
    EXPECT_EQ(by_date["2026-02-16"]["basis"], "decision");
    EXPECT_EQ(by_date["2026-01-10"]["kind"], "swap-work");
    EXPECT_EQ(by_date["2026-04-27"]["kind"], "compensatory");
    EXPECT_EQ(by_date["2026-04-27"]["basis"], "law");
    EXPECT_EQ(by_date["2026-09-01"]["basis"], "estimate");
    EXPECT_EQ(by_date["2026-01-02"]["document"], "Văn bản 12729/VPCP-KGVX ngày 25/12/2025");
    EXPECT_EQ(days.size(), 14u);

    for (const char* bad : {"", "?year=abc", "?year=1899", "?year=2101", "?year=02026"}) {
        const json e = GetJson(std::string("/api/v1/calendar/holidays") + bad, 400);
        EXPECT_EQ(e["error"]["code"], "invalid_argument") << bad;
        EXPECT_NE(e["error"]["message"].get<std::string>().find("year"), std::string::npos) << bad;
    }
}

TEST_P(CalendarHttpTest, LunarDates) {
    const HttpReply r = Get("/api/v1/calendar/lunar?date=2026-02-17");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("cache-control"), "public, max-age=86400");
    const json j = json::parse(r.body);
    EXPECT_EQ(j["solar"], "2026-02-17");
    EXPECT_EQ(j["lunar"], (json{{"day", 1}, {"month", 1}, {"year", 2026}, {"leap", false}}));
    EXPECT_EQ(j["year_name"], "Bính Ngọ");
    EXPECT_EQ(GetJson("/api/v1/calendar/lunar?date=2023-03-23")["lunar"]["leap"], true);
    for (const char* bad : {"", "?date=2026-02-30", "?date=17/02/2026", "?date=2101-01-01"}) {
        const json e = GetJson(std::string("/api/v1/calendar/lunar") + bad, 400);
        EXPECT_NE(e["error"]["message"].get<std::string>().find("date"), std::string::npos) << bad;
    }
}

TEST_P(CalendarHttpTest, Deadlines) {
    const std::string base = "/api/v1/calendar/deadline?from=2026-03-02T10:00:00%2B07:00";
    json j = GetJson(base + "&working_days=5");
    EXPECT_EQ(j["from"], "2026-03-02T10:00:00+07:00");
    EXPECT_EQ(j["due"], "2026-03-09T10:00:00+07:00");
    EXPECT_EQ(j["limit"], (json{{"unit", "working_days"}, {"value", "5"}}));
    EXPECT_TRUE(j["unit"].is_null());
    // An unencoded '+' arrives as a space and is still read as the offset.
    EXPECT_EQ(GetJson("/api/v1/calendar/deadline?from=2026-03-02T10:00:00+07:00&working_hours=4")["due"],
              "2026-03-02T16:00:00+07:00");
    EXPECT_EQ(GetJson(base + "&days=10")["due"], "2026-03-12T17:00:00+07:00");
    // Tết 2026 from the seeded decisions: Friday 13/2 + 1 working day → Monday 23/2.
    EXPECT_EQ(GetJson("/api/v1/calendar/deadline?from=2026-02-13T10:00:00Z&working_days=1")["due"],
              "2026-02-23T17:00:00+07:00");
    // A pause of one working day (Wednesday 09:00 → Thursday 09:00) moves the due time one day.
    EXPECT_EQ(GetJson(base +
                      "&working_days=5&pause=2026-03-04T09:00:00%2B07:00/2026-03-05T09:00:00%2B07:00")["due"],
              "2026-03-10T10:00:00+07:00");
    // The unit's hours: the demo one-stop centre has none of its own, so the default applies.
    j = GetJson(base + "&working_days=5&unit=19360-TTPVHCC");
    EXPECT_EQ(j["unit"]["code"], "19360-TTPVHCC");
    EXPECT_EQ(j["due"], "2026-03-09T10:00:00+07:00");

    const std::map<std::string, std::string> bad = {
        {"/api/v1/calendar/deadline?working_days=5", "from"},
        {"/api/v1/calendar/deadline?from=yesterday&working_days=5", "from"},
        {base, "exactly one"},
        {base + "&working_days=5&days=3", "exactly one"},
        {base + "&working_days=-1", "working_days"},
        {base + "&days=1.5", "days"},
        {base + "&working_hours=9999", "working_hours"},
        {base + "&working_days=5&unit=NO-SUCH", "unit"},
        {base + "&working_days=5&pause=2026-03-04", "pause"},
        {base + "&working_days=5&pause=2026-03-05T09:00:00Z/2026-03-04T09:00:00Z", "pause"},
        {"/api/v1/calendar/deadline?from=2100-03-02T10:00:00Z&working_days=1", "from"},
    };
    for (const auto& [target, word] : bad) {
        const json e = GetJson(target, 400);
        EXPECT_NE(e["error"]["message"].get<std::string>().find(word), std::string::npos)
            << target << ": " << e.dump();
    }
}

TEST_P(CalendarHttpTest, SystemAdminRecordsAndRemovesADecision) {
    const std::string cookie = SignIn("system_admin");
    HttpReply page = Get("/admin/calendar?year=2026", cookie);
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("16/02/2026"), std::string::npos);
    EXPECT_NE(page.body.find("29/12"), std::string::npos) << "16/2/2026 is the 29th of the 12th lunar month";
    EXPECT_NE(page.body.find("Estimate"), std::string::npos) << "National Day 2026 is estimated";
    EXPECT_NE(page.body.find("action=\"/admin/calendar/overrides\""), std::string::npos);

    HttpReply done = PostForm(cookie, "/admin/calendar/overrides",
                              {{"date", "2026-09-01"},
                               {"kind", "holiday"},
                               {"occasion", "national_day"},
                               {"name_vi", "Quốc khánh (ngày liền kề)"},
                               {"document", "Thông báo thử nghiệm"}});
    ASSERT_EQ(done.status, 303) << done.body.substr(0, 500);
    EXPECT_EQ(done.header("location"), "/admin/calendar?year=2026&done=override_saved");
    page = Get(done.header("location"), cookie);
    EXPECT_NE(page.body.find("The decision has been saved."), std::string::npos);
    const json days = json::parse(Get("/api/v1/calendar/holidays?year=2026").body);
    for (const auto& d : days) {
        if (d["date"] == "2026-09-01") {
            EXPECT_EQ(d["basis"], "decision");
        }
    }

    // Errors: 422, the summary links to the fields.
    const HttpReply invalid =
        PostForm(cookie, "/admin/calendar/overrides",
                 {{"date", "2026-02-30"}, {"kind", "swap-work"}, {"occasion", ""}, {"name_vi", ""}});
    EXPECT_EQ(invalid.status, 422);
    EXPECT_NE(invalid.body.find("href=\"#override-date\""), std::string::npos);
    EXPECT_NE(invalid.body.find("href=\"#occasion\""), std::string::npos);
    const HttpReply weekday =
        PostForm(cookie, "/admin/calendar/overrides",
                 {{"date", "2026-03-02"}, {"kind", "swap-work"}, {"occasion", "other"}, {"name_vi", "x"}});
    EXPECT_EQ(weekday.status, 422);
    EXPECT_NE(weekday.body.find("must be a Saturday or a Sunday"), std::string::npos);

    done = PostForm(cookie, "/admin/calendar/overrides/remove", {{"date", "2026-09-01"}});
    EXPECT_EQ(done.status, 303);
    // Without the CSRF token: 403, nothing removed.
    const HttpReply forged =
        Fetch(port_, "POST", "/admin/calendar/overrides/remove", FormEncode({{"date", "2026-02-16"}}),
              {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookie}});
    EXPECT_EQ(forged.status, 403);
    EXPECT_NE(Get("/api/v1/calendar/holidays?year=2026").body.find("2026-02-16"), std::string::npos);
}

TEST_P(CalendarHttpTest, UnitAdminSetsOfficeHoursOfTheirOwnUnitsOnly) {
    const std::string cookie = SignIn("unit_admin");  // unit_admin of phường Quảng Trị (19360)
    HttpReply page = Get("/admin/calendar?year=2026", cookie);
    ASSERT_EQ(page.status, 200);
    EXPECT_EQ(page.body.find("action=\"/admin/calendar/overrides\""), std::string::npos)
        << "decisions are national: no form for a unit admin";
    EXPECT_EQ(
        PostForm(
            cookie, "/admin/calendar/overrides",
            {{"date", "2026-09-01"}, {"kind", "holiday"}, {"occasion", "national_day"}, {"name_vi", "x"}})
            .status,
        403);

    const std::map<std::string, std::string> hours = {{"unit", "19360-TTPVHCC"},
                                                      {"valid_from", "2026-01-01"},
                                                      {"hours_mon", "07:00-11:30,13:30-17:00"},
                                                      {"hours_tue", "07:00-11:30,13:30-17:00"},
                                                      {"hours_wed", "07:00-11:30,13:30-17:00"},
                                                      {"hours_thu", "07:00-11:30,13:30-17:00"},
                                                      {"hours_fri", "07:00-11:30,13:30-17:00"},
                                                      {"hours_sat", "07:30-11:30"},
                                                      {"year", "2026"}};
    HttpReply done = PostForm(cookie, "/admin/calendar/office-hours", hours);
    ASSERT_EQ(done.status, 303) << done.body.substr(0, 800);
    // Now the centre works on Saturday mornings: Friday 6/3 16:00 + 1 working day → Saturday 11:00 (7/8
    // of Friday's 8 hours had passed; 7/8 of Saturday's 4 hours after 07:30).
    EXPECT_EQ(
        GetJson(
            "/api/v1/calendar/deadline?from=2026-03-06T16:00:00%2B07:00&working_days=1&unit=19360-TTPVHCC")
            ["due"],
        "2026-03-07T11:00:00+07:00");
    page = Get("/admin/calendar?year=2026", cookie);
    EXPECT_NE(page.body.find("07:30-11:30"), std::string::npos);

    // The province is above this admin's unit: refused.
    auto province = hours;
    province["unit"] = "tinh-quang-tri";
    EXPECT_EQ(PostForm(cookie, "/admin/calendar/office-hours", province).status, 403);
    // Bad periods: 422 naming the day.
    auto wrong = hours;
    wrong["hours_tue"] = "13:30-11:30";
    const HttpReply invalid = PostForm(cookie, "/admin/calendar/office-hours", wrong);
    EXPECT_EQ(invalid.status, 422);
    EXPECT_NE(invalid.body.find("href=\"#hours-tue\""), std::string::npos);
}

TEST_P(CalendarHttpTest, ThePageIsForAdministratorsOnly) {
    EXPECT_EQ(Get("/admin/calendar").status, 401);
    EXPECT_EQ(Get("/admin/calendar", SignIn("onestop_officer")).status, 403);
    const HttpReply bad_year = Get("/admin/calendar?year=20x6", SignIn("system_admin"));
    EXPECT_EQ(bad_year.status, 422);
}

INSTANTIATE_TEST_SUITE_P(Engines, CalendarHttpTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
