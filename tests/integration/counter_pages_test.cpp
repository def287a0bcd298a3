// The one-stop counter through its pages, on both databases (issue 6): an officer records a walk-in
// application with a scanned component, accepts it (appointment and Mẫu 01), and a second officer acting
// on the old page gets "changed by someone else"; field errors come back with 422 next to the fields; an
// infected scan (EICAR, with the private clamd of `make test`) is refused and nothing is created;
// citizens cannot open the counter; the staff list finds the dossier without accents.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <cstdlib>
#include <fstream>
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
#include "support/web_session.hpp"

namespace mocua {
namespace {

using ::mocua::testing::Fetch;
using ::mocua::testing::FormFieldValue;
using ::mocua::testing::HttpReply;
using ::mocua::testing::TestDatabase;

constexpr const char* kProcedure = "1.000656";  // đăng ký khai tử (death registration), demo catalogue

std::string Eicar() {  // assembled from pieces so this file is not flagged by a scanner itself
    std::string s = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$";
    s += "EICAR-STANDARD-ANTIVIRUS-";
    s += "TEST-FILE!$H+H*";
    return s;
}

std::string SamplePdf() {
    std::ifstream in(
        std::string(MOCUA_SOURCE_DIR) + "/tests/data/catalogue/forms/to-khai-dang-ky-khai-sinh.pdf",
        std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct FilePart {
    std::string name, filename, content;
};

std::string Multipart(const std::map<std::string, std::string>& fields, const std::vector<FilePart>& files,
                      const std::string& boundary) {
    std::string body;
    for (const auto& [k, v] : fields) {
        body +=
            "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
    }
    for (const auto& f : files) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.name + "\"; filename=\"" +
                f.filename + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + f.content + "\r\n";
    }
    return body + "--" + boundary + "--\r\n";
}

class CounterPagesTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) GTEST_SKIP();
        if (::mocua::testing::ClamdSocket().empty()) {
            if (!IsSkipped()) GTEST_FAIL() << "no clamd";  // SetUp must stop the test, not only mark it
            return;
        }
        tdb_ = std::make_unique<TestDatabase>(GetParam(), /*migrate=*/true);
        config_ = ::mocua::testing::InProcessAppConfig(*tdb_);
        app_ = std::make_unique<app::App>(config_);
        auto started = app_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        port_ = app_->port();
        auto seeded = app::SeedDemo(app_->database(), clock_);
        ASSERT_TRUE(seeded.ok()) << seeded.error().message;
        officer_ = SignIn("onestop-officer");
    }

    std::string SignIn(const std::string& who) {
        const auto s = ::mocua::testing::SignInThroughPages(port_, who + "@phuongquangtri.example",
                                                            "demo-" + who + "-quangtri");
        return s.Cookies() + "; mocua_lang=en";
    }

    std::string WardId() {
        db::Connection c = app_->database().Acquire();
        long long id = 0;
        c.sql() << "SELECT id FROM org_units WHERE code = '19360' AND valid_to IS NULL", soci::into(id);
        return std::to_string(id);
    }

    int Dossiers() {
        db::Connection c = app_->database().Acquire();
        int n = 0;
        c.sql() << "SELECT COUNT(*) FROM dossiers", soci::into(n);
        return n;
    }

    // A complete walk-in application for kProcedure; tests change pieces of it.
    std::map<std::string, std::string> Application() {
        return {{"procedure", kProcedure},
                {"channel", "1"},
                {"competent", WardId()},
                {"applicant_kind", "citizen"},
                {"applicant_name", "Nguyễn Thị Lành"},
                {"applicant_id_number", "045190001234"},
                {"applicant_address", "12 Trần Hưng Đạo, phường Quảng Trị"},
                {"applicant_phone", "0912345678"},
                {"applicant_email", ""},
                {"answer.deceased_name", "Nguyễn Văn Tâm"},
                {"answer.deceased_birth_date", "1940-03-02"},
                {"answer.deceased_sex", "male"},
                {"answer.deceased_residence", "phường Quảng Trị"},
                {"answer.death_date", "2026-11-20"},
                {"answer.death_place", "Bệnh viện đa khoa tỉnh"},
                {"answer.declarant_name", "Nguyễn Thị Lành"},
                {"answer.declarant_cccd", "045190001234"},
                {"answer.declarant_relation", "child"},
                {"answer.declarant_phone", "0912345678"},
                {"handed_1", "original"},
                {"quantity_1", "1"},
                {"handed_2", "copy"},
                {"quantity_2", "1"},
                {"handed_3", "none"},
                {"quantity_3", "1"},
                {"handed_4", "none"},
                {"quantity_4", "1"},
                {"sets", "1"},
                {"result_delivery", "counter"}};
    }

    HttpReply PostApplication(std::map<std::string, std::string> fields, const std::vector<FilePart>& files) {
        const HttpReply page = Fetch(port_, "GET", std::string("/counter/new?procedure=") + kProcedure, "",
                                     {{"Cookie", officer_}});
        EXPECT_EQ(page.status, 200) << page.body;
        fields["csrf_token"] = FormFieldValue(page.body, "csrf_token");
        return Fetch(port_, "POST", "/counter/new", Multipart(fields, files, "XyZzy42"),
                     {{"Content-Type", "multipart/form-data; boundary=XyZzy42"}, {"Cookie", officer_}});
    }

    HttpReply PostForm(const std::string& cookies, const std::string& page, const std::string& action,
                       std::map<std::string, std::string> fields) {
        const HttpReply form = Fetch(port_, "GET", page, "", {{"Cookie", cookies}});
        EXPECT_EQ(form.status, 200) << page;
        fields["csrf_token"] = FormFieldValue(form.body, "csrf_token");
        return Fetch(port_, "POST", action, ::mocua::testing::FormEncode(fields),
                     {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookies}});
    }

    std::unique_ptr<TestDatabase> tdb_;
    config::Config config_;
    core::SystemClock clock_;
    std::unique_ptr<app::App> app_;
    std::uint16_t port_ = 0;
    std::string officer_;
};

TEST_P(CounterPagesTest, WalkInIsRecordedWithItsScanThenAcceptedWithAnAppointment) {
    const HttpReply queue = Fetch(port_, "GET", "/counter", "", {{"Cookie", officer_}});
    ASSERT_EQ(queue.status, 200);
    EXPECT_NE(queue.body.find("id=\"queue-empty\""), std::string::npos);

    const HttpReply created = PostApplication(Application(), {{"scan_2", "giay-bao-tu.pdf", SamplePdf()}});
    ASSERT_EQ(created.status, 303) << created.body.substr(0, 3000);
    const std::string location = created.header("location");
    std::smatch m;
    // The demo centre's own pattern (data, app::kDemoCodePattern): its identifier, YYMMDD, the ordinal.
    ASSERT_TRUE(
        std::regex_match(location, m, std::regex("/counter/dossiers/(000\\.00\\.19\\.H48-\\d{6}-0001)")))
        << location;
    const std::string code = m[1];

    HttpReply page = Fetch(port_, "GET", location, "", {{"Cookie", officer_}});
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Nguyễn Thị Lành"), std::string::npos);
    EXPECT_NE(page.body.find("giay-bao-tu.pdf"), std::string::npos);
    EXPECT_NE(page.body.find("Digitised"), std::string::npos);
    EXPECT_NE(page.body.find("Submitted"), std::string::npos);  // state 1 in English
    // It waits in the queue.
    EXPECT_NE(Fetch(port_, "GET", "/counter", "", {{"Cookie", officer_}}).body.find(code), std::string::npos);

    const std::string before = page.body;  // what a second officer still has on screen
    const HttpReply accepted = PostForm(officer_, location, location + "/accept", {{"version", "1"}});
    ASSERT_EQ(accepted.status, 303) << accepted.body;
    page = Fetch(port_, "GET", location, "", {{"Cookie", officer_}});
    EXPECT_NE(page.body.find("id=\"appointment\""), std::string::npos);
    EXPECT_NE(page.body.find("/dossiers/" + code + "/forms/01"), std::string::npos);
    EXPECT_EQ(page.body.find("action=\"" + location + "/accept\""), std::string::npos);  // decided

    // A second officer who loaded the page before the decision: told, nothing changes.
    const HttpReply late =
        Fetch(port_, "POST", location + "/accept",
              ::mocua::testing::FormEncode(
                  {{"version", "1"}, {"csrf_token", FormFieldValue(before, "csrf_token")}}),
              {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", officer_}});
    EXPECT_EQ(late.status, 409);
    EXPECT_NE(late.body.find("Someone else has just changed this dossier"), std::string::npos);
    EXPECT_EQ(Dossiers(), 1);

    // The staff list finds it by the applicant's name typed without accents.
    const HttpReply list = Fetch(port_, "GET", "/dossiers?q=nguyen+thi+lanh", "", {{"Cookie", officer_}});
    ASSERT_EQ(list.status, 200);
    EXPECT_NE(list.body.find(code), std::string::npos);
    EXPECT_EQ(Fetch(port_, "GET", "/dossiers?q=tran+van", "", {{"Cookie", officer_}}).body.find(code),
              std::string::npos);
}

TEST_P(CounterPagesTest, FieldErrorsComeBackNextToTheFieldsAndNothingIsCreated) {
    auto fields = Application();
    fields["applicant_name"] = "";
    fields["applicant_phone"] = "12";
    fields.erase("answer.deceased_name");
    const HttpReply r = PostApplication(fields, {});
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("href=\"#applicant-name\""), std::string::npos);
    EXPECT_NE(r.body.find("href=\"#applicant-phone\""), std::string::npos);
    EXPECT_NE(r.body.find("href=\"#answer-deceased_name\""), std::string::npos);
    // What was typed is kept.
    EXPECT_NE(r.body.find("12 Trần Hưng Đạo"), std::string::npos);
    EXPECT_EQ(Dossiers(), 0);
}

TEST_P(CounterPagesTest, AnInfectedScanIsRefusedWithAMessageAndNothingIsCreated) {
    const HttpReply r = PostApplication(Application(), {{"scan_2", "scan.pdf", Eicar()}});
    EXPECT_EQ(r.status, 422);
    // EICAR is not a PDF: the type check refuses it before the scanner; as a "PDF" prefix it is scanned.
    const HttpReply infected =
        PostApplication(Application(), {{"scan_2", "scan.pdf", "%PDF-1.4\n" + Eicar() + "\n%%EOF\n"}});
    EXPECT_EQ(infected.status, 422);
    EXPECT_NE(infected.body.find("contains malware"), std::string::npos);
    EXPECT_EQ(Dossiers(), 0);
    db::Connection c = app_->database().Acquire();
    int audited = 0;
    c.sql() << "SELECT COUNT(*) FROM audit_log WHERE action = 'dossier.upload.infected'", soci::into(audited);
    EXPECT_EQ(audited, 1);
}

TEST_P(CounterPagesTest, CitizensCannotOpenTheCounter) {
    const std::string citizen = SignIn("citizen");
    EXPECT_EQ(Fetch(port_, "GET", "/counter", "", {{"Cookie", citizen}}).status, 403);
    EXPECT_EQ(Fetch(port_, "GET", "/dossiers", "", {{"Cookie", citizen}}).status, 403);
}

INSTANTIATE_TEST_SUITE_P(Engines, CounterPagesTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
