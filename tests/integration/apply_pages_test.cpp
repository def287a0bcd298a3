// The citizen's online application through the pages (issue 6), on both databases: start from the
// procedure page, the applicant page, each e-form page, uploads (multipart, scanned by the private
// clamd), check and submit (twice: one dossier), the confirmation, my dossiers,
// the dossier page and its file for the owner only, the data store reused by a second application,
// and the refusals: validation errors (422), EICAR (422 with the message), a file over the per-file
// limit (413), no scanner (503).
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <cstdlib>
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
using ::mocua::testing::SignInThroughPages;
using ::mocua::testing::TestDatabase;

const std::string kCitizen = "citizen@phuongquangtri.example";
const std::string kCitizenPassword = "demo-citizen-quangtri";
const std::string kBusiness = "business@phuongquangtri.example";
const std::string kBusinessPassword = "demo-business-quangtri";
// Cấp bản sao Trích lục hộ tịch: full online; pages applicant, extract, delivery; component 1 required,
// component 2 (identity papers) optional and reusable.
const std::string kProcedure = "2.000635";

std::string Pdf(const std::string& body = "") {
    return "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
           "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
           "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n" +
           body + "trailer << /Root 1 0 R >>\n%%EOF\n";
}

// The EICAR test file inside a PDF (so the type check passes and the scanner decides), assembled
// from pieces so this source is not flagged itself.
std::string EicarPdf() {
    std::string s = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$";
    s += "EICAR-STANDARD-ANTIVIRUS-";
    s += "TEST-FILE!$H+H*";
    return "%PDF-1.4\n" + s + "\n%%EOF\n";
}

class ApplyPagesTest : public ::testing::TestWithParam<db::Engine> {
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

    std::string SignIn(const std::string& email, const std::string& password) {
        auto s = SignInThroughPages(port_, email, password);
        EXPECT_FALSE(s.session_cookie.empty());
        return s.Cookies() + "; mocua_lang=en";
    }

    HttpReply Get(const std::string& path, const std::string& cookies) {
        return Fetch(port_, "GET", path, "", {{"Cookie", cookies}});
    }

    // Posts `fields` to `action` with the CSRF token of the page at `form_path`.
    HttpReply Post(const std::string& form_path, const std::string& action, const std::string& cookies,
                   std::map<std::string, std::string> fields) {
        const HttpReply page = Get(form_path, cookies);
        EXPECT_EQ(page.status, 200) << form_path;
        fields["csrf_token"] = FormFieldValue(page.body, "csrf_token");
        return Fetch(port_, "POST", action, FormEncode(fields),
                     {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookies}});
    }

    HttpReply Upload(const std::string& path, const std::string& cookies, const std::string& file_name,
                     const std::string& bytes) {
        const HttpReply page = Get(path, cookies);
        EXPECT_EQ(page.status, 200) << path;
        const std::string boundary = "----mocua-test-boundary-7d1";
        std::string body =
            "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" +
            FormFieldValue(page.body, "csrf_token") + "\r\n--" + boundary +
            "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file_name +
            "\"\r\nContent-Type: application/pdf\r\n\r\n" + bytes + "\r\n--" + boundary + "--\r\n";
        return Fetch(port_, "POST", path, body,
                     {{"Content-Type", "multipart/form-data; boundary=" + boundary}, {"Cookie", cookies}});
    }

    // Starts an application from the procedure page; returns "/applications/{id}".
    std::string StartApplication(const std::string& cookies) {
        const std::string page = "/procedures/" + kProcedure;
        const HttpReply r = Post(page, page + "/apply", cookies, {});
        EXPECT_EQ(r.status, 303) << r.body;
        const std::string location = r.header("location");
        EXPECT_TRUE(std::regex_match(location, std::regex("/applications/[0-9]+"))) << location;
        return location;
    }

    // Fills in the applicant page and every e-form page correctly.
    void AnswerEverything(const std::string& base, const std::string& cookies) {
        const HttpReply applicant_page = Get(base + "/applicant", cookies);
        std::smatch m;
        ASSERT_TRUE(std::regex_search(applicant_page.body, m,
                                      std::regex("name=\"unit\" type=\"radio\" value=\"([0-9]+)\"")))
            << applicant_page.body;
        HttpReply r = Post(base + "/applicant", base + "/applicant", cookies,
                           {{"name", "Nguyễn Văn An"},
                            {"id_number", "045095000123"},
                            {"address", "12 Trần Hưng Đạo, phường Quảng Trị"},
                            {"phone", "0912 345 678"},
                            {"email", "an@example.vn"},
                            {"unit", m[1]},
                            {"result_delivery", "online"}});
        ASSERT_EQ(r.status, 303) << r.body;
        EXPECT_EQ(r.header("location"), base + "/questions/applicant");
        r = Post(base + "/questions/applicant", base + "/questions/applicant", cookies,
                 {{"applicant_name", "Nguyễn Văn An"},
                  {"applicant_cccd", "045095000123"},
                  {"applicant_phone", "0912345678"},
                  {"applicant_address", "12 Trần Hưng Đạo"}});
        ASSERT_EQ(r.status, 303) << r.body;
        EXPECT_EQ(r.header("location"), base + "/questions/extract");
        r = Post(base + "/questions/extract", base + "/questions/extract", cookies,
                 {{"extract_kind", "birth"},
                  {"subject_name", "Nguyễn Thị Bình"},
                  {"event_date", "15/07/2020"},
                  {"copies", "2"}});
        ASSERT_EQ(r.status, 303) << r.body;
        r = Post(base + "/questions/delivery", base + "/questions/delivery", cookies,
                 {{"result_delivery", "counter"}});
        ASSERT_EQ(r.status, 303) << r.body;
        EXPECT_EQ(r.header("location"), base + "/documents/1");
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

TEST_P(ApplyPagesTest, ProcedurePageOffersTheOnlineApplication) {
    Start();
    const HttpReply anonymous = Get("/procedures/" + kProcedure + "?lang=en", "");
    EXPECT_EQ(anonymous.status, 200);
    EXPECT_NE(anonymous.body.find("/sign-in?next=/procedures/" + kProcedure), std::string::npos);
    const std::string cookies = SignIn(kCitizen, kCitizenPassword);
    const HttpReply signed_in = Get("/procedures/" + kProcedure, cookies);
    EXPECT_NE(signed_in.body.find("action=\"/procedures/" + kProcedure + "/apply\""), std::string::npos);
    EXPECT_NE(signed_in.body.find("Apply online"), std::string::npos);
}

TEST_P(ApplyPagesTest, WrongAnswersAreShownNextToTheFieldsWith422) {
    Start();
    const std::string cookies = SignIn(kCitizen, kCitizenPassword);
    const std::string base = StartApplication(cookies);
    HttpReply r = Post(base + "/applicant", base + "/applicant", cookies, {{"name", ""}, {"phone", "12"}});
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("govuk-error-summary"), std::string::npos);
    EXPECT_NE(r.body.find("href=\"#applicant-address\""), std::string::npos);
    EXPECT_NE(r.body.find("id=\"applicant-phone-error\""), std::string::npos);
    r = Post(base + "/questions/extract", base + "/questions/extract", cookies,
             {{"extract_kind", "nonsense"}, {"copies", "many"}, {"event_date", "31/02/2020"}});
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("Choose one of the options."), std::string::npos);
    EXPECT_NE(r.body.find("Enter a number, like 2."), std::string::npos);
    EXPECT_NE(r.body.find("Enter a real date"), std::string::npos);
    EXPECT_NE(r.body.find("id=\"field-subject_name-error\""), std::string::npos);
    // Nothing is sent while something is missing: the check page lists it, linking to the page.
    r = Post(base + "/check", base + "/submit", cookies, {});
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("href=\"" + base + "/documents/1#file\""), std::string::npos);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM dossiers"), 0);
    // Someone else's application does not exist for them.
    const std::string other = SignIn(kBusiness, kBusinessPassword);
    EXPECT_EQ(Get(base, other).status, 404);
}

TEST_P(ApplyPagesTest, AFileOverTheLimitGetsTheLimitMessage) {
    config_.intake.max_file_bytes = 1024;
    Start();
    const std::string cookies = SignIn(kCitizen, kCitizenPassword);
    const std::string base = StartApplication(cookies);
    const HttpReply r = Upload(base + "/documents/1", cookies, "big.pdf", Pdf(std::string(2000, 'a') + "\n"));
    EXPECT_EQ(r.status, 413);
    EXPECT_NE(r.body.find("The file is larger than allowed. At most 1 KB."), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("id=\"file-error\""), std::string::npos);
}

TEST_P(ApplyPagesTest, WithoutTheScannerUploadsAreRefusedWith503) {
    config_.scanner.socket = tdb_->dir() + "/no-clamd.sock";  // fail closed
    Start();
    const std::string cookies = SignIn(kCitizen, kCitizenPassword);
    const std::string base = StartApplication(cookies);
    const HttpReply r = Upload(base + "/documents/1", cookies, "to-khai.pdf", Pdf());
    EXPECT_EQ(r.status, 503);
    EXPECT_NE(r.body.find("Uploads cannot be checked for viruses right now"), std::string::npos) << r.body;
    EXPECT_EQ(Get(base + "/documents/1", cookies).body.find("to-khai.pdf"), std::string::npos);
}

TEST_P(ApplyPagesTest, EicarIsRefusedWithAMessage) {
    if (::mocua::testing::ClamdSocket().empty()) return;
    Start();
    const std::string cookies = SignIn(kCitizen, kCitizenPassword);
    const std::string base = StartApplication(cookies);
    const HttpReply r = Upload(base + "/documents/1", cookies, "eicar.pdf", EicarPdf());
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("The file contains malware"), std::string::npos) << r.body;
    EXPECT_EQ(Get(base + "/documents/1", cookies).body.find("eicar.pdf"), std::string::npos);
}

TEST_P(ApplyPagesTest, HappyPathThenReuseFromTheDataStore) {
    if (::mocua::testing::ClamdSocket().empty()) return;
    Start();
    const std::string cookies = SignIn(kCitizen, kCitizenPassword);
    const std::string base = StartApplication(cookies);
    EXPECT_EQ(Get("/applications", cookies).body.find(base) != std::string::npos, true);
    AnswerEverything(base, cookies);
    const std::string form = Pdf("% application form\n");
    HttpReply r = Upload(base + "/documents/1", cookies, "to-khai.pdf", form);
    ASSERT_EQ(r.status, 303) << r.body;
    EXPECT_NE(Get(base + "/documents/1", cookies).body.find("to-khai.pdf"), std::string::npos);
    r = Upload(base + "/documents/2", cookies, "cccd.pdf", Pdf("% identity card\n"));
    ASSERT_EQ(r.status, 303) << r.body;
    const HttpReply tasks = Get(base, cookies);
    EXPECT_EQ(tasks.status, 200);
    EXPECT_NE(tasks.body.find("Your application is complete."), std::string::npos);

    // Check, then two submits: one dossier, both on the confirmation.
    const HttpReply check = Get(base + "/check", cookies);
    ASSERT_EQ(check.status, 200);
    EXPECT_NE(check.body.find("Nguyễn Thị Bình"), std::string::npos);
    EXPECT_NE(check.body.find("15/07/2020"), std::string::npos);
    const std::string token = FormFieldValue(check.body, "csrf_token");
    const auto submit = [&] {
        return Fetch(port_, "POST", base + "/submit", FormEncode({{"csrf_token", token}}),
                     {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookies}});
    };
    // A double click: the second post answers with the dossier the first created. (Posts racing on
    // two connections are not tested here: on SQLite the second gets "database is locked" at BEGIN
    // IMMEDIATE, a 500; see the report of the apply-pages branch.)
    const HttpReply first = submit();
    const HttpReply second = submit();
    ASSERT_EQ(first.status, 303) << first.body;
    ASSERT_EQ(second.status, 303) << second.body;
    EXPECT_EQ(first.header("location"), second.header("location"));
    EXPECT_EQ(Count("SELECT COUNT(*) FROM dossiers"), 1);
    std::smatch m;
    const std::string location = first.header("location");
    ASSERT_TRUE(std::regex_match(location, m, std::regex("/dossiers/(.+)/submitted")));
    const std::string code = m[1];

    const HttpReply confirmation = Get(location, cookies);
    EXPECT_EQ(confirmation.status, 200);
    EXPECT_NE(confirmation.body.find(code), std::string::npos);
    EXPECT_NE(confirmation.body.find("an@example.vn"), std::string::npos);
    // The draft now leads to the confirmation.
    EXPECT_EQ(Get(base, cookies).header("location"), location);

    const HttpReply mine = Get("/my/dossiers", cookies);
    EXPECT_NE(mine.body.find("/dossiers/" + code), std::string::npos);
    EXPECT_NE(mine.body.find("Submitted"), std::string::npos);
    const HttpReply detail = Get("/dossiers/" + code, cookies);
    EXPECT_EQ(detail.status, 200);
    EXPECT_NE(detail.body.find("/dossiers/" + code + "/files/1"), std::string::npos);
    const HttpReply file = Get("/dossiers/" + code + "/files/1", cookies);
    EXPECT_EQ(file.status, 200);
    EXPECT_EQ(file.body, form);
    EXPECT_EQ(file.header("x-content-type-options"), "nosniff");
    EXPECT_NE(file.header("cache-control").find("no-store"), std::string::npos);
    EXPECT_NE(file.header("content-disposition").find("attachment"), std::string::npos);
    const std::string other = SignIn(kBusiness, kBusinessPassword);
    EXPECT_EQ(Get("/dossiers/" + code, other).status, 404);
    EXPECT_EQ(Get("/dossiers/" + code + "/files/1", other).status, 404);
    EXPECT_EQ(Get("/dossiers/" + code + "/forms/01", cookies).status, 404);  // not accepted yet

    // The identity papers went to the data store; a second application uses them again.
    const HttpReply store = Get("/my/data-store", cookies);
    ASSERT_TRUE(std::regex_search(store.body, m, std::regex("/my/data-store/([0-9]+)/file")));
    const std::string item = m[1];
    EXPECT_EQ(Get("/my/data-store/" + item + "/file", cookies).status, 200);
    EXPECT_EQ(Get("/my/data-store/" + item + "/file", other).status, 404);
    const std::string again = StartApplication(cookies);
    ASSERT_NE(again, base);
    r = Post(again + "/documents/2", again + "/documents/2/reuse", cookies, {{"item", item}});
    ASSERT_EQ(r.status, 303) << r.body;
    const HttpReply reused = Get(again + "/documents/2", cookies);
    EXPECT_NE(reused.body.find("cccd.pdf"), std::string::npos);
    EXPECT_NE(reused.body.find("Reused"), std::string::npos);
    AnswerEverything(again, cookies);
    ASSERT_EQ(Upload(again + "/documents/1", cookies, "to-khai-2.pdf", form).status, 303);
    r = Post(again + "/check", again + "/submit", cookies, {});
    ASSERT_EQ(r.status, 303) << r.body;
    EXPECT_EQ(Count("SELECT COUNT(*) FROM dossier_components WHERE reused = 1"), 1);
    const std::string second_location = r.header("location");
    ASSERT_TRUE(std::regex_match(second_location, m, std::regex("/dossiers/(.+)/submitted")));
    EXPECT_NE(Get("/dossiers/" + std::string(m[1]), cookies).body.find("Reused"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Engines, ApplyPagesTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
