// The applicant pays a dossier's fees through the pages and the sandbox bank, on both engines: the fees
// page with the procedure version's fees, making the payment request, the "pay online" link to the bank,
// paying there, the return page (informational) and the page showing the fees paid; another account
// sees nothing; the return page with a forged result says it cannot be checked.
//
// The demo town (seed-demo); the citizen's dossier of procedure 2.000635 (fee 8,000 VND) is inserted as
// intake would.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include <fstream>
#include <map>

#include "app/app.hpp"
#include "app/sandbox_bank_server.hpp"
#include "app/seed_demo.hpp"
#include "db/database.hpp"
#include "domain/payments/vnpay_protocol.hpp"
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

const std::string kSecret = "PAGESSECRETKEY0123456789ABCDEFGH";
const std::string kMerchant = "MOCUA002";
const std::string kCode = "000.00.00.H48-261127-0042";

std::string PathAndQuery(const std::string& url) {
    auto scheme = url.find("://");
    return url.substr(url.find('/', scheme == std::string::npos ? 0 : scheme + 3));
}

std::string Unescape(std::string s) {
    for (std::size_t p; (p = s.find("&amp;")) != std::string::npos;) s.replace(p, 5, "&");
    return s;
}

// The href of the element with id `id`.
std::string HrefOf(const std::string& html, const std::string& id) {
    auto at = html.find("id=\"" + id + "\"");
    if (at == std::string::npos) return "";
    auto tag = html.rfind('<', at);
    auto href = html.find("href=\"", tag);
    if (href == std::string::npos) return "";
    href += 6;
    return Unescape(html.substr(href, html.find('"', href) - href));
}

class PaymentPagesTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) GTEST_SKIP();
        tdb_ = std::make_unique<::mocua::testing::TestDatabase>(GetParam(), true);
        app::SandboxBankOptions bo;
        bo.merchant_code = kMerchant;
        bo.hash_secret = kSecret;
        auto bank = app::SandboxBankServer::Start(bo, clock_);
        ASSERT_TRUE(bank.ok()) << bank.error().message;
        bank_ = std::move(bank.value());
        auto config = ::mocua::testing::InProcessAppConfig(*tdb_);
        const std::string secret_file = tdb_->dir() + "/secret";
        std::ofstream(secret_file) << kSecret;
        config.payments.enabled = true;
        config.payments.merchant_code = kMerchant;
        config.payments.pay_url =
            "http://127.0.0.1:" + std::to_string(bank_->port()) + "/paymentv2/vpcpay.html";
        config.payments.hash_secret_file = secret_file;
        config.intake.public_url =
            "http://127.0.0.1:9";  // the return page's address; the test follows its path
        app_ = std::make_unique<app::App>(config);
        auto started = app_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        port_ = app_->port();
        bank_->SetIpnUrl("http://127.0.0.1:" + std::to_string(port_) + "/api/v1/payments/vnpay/ipn");
        auto seeded = app::SeedDemo(app_->database(), clock_);
        ASSERT_TRUE(seeded.ok()) << seeded.error().message;
        InsertDossier();
    }
    void TearDown() override {
        if (bank_) bank_->Stop();
        if (app_) app_->Stop();
    }

    void InsertDossier() {
        db::Connection c = app_->database().Acquire();
        long long account = 0, version = 0, unit = 0;
        c.sql() << "SELECT id FROM accounts WHERE email = 'citizen@phuongquangtri.example'",
            soci::into(account);
        c.sql() << "SELECT MAX(id) FROM procedure_versions WHERE procedure_code = '2.000635'",
            soci::into(version);
        c.sql() << "SELECT id FROM org_units WHERE code = '19360-TTPVHCC' AND valid_to IS NULL",
            soci::into(unit);
        ASSERT_GT(unit, 0);
        ASSERT_GT(account, 0);
        ASSERT_GT(version, 0);
        c.sql() << "INSERT INTO dossiers (code, procedure_code, procedure_version_id, applicant_account_id, "
                   "applicant_kind, applicant_name, channel, state, receiving_unit_id, competent_unit_id, "
                   "submitted_at, created_at, updated_at) VALUES (:code, '2.000635', :v, :a, 'citizen', "
                   "'Nguyễn Văn An', 2, 1, :u, :u, '2026-11-27T01:00:00.000Z', '2026-11-27T01:00:00.000Z', "
                   "'2026-11-27T01:00:00.000Z')",
            soci::use(kCode, "code"), soci::use(version, "v"), soci::use(account, "a"), soci::use(unit, "u");
    }

    HttpReply Get(const std::string& path, const std::string& cookies) {
        return Fetch(port_, "GET", path, "", {{"Cookie", cookies}});
    }

    core::SystemClock clock_;
    std::unique_ptr<::mocua::testing::TestDatabase> tdb_;
    std::unique_ptr<app::SandboxBankServer> bank_;
    std::unique_ptr<app::App> app_;
    std::uint16_t port_ = 0;
};

TEST_P(PaymentPagesTest, TheApplicantPaysTheFeesThroughTheSandboxBank) {
    auto citizen = ::mocua::testing::SignInThroughPages(port_, "citizen@phuongquangtri.example",
                                                        "demo-citizen-quangtri");
    const std::string cookies = citizen.Cookies();
    const std::string page_path = "/dossiers/" + kCode + "/payment";

    // The dossier page links to the fees.
    HttpReply dossier = Get("/dossiers/" + kCode, cookies);
    ASSERT_EQ(dossier.status, 200);
    EXPECT_EQ(HrefOf(dossier.body, "pay"), page_path);

    HttpReply page = Get(page_path, cookies);
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("id=\"fees-total\"><strong>8.000</strong>"), std::string::npos);
    EXPECT_NE(page.body.find("id=\"create-payment\""), std::string::npos);
    EXPECT_EQ(page.body.find("id=\"pay-online\""), std::string::npos);

    HttpReply created =
        Fetch(port_, "POST", page_path, FormEncode({{"csrf_token", FormFieldValue(page.body, "csrf_token")}}),
              {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookies}});
    ASSERT_EQ(created.status, 303);
    page = Get(page_path, cookies);
    const std::string pay = HrefOf(page.body, "pay-online");
    ASSERT_EQ(pay.rfind("http://127.0.0.1:" + std::to_string(bank_->port()) + "/paymentv2/vpcpay.html?", 0),
              0u)
        << pay;
    EXPECT_EQ(page.body.find("id=\"create-payment\""), std::string::npos);  // one open request at a time
    auto params = domain::payments::ParseQuery(pay.substr(pay.find('?') + 1));
    ASSERT_TRUE(params.has_value());
    EXPECT_EQ(domain::payments::Find(*params, "vnp_Amount"), std::optional<std::string>("800000"));

    // At the bank.
    HttpReply bank_page = Fetch(bank_->port(), "GET", PathAndQuery(pay));
    ASSERT_EQ(bank_page.status, 200);
    EXPECT_NE(bank_page.body.find("8.000 VND"), std::string::npos);
    const std::string ref = *domain::payments::Find(*params, "vnp_TxnRef");
    HttpReply decided = Fetch(bank_->port(), "POST", "/paymentv2/decide",
                              FormEncode({{"txn_ref", ref}, {"outcome", "success"}}),
                              {{"Content-Type", "application/x-www-form-urlencoded"}});
    ASSERT_EQ(decided.status, 303);
    const std::string back = decided.header("location");
    ASSERT_EQ(back.rfind("http://127.0.0.1:9/payments/return?", 0), 0u) << back;

    // Back on the site: the notification came first, so the return page confirms the payment.
    HttpReply ret = Get(PathAndQuery(back), cookies);
    ASSERT_EQ(ret.status, 200);
    EXPECT_NE(ret.body.find("id=\"return-paid\""), std::string::npos);
    page = Get(page_path, cookies);
    EXPECT_NE(page.body.find("id=\"paid-lead\""), std::string::npos);
    EXPECT_EQ(page.body.find("id=\"create-payment\""), std::string::npos);
    EXPECT_EQ(page.body.find("id=\"pay-online\""), std::string::npos);
    // The receipt (biên lai) is downloadable by the applicant, not by another account.
    const std::string receipt = HrefOf(page.body, "receipt");
    ASSERT_FALSE(receipt.empty());
    HttpReply pdf = Get(receipt, cookies);
    EXPECT_EQ(pdf.status, 200);
    EXPECT_EQ(pdf.header("content-type"), "application/pdf");
    EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
    auto business = ::mocua::testing::SignInThroughPages(port_, "business@phuongquangtri.example",
                                                         "demo-business-quangtri");
    EXPECT_EQ(Get(receipt, business.Cookies()).status, 404);

    // The receipt is also in the applicant's electronic data store, and downloads from there as that PDF.
    HttpReply store = Get("/my/data-store", cookies);
    ASSERT_EQ(store.status, 200);
    EXPECT_NE(store.body.find("Biên lai phí, lệ phí hồ sơ " + kCode), std::string::npos);
    long long item = 0;
    {
        db::Connection c = app_->database().Acquire();
        const std::string name = "bien-lai-" + ref + ".pdf";
        c.sql() << "SELECT s.id FROM data_store_items s JOIN accounts a ON a.id = s.account_id "
                   "WHERE a.email = 'citizen@phuongquangtri.example' AND s.file_name = :n",
            soci::use(name, "n"), soci::into(item);
    }
    ASSERT_GT(item, 0);
    HttpReply kept = Get("/my/data-store/" + std::to_string(item) + "/file", cookies);
    EXPECT_EQ(kept.status, 200);
    EXPECT_EQ(kept.body.rfind("%PDF-", 0), 0u);

    // A forged return (the amount changed) cannot be checked.
    std::string forged = PathAndQuery(back);
    forged.replace(forged.find("vnp_Amount=800000"), 17, "vnp_Amount=100");
    HttpReply bad = Get(forged, cookies);
    EXPECT_EQ(bad.status, 200);
    EXPECT_NE(bad.body.find("id=\"return-invalid\""), std::string::npos);
}

TEST_P(PaymentPagesTest, AnotherAccountCannotSeeOrPayTheFees) {
    auto business = ::mocua::testing::SignInThroughPages(port_, "business@phuongquangtri.example",
                                                         "demo-business-quangtri");
    EXPECT_EQ(Get("/dossiers/" + kCode + "/payment", business.Cookies()).status, 404);
    EXPECT_EQ(Fetch(port_, "GET", "/dossiers/" + kCode + "/payment").status, 401);
}

TEST_P(PaymentPagesTest, PagesSpeakEnglishToo) {
    auto citizen = ::mocua::testing::SignInThroughPages(port_, "citizen@phuongquangtri.example",
                                                        "demo-citizen-quangtri");
    HttpReply page = Get("/dossiers/" + kCode + "/payment", citizen.Cookies() + "; mocua_lang=en");
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Fees and payment"), std::string::npos);
    EXPECT_NE(page.body.find("Pay the fees online"), std::string::npos);
    HttpReply vi = Get("/dossiers/" + kCode + "/payment", citizen.Cookies());
    EXPECT_NE(vi.body.find("Thanh toán phí, lệ phí trực tuyến"), std::string::npos);
}

TEST_P(PaymentPagesTest, TheCounterRecordsABankTransferWithItsReference) {
    auto officer = ::mocua::testing::SignInThroughPages(port_, "onestop-officer@phuongquangtri.example",
                                                        "demo-onestop-officer-quangtri");
    const std::string cookies = officer.Cookies() + "; mocua_lang=en";
    const std::string page_path = "/work/dossiers/" + kCode + "/payments";
    auto post = [&](const std::string& path, const HttpReply& from,
                    std::map<std::string, std::string> fields) {
        fields["csrf_token"] = FormFieldValue(from.body, "csrf_token");
        return Fetch(port_, "POST", path, FormEncode(fields),
                     {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookies}});
    };
    HttpReply page = Get(page_path, cookies);
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("id=\"fees-total\">8.000<"), std::string::npos);
    ASSERT_NE(page.body.find("id=\"create-payment\""), std::string::npos);
    EXPECT_EQ(post(page_path + "/new", page, {}).status, 303);

    page = Get(page_path, cookies);
    ASSERT_NE(page.body.find("id=\"record-payment\""), std::string::npos);
    const std::string action = "/work/dossiers/" + kCode + "/payments/";
    auto at = page.body.find("action=\"" + action);
    ASSERT_NE(at, std::string::npos);
    at += 8;
    const std::string record_path = page.body.substr(at, page.body.find('"', at) - at);

    // A transfer without its reference is refused with the message at the field.
    HttpReply missing = post(record_path, page, {{"method", "transfer"}, {"reference", ""}});
    EXPECT_EQ(missing.status, 422);
    EXPECT_NE(missing.body.find("Enter the bank-transfer reference."), std::string::npos);
    HttpReply no_method = post(record_path, page, {{"reference", "x"}});
    EXPECT_EQ(no_method.status, 422);
    EXPECT_NE(no_method.body.find("Choose how it was paid."), std::string::npos);

    const HttpReply with_form = page;
    EXPECT_EQ(post(record_path, page, {{"method", "transfer"}, {"reference", "FT26331123456"}}).status, 303);
    page = Get(page_path, cookies);
    EXPECT_NE(page.body.find("Bank transfer"), std::string::npos);
    EXPECT_NE(page.body.find(">Paid<"), std::string::npos);
    EXPECT_EQ(page.body.find("id=\"record-payment\""), std::string::npos);
    EXPECT_EQ(page.body.find("id=\"create-payment\""), std::string::npos);
    // Recording it again is refused: the request is no longer open.
    HttpReply again = post(record_path, with_form, {{"method", "cash"}, {"reference", ""}});
    EXPECT_EQ(again.status, 409);

    // The applicant sees the fees paid; the applicant may not use the counter's page.
    auto citizen = ::mocua::testing::SignInThroughPages(port_, "citizen@phuongquangtri.example",
                                                        "demo-citizen-quangtri");
    EXPECT_NE(Get("/dossiers/" + kCode + "/payment", citizen.Cookies()).body.find("id=\"paid-lead\""),
              std::string::npos);
    EXPECT_EQ(Get(page_path, citizen.Cookies()).status, 403);
}

TEST_P(PaymentPagesTest, AskingForTheFeesMakesThePaymentRequestAndPayingMovesTheDossierOn) {
    {
        db::Connection c = app_->database().Acquire();
        c.sql() << "UPDATE dossiers SET state = 2 WHERE code = :c", soci::use(kCode, "c");
    }
    auto officer = ::mocua::testing::SignInThroughPages(port_, "onestop-officer@phuongquangtri.example",
                                                        "demo-onestop-officer-quangtri");
    const std::string cookies = officer.Cookies();
    HttpReply work = Get("/work/dossiers/" + kCode, cookies);
    ASSERT_EQ(work.status, 200);
    HttpReply asked = Fetch(port_, "POST", "/work/dossiers/" + kCode + "/await-payment",
                            FormEncode({{"csrf_token", FormFieldValue(work.body, "csrf_token")},
                                        {"version", FormFieldValue(work.body, "version")},
                                        {"payment_reason", "Lệ phí 8.000 đồng theo quy định"}}),
                            {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookies}});
    ASSERT_EQ(asked.status, 303) << asked.body;

    // The request is there without anybody pressing "make a payment request": the applicant sees the
    // officer's reason and the "pay online" link.
    auto citizen = ::mocua::testing::SignInThroughPages(port_, "citizen@phuongquangtri.example",
                                                        "demo-citizen-quangtri");
    HttpReply page = Get("/dossiers/" + kCode + "/payment", citizen.Cookies());
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Lệ phí 8.000 đồng theo quy định"), std::string::npos);
    EXPECT_FALSE(HrefOf(page.body, "pay-online").empty());
    EXPECT_EQ(page.body.find("id=\"create-payment\""), std::string::npos);
    {
        db::Connection c = app_->database().Acquire();
        long long n = 0, amount = 0;
        c.sql() << "SELECT COUNT(*), MAX(p.amount_vnd) FROM payment_requests p JOIN dossiers d ON d.id = p.dossier_id "
                   "WHERE d.code = :c AND p.state = 'pending'",
            soci::use(kCode, "c"), soci::into(n), soci::into(amount);
        EXPECT_EQ(n, 1);
        EXPECT_EQ(amount, 8000);  // the catalogue's fee of procedure 2.000635
    }

    // Paid in cash at the counter: the dossier goes back to where it was (state 2).
    const std::string counter = "/work/dossiers/" + kCode + "/payments";
    page = Get(counter, cookies);
    auto at = page.body.find("action=\"" + counter + "/");
    ASSERT_NE(at, std::string::npos);
    at += 8;
    const std::string record = page.body.substr(at, page.body.find('"', at) - at);
    HttpReply paid = Fetch(port_, "POST", record,
                           FormEncode({{"csrf_token", FormFieldValue(page.body, "csrf_token")}, {"method", "cash"}}),
                           {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookies}});
    ASSERT_EQ(paid.status, 303);
    db::Connection c = app_->database().Acquire();
    int state = 0;
    c.sql() << "SELECT state FROM dossiers WHERE code = :c", soci::use(kCode, "c"), soci::into(state);
    EXPECT_EQ(state, 2);
}

std::string Multipart(const std::map<std::string, std::string>& fields, const std::string& file_field,
                      const std::string& filename, const std::string& content) {
    std::string body;
    for (const auto& [k, v] : fields)
        body += "--Bndry7\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
    body += "--Bndry7\r\nContent-Disposition: form-data; name=\"" + file_field + "\"; filename=\"" + filename +
            "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n";
    return body + "--Bndry7--\r\n";
}

TEST_P(PaymentPagesTest, ACounterPaymentKeepsItsProofFileCheckedLikeAnyUpload) {
    auto officer = ::mocua::testing::SignInThroughPages(port_, "onestop-officer@phuongquangtri.example",
                                                        "demo-onestop-officer-quangtri");
    const std::string cookies = officer.Cookies() + "; mocua_lang=en";
    const std::string counter = "/work/dossiers/" + kCode + "/payments";
    HttpReply page = Get(counter, cookies);
    ASSERT_EQ(Fetch(port_, "POST", counter + "/new", FormEncode({{"csrf_token", FormFieldValue(page.body, "csrf_token")}}),
                    {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookies}})
                  .status,
              303);
    page = Get(counter, cookies);
    auto at = page.body.find("action=\"" + counter + "/");
    ASSERT_NE(at, std::string::npos);
    at += 8;
    const std::string record = page.body.substr(at, page.body.find('"', at) - at);
    auto post = [&](const std::string& filename, const std::string& content) {
        return Fetch(port_, "POST", record,
                     Multipart({{"csrf_token", FormFieldValue(page.body, "csrf_token")}, {"method", "cash"}}, "proof",
                               filename, content),
                     {{"Content-Type", "multipart/form-data; boundary=Bndry7"}, {"Cookie", cookies}});
    };
    // A text file is no proof: refused at the field, and nothing is recorded.
    HttpReply text = post("slip.txt", "paid 8000 dong");
    EXPECT_EQ(text.status, 422);
    EXPECT_NE(text.body.find("The proof must be a PDF, JPEG or PNG file"), std::string::npos);
    auto state = [&] {
        db::Connection c = app_->database().Acquire();
        std::string st, proof;
        c.sql() << "SELECT p.state, p.proof_blob FROM payment_requests p JOIN dossiers d ON d.id = p.dossier_id "
                   "WHERE d.code = :c",
            soci::use(kCode, "c"), soci::into(st), soci::into(proof);
        return std::make_pair(st, proof);
    };
    EXPECT_EQ(state().first, "pending");

    const std::string pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
    HttpReply scanned = post("slip.pdf", pdf);
    if (std::getenv("MOCUA_TEST_CLAMD_SOCKET") == nullptr) {
        // No scanner here: the proof cannot be checked, so it is refused and the officer told why.
        EXPECT_EQ(scanned.status, 503);
        EXPECT_NE(scanned.body.find("cannot be checked for viruses"), std::string::npos);
        EXPECT_EQ(state().first, "pending");
        return;
    }
    ASSERT_EQ(scanned.status, 303) << scanned.body;
    const auto [st, proof] = state();
    EXPECT_EQ(st, "paid");
    ASSERT_EQ(proof.size(), 64u);
    db::Connection c = app_->database().Acquire();
    long long size = 0;
    std::string media;
    c.sql() << "SELECT size, media_type FROM dossier_files WHERE sha256 = :s", soci::use(proof, "s"), soci::into(size),
        soci::into(media);
    EXPECT_EQ(size, static_cast<long long>(pdf.size()));
    EXPECT_EQ(media, "application/pdf");
    EXPECT_NE(Get(counter, cookies).body.find("proof kept"), std::string::npos);
}

// Today in Vietnam (UTC+07:00) as YYYY-MM-DD: the day the report covers by default.
std::string VietnamToday() {
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + std::chrono::hours(7));
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

TEST_P(PaymentPagesTest, TheReconciliationReportAddsUpTheDayAndDownloadsAsXlsx) {
    auto officer = ::mocua::testing::SignInThroughPages(port_, "onestop-officer@phuongquangtri.example",
                                                        "demo-onestop-officer-quangtri");
    const std::string cookies = officer.Cookies() + "; mocua_lang=en";
    const std::string counter = "/work/dossiers/" + kCode + "/payments";
    auto post = [&](const std::string& path, const HttpReply& from, std::map<std::string, std::string> fields) {
        fields["csrf_token"] = FormFieldValue(from.body, "csrf_token");
        return Fetch(port_, "POST", path, FormEncode(fields),
                     {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookies}});
    };
    // One request of 8,000 VND, paid by bank transfer at the counter.
    HttpReply page = Get(counter, cookies);
    ASSERT_EQ(post(counter + "/new", page, {}).status, 303);
    page = Get(counter, cookies);
    auto at = page.body.find("action=\"" + counter + "/");
    ASSERT_NE(at, std::string::npos);
    at += 8;
    const std::string record = page.body.substr(at, page.body.find('"', at) - at);
    ASSERT_EQ(post(record, page, {{"method", "transfer"}, {"reference", "FT26331123456"}}).status, 303);

    const std::string report = "/work/payments/reconciliation?unit=19360-TTPVHCC&day=" + VietnamToday();
    HttpReply shown = Get(report, cookies);
    ASSERT_EQ(shown.status, 200) << shown.body;
    EXPECT_NE(shown.body.find("Payments reconciliation"), std::string::npos);
    auto row = [&](const std::string& id) {
        auto from = shown.body.find("id=\"" + id + "\"");
        return from == std::string::npos ? std::string() : shown.body.substr(from, shown.body.find("</tr>", from) - from);
    };
    EXPECT_NE(row("row-expected").find(">1<"), std::string::npos) << row("row-expected");
    EXPECT_NE(row("row-expected").find(">8.000<"), std::string::npos);
    EXPECT_NE(row("row-paid-transfer").find(">8.000<"), std::string::npos);
    EXPECT_NE(row("row-received-transfer").find(">8.000<"), std::string::npos);
    EXPECT_NE(row("row-received-gateway").find(">0<"), std::string::npos);
    EXPECT_NE(shown.body.find("The day balances"), std::string::npos);
    EXPECT_NE(shown.body.find("id=\"no-mismatches\""), std::string::npos);

    HttpReply xlsx = Get(HrefOf(shown.body, "xlsx"), cookies);
    ASSERT_EQ(xlsx.status, 200);
    EXPECT_EQ(xlsx.header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(xlsx.body.rfind("PK", 0), 0u);  // a zip, as every XLSX is

    // In Vietnamese too; a day that is not a date, or a unit the viewer does not keep, is refused.
    HttpReply vi = Get(report, officer.Cookies());
    EXPECT_NE(vi.body.find("Đối soát thanh toán"), std::string::npos);
    HttpReply bad_day = Get("/work/payments/reconciliation?unit=19360-TTPVHCC&day=2026-02-30", cookies);
    EXPECT_EQ(bad_day.status, 422);
    EXPECT_NE(bad_day.body.find("Enter a real date"), std::string::npos);
    HttpReply bad_unit = Get("/work/payments/reconciliation?unit=nowhere&day=2026-11-27", cookies);
    EXPECT_EQ(bad_unit.status, 422);
    EXPECT_NE(bad_unit.body.find("Choose one of the units listed."), std::string::npos);

    // The commune's leader reads it; the applicant may not.
    auto leader = ::mocua::testing::SignInThroughPages(port_, "leader@phuongquangtri.example", "demo-leader-quangtri");
    EXPECT_EQ(Get(report, leader.Cookies()).status, 200);
    auto citizen = ::mocua::testing::SignInThroughPages(port_, "citizen@phuongquangtri.example",
                                                        "demo-citizen-quangtri");
    EXPECT_EQ(Get(report, citizen.Cookies()).status, 403);
}

INSTANTIATE_TEST_SUITE_P(Engines, PaymentPagesTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
