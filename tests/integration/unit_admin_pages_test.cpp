// Editing the organisation tree through the admin pages, on both databases (issue 4): adding a unit,
// changing it, recording a merger, with validation messages, audit entries, and the unit-subtree rule
// (the ward's unit admin cannot touch the province; only a system admin adds a top-level unit).
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

using ::mocua::testing::Fetch;
using ::mocua::testing::FormEncode;
using ::mocua::testing::FormFieldValue;
using ::mocua::testing::HttpReply;
using ::mocua::testing::TestDatabase;

class UnitAdminPagesTest : public ::testing::TestWithParam<db::Engine> {
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
        unit_admin_ = SignIn("unit-admin");
        system_admin_ = SignIn("system-admin");
    }

    std::string SignIn(const std::string& who) {
        const auto s = ::mocua::testing::SignInThroughPages(port_, who + "@phuongquangtri.example",
                                                            "demo-" + who + "-quangtri");
        return s.Cookies() + "; mocua_lang=en";
    }

    std::int64_t UnitId(const std::string& code, const std::string& date = "2026-01-01") {
        db::Connection c = app_->database().Acquire();
        long long id = 0;
        c.sql()
            << "SELECT id FROM org_units WHERE code = :c AND (valid_from IS NULL OR valid_from <= :d) AND "
               "(valid_to IS NULL OR valid_to >= :d2)",
            soci::into(id), soci::use(code, "c"), soci::use(date, "d"), soci::use(date, "d2");
        return id;
    }

    int Count(const std::string& sql) {
        db::Connection c = app_->database().Acquire();
        int n = 0;
        c.sql() << sql, soci::into(n);
        return n;
    }

    // Posts the form of the page at `page` to `action` with `fields` (and the page's CSRF token).
    HttpReply Post(const std::string& cookies, const std::string& page, const std::string& action,
                   std::map<std::string, std::string> fields) {
        const HttpReply form = Fetch(port_, "GET", page, "", {{"Cookie", cookies}});
        EXPECT_EQ(form.status, 200) << page;
        fields["csrf_token"] = FormFieldValue(form.body, "csrf_token");
        return Fetch(port_, "POST", action, FormEncode(fields),
                     {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookies}});
    }

    std::unique_ptr<TestDatabase> tdb_;
    config::Config config_;
    core::SystemClock clock_;
    std::unique_ptr<app::App> app_;
    std::uint16_t port_ = 0;
    std::string unit_admin_, system_admin_;
};

TEST_P(UnitAdminPagesTest, AUnitAdminAddsAndEditsUnitsOfTheirWard) {
    const int creates_before = Count("SELECT COUNT(*) FROM audit_log WHERE action = 'unit.create'");
    const HttpReply added = Post(unit_admin_, "/admin/units/new", "/admin/units/new",
                                 {{"code", "19360-QS"},
                                  {"type", "other_agency"},
                                  {"name_vi", "Ban Chỉ huy Quân sự phường"},
                                  {"name_en", "Ward Military Command"},
                                  {"parent", "19360"},
                                  {"valid_from", "2025-07-01"}});
    ASSERT_EQ(added.status, 303) << added.body.substr(0, 800);
    const std::int64_t id = UnitId("19360-QS");
    ASSERT_GT(id, 0);
    EXPECT_EQ(added.header("location"), "/admin/units/" + std::to_string(id));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'unit.create'"), creates_before + 1);

    // It shows in today's tree, with a link to its page.
    const HttpReply tree = Fetch(port_, "GET", "/admin/units?date=2026-01-01", "", {{"Cookie", unit_admin_}});
    EXPECT_NE(tree.body.find("href=\"/admin/units/" + std::to_string(id) + "\">Ward Military Command<"),
              std::string::npos);

    const std::string page = "/admin/units/" + std::to_string(id);
    const int updates_before = Count("SELECT COUNT(*) FROM audit_log WHERE action = 'unit.update'");
    const HttpReply renamed = Post(unit_admin_, page, page,
                                   {{"name_vi", "Ban Chỉ huy Quân sự phường Quảng Trị"},
                                    {"name_en", "Quang Tri Ward Military Command"},
                                    {"parent", "19360"},
                                    {"valid_from", "2025-07-01"}});
    EXPECT_EQ(renamed.status, 303) << renamed.body.substr(0, 800);
    const HttpReply shown = Fetch(port_, "GET", page, "", {{"Cookie", unit_admin_}});
    EXPECT_NE(shown.body.find("Quang Tri Ward Military Command"), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'unit.update'"), updates_before + 1);
}

TEST_P(UnitAdminPagesTest, MistakesGetAMessageNextToTheField) {
    const int unit_events = Count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'unit.%'");
    const HttpReply empty = Post(unit_admin_, "/admin/units/new", "/admin/units/new", {{"parent", "19360"}});
    EXPECT_EQ(empty.status, 422);
    EXPECT_NE(empty.body.find("Enter a unit code"), std::string::npos);
    EXPECT_NE(empty.body.find("Select the type of unit"), std::string::npos);
    EXPECT_NE(empty.body.find("Enter the unit&apos;s name in Vietnamese"), std::string::npos) << empty.body;

    const HttpReply period = Post(unit_admin_, "/admin/units/new", "/admin/units/new",
                                  {{"code", "19360-X"},
                                   {"type", "department"},
                                   {"name_vi", "Phòng thử"},
                                   {"parent", "19360"},
                                   {"valid_from", "2026-01-01"},
                                   {"valid_to", "2025-12-31"}});
    EXPECT_EQ(period.status, 422);
    EXPECT_NE(period.body.find("The last day must be on or after the first day"), std::string::npos);

    const HttpReply taken =
        Post(unit_admin_, "/admin/units/new", "/admin/units/new",
             {{"code", "19360-VP"}, {"type", "department"}, {"name_vi", "Trùng mã"}, {"parent", "19360"}});
    EXPECT_EQ(taken.status, 422);
    EXPECT_NE(taken.body.find("already used by another unit"), std::string::npos);

    const HttpReply no_parent =
        Post(unit_admin_, "/admin/units/new", "/admin/units/new",
             {{"code", "19360-Y"}, {"type", "department"}, {"name_vi", "Phòng Y"}, {"parent", "99999"}});
    EXPECT_EQ(no_parent.status, 422);
    EXPECT_NE(no_parent.body.find("No parent unit with this code"), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'unit.%'"), unit_events);
}

TEST_P(UnitAdminPagesTest, AWardUnitAdminCannotTouchTheProvince) {
    const std::string province = "/admin/units/" + std::to_string(UnitId("tinh-quang-tri"));
    EXPECT_EQ(Fetch(port_, "GET", province, "", {{"Cookie", unit_admin_}}).status, 403);
    // The system admin may open it; a POST by the unit admin with a valid token is refused too.
    const HttpReply form = Fetch(port_, "GET", province, "", {{"Cookie", system_admin_}});
    ASSERT_EQ(form.status, 200);
    const HttpReply ward_form = Fetch(port_, "GET", "/admin/units/new", "", {{"Cookie", unit_admin_}});
    const std::string token = FormFieldValue(ward_form.body, "csrf_token");
    const HttpReply refused =
        Fetch(port_, "POST", province, FormEncode({{"csrf_token", token}, {"name_vi", "Tỉnh khác"}}),
              {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", unit_admin_}});
    EXPECT_EQ(refused.status, 403);
    // Adding under the province or at the top: refused for the ward's unit admin, allowed for the system
    // admin.
    const std::map<std::string, std::string> under_province{{"code", "tinh-qt-sxd"},
                                                            {"type", "department"},
                                                            {"name_vi", "Sở Xây dựng"},
                                                            {"parent", "tinh-quang-tri"}};
    EXPECT_EQ(Post(unit_admin_, "/admin/units/new", "/admin/units/new", under_province).status, 403);
    const std::map<std::string, std::string> top{
        {"code", "tinh-hue"}, {"type", "province"}, {"name_vi", "Thành phố Huế"}};
    EXPECT_EQ(Post(unit_admin_, "/admin/units/new", "/admin/units/new", top).status, 403);
    EXPECT_EQ(Post(system_admin_, "/admin/units/new", "/admin/units/new", top).status, 303);
    EXPECT_EQ(Post(system_admin_, "/admin/units/new", "/admin/units/new", under_province).status, 303);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM org_units WHERE name_vi = 'Tỉnh khác'"), 0);
}

TEST_P(UnitAdminPagesTest, AMergerIsRecordedAndShownOnBothUnits) {
    // An old section of the town, ended on 30/06/2025, taken over by the ward from 01/07/2025.
    ASSERT_EQ(Post(unit_admin_, "/admin/units/new", "/admin/units/new",
                   {{"code", "462-NV"},
                    {"type", "department"},
                    {"name_vi", "Phòng Nội vụ"},
                    {"parent", "462"},
                    {"valid_from", "2022-01-01"},
                    {"valid_to", "2025-06-30"}})
                  .status,
              303);
    const std::int64_t old_id = UnitId("462-NV", "2024-01-01");
    ASSERT_GT(old_id, 0);
    const std::string page = "/admin/units/" + std::to_string(old_id);
    const std::string action = page + "/succession";
    const int successions_before = Count("SELECT COUNT(*) FROM audit_log WHERE action = 'unit.succession'");
    // The successor must exist on the effective date (the ward's office starts on 01/07/2025).
    const HttpReply early =
        Post(unit_admin_, page, action, {{"successor", "19360-VP"}, {"effective_on", "2025-06-01"}});
    EXPECT_EQ(early.status, 422);
    EXPECT_NE(early.body.find("No unit with this code is valid on the effective date"), std::string::npos);
    // Not while the old unit is still valid (it ends on 30/06/2025).
    const HttpReply overlap =
        Post(unit_admin_, page, action, {{"successor", "462"}, {"effective_on", "2025-06-15"}});
    EXPECT_EQ(overlap.status, 422);
    EXPECT_NE(overlap.body.find("This cannot be recorded"), std::string::npos);
    const HttpReply done =
        Post(unit_admin_, page, action, {{"successor", "19360-VP"}, {"effective_on", "2025-07-01"}});
    EXPECT_EQ(done.status, 303) << done.body.substr(0, 800);
    EXPECT_NE(Fetch(port_, "GET", page, "", {{"Cookie", unit_admin_}}).body.find("id=\"successors\""),
              std::string::npos);
    const HttpReply successor = Fetch(port_, "GET", "/admin/units/" + std::to_string(UnitId("19360-VP")), "",
                                      {{"Cookie", unit_admin_}});
    EXPECT_NE(successor.body.find("href=\"" + page + "\">Phòng Nội vụ (462-NV)"), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'unit.succession'"),
              successions_before + 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, UnitAdminPagesTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
