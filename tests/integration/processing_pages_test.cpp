// Processing through the staff pages, on both databases (issue 7): a walk-in accepted at the counter is
// handed over to a department, appears in that department specialist's work queue (and nobody else's
// there), goes on to the leader, who approves it, and the one-stop officer returns the result; the
// processing record (Mẫu 06) prints with the steps; a stale page's action is refused with 409; the
// register (Mẫu 07) of the one-stop centre, from its page and the API.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>

#include "app/app.hpp"
#include "app/seed_demo.hpp"
#include "core/clock.hpp"
#include "db/database.hpp"
#include "domain/calendar/dates.hpp"
#include "support/app_config.hpp"
#include "support/http_client.hpp"
#include "support/pdf_tools.hpp"
#include "support/test_database.hpp"
#include "support/web_session.hpp"

namespace mocua {
namespace {

using ::mocua::testing::Fetch;
using ::mocua::testing::FormEncode;
using ::mocua::testing::FormFieldValue;
using ::mocua::testing::HttpReply;
using ::mocua::testing::TestDatabase;

class ProcessingPagesTest : public ::testing::TestWithParam<db::Engine> {
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
        officer_ = SignIn("onestop-officer");
        specialist_ = SignIn("specialist");
        leader_ = SignIn("leader");
    }

    std::string SignIn(const std::string& who) {
        const auto s = ::mocua::testing::SignInThroughPages(port_, who + "@phuongquangtri.example",
                                                            "demo-" + who + "-quangtri");
        return s.Cookies() + "; mocua_lang=en";
    }

    std::string UnitId(const std::string& code) {
        db::Connection c = app_->database().Acquire();
        long long id = 0;
        c.sql() << "SELECT id FROM org_units WHERE code = :c AND valid_to IS NULL", soci::use(code, "c"), soci::into(id);
        return std::to_string(id);
    }

    HttpReply Post(const std::string& cookies, const std::string& page, const std::string& action,
                   std::map<std::string, std::string> fields) {
        const HttpReply form = Fetch(port_, "GET", page, "", {{"Cookie", cookies}});
        EXPECT_EQ(form.status, 200) << page;
        fields["csrf_token"] = FormFieldValue(form.body, "csrf_token");
        if (!fields.count("version")) fields["version"] = FormFieldValue(form.body, "version");
        return Fetch(port_, "POST", action, FormEncode(fields),
                     {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookies}});
    }

    // A walk-in death registration (demo procedure 1.000656), recorded and accepted at the counter.
    std::string AcceptedWalkIn() {
        std::map<std::string, std::string> f = {
            {"procedure", "1.000656"}, {"channel", "1"}, {"competent", UnitId("19360")},
            {"applicant_kind", "citizen"}, {"applicant_name", "Nguyễn Thị Lành"},
            {"applicant_id_number", "045190001234"}, {"applicant_address", "12 Trần Hưng Đạo"},
            {"applicant_phone", "0912345678"}, {"answer.deceased_name", "Nguyễn Văn Tâm"},
            {"answer.deceased_birth_date", "1940-03-02"}, {"answer.deceased_sex", "male"},
            {"answer.deceased_residence", "phường Quảng Trị"}, {"answer.death_date", "2026-11-20"},
            {"answer.death_place", "Bệnh viện đa khoa tỉnh"}, {"answer.declarant_name", "Nguyễn Thị Lành"},
            {"answer.declarant_cccd", "045190001234"}, {"answer.declarant_relation", "child"},
            {"answer.declarant_phone", "0912345678"}, {"handed_1", "original"}, {"quantity_1", "1"},
            {"handed_2", "copy"}, {"quantity_2", "1"}, {"handed_3", "none"}, {"quantity_3", "1"},
            {"handed_4", "none"}, {"quantity_4", "1"}, {"sets", "1"}, {"result_delivery", "counter"}};
        const HttpReply created = Post(officer_, "/counter/new?procedure=1.000656", "/counter/new", f);
        EXPECT_EQ(created.status, 303) << created.body.substr(0, 2000);
        const std::string location = created.header("location");
        const std::string code = location.substr(location.rfind('/') + 1);
        EXPECT_EQ(Post(officer_, location, location + "/accept", {}).status, 303);
        return code;
    }

    std::unique_ptr<TestDatabase> tdb_;
    config::Config config_;
    core::SystemClock clock_;
    std::unique_ptr<app::App> app_;
    std::uint16_t port_ = 0;
    std::string officer_, specialist_, leader_;
};

TEST_P(ProcessingPagesTest, ADossierGoesThroughItsStepsToTheApplicant) {
    const std::string code = AcceptedWalkIn();
    const std::string page = "/work/dossiers/" + code;
    // The officer hands it to the specialist's department (the default workflow's first step).
    HttpReply r = Post(officer_, page, page + "/hand-over",
                       {{"step", "process"}, {"unit", UnitId("19360-KTHTDT")}, {"note", "Chuyển phòng chuyên môn"}});
    ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
    EXPECT_NE(Fetch(port_, "GET", "/work", "", {{"Cookie", specialist_}}).body.find(code), std::string::npos);
    EXPECT_EQ(Fetch(port_, "GET", "/work", "", {{"Cookie", leader_}}).body.find(code), std::string::npos);
    // The leader cannot act on the specialist's step.
    r = Post(leader_, page, page + "/hand-over", {{"step", "approve"}, {"unit", UnitId("19360")}});
    EXPECT_EQ(r.status, 403);

    r = Post(specialist_, page, page + "/hand-over", {{"step", "approve"}, {"unit", UnitId("19360")}});
    ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
    EXPECT_NE(Fetch(port_, "GET", "/work", "", {{"Cookie", leader_}}).body.find(code), std::string::npos);
    // The leader stores the result file; it is signed for them.
    {
        std::ifstream in(std::string(MOCUA_SOURCE_DIR) + "/tests/data/catalogue/forms/to-khai-dang-ky-khai-sinh.pdf",
                         std::ios::binary);
        const std::string pdf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const HttpReply form = Fetch(port_, "GET", page, "", {{"Cookie", leader_}});
        const std::string body = "--B7\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" +
                                 FormFieldValue(form.body, "csrf_token") +
                                 "\r\n--B7\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n" +
                                 FormFieldValue(form.body, "version") +
                                 "\r\n--B7\r\nContent-Disposition: form-data; name=\"result\"; filename=\"ket-qua.pdf\"\r\n"
                                 "Content-Type: application/pdf\r\n\r\n" + pdf + "\r\n--B7--\r\n";
        r = Fetch(port_, "POST", page + "/result", body,
                  {{"Content-Type", "multipart/form-data; boundary=B7"}, {"Cookie", leader_}});
        ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
        const HttpReply shown = Fetch(port_, "GET", page, "", {{"Cookie", leader_}});
        EXPECT_NE(shown.body.find("Signed: Hoàng Văn Dũng"), std::string::npos);
        const HttpReply file = Fetch(port_, "GET", page + "/result", "", {{"Cookie", leader_}});
        ASSERT_EQ(file.status, 200);
        EXPECT_EQ(file.body, pdf);
        EXPECT_EQ(file.header("x-content-type-options"), "nosniff");
    }
    r = Post(leader_, page, page + "/approve", {{"note", "Đồng ý"}});
    ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
    HttpReply shown = Fetch(port_, "GET", page, "", {{"Cookie", officer_}});
    EXPECT_NE(shown.body.find("Resolved"), std::string::npos);
    r = Post(officer_, page, page + "/return", {{"channel", "counter"}});
    ASSERT_EQ(r.status, 303) << r.body.substr(0, 3000);
    shown = Fetch(port_, "GET", page, "", {{"Cookie", officer_}});
    EXPECT_NE(shown.body.find("Result returned"), std::string::npos);
    // The person who collected it rates the service at the counter, once.
    ASSERT_NE(shown.body.find("action=\"" + page + "/rate\""), std::string::npos);
    r = Post(officer_, page, page + "/rate", {{"three_level", "very_satisfied"}});
    ASSERT_EQ(r.status, 303);
    EXPECT_EQ(Fetch(port_, "GET", page, "", {{"Cookie", officer_}}).body.find("action=\"" + page + "/rate\""),
              std::string::npos);
    {
        db::Connection c = app_->database().Acquire();
        std::string value, channel;
        c.sql() << "SELECT value, channel FROM dossier_ratings", soci::into(value), soci::into(channel);
        EXPECT_EQ(value, "very_satisfied");
        EXPECT_EQ(channel, "counter");
    }

    // Mẫu 06 lists the hand-overs.
    const HttpReply pdf = Fetch(port_, "GET", "/dossiers/" + code + "/forms/06", "", {{"Cookie", officer_}});
    ASSERT_EQ(pdf.status, 200);
    EXPECT_EQ(pdf.header("content-type"), "application/pdf");
    const std::string path = tdb_->dir() + "/mau-06.pdf";
    {
        std::ofstream out(path, std::ios::binary);
        out << pdf.body;
    }
    const std::string text = ::mocua::testing::PdfText(path);
    EXPECT_NE(text.find(code), std::string::npos);
    EXPECT_NE(text.find("Phòng Kinh tế"), std::string::npos) << text;
}

TEST_P(ProcessingPagesTest, AnActionFromAStalePageIsRefusedAndChangesNothing) {
    const std::string code = AcceptedWalkIn();
    const std::string page = "/work/dossiers/" + code;
    const HttpReply before = Fetch(port_, "GET", page, "", {{"Cookie", officer_}});
    ASSERT_EQ(Post(officer_, page, page + "/hand-over", {{"step", "process"}, {"unit", UnitId("19360-KTHTDT")}}).status,
              303);
    // The same form posted again from the old page (its version is the old one).
    const HttpReply stale = Fetch(port_, "POST", page + "/hand-over",
                                  FormEncode({{"csrf_token", FormFieldValue(before.body, "csrf_token")},
                                              {"version", FormFieldValue(before.body, "version")},
                                              {"step", "process"},
                                              {"unit", UnitId("19360-VHXH")}}),
                                  {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", officer_}});
    EXPECT_EQ(stale.status, 409);
    EXPECT_NE(stale.body.find("Someone else has just changed this dossier"), std::string::npos);
    db::Connection c = app_->database().Acquire();
    int steps = 0;
    c.sql() << "SELECT COUNT(*) FROM dossier_steps", soci::into(steps);
    EXPECT_EQ(steps, 1);
}

TEST_P(ProcessingPagesTest, TheRegisterOfTheCentreListsTodaysDossierAsPdfAndSpreadsheet) {
    const std::string code = AcceptedWalkIn();
    const std::string today = domain::calendar::FormatDate(domain::calendar::ToVietnam(clock_.Now()).date);

    // The form offers the officer's receiving unit.
    const HttpReply form = Fetch(port_, "GET", "/work/register", "", {{"Cookie", officer_}});
    ASSERT_EQ(form.status, 200);
    EXPECT_NE(form.body.find("value=\"19360-TTPVHCC\""), std::string::npos);

    // A period the wrong way round: the form again, with the problem named at the start date.
    const HttpReply wrong = Fetch(port_, "GET", "/work/register?unit=19360-TTPVHCC&from=" + today + "&to=2020-01-01&format=pdf",
                                  "", {{"Cookie", officer_}});
    EXPECT_EQ(wrong.status, 422);
    EXPECT_NE(wrong.body.find("href=\"#from\""), std::string::npos);
    EXPECT_NE(wrong.body.find("the start not after the end"), std::string::npos);

    // Today's book as PDF lists the dossier accepted today.
    const HttpReply pdf = Fetch(port_, "GET", "/work/register?unit=19360-TTPVHCC&from=" + today + "&to=" + today + "&format=pdf",
                                "", {{"Cookie", officer_}});
    ASSERT_EQ(pdf.status, 200);
    EXPECT_EQ(pdf.header("content-type"), "application/pdf");
    if (!::mocua::testing::MissingPdfTool().empty()) GTEST_SKIP() << ::mocua::testing::MissingPdfTool();
    const std::string path = tdb_->dir() + "/mau-07.pdf";
    {
        std::ofstream out(path, std::ios::binary);
        out << pdf.body;
    }
    const std::string text = ::mocua::testing::PdfText(path);
    EXPECT_NE(text.find("SỔ THEO DÕI HỒ SƠ"), std::string::npos) << text.substr(0, 500);
    EXPECT_NE(text.find(code), std::string::npos);

    // The API gives the same book as a workbook (a ZIP container); someone who cannot read the centre's
    // dossiers, or an unknown unit, gets 404; a bad format 400.
    const std::string api = "/api/v1/registers/07?unit=19360-TTPVHCC&from=" + today + "&to=" + today;
    const HttpReply xlsx = Fetch(port_, "GET", api + "&format=xlsx", "", {{"Cookie", officer_}});
    ASSERT_EQ(xlsx.status, 200);
    EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
    EXPECT_EQ(Fetch(port_, "GET", api, "", {{"Cookie", specialist_}}).status, 404);
    EXPECT_EQ(Fetch(port_, "GET", "/api/v1/registers/07?unit=NO-SUCH&from=" + today + "&to=" + today, "",
                    {{"Cookie", officer_}}).status, 404);
    const HttpReply bad = Fetch(port_, "GET", api + "&format=doc", "", {{"Cookie", officer_}});
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(bad.body.find("register.format"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Engines, ProcessingPagesTest, ::mocua::testing::AllEngines(), ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
