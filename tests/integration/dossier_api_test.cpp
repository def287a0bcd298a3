// The dossier API over HTTP on both engines, with the private clamd of `make test`: submit in one
// multipart call (201, Location, the stored dossier), Idempotency-Key repeats and conflicts, codes under
// 16 concurrent submitters, and every refusal (invalid answers, missing component, EICAR, clamd down,
// too large, wrong type, malformed body) answering its status with nothing created. Reading: owner 200,
// another citizen 404, anonymous 401; files with attachment headers; forms 404 before issue; /readyz.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "adapters/crypto/sodium.hpp"
#include "app/app.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/json_codec.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/org/units.hpp"
#include "persistence/audit_repository.hpp"
#include "persistence/catalog_repository.hpp"
#include "persistence/identity_repository.hpp"
#include "persistence/org_repository.hpp"
#include "support/app_config.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/web_session.hpp"

namespace mocua {
namespace {

using nlohmann::json;
using testing::HttpReply;

constexpr std::string_view kBoundary = "mocua-test-boundary-7d1f";
constexpr std::string_view kProcedure = "1.001193";  // birth registration (tests/data/catalogue/small.json)
constexpr std::int64_t kMaxFileBytes = 64 * 1024;

// A small but well-formed PDF (the inspector reads the type from the bytes).
std::string Pdf(std::string_view marker = "clean", std::size_t pad_to = 0) {
    std::string s = "%PDF-1.4\n% ";
    s += marker;
    s += "\n1 0 obj << /Type /Catalog >> endobj\n";
    if (s.size() + 6 < pad_to) s += std::string(pad_to - s.size() - 6, 'x');
    s += "%%EOF\n";
    return s;
}

// The EICAR anti-virus test file, assembled so this source holds no complete copy of it.
std::string Eicar() {
    std::string s = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$";
    s += "EICAR-STANDARD-ANTIVIRUS-";
    s += "TEST-FILE!$H+H*";
    return s;
}

struct Part {
    std::string name;
    std::string data;
    std::optional<std::string> filename;
    std::string content_type = "application/octet-stream";
};

std::string Multipart(const std::vector<Part>& parts) {
    std::string body;
    for (const auto& p : parts) {
        body += "--" + std::string(kBoundary) + "\r\n";
        body += "Content-Disposition: form-data; name=\"" + p.name + "\"";
        if (p.filename) body += "; filename=\"" + *p.filename + "\"";
        body += "\r\n";
        if (p.filename) body += "Content-Type: " + p.content_type + "\r\n";
        body += "\r\n" + p.data + "\r\n";
    }
    return body + "--" + std::string(kBoundary) + "--\r\n";
}

json GoodAnswers() {
    return {{"applicant.name", "Nguyễn Văn An"},
            {"applicant.id_number", "045095000123"},
            {"applicant.address", "12 Lê Duẩn, phường Quảng Trị"},
            {"applicant.phone", "0912345678"},
            {"applicant.email", "an@example.vn"},
            {"result_delivery", "electronic"},  // the e-form's choice; the dossier's delivery is "online"
            {"child_full_name", "Nguyễn Thị Bình"},
            {"child_sex", "female"},
            {"child_birth_date", "2025-06-20"},
            {"declarant_name", "Nguyễn Văn An"},
            {"declarant_cccd", "045095000123"}};
}

std::vector<Part> GoodParts(const json& answers = GoodAnswers(), std::string file = Pdf()) {
    return {{"procedure", std::string(kProcedure), std::nullopt, ""},
            {"answers", answers.dump(), std::nullopt, ""},
            {"component_1", std::move(file), "to-khai.pdf", "application/pdf"}};
}

class DossierApiTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        if (::mocua::testing::ClamdSocket().empty()) {
            if (!IsSkipped()) GTEST_FAIL() << "no clamd";  // SetUp must stop the test, not only mark it
            return;
        }
        tdb_ = std::make_unique<::mocua::testing::TestDatabase>(GetParam());
        SeedCatalogue();
        config_ = ::mocua::testing::InProcessAppConfig(*tdb_);
        config_.intake.max_file_bytes = kMaxFileBytes;
    }

    // Starts the app (after a test changed config_), then seeds units and accounts through the same
    // services an administrator uses.
    void Start() {
        app_ = std::make_unique<app::App>(config_, &clock_);
        auto started = app_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        SeedPeople();
    }

    void SeedCatalogue() {
        std::ifstream in(std::string(MOCUA_SOURCE_DIR) + "/tests/data/catalogue/small.json");
        std::stringstream text;
        text << in.rdbuf();
        auto parsed = domain::catalog::ParseCatalogueJson(text.str(), "small.json");
        for (auto& f : parsed.catalogue.forms) f.file.clear();
        // Birth registration with one required component (the declaration) and one optional.
        for (auto& p : parsed.catalogue.procedures) {
            if (p.code == kProcedure) {
                p.mode = domain::catalog::ServiceMode::kFullOnline;
                p.components.at(1).required = false;
                // As in most of the demo catalogue: the e-form asks how the result is delivered.
                domain::catalog::EformField delivery;
                delivery.name = "result_delivery";
                delivery.type = domain::catalog::FieldType::kChoice;
                delivery.label_vi = "Hình thức nhận kết quả";
                delivery.label_en = "How to receive the result";
                delivery.required = true;
                delivery.choices = {{"counter", "Trực tiếp", "In person"},
                                    {"post", "Bưu chính", "By post"},
                                    {"electronic", "Bản điện tử", "Electronic copy"}};
                p.eform.pages.back().fields.push_back(delivery);
            }
        }
        persistence::SqlCatalogRepository repo(tdb_->db(), crypto_, clock_);
        domain::catalog::CatalogService service(repo, crypto_, clock_);
        auto imported = service.Import(parsed.catalogue, parsed.sources, Actor());
        ASSERT_TRUE(imported.ok()) << imported.error().message;
        ASSERT_TRUE(imported->problems.empty());
    }

    void SeedPeople() {
        auto& db = app_->database();
        persistence::SqlUnitRepository units(db, crypto_, clock_);
        persistence::SqlIdentityRepository identity(db, crypto_, clock_);
        domain::org::OrgService org(units);
        adapters::SodiumPasswordHasher hasher(adapters::SodiumPasswordHasher::Strength::kTestOnly);
        adapters::QrEncodeRenderer qr;
        domain::identity::PasswordPolicy policy;
        domain::identity::AccountService accounts(identity, units, hasher, crypto_, policy, qr, clock_);
        domain::identity::SessionService sessions(identity, accounts, hasher, crypto_, clock_, {});
        using domain::org::UnitType;
        auto province = org.Create({"tinh-quang-tri", "Tỉnh Quảng Trị", "Quang Tri Province",
                                    UnitType::kProvince, std::nullopt, std::nullopt, std::nullopt},
                                   Actor());
        ASSERT_TRUE(province.ok()) << province.error().message;
        auto commune = org.Create({"19360", "Phường Quảng Trị", "Quang Tri Ward", UnitType::kCommune,
                                   province->id, std::nullopt, std::nullopt},
                                  Actor());
        ASSERT_TRUE(commune.ok()) << commune.error().message;
        auto onestop = org.Create({"19360-TTPVHCC", "Trung tâm Phục vụ hành chính công phường Quảng Trị",
                                   "Quang Tri Ward Public Administrative Service Centre",
                                   UnitType::kOneStopCentre, commune->id, std::nullopt, std::nullopt},
                                  Actor());
        ASSERT_TRUE(onestop.ok()) << onestop.error().message;

        const auto make = [&](const std::string& email, domain::identity::AccountKind kind,
                              std::optional<std::string> cccd) {
            domain::identity::Profile p;
            p.kind = kind;
            p.email = email;
            p.display_name = email.substr(0, email.find('@'));
            p.cccd = std::move(cccd);
            auto made = accounts.Create(p, kPassword, Actor());
            EXPECT_TRUE(made.ok()) << email << ": " << (made.ok() ? "" : made.error().message);
            return made.ok() ? made->account.id : 0;
        };
        owner_id_ = make("an@example.vn", domain::identity::AccountKind::kCitizen, "045095000123");
        const auto other_id =
            make("binh@example.vn", domain::identity::AccountKind::kCitizen, "045195000124");
        const auto officer_id =
            make("officer@example.vn", domain::identity::AccountKind::kStaff, std::nullopt);
        ASSERT_TRUE(accounts.GrantRole(officer_id, "onestop_officer", onestop->id, Actor()).ok());
        owner_token_ = sessions.CreateApiToken(owner_id_, "test", std::nullopt, Actor())->token;
        other_token_ = sessions.CreateApiToken(other_id, "test", std::nullopt, Actor())->token;
        officer_token_ = sessions.CreateApiToken(officer_id, "test", std::nullopt, Actor())->token;
    }

    static domain::audit::Actor Actor() { return {std::nullopt, std::nullopt, "", "test"}; }

    HttpReply Submit(const std::string& token, const std::string& body,
                     std::map<std::string, std::string> headers = {}) {
        headers["Authorization"] = "Bearer " + token;
        headers["Content-Type"] = "multipart/form-data; boundary=" + std::string(kBoundary);
        return ::mocua::testing::Fetch(app_->port(), "POST", "/api/v1/dossiers", body, headers);
    }
    HttpReply Submit(const std::vector<Part>& parts, std::map<std::string, std::string> headers = {}) {
        return Submit(owner_token_, Multipart(parts), std::move(headers));
    }

    HttpReply Get(const std::string& target, const std::string& token) {
        std::map<std::string, std::string> headers;
        if (!token.empty()) headers["Authorization"] = "Bearer " + token;
        return ::mocua::testing::Fetch(app_->port(), "GET", target, "", headers);
    }

    // How many dossiers the owner has, by the API's own list.
    std::int64_t OwnerDossiers() {
        auto r = Get("/api/v1/dossiers", owner_token_);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.status == 200 ? json::parse(r.body)["total"].get<std::int64_t>() : -1;
    }

    // The error body's rule, after checking the status and the shape.
    static json ErrorOf(const HttpReply& r, int status) {
        EXPECT_EQ(r.status, status) << r.body;
        EXPECT_EQ(r.header("content-type"), "application/json");
        const json body = json::parse(r.body, nullptr, false);
        EXPECT_TRUE(body.is_object() && body.contains("error")) << r.body;
        if (!body.is_object() || !body.contains("error")) return json::object();
        EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
        EXPECT_FALSE(body["error"]["request_id"].get<std::string>().empty());
        return body["error"];
    }

    static bool HasProblem(const json& error, const std::string& field, const std::string& rule) {
        if (!error.contains("problems")) return false;
        for (const auto& p : error["problems"]) {
            if (p["field"] == field && p["rule"] == rule && !p["message"].get<std::string>().empty())
                return true;
        }
        return false;
    }

    static constexpr const char* kPassword = "a-long-test-password-for-dossiers";
    // Wednesday 2 July 2025, 08:00 in Vietnam.
    core::ManualClock clock_{*core::ParseUtc("2025-07-02T01:00:00.000Z")};
    adapters::SodiumCrypto crypto_{std::string(32, 'k')};
    std::unique_ptr<::mocua::testing::TestDatabase> tdb_;
    config::Config config_;
    std::unique_ptr<app::App> app_;
    std::int64_t owner_id_ = 0;
    std::string owner_token_;
    std::string other_token_;
    std::string officer_token_;
};

TEST_P(DossierApiTest, SubmitCreatesTheDossierAndItReadsBack) {
    Start();
    const std::string file = Pdf("the declaration");
    auto r = Submit(GoodParts(GoodAnswers(), file));
    ASSERT_EQ(r.status, 201) << r.body;
    const json created = json::parse(r.body);
    const std::string code = created["code"];
    EXPECT_EQ(created["state"], 1);
    EXPECT_TRUE(std::regex_match(code, std::regex(R"(19360-TTPVHCC-250702-\d{4})"))) << code;
    EXPECT_EQ(r.header("location"), "/api/v1/dossiers/" + code);

    auto d = Get("/api/v1/dossiers/" + code, owner_token_);
    ASSERT_EQ(d.status, 200) << d.body;
    const json body = json::parse(d.body);
    EXPECT_EQ(body["code"], code);
    EXPECT_EQ(body["procedure"]["code"], kProcedure);
    EXPECT_EQ(body["procedure"]["name"]["vi"], "Thủ tục đăng ký khai sinh");
    EXPECT_GT(body["procedure"]["version_id"].get<std::int64_t>(), 0);
    EXPECT_EQ(body["applicant"]["name"], "Nguyễn Văn An");
    EXPECT_EQ(body["applicant"]["id_number"], "045095000123");
    EXPECT_EQ(body["channel"]["code"], 2);
    EXPECT_EQ(body["state"]["code"], 1);
    EXPECT_EQ(body["state"]["name"]["en"], "Submitted");
    EXPECT_EQ(body["receiving_unit"]["code"], "19360-TTPVHCC");
    EXPECT_EQ(body["competent_unit"]["code"], "19360");
    EXPECT_EQ(body["competent_unit"]["name"]["vi"], "Phường Quảng Trị");
    EXPECT_EQ(body["result_delivery"], "online");
    EXPECT_EQ(body["submitted_at"], "2025-07-02T01:00:00.000Z");
    EXPECT_TRUE(body["received_at"].is_null());
    EXPECT_TRUE(body["appointment_at"].is_null());
    ASSERT_EQ(body["components"].size(), 2u);
    const json& first = body["components"][0];
    EXPECT_EQ(first["position"], 1);
    EXPECT_EQ(first["file"]["name"], "to-khai.pdf");
    EXPECT_EQ(first["file"]["media_type"], "application/pdf");
    EXPECT_EQ(first["file"]["size"], static_cast<std::int64_t>(file.size()));
    EXPECT_EQ(first["file"]["sha256"].get<std::string>().size(), 64u);
    EXPECT_FALSE(first["digitised"].get<bool>());
    EXPECT_FALSE(first["reused"].get<bool>());
    EXPECT_TRUE(body["components"][1]["file"].is_null());
    ASSERT_EQ(body["history"].size(), 1u);
    EXPECT_EQ(body["history"][0]["state"], 1);
    EXPECT_EQ(body["history"][0]["action"], "submit");
    EXPECT_EQ(body["forms"], json::array());

    // The file, only after the access check, as a download the browser never renders.
    auto f = Get("/api/v1/dossiers/" + code + "/components/1/file", owner_token_);
    ASSERT_EQ(f.status, 200);
    EXPECT_EQ(f.body, file);
    EXPECT_EQ(f.header("content-type"), "application/pdf");
    EXPECT_EQ(f.header("content-disposition").rfind("attachment;", 0), 0u) << f.header("content-disposition");
    EXPECT_EQ(f.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(Get("/api/v1/dossiers/" + code + "/components/2/file", owner_token_).status, 404);
    EXPECT_EQ(Get("/api/v1/dossiers/" + code + "/components/1/file", other_token_).status, 404);

    // Not accepted yet: no receipt.
    ErrorOf(Get("/api/v1/dossiers/" + code + "/forms/01", owner_token_), 404);
    EXPECT_EQ(Get("/api/v1/dossiers/" + code + "/forms/99", owner_token_).status, 404);

    // Others: the same 404 as an unknown code; staff of the receiving unit may read; anonymous 401.
    const json hidden = ErrorOf(Get("/api/v1/dossiers/" + code, other_token_), 404);
    const json unknown = ErrorOf(Get("/api/v1/dossiers/19360-TTPVHCC-250702-9999", other_token_), 404);
    EXPECT_EQ(hidden["message"], unknown["message"]);
    EXPECT_EQ(Get("/api/v1/dossiers/" + code, officer_token_).status, 200);
    EXPECT_EQ(Get("/api/v1/dossiers/" + code, "").status, 401);
    EXPECT_EQ(Get("/api/v1/dossiers", "").status, 401);

    // The owner's list; the other citizen's is empty.
    auto mine = Get("/api/v1/dossiers", owner_token_);
    ASSERT_EQ(mine.status, 200);
    const json list = json::parse(mine.body);
    EXPECT_EQ(list["total"], 1);
    ASSERT_EQ(list["items"].size(), 1u);
    EXPECT_EQ(list["items"][0]["code"], code);
    EXPECT_EQ(json::parse(Get("/api/v1/dossiers", other_token_).body)["total"], 0);

    // A session works as well as a token.
    const auto session = ::mocua::testing::SignInThroughPages(app_->port(), "an@example.vn", kPassword);
    ASSERT_FALSE(session.session_cookie.empty());
    auto by_session = ::mocua::testing::Fetch(app_->port(), "GET", "/api/v1/dossiers/" + code, "",
                                              {{"Cookie", session.Cookies()}});
    EXPECT_EQ(by_session.status, 200) << by_session.body;
}

TEST_P(DossierApiTest, IdempotencyKeyRepeatReturnsTheSameDossierAndAnotherRequestConflicts) {
    Start();
    const std::map<std::string, std::string> key{{"Idempotency-Key", "app-42-submit-1"}};
    auto first = Submit(GoodParts(), key);
    ASSERT_EQ(first.status, 201) << first.body;
    auto again = Submit(GoodParts(), key);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(json::parse(again.body)["code"], json::parse(first.body)["code"]);
    EXPECT_EQ(again.header("location"), first.header("location"));

    json changed = GoodAnswers();
    changed["child_full_name"] = "Nguyễn Thị Cúc";
    const json error = ErrorOf(Submit(GoodParts(changed), key), 409);
    EXPECT_EQ(error["rule"], "dossier.idempotency_mismatch");
    EXPECT_EQ(OwnerDossiers(), 1);

    // The key is the caller's own: another citizen may use the same string.
    auto other = Submit(other_token_, Multipart(GoodParts()), key);
    EXPECT_EQ(other.status, 201) << other.body;
    ErrorOf(Submit(GoodParts(), {{"Idempotency-Key", std::string(201, 'k')}}), 400);
    EXPECT_EQ(OwnerDossiers(), 1);
}

// 16 submitters at once, each on its own connection, through the whole HTTP stack; `headers` carry
// the credential.
void ExpectDistinctConsecutiveCodes(std::uint16_t port, const std::string& body,
                                    const std::map<std::string, std::string>& headers) {
    constexpr int kThreads = 16;
    std::vector<HttpReply> replies(kThreads);
    {
        std::vector<std::jthread> threads;
        for (int i = 0; i < kThreads; ++i) {
            threads.emplace_back([&, i] {
                replies[static_cast<std::size_t>(i)] =
                    ::mocua::testing::Fetch(port, "POST", "/api/v1/dossiers", body, headers);
            });
        }
    }
    std::set<std::string> codes;
    std::set<int> numbers;
    const std::regex pattern(R"(19360-TTPVHCC-250702-(\d{4}))");
    for (const auto& r : replies) {
        ASSERT_EQ(r.status, 201) << r.body;
        const std::string code = json::parse(r.body)["code"];
        std::smatch m;
        ASSERT_TRUE(std::regex_match(code, m, pattern)) << code;
        codes.insert(code);
        numbers.insert(std::stoi(m[1].str()));
    }
    EXPECT_EQ(codes.size(), static_cast<std::size_t>(kThreads));
    EXPECT_EQ(*numbers.begin(), 1);
    EXPECT_EQ(*numbers.rbegin(), kThreads);  // 16 distinct numbers from 1 to 16: consecutive
}

TEST_P(DossierApiTest, ConcurrentSubmittersGetDistinctConsecutiveCodes) {
    Start();
    // Signed in with a session (see the disabled test below for the same with one API token).
    const auto session = ::mocua::testing::SignInThroughPages(app_->port(), "an@example.vn", kPassword);
    ASSERT_FALSE(session.session_cookie.empty());
    ExpectDistinctConsecutiveCodes(
        app_->port(), Multipart(GoodParts()),
        {{"Cookie", session.Cookies()},
         {"X-Requested-With", "fetch"},
         {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}});
    EXPECT_EQ(OwnerDossiers(), 16);
}

TEST_P(DossierApiTest, ACookieAloneCannotWriteThroughTheApi) {
    Start();
    // What a form on another site can make the citizen's browser send: the session cookie, a multipart
    // body, no token and no custom header. The API treats it as anonymous and nothing is created.
    const auto session = ::mocua::testing::SignInThroughPages(app_->port(), "an@example.vn", kPassword);
    ASSERT_FALSE(session.session_cookie.empty());
    auto forged = ::mocua::testing::Fetch(
        app_->port(), "POST", "/api/v1/dossiers", Multipart(GoodParts()),
        {{"Cookie", session.Cookies()},
         {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}});
    EXPECT_EQ(forged.status, 401) << forged.body;
    EXPECT_EQ(OwnerDossiers(), 0);
    // Reading with the cookie alone still works (GET cannot change anything).
    EXPECT_EQ(
        ::mocua::testing::Fetch(app_->port(), "GET", "/api/v1/dossiers", "", {{"Cookie", session.Cookies()}})
            .status,
        200);
}

// The same with one API token for all: every request also updates api_tokens.last_used_at.
TEST_P(DossierApiTest, ConcurrentSubmittersWithOneApiToken) {
    Start();
    ExpectDistinctConsecutiveCodes(
        app_->port(), Multipart(GoodParts()),
        {{"Authorization", "Bearer " + owner_token_},
         {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}});
    EXPECT_EQ(OwnerDossiers(), 16);
}

TEST_P(DossierApiTest, InvalidAnswersAndAMissingComponentAre422WithProblemsAndCreateNothing) {
    Start();
    json answers = GoodAnswers();
    answers.erase("child_full_name");
    answers["applicant.email"] = "not-an-address";
    const json error =
        ErrorOf(Submit(GoodParts(answers), {{"Accept-Language", "en-GB,en;q=0.9,vi;q=0.5"}}), 422);
    EXPECT_EQ(error["rule"], "dossier.invalid");
    EXPECT_EQ(error["message"], "Some information is not right; see the errors below.");
    EXPECT_TRUE(HasProblem(error, "answers.child_full_name", "eform.required")) << error.dump();
    EXPECT_TRUE(HasProblem(error, "applicant.email", "applicant.email")) << error.dump();

    std::vector<Part> without_file = GoodParts();
    without_file.pop_back();
    const json missing = ErrorOf(Submit(without_file), 422);
    EXPECT_TRUE(HasProblem(missing, "component.1", "component.required")) << missing.dump();
    // In Vietnamese by default.
    EXPECT_EQ(missing["message"], "Có thông tin chưa đúng; xin xem các lỗi bên dưới.");

    std::vector<Part> unknown = GoodParts();
    unknown[0].data = "9.999999";
    EXPECT_EQ(ErrorOf(Submit(unknown), 422)["rule"], "dossier.procedure_not_found");
    EXPECT_EQ(OwnerDossiers(), 0);
}

TEST_P(DossierApiTest, InfectedFileIs422AuditedAndCreatesNothing) {
    Start();
    const json error = ErrorOf(Submit(GoodParts(GoodAnswers(), Pdf(Eicar()))), 422);
    EXPECT_EQ(error["rule"], "upload.infected");
    EXPECT_TRUE(HasProblem(error, "component.1", "upload.infected")) << error.dump();
    EXPECT_EQ(OwnerDossiers(), 0);

    persistence::SqlAuditLog audit(app_->database(), crypto_, clock_);
    domain::audit::Filter filter;
    filter.action_prefix = "dossier.upload.infected";
    const auto entries = audit.Search(filter);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].actor_account_id, owner_id_);
    EXPECT_NE(entries[0].details.find("Mocua.Test.EICAR"), std::string::npos) << entries[0].details;
}

TEST_P(DossierApiTest, ScannerDownIs503CreatesNothingAndReadinessSaysSo) {
    config_.scanner.socket = tdb_->dir() + "/nothing-listens-here.sock";
    Start();
    auto r = Submit(GoodParts());
    const json error = ErrorOf(r, 503);
    EXPECT_EQ(error["rule"], "upload.scanner_unavailable");
    EXPECT_FALSE(r.header("retry-after").empty());
    EXPECT_EQ(OwnerDossiers(), 0);

    auto ready = ::mocua::testing::Fetch(app_->port(), "GET", "/readyz");
    EXPECT_EQ(ready.status, 200) << ready.body;  // the site works; only uploads are refused
    EXPECT_EQ(json::parse(ready.body)["upload_scanning"], "unavailable");
}

TEST_P(DossierApiTest, ReadinessReportsTheScannerAvailable) {
    Start();
    auto ready = ::mocua::testing::Fetch(app_->port(), "GET", "/readyz");
    ASSERT_EQ(ready.status, 200) << ready.body;
    EXPECT_EQ(json::parse(ready.body)["upload_scanning"], "available");
}

TEST_P(DossierApiTest, FileOverTheLimitIs413AndWrongTypeIs415) {
    Start();
    const json big = ErrorOf(Submit(GoodParts(GoodAnswers(), Pdf("big", kMaxFileBytes + 1))), 413);
    EXPECT_EQ(big["rule"], "upload.too_large");
    EXPECT_NE(big["message"].get<std::string>().find("64 KB"), std::string::npos) << big["message"];
    EXPECT_EQ(Submit(GoodParts(GoodAnswers(), Pdf("fits", kMaxFileBytes))).status, 201);

    // HTML with a .pdf name and a PDF content type: the bytes decide.
    const json html =
        ErrorOf(Submit(GoodParts(GoodAnswers(),
                                 "<!doctype html><html><body><script>alert(1)</script></body></html>")),
                415);
    EXPECT_EQ(html["rule"], "upload.type");
    EXPECT_TRUE(HasProblem(html, "component.1", "upload.type"));
    const json empty = ErrorOf(Submit(GoodParts(GoodAnswers(), "")), 422);
    EXPECT_EQ(empty["rule"], "upload.empty");
    EXPECT_EQ(OwnerDossiers(), 1);
}

TEST_P(DossierApiTest, MalformedRequestsAre4xxAndCreateNothing) {
    Start();
    // Not multipart at all.
    auto r = ::mocua::testing::Fetch(
        app_->port(), "POST", "/api/v1/dossiers", R"({"procedure":"1.001193"})",
        {{"Authorization", "Bearer " + owner_token_}, {"Content-Type", "application/json"}});
    ErrorOf(r, 415);
    // Cut off before the close delimiter.
    std::string cut = Multipart(GoodParts());
    cut.resize(cut.size() / 2);
    EXPECT_EQ(ErrorOf(Submit(owner_token_, cut), 400)["rule"], "multipart");
    // Answers that are not a JSON object.
    std::vector<Part> bad_json = GoodParts();
    bad_json[1].data = "[1,2";
    EXPECT_EQ(ErrorOf(Submit(bad_json), 400)["rule"], "api.answers_json");
    // No procedure; an unknown part; a component twice.
    std::vector<Part> no_procedure = GoodParts();
    no_procedure.erase(no_procedure.begin());
    EXPECT_EQ(ErrorOf(Submit(no_procedure), 400)["rule"], "api.procedure_required");
    std::vector<Part> unknown = GoodParts();
    unknown.push_back({"component_x", Pdf(), "a.pdf", "application/pdf"});
    EXPECT_EQ(ErrorOf(Submit(unknown), 400)["rule"], "api.unknown_part");
    std::vector<Part> twice = GoodParts();
    twice.push_back(twice.back());
    EXPECT_EQ(ErrorOf(Submit(twice), 400)["rule"], "api.duplicate_part");
    // A component the procedure does not have.
    std::vector<Part> extra = GoodParts();
    extra.push_back({"component_7", Pdf(), "a.pdf", "application/pdf"});
    EXPECT_TRUE(HasProblem(ErrorOf(Submit(extra), 422), "component.7", "dossier.component"));
    // Staff do not apply.
    EXPECT_EQ(ErrorOf(Submit(officer_token_, Multipart(GoodParts())), 403)["rule"], "dossier.forbidden");
    // Anonymous.
    EXPECT_EQ(
        ::mocua::testing::Fetch(app_->port(), "POST", "/api/v1/dossiers", Multipart(GoodParts()),
                                {{"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}})
            .status,
        401);
    EXPECT_EQ(OwnerDossiers(), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, DossierApiTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
