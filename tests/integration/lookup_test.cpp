// The public dossier lookup (issue 8) on both engines: the service with the SQL repository (hits, misses,
// the phone factor, the throttle per client address, result checks, the kiosk rating), then the running
// app over HTTP (GET /api/v1/lookup/{code}, /lookup, /lookup/{code}/result, the kiosk pages).
//
// Dossiers are written straight through the repository in the states a test needs: how they got there
// is the dossier module's business and tested there. The clock stands at Monday 23 November 2026,
// 08:00 in Vietnam (01:00 UTC).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include <soci/soci.h>

#include "adapters/crypto/dev_signer.hpp"
#include "adapters/crypto/sodium.hpp"
#include "adapters/files/disk_blob_store.hpp"
#include "app/app.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/json_codec.hpp"
#include "domain/lookup/lookup_service.hpp"
#include "domain/org/units.hpp"
#include "persistence/catalog_repository.hpp"
#include "persistence/dossier_repository.hpp"
#include "persistence/org_repository.hpp"
#include "support/app_config.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"

namespace mocua {
namespace {

namespace dossier = domain::dossier;
namespace lookup = domain::lookup;
using dossier::State;
using nlohmann::json;
using testing::HttpReply;

constexpr const char* kProcedure = "1.001193";  // Thủ tục đăng ký khai sinh (tests/data/catalogue/small.json)
constexpr const char* kInProgress = "19360-261123-0001";
constexpr const char* kOverdue = "19360-261118-0002";
constexpr const char* kReturned = "19360-261116-0003";
constexpr const char* kUnknown = "19360-261123-0999";  // well-formed, never issued
constexpr const char* kMalformed = "<script>alert(1)</script>";
constexpr int kBurst = 3;

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

dossier::HistoryEntry Step(int seq, std::optional<State> from, State to, const char* action, const char* at) {
    dossier::HistoryEntry h;
    h.seq = seq;
    h.from = from;
    h.to = to;
    h.action = action;
    h.note = "ghi chú nội bộ";  // internal notes never reach the public
    h.at = at;
    return h;
}

class LookupTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        tdb_ = std::make_unique<::mocua::testing::TestDatabase>(GetParam());
        auto parsed = domain::catalog::ParseCatalogueJson(
            ReadFile(std::string(MOCUA_SOURCE_DIR) + "/tests/data/catalogue/small.json"), "small.json");
        for (auto& f : parsed.catalogue.forms) f.file.clear();
        persistence::SqlCatalogRepository repo(tdb_->db(), crypto_, clock_);
        domain::catalog::CatalogService catalog(repo, crypto_, clock_);
        auto imported = catalog.Import(parsed.catalogue, parsed.sources, Actor());
        ASSERT_TRUE(imported.ok()) << imported.error().message;
        ASSERT_TRUE(imported->problems.empty());
        auto version = catalog.Current(kProcedure);
        ASSERT_TRUE(version.ok());
        version_id_ = version->id;
        config_ = ::mocua::testing::InProcessAppConfig(*tdb_);
        config_.lookup.miss_burst = kBurst;
        config_.lookup.miss_refill_seconds = 3600;
    }

    void Start() {
        app_ = std::make_unique<app::App>(config_, &clock_);
        auto started = app_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        SeedUnits();
        SeedDossiers();
    }

    void SeedUnits() {
        persistence::SqlUnitRepository units(app_->database(), crypto_, clock_);
        domain::org::OrgService org(units);
        using domain::org::UnitType;
        auto province = org.Create({"48", "Tỉnh Quảng Trị", "Quang Tri Province", UnitType::kProvince,
                                    std::nullopt, std::nullopt, std::nullopt},
                                   Actor());
        ASSERT_TRUE(province.ok()) << province.error().message;
        auto commune = org.Create({"19360", "Phường Quảng Trị", "Quang Tri Ward", UnitType::kCommune,
                                   province->id, std::nullopt, std::nullopt},
                                  Actor());
        ASSERT_TRUE(commune.ok());
        auto centre = org.Create({"19360-TTPVHCC", "Trung tâm Phục vụ hành chính công phường Quảng Trị",
                                  "Quang Tri Ward Public Administrative Service Centre",
                                  UnitType::kOneStopCentre, commune->id, std::nullopt, std::nullopt},
                                 Actor());
        ASSERT_TRUE(centre.ok());
        commune_id_ = commune->id;
        centre_id_ = centre->id;
    }

    dossier::Dossier Base(const char* code, State state, const char* received) {
        dossier::Dossier d;
        d.code = code;
        d.procedure_code = kProcedure;
        d.procedure_version_id = version_id_;
        d.applicant = {"citizen",      "Nguyễn Văn An", "045095000123", "12 Lê Duẩn, phường Quảng Trị",
                       "0912 345 678", "an@example.vn"};
        d.channel = dossier::Channel::kCounter;
        d.state = state;
        d.receiving_unit_id = centre_id_;
        d.competent_unit_id = commune_id_;
        d.submitted_at = received;
        d.received_at = received;
        d.created_at = received;
        d.updated_at = received;
        return d;
    }

    void Store(dossier::Dossier d) {
        persistence::SqlDossierRepository repo(app_->database(), crypto_, clock_, nullptr);
        auto written = repo.Write([&](dossier::DossierWriter& w) -> core::Result<void> {
            d.id = w.Insert(d);
            d.version = 1;
            EXPECT_TRUE(w.Update(d, 1));
            return {};
        });
        ASSERT_TRUE(written.ok()) << written.error().message;
    }

    void SeedDossiers() {
        // In progress, due on Thursday: still in time.
        auto a = Base(kInProgress, State::kProcessing, "2026-11-23T00:30:00.000Z");
        a.appointment_at = "2026-11-26T00:30:00.000Z";
        a.due_at = a.appointment_at;
        a.history = {Step(1, std::nullopt, State::kNew, "receive", "2026-11-23T00:20:00.000Z"),
                     Step(2, State::kNew, State::kReceived, "accept", "2026-11-23T00:30:00.000Z"),
                     Step(3, State::kReceived, State::kProcessing, "start", "2026-11-23T00:40:00.000Z")};
        Store(a);
        // In progress, due last Friday: overdue.
        auto b = Base(kOverdue, State::kProcessing, "2026-11-18T02:00:00.000Z");
        b.appointment_at = "2026-11-20T02:00:00.000Z";
        b.due_at = b.appointment_at;
        b.history = {Step(1, std::nullopt, State::kNew, "receive", "2026-11-18T02:00:00.000Z")};
        Store(b);
        // Returned: resolved a day before the due time, with a signed result.
        auto c = Base(kReturned, State::kReturned, "2026-11-16T02:00:00.000Z");
        c.appointment_at = "2026-11-19T02:00:00.000Z";
        c.due_at = c.appointment_at;
        c.resolved_at = "2026-11-18T03:00:00.000Z";
        c.returned_at = "2026-11-19T01:00:00.000Z";
        c.return_channel = "counter";
        c.history = {Step(1, std::nullopt, State::kNew, "receive", "2026-11-16T02:00:00.000Z"),
                     Step(2, State::kResolved, State::kReturned, "return", "2026-11-19T01:00:00.000Z")};
        adapters::files::DiskBlobStore blobs(config_.storage.data_dir + "/uploads", crypto_);
        auto sha = blobs.Put(result_bytes_);
        ASSERT_TRUE(sha.ok()) << sha.error().message;
        auto seed = adapters::LoadOrCreateSecretKey(config_.storage.data_dir, "result-signing.key");
        ASSERT_TRUE(seed.ok());
        adapters::DevelopmentSigner signer(*seed);
        auto signature = signer.Sign(result_bytes_, "Lê Văn Lãnh đạo");
        ASSERT_TRUE(signature.ok());
        dossier::ResultFile r;
        r.file = {*sha, "giay-khai-sinh.pdf", "application/pdf",
                  static_cast<std::int64_t>(result_bytes_.size())};
        r.signature_scheme = signature->scheme;
        r.signature_key = signature->key_id;
        r.signature_value = signature->value;
        r.signer = signature->signer;
        r.attached_at = "2026-11-18T03:00:00.000Z";
        c.result = r;
        result_sha_ = *sha;
        Store(c);
    }

    // A LookupService of its own on the app's database, with a limiter whose clients the test names.
    std::unique_ptr<lookup::LookupService> Service(lookup::MissLimiter& limiter) {
        repo_ =
            std::make_unique<persistence::SqlDossierRepository>(app_->database(), crypto_, clock_, nullptr);
        catalog_repo_ =
            std::make_unique<persistence::SqlCatalogRepository>(app_->database(), crypto_, clock_);
        catalog_ = std::make_unique<domain::catalog::CatalogService>(*catalog_repo_, crypto_, clock_);
        units_ = std::make_unique<persistence::SqlUnitRepository>(app_->database(), crypto_, clock_);
        blobs_ =
            std::make_unique<adapters::files::DiskBlobStore>(config_.storage.data_dir + "/uploads", crypto_);
        auto seed = adapters::LoadOrCreateSecretKey(config_.storage.data_dir, "result-signing.key");
        signer_ = std::make_unique<adapters::DevelopmentSigner>(*seed);
        return std::make_unique<lookup::LookupService>(*repo_, *catalog_, *units_, *blobs_, signer_.get(),
                                                       limiter, clock_);
    }

    HttpReply Get(const std::string& target, std::map<std::string, std::string> headers = {}) {
        return ::mocua::testing::Fetch(app_->port(), "GET", target, "", headers);
    }

    static domain::audit::Actor Actor() { return {std::nullopt, std::nullopt, "", "test"}; }

    core::ManualClock clock_{*core::ParseUtc("2026-11-23T01:00:00.000Z")};
    adapters::SodiumCrypto crypto_{std::string(32, 'k')};
    std::unique_ptr<::mocua::testing::TestDatabase> tdb_;
    config::Config config_;
    std::unique_ptr<app::App> app_;
    std::int64_t version_id_ = 0, commune_id_ = 0, centre_id_ = 0;
    const std::string result_bytes_ = "%PDF-1.4\n% giấy khai sinh\n%%EOF\n";
    std::string result_sha_;
    std::unique_ptr<persistence::SqlDossierRepository> repo_;
    std::unique_ptr<persistence::SqlCatalogRepository> catalog_repo_;
    std::unique_ptr<domain::catalog::CatalogService> catalog_;
    std::unique_ptr<persistence::SqlUnitRepository> units_;
    std::unique_ptr<adapters::files::DiskBlobStore> blobs_;
    std::unique_ptr<adapters::DevelopmentSigner> signer_;
};

// ---- The service ------------------------------------------------------------------------------------

TEST_P(LookupTest, AHitShowsTheStatusAndOnlyTheMaskedName) {
    Start();
    lookup::MissLimiter limiter(clock_, {.burst = kBurst});
    auto service = Service(limiter);
    auto found = service->Find("10.0.0.1", kInProgress, "");
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(found->procedure_name_vi, "Thủ tục đăng ký khai sinh");
    EXPECT_EQ(found->state, State::kProcessing);
    EXPECT_EQ(found->masked_name, "Nguyễn V*** A***");
    EXPECT_EQ(found->due_at, "2026-11-26T00:30:00.000Z");
    EXPECT_FALSE(found->on_time.has_value());  // due on Thursday, today is Monday
    ASSERT_EQ(found->timeline.size(), 3u);
    EXPECT_EQ(found->timeline[2].state, State::kProcessing);
    EXPECT_FALSE(found->second_factor);
    EXPECT_FALSE(found->applicant_name.has_value());
    EXPECT_FALSE(found->receiving_unit_vi.has_value());
}

TEST_P(LookupTest, OnTimeMarks) {
    Start();
    lookup::MissLimiter limiter(clock_, {.burst = kBurst});
    auto service = Service(limiter);
    EXPECT_EQ(service->Find("c", kOverdue, "")->on_time, std::optional<bool>(false));  // due last Friday
    EXPECT_EQ(service->Find("c", kReturned, "")->on_time, std::optional<bool>(true));  // resolved a day early
}

TEST_P(LookupTest, ThePhoneFactorRevealsTheFullNameAndUnitAndAWrongOneIsAMiss) {
    Start();
    lookup::MissLimiter limiter(clock_, {.burst = 2});
    auto service = Service(limiter);
    auto right = service->Find("10.0.0.1", kInProgress, "5678");
    ASSERT_TRUE(right.ok());
    EXPECT_TRUE(right->second_factor);
    EXPECT_EQ(right->applicant_name, "Nguyễn Văn An");
    EXPECT_EQ(right->receiving_unit_vi, "Trung tâm Phục vụ hành chính công phường Quảng Trị");
    // Two wrong guesses of the digits use up a burst of two: the third lookup is refused.
    EXPECT_FALSE(service->Find("10.0.0.1", kInProgress, "0000")->second_factor);
    EXPECT_FALSE(service->Find("10.0.0.1", kInProgress, "1111")->second_factor);
    auto refused = service->Find("10.0.0.1", kInProgress, "5678");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, core::ErrorCode::kRateLimited);
}

TEST_P(LookupTest, MissesAreThrottledPerAddressAndHitsNeverDrainTheBucket) {
    Start();
    lookup::MissLimiter limiter(clock_, {.burst = kBurst, .refill_every = std::chrono::seconds(60)});
    auto service = Service(limiter);
    // A busy hall: many more hits than the burst, from one address, all answered.
    for (int i = 0; i < 5 * kBurst; ++i) ASSERT_TRUE(service->Find("10.0.0.7", kInProgress, "").ok()) << i;
    // A guesser walking the sequence: unknown and malformed codes alike are misses.
    for (const char* code : {kUnknown, kMalformed, "19360-261123-0998"}) {
        auto miss = service->Find("10.0.0.66", code, "");
        ASSERT_FALSE(miss.ok());
        EXPECT_EQ(miss.error().code, core::ErrorCode::kNotFound);
        EXPECT_EQ(miss.error().message, "lookup.not_found");
    }
    auto blocked = service->Find("10.0.0.66", kInProgress, "");
    ASSERT_FALSE(blocked.ok());
    EXPECT_EQ(blocked.error().code, core::ErrorCode::kRateLimited);
    // The hall's address is not affected, and the guesser gets one try back a minute later.
    EXPECT_TRUE(service->Find("10.0.0.7", kInProgress, "").ok());
    clock_.Advance(std::chrono::seconds(60));
    EXPECT_TRUE(service->Find("10.0.0.66", kInProgress, "").ok());
}

TEST_P(LookupTest, AResultIsVerifiedAgainstItsStoredBytesAndSignature) {
    Start();
    lookup::MissLimiter limiter(clock_, {.burst = kBurst});
    auto service = Service(limiter);
    auto checked = service->VerifyResult("c", kReturned);
    ASSERT_TRUE(checked.ok()) << checked.error().message;
    EXPECT_EQ(checked->issuer_vi, "Phường Quảng Trị");
    EXPECT_EQ(checked->sha256, result_sha_);
    EXPECT_EQ(checked->signer, "Lê Văn Lãnh đạo");
    EXPECT_EQ(checked->signature, lookup::ResultCheck::Signature::kValid);
    // A dossier still in progress has nothing to verify, like an unknown code.
    auto none = service->VerifyResult("c", kInProgress);
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, core::ErrorCode::kNotFound);
    // Stored bytes that no longer match the signature are reported, not confirmed.
    {
        std::ofstream out(config_.storage.data_dir + "/uploads/" + result_sha_.substr(0, 2) + "/" +
                              result_sha_.substr(2, 2) + "/" + result_sha_,
                          std::ios::binary | std::ios::trunc);
        out << "%PDF-1.4\n% altered\n%%EOF\n";
    }
    auto tampered = service->VerifyResult("c", kReturned);
    ASSERT_TRUE(tampered.ok());
    EXPECT_NE(tampered->signature, lookup::ResultCheck::Signature::kValid);
}

TEST_P(LookupTest, TheKioskRatingIsOncePerReturnedDossierAndAudited) {
    Start();
    lookup::MissLimiter limiter(clock_, {.burst = kBurst});
    auto service = Service(limiter);
    const domain::audit::Actor actor{std::nullopt, std::nullopt, "10.0.0.9", "req-kiosk"};
    auto early = service->RateAtKiosk("k", kInProgress, "satisfied", actor);
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.error().message, "dossier.state");
    auto bad = service->RateAtKiosk("k", kReturned, "excellent", actor);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message, "dossier.rating");
    ASSERT_TRUE(service->RateAtKiosk("k", kReturned, "very_satisfied", actor).ok());
    auto again = service->RateAtKiosk("k", kReturned, "dissatisfied", actor);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().message, "dossier.already_rated");
    auto stored = repo_->FindByCode(kReturned);
    ASSERT_TRUE(stored);
    ASSERT_EQ(stored->ratings.size(), 1u);
    EXPECT_EQ(stored->ratings[0].channel, "kiosk");
    EXPECT_EQ(stored->ratings[0].value, "very_satisfied");
    EXPECT_FALSE(stored->ratings[0].account_id.has_value());
    EXPECT_TRUE(service->Find("k", kReturned, "")->rated_at_kiosk);
    int audited = 0;
    auto connection = app_->database().Acquire();
    const std::string target = kReturned;
    connection.sql() << "SELECT COUNT(*) FROM audit_log WHERE action = 'dossier.rate' AND target_id = :c AND "
                        "ip = '10.0.0.9'",
        soci::use(target, "c"), soci::into(audited);
    EXPECT_EQ(audited, 1);
}

// ---- Over HTTP ------------------------------------------------------------------------------------------

TEST_P(LookupTest, ApiAnswersTheDocumentedShape) {
    Start();
    auto r = Get(std::string("/api/v1/lookup/") + kReturned, {{"Accept-Language", "vi"}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("cache-control"), "no-store");
    const json expected = {{"code", kReturned},
                           {"procedure", {{"code", kProcedure}, {"name", "Thủ tục đăng ký khai sinh"}}},
                           {"state", {{"code", 10}, {"name", "Đã trả kết quả"}}},
                           {"received_at", "2026-11-16T02:00:00.000Z"},
                           {"due_at", "2026-11-19T02:00:00.000Z"},
                           {"returned_at", "2026-11-19T01:00:00.000Z"},
                           {"on_time", true},
                           {"timeline", json::array({{{"state", 1}, {"at", "2026-11-16T02:00:00.000Z"}},
                                                     {{"state", 10}, {"at", "2026-11-19T01:00:00.000Z"}}})},
                           {"applicant", "Nguyễn V*** A***"},
                           {"second_factor", false}};
    EXPECT_EQ(json::parse(r.body), expected);
    // Nothing personal beyond the masked name: no ID number, address, phone, e-mail or note.
    for (const char* secret : {"045095000123", "Lê Duẩn", "345 678", "an@example.vn", "ghi chú"}) {
        EXPECT_EQ(r.body.find(secret), std::string::npos) << secret;
    }
    auto en = Get(std::string("/api/v1/lookup/") + kInProgress + "?lang=en");
    ASSERT_EQ(en.status, 200);
    const json body = json::parse(en.body);
    EXPECT_EQ(body["state"]["name"], "In progress");
    EXPECT_EQ(body["procedure"]["name"], "Birth registration");
    EXPECT_TRUE(body["on_time"].is_null());
}

TEST_P(LookupTest, ApiSecondFactor) {
    Start();
    auto r = Get(std::string("/api/v1/lookup/") + kInProgress + "?phone_last4=5678");
    ASSERT_EQ(r.status, 200);
    const json body = json::parse(r.body);
    EXPECT_TRUE(body["second_factor"].get<bool>());
    EXPECT_EQ(body["applicant_full"], "Nguyễn Văn An");
    EXPECT_EQ(body["receiving_unit"], "Trung tâm Phục vụ hành chính công phường Quảng Trị");
    EXPECT_EQ(body["appointment_at"], "2026-11-26T00:30:00.000Z");
    EXPECT_EQ(r.body.find("0912"), std::string::npos);
}

TEST_P(LookupTest, ApiMissesLookAlikeAndGuessingIsThrottledWith429) {
    Start();
    auto unknown = Get(std::string("/api/v1/lookup/") + kUnknown);
    // Markup, a code too short to be one (never sent to the database), non-ASCII letters.
    auto markup = Get("/api/v1/lookup/%3Cscript%3Ealert(1)%3C%5Bscript%3E");
    auto short_code = Get("/api/v1/lookup/x1");
    ASSERT_EQ(unknown.status, 404);
    ASSERT_EQ(markup.status, 404);
    ASSERT_EQ(short_code.status, 404);
    EXPECT_EQ(unknown.body, markup.body);  // byte for byte
    EXPECT_EQ(unknown.body, short_code.body);
    EXPECT_EQ(json::parse(unknown.body)["error"]["rule"], "lookup.not_found");
    // That was the burst (3); the fourth request from the address is refused even for a code that
    // exists: a guesser must not learn which codes do.
    auto refused = Get(std::string("/api/v1/lookup/") + kInProgress);
    EXPECT_EQ(refused.status, 429) << refused.body;
    EXPECT_EQ(refused.header("retry-after"), "3600");  // one miss back per miss_refill_seconds
    EXPECT_EQ(json::parse(refused.body)["error"]["rule"], "lookup.throttled");
    // The page shares the throttle of the address.
    auto page = Get(std::string("/lookup?code=") + kInProgress);
    EXPECT_EQ(page.status, 429);
    EXPECT_EQ(page.header("retry-after"), "3600");
    EXPECT_NE(page.body.find("lookup-throttled"), std::string::npos);
}

TEST_P(LookupTest, HitsFromOneAddressAreNeverThrottled) {
    Start();
    for (int i = 0; i < 4 * kBurst; ++i) {
        ASSERT_EQ(Get(std::string("/api/v1/lookup/") + kInProgress).status, 200) << i;
    }
}

TEST_P(LookupTest, ExemptAddressesAndTheRateLimitSwitch) {
    config_.lookup.exempt_addresses = " 10.9.9.9 , 127.0.0.1";
    Start();
    for (int i = 0; i < 2 * kBurst; ++i)
        EXPECT_EQ(Get(std::string("/api/v1/lookup/") + kUnknown).status, 404);
    EXPECT_EQ(Get(std::string("/api/v1/lookup/") + kInProgress).status, 200);
}

TEST_P(LookupTest, RateLimitsOffNeverAnswer429) {
    config_.rate_limits = false;
    Start();
    for (int i = 0; i < 2 * kBurst; ++i)
        EXPECT_EQ(Get(std::string("/api/v1/lookup/") + kUnknown).status, 404);
    EXPECT_EQ(Get(std::string("/api/v1/lookup/") + kInProgress).status, 200);
}

TEST_P(LookupTest, LookupPageShowsTheStatusWithoutPersonalData) {
    Start();
    auto page = Get(std::string("/lookup?code=") + kInProgress + "&lang=vi");
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("Nguyễn V*** A***"), std::string::npos);
    EXPECT_NE(page.body.find("Đang xử lý"), std::string::npos);
    for (const char* secret : {"045095000123", "Lê Duẩn", "345 678", "Nguyễn Văn An", "ghi chú"}) {
        EXPECT_EQ(page.body.find(secret), std::string::npos) << secret;
    }
    auto missing = Get(std::string("/lookup?code=") + kUnknown);
    EXPECT_EQ(missing.status, 404);
    EXPECT_NE(missing.body.find("lookup-not-found"), std::string::npos);
    auto empty = Get("/lookup");
    EXPECT_EQ(empty.status, 200);
}

TEST_P(LookupTest, LookupPagePhoneFactorThroughTheForm) {
    Start();
    auto page = Get(std::string("/lookup?code=") + kInProgress);
    ASSERT_EQ(page.status, 200);
    const std::string token = ::mocua::testing::FormFieldValue(page.body, "csrf_token");
    const std::string cookie = ::mocua::testing::CookieFrom(page, "mocua_csrf");
    ASSERT_FALSE(token.empty());
    const auto post = [&](const std::string& digits) {
        return ::mocua::testing::Fetch(
            app_->port(), "POST", "/lookup",
            ::mocua::testing::FormEncode(
                {{"csrf_token", token}, {"code", kInProgress}, {"phone_last4", digits}}),
            {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookie}});
    };
    auto right = post("5678");
    ASSERT_EQ(right.status, 200) << right.body;
    EXPECT_NE(right.body.find("Nguyễn Văn An"), std::string::npos);
    auto wrong = post("1234");
    EXPECT_EQ(wrong.status, 200);
    EXPECT_NE(wrong.body.find("lookup-factor-failed"), std::string::npos);
    EXPECT_EQ(wrong.body.find("Nguyễn Văn An"), std::string::npos);
    auto bad = post("56a8");
    EXPECT_EQ(bad.status, 422);
    EXPECT_NE(bad.body.find("phone-last4-error"), std::string::npos);
}

TEST_P(LookupTest, ResultCheckPage) {
    Start();
    auto page = Get(std::string("/lookup/") + kReturned + "/result?lang=en");
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find(result_sha_), std::string::npos);
    EXPECT_NE(page.body.find("Quang Tri Ward"), std::string::npos);
    EXPECT_NE(page.body.find("Valid"), std::string::npos);
    EXPECT_EQ(Get(std::string("/lookup/") + kInProgress + "/result").status, 404);
}

TEST_P(LookupTest, KioskPagesStayInTheKioskAndRememberTheUnit) {
    Start();
    auto start = Get("/kiosk?unit=19360-TTPVHCC&lang=en");
    ASSERT_EQ(start.status, 200) << start.body;
    EXPECT_NE(start.body.find("Quang Tri Ward Public Administrative Service Centre"), std::string::npos);
    const std::string unit_cookie = ::mocua::testing::CookieFrom(start, "mocua_kiosk_unit");
    EXPECT_EQ(unit_cookie, "mocua_kiosk_unit=19360-TTPVHCC");
    // Without JavaScript the page goes back to the start by itself.
    EXPECT_NE(start.body.find("http-equiv=\"refresh\" content=\"90;url=/kiosk\""), std::string::npos);
    for (const std::string& target :
         {std::string("/kiosk"), std::string("/kiosk/lookup?code=") + kInProgress,
          std::string("/kiosk/guide"), std::string("/kiosk/guide?event=birth"),
          std::string("/kiosk/guide?field=HT"), std::string("/kiosk/guide/") + kProcedure,
          std::string("/kiosk/rate")}) {
        auto r = Get(target, {{"Cookie", unit_cookie}});
        ASSERT_EQ(r.status, 200) << target << "\n" << r.body;
        EXPECT_NE(r.body.find("hành chính công phường Quảng Trị"), std::string::npos)
            << target;  // from the cookie
        // Every link stays under /kiosk (or the page itself: the skip link).
        for (std::size_t at = r.body.find("href=\""); at != std::string::npos;
             at = r.body.find("href=\"", at + 1)) {
            const std::string href = r.body.substr(at + 6, r.body.find('"', at + 6) - at - 6);
            if (href.starts_with("/static/")) continue;  // stylesheet, icon
            EXPECT_TRUE(href.starts_with("/kiosk") || href.starts_with("#"))
                << target << " links to " << href;
        }
    }
    auto guide = Get(std::string("/kiosk/guide/") + kProcedure);
    EXPECT_NE(guide.body.find("kiosk-bring"), std::string::npos);
    EXPECT_EQ(Get("/kiosk/guide/9.999999").status, 404);
    EXPECT_EQ(Get("/kiosk/guide?event=no-such-event").status, 404);
}

TEST_P(LookupTest, KioskRatingThroughTheForm) {
    Start();
    auto page = Get(std::string("/kiosk/rate?code=") + kReturned);
    ASSERT_EQ(page.status, 200);
    const std::string token = ::mocua::testing::FormFieldValue(page.body, "csrf_token");
    const std::string cookie = ::mocua::testing::CookieFrom(page, "mocua_csrf");
    const auto post = [&](const std::string& code, const std::string& value) {
        return ::mocua::testing::Fetch(
            app_->port(), "POST", "/kiosk/rate",
            ::mocua::testing::FormEncode({{"csrf_token", token}, {"code", code}, {"three_level", value}}),
            {{"Content-Type", "application/x-www-form-urlencoded"}, {"Cookie", cookie}});
    };
    EXPECT_EQ(post(kInProgress, "satisfied").status, 409);
    EXPECT_EQ(post(kReturned, "").status, 422);
    auto rated = post(kReturned, "satisfied");
    EXPECT_EQ(rated.status, 200) << rated.body;
    EXPECT_NE(rated.body.find("kiosk-rated"), std::string::npos);
    EXPECT_EQ(post(kReturned, "satisfied").status, 409);
    EXPECT_EQ(post(kUnknown, "satisfied").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Engines, LookupTest, ::mocua::testing::AllEngines(), ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
