// GET /api/v1/procedures and /api/v1/procedures/{code} over HTTP on both engines: search without
// accents, filters and pages, the version in force on a date, and 400/404 with the API's JSON error.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "adapters/crypto/sodium.hpp"
#include "app/app.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/json_codec.hpp"
#include "persistence/catalog_repository.hpp"
#include "support/app_config.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"

namespace mocua {
namespace {

using nlohmann::json;

class CatalogApiTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        tdb_ = std::make_unique<::mocua::testing::TestDatabase>(GetParam());
        // tests/data/catalogue/small.json, in force from 2025-07-01; then 1.001193 changes on 2026-01-01.
        std::ifstream in(std::string(MOCUA_SOURCE_DIR) + "/tests/data/catalogue/small.json");
        std::stringstream text;
        text << in.rdbuf();
        auto parsed = domain::catalog::ParseCatalogueJson(text.str(), "small.json");
        for (auto& f : parsed.catalogue.forms) f.file.clear();
        persistence::SqlCatalogRepository repo(tdb_->db(), crypto_, clock_);
        domain::catalog::CatalogService service(repo, crypto_, clock_);
        const domain::audit::Actor actor{std::nullopt, std::nullopt, "", "test"};
        ASSERT_TRUE(service.Import(parsed.catalogue, parsed.sources, actor)->problems.empty());
        parsed.catalogue.procedures[0].name_en = "Registration of birth";
        parsed.catalogue.procedures[0].effective_from = "2026-01-01";
        ASSERT_EQ(service.Import(parsed.catalogue, parsed.sources, actor)->summary.versions_created, 1);

        app_ = std::make_unique<app::App>(::mocua::testing::InProcessAppConfig(*tdb_), &clock_);
        auto started = app_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        client_ = std::make_unique<::mocua::testing::HttpConnection>(app_->port());
    }

    ::mocua::testing::HttpReply Get(const std::string& target) { return client_->Request("GET", target); }

    std::vector<std::string> Codes(const std::string& target) {
        auto r = Get(target);
        EXPECT_EQ(r.status, 200) << target << ": " << r.body;
        std::vector<std::string> out;
        if (r.status != 200) return out;
        const json body = json::parse(r.body);  // kept alive for the loop (the temporary would not be)
        for (const auto& i : body["items"]) out.push_back(i["code"]);
        return out;
    }

    // 2025-07-01 08:00 in Vietnam.
    core::ManualClock clock_{*core::ParseUtc("2025-07-01T01:00:00.000Z")};
    adapters::SodiumCrypto crypto_{std::string(32, 'k')};
    std::unique_ptr<::mocua::testing::TestDatabase> tdb_;
    std::unique_ptr<app::App> app_;
    std::unique_ptr<::mocua::testing::HttpConnection> client_;
};

TEST_P(CatalogApiTest, SearchWithoutAccentsReturnsTheDocumentedShape) {
    auto r = Get("/api/v1/procedures?q=dang+ky+khai+sinh");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/json");
    const json body = json::parse(r.body);
    EXPECT_EQ(body["total"], 1);
    ASSERT_EQ(body["items"].size(), 1u);
    const json& item = body["items"][0];
    EXPECT_EQ(item["code"], "1.001193");
    EXPECT_EQ(item["name"]["vi"], "Thủ tục đăng ký khai sinh");
    EXPECT_EQ(item["field"]["code"], "HT");
    EXPECT_EQ(item["field"]["name"]["vi"], "Hộ tịch");
    EXPECT_EQ(item["level"], "commune");
    EXPECT_EQ(item["mode"], "partial_online");
    EXPECT_EQ(item["time_limit"], (json{{"value", 0}, {"unit", "working_days"}}));
    EXPECT_EQ(Codes("/api/v1/procedures?q=dat%20dai"), (std::vector<std::string>{"1.004227"}));
    EXPECT_EQ(Codes("/api/v1/procedures?q=%C4%90%E1%BA%A5t+%C4%91ai"),
              (std::vector<std::string>{"1.004227"}));
}

TEST_P(CatalogApiTest, FiltersAndPages) {
    EXPECT_EQ(Codes("/api/v1/procedures?field=HT"), (std::vector<std::string>{"1.000894", "1.001193"}));
    EXPECT_EQ(Codes("/api/v1/procedures?level=district"), (std::vector<std::string>{"1.004227"}));
    EXPECT_EQ(Codes("/api/v1/procedures?mode=offline"), (std::vector<std::string>{"2.000815"}));
    auto r = Get("/api/v1/procedures?per_page=3&page=2");
    ASSERT_EQ(r.status, 200);
    const json body = json::parse(r.body);
    EXPECT_EQ(body["total"], 4);
    EXPECT_EQ(body["page"], 2);
    EXPECT_EQ(body["items"].size(), 1u);
    EXPECT_EQ(Codes("/api/v1/procedures?page=9"), (std::vector<std::string>{}));
}

TEST_P(CatalogApiTest, BadParametersAre400WithAMessageNamingThem) {
    for (const auto& [query, word] :
         std::vector<std::pair<std::string, std::string>>{{"level=village", "level"},
                                                          {"mode=online", "mode"},
                                                          {"page=0", "page"},
                                                          {"page=abc", "page"},
                                                          {"per_page=1000", "per_page"},
                                                          {"as_of=2025-02-30", "as_of"},
                                                          {"q=" + std::string(201, 'a'), "q"}}) {
        auto r = Get("/api/v1/procedures?" + query);
        EXPECT_EQ(r.status, 400) << query;
        const json body = json::parse(r.body);
        EXPECT_EQ(body["error"]["code"], "invalid_argument") << query;
        EXPECT_NE(body["error"]["message"].get<std::string>().find(word), std::string::npos) << query;
    }
}

TEST_P(CatalogApiTest, DetailIsTheVersionInForce) {
    auto r = Get("/api/v1/procedures/1.001193");
    ASSERT_EQ(r.status, 200) << r.body;
    json body = json::parse(r.body);
    EXPECT_EQ(body["name_en"], "Birth registration");
    EXPECT_EQ(body["version"]["number"], 1);
    EXPECT_EQ(body["version"]["valid_until"], "2026-01-01");
    EXPECT_EQ(body["field_name"]["vi"], "Hộ tịch");
    EXPECT_EQ(body["legal_basis"][0]["number"], "60/2014/QH13");
    EXPECT_EQ(body["eform"]["pages"][1]["fields"][1]["type"], "cccd");
    body = json::parse(Get("/api/v1/procedures/1.001193?as_of=2026-01-01").body);
    EXPECT_EQ(body["name_en"], "Registration of birth");
    EXPECT_EQ(body["version"]["number"], 2);
    EXPECT_TRUE(body["version"]["valid_until"].is_null());

    auto missing = Get("/api/v1/procedures/9.999999");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(json::parse(missing.body)["error"]["code"], "not_found");
    EXPECT_EQ(Get("/api/v1/procedures/1.001193?as_of=2025-06-30").status, 404);
    EXPECT_EQ(Get("/api/v1/procedures/1.001193?as_of=yesterday").status, 400);
}

INSTANTIATE_TEST_SUITE_P(Engines, CatalogApiTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
