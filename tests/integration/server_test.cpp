// The whole server in-process on port 0, on both databases: health, readiness, metrics, the JSON
// API, static files, and what bad or slow clients get.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "app/app.hpp"
#include "app/seed_demo.hpp"
#include "core/clock.hpp"
#include "db/database.hpp"
#include "http/router.hpp"
#include "support/app_config.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"

namespace mocua {
namespace {

namespace fs = std::filesystem;
using ::mocua::testing::Fetch;
using ::mocua::testing::HttpConnection;
using ::mocua::testing::TestDatabase;
using json = nlohmann::json;

class ServerTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) return;
        tdb_ = std::make_unique<TestDatabase>(GetParam(), /*migrate=*/false);
        static_dir_ = tdb_->dir() + "/static";
        fs::create_directories(static_dir_ + "/css");
        std::ofstream(static_dir_ + "/css/app.0123abcd.css") << "body{color:#0b0c0c}";
        std::ofstream(static_dir_ + "/robots.txt") << "User-agent: *\n";
        std::ofstream(tdb_->dir() + "/secret.txt") << "outside the static folder";
        config_ = ::mocua::testing::InProcessAppConfig(*tdb_);
        config_.server.static_dir = static_dir_;
        config_.server.body_limit_bytes = 64 * 1024;
        config_.server.header_timeout_ms = 300;
    }

    void Start() {
        app_ = std::make_unique<app::App>(config_);
        auto started = app_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        port_ = app_->port();
        ASSERT_NE(port_, 0);
    }

    std::unique_ptr<TestDatabase> tdb_;
    std::string static_dir_;
    config::Config config_;
    std::unique_ptr<app::App> app_;
    std::uint16_t port_ = 0;
};

TEST_P(ServerTest, HealthAndReadinessAnswer200WhenMigrated) {
    Start();
    auto health = Fetch(port_, "GET", "/healthz");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(json::parse(health.body)["status"], "ok");
    auto ready = Fetch(port_, "GET", "/readyz");
    EXPECT_EQ(ready.status, 200) << ready.body;
    EXPECT_EQ(json::parse(ready.body)["status"], "ready");
}

TEST_P(ServerTest, ReadinessIs503UntilMigrated) {
    config_.database.auto_migrate = false;
    Start();
    auto ready = Fetch(port_, "GET", "/readyz");
    EXPECT_EQ(ready.status, 503);
    EXPECT_EQ(json::parse(ready.body)["status"], "not_ready");
    EXPECT_EQ(Fetch(port_, "GET", "/healthz").status, 200) << "alive even when not ready";
}

TEST_P(ServerTest, SiteProfileReadsFromTheDatabase) {
    Start();
    auto missing = Fetch(port_, "GET", "/api/v1/site");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(json::parse(missing.body)["error"]["code"], "not_found");

    core::SystemClock clock;
    ASSERT_TRUE(app::SeedDemo(app_->database(), clock).ok());
    auto site = Fetch(port_, "GET", "/api/v1/site");
    ASSERT_EQ(site.status, 200) << site.body;
    auto body = json::parse(site.body);
    EXPECT_EQ(body["name"]["vi"], "Ủy ban nhân dân phường Quảng Trị");
    EXPECT_EQ(site.header("content-type"), "application/json");
}

TEST_P(ServerTest, JsonErrorsHaveOneShapeWithRequestId) {
    Start();
    auto r = Fetch(port_, "GET", "/api/v1/does-not-exist", "", {{"X-Request-Id", "test-req-0001"}});
    EXPECT_EQ(r.status, 404);
    auto body = json::parse(r.body);
    EXPECT_EQ(body["error"]["code"], "not_found");
    EXPECT_TRUE(body["error"]["message"].is_string());
    EXPECT_EQ(body["error"]["request_id"], "test-req-0001");
    EXPECT_EQ(r.header("x-request-id"), "test-req-0001");
}

TEST_P(ServerTest, WrongMethodIs405WithAllowAndUnknownMethodIs501) {
    Start();
    auto r = Fetch(port_, "DELETE", "/healthz");
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.header("allow"), "GET, HEAD");
    EXPECT_EQ(Fetch(port_, "BREW", "/healthz").status, 501);
}

TEST_P(ServerTest, SecurityHeadersOnEveryResponse) {
    Start();
    for (const char* path : {"/healthz", "/nope", "/static/robots.txt", "/api/v1/site"}) {
        auto r = Fetch(port_, "GET", path);
        EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << path;
        EXPECT_NE(r.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos)
            << path;
        EXPECT_FALSE(r.header("referrer-policy").empty()) << path;
        EXPECT_EQ(r.header("x-request-id").size(), 16u) << path;
    }
}

TEST_P(ServerTest, MetricsCountRequestsAndPools) {
    Start();
    Fetch(port_, "GET", "/healthz");
    Fetch(port_, "GET", "/readyz");
    auto m = Fetch(port_, "GET", "/metrics");
    ASSERT_EQ(m.status, 200);
    EXPECT_NE(m.body.find(R"(mocua_http_requests_total{route="/healthz",method="GET",status="200"} 1)"),
              std::string::npos)
        << m.body;
    EXPECT_NE(m.body.find("mocua_http_request_duration_seconds_bucket{route=\"/readyz\""), std::string::npos);
    EXPECT_NE(m.body.find("mocua_worker_pool_queue_depth"), std::string::npos);
    EXPECT_NE(m.body.find("mocua_db_pool_in_use"), std::string::npos);
}

TEST_P(ServerTest, StaticFilesWithEtagAndCaching) {
    Start();
    auto css = Fetch(port_, "GET", "/static/css/app.0123abcd.css");
    ASSERT_EQ(css.status, 200);
    EXPECT_EQ(css.body, "body{color:#0b0c0c}");
    EXPECT_EQ(css.header("content-type"), "text/css; charset=utf-8");
    EXPECT_NE(css.header("cache-control").find("immutable"), std::string::npos);
    auto again =
        Fetch(port_, "GET", "/static/css/app.0123abcd.css", "", {{"If-None-Match", css.header("etag")}});
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
    auto robots = Fetch(port_, "GET", "/static/robots.txt");
    EXPECT_EQ(robots.header("cache-control"), "public, no-cache");
    auto head = Fetch(port_, "HEAD", "/static/robots.txt");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("content-length"), std::to_string(robots.body.size()));
}

TEST_P(ServerTest, TraversalNeverEscapesTheStaticFolder) {
    Start();
    for (const char* target :
         {"/static/../secret.txt", "/static/%2e%2e/secret.txt", "/static/%2E%2E%2Fsecret.txt",
          "/static/..%2fsecret.txt", "/static/css/../../secret.txt", "/static/..%5csecret.txt",
          "/static//etc/passwd", "/static/%00"}) {
        auto r = Fetch(port_, "GET", target);
        EXPECT_TRUE(r.status == 400 || r.status == 404) << target << " → " << r.status;
        EXPECT_EQ(r.body.find("outside the static folder"), std::string::npos) << target;
        EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
    }
}

TEST_P(ServerTest, MalformedRequestsGet400AndServerLivesOn) {
    Start();
    for (const char* raw :
         {"GARBAGE\r\n\r\n", "GET /healthz HTTP/9.9\r\n\r\n", "GET  HTTP/1.1\r\n\r\n",
          "GET /healthz HTTP/1.1\r\nBad Header Line\r\n\r\n",
          "GET /healthz HTTP/1.1\r\nContent-Length: abc\r\n\r\n", "GET healthz HTTP/1.1\r\n\r\n"}) {
        HttpConnection c(port_);
        c.SendRaw(raw);
        auto reply = c.Read();
        ASSERT_TRUE(reply) << raw;
        EXPECT_EQ(reply->status, 400) << raw;
    }
    EXPECT_EQ(Fetch(port_, "GET", "/healthz").status, 200);
}

TEST_P(ServerTest, OversizedBodyIs413) {
    Start();
    HttpConnection c(port_);
    // Declared too large: refused from the headers, before the body is read.
    c.SendRaw("POST /api/v1/site HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n");
    auto reply = c.Read();
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->status, 413);
    EXPECT_EQ(json::parse(reply->body)["error"]["code"], "payload_too_large");
    // Chunked bodies are counted as they arrive.
    HttpConnection chunked(port_);
    const std::string chunk(32 * 1024, 'x');
    std::string req = "POST /api/v1/site HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 3; ++i) req += "8000\r\n" + chunk + "\r\n";
    req += "0\r\n\r\n";
    try {
        chunked.SendRaw(req);
    } catch (const std::runtime_error&) {
        // The server may close before the whole body is sent; the reply is what matters.
    }
    auto r2 = chunked.Read();
    ASSERT_TRUE(r2);
    EXPECT_EQ(r2->status, 413);
}

TEST_P(ServerTest, SlowHeadersAreDisconnected) {
    Start();
    HttpConnection c(port_);
    c.SendRaw("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // and never finishes the headers
    EXPECT_TRUE(c.WaitForClose(std::chrono::seconds(10))) << "header timeout is 300 ms";
    HttpConnection silent(port_);
    EXPECT_TRUE(silent.WaitForClose(std::chrono::seconds(10)))
        << "a connection that says nothing is closed too";
    EXPECT_EQ(Fetch(port_, "GET", "/healthz").status, 200);
}

TEST_P(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
    Start();
    HttpConnection c(port_);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(c.Request("GET", i % 2 ? "/healthz" : "/readyz").status, 200);
    // Pipelined: two requests in one write, two answers in order.
    c.SendRaw("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(c.Read()->status, 200);
    EXPECT_EQ(c.Read()->status, 404);
}

TEST_P(ServerTest, EveryApiRouteIsInTheOpenApiDocument) {
    Start();
    auto doc = json::parse(Fetch(port_, "GET", "/api/v1/openapi.json").body);
    EXPECT_EQ(doc["openapi"], "3.1.0");
    int checked = 0;
    for (const auto& route : app_->router().routes()) {
        const bool documented_area = route->pattern.starts_with("/api/") || route->pattern == "/healthz" ||
                                     route->pattern == "/readyz" || route->pattern == "/metrics";
        if (!documented_area) continue;
        std::string method = route->method;
        std::transform(method.begin(), method.end(), method.begin(), ::tolower);
        // OpenAPI writes {id} for our {id:int}.
        std::string path = route->pattern;
        for (auto pos = path.find(":int}"); pos != std::string::npos; pos = path.find(":int}"))
            path.erase(pos, 4);
        EXPECT_TRUE(doc["paths"].contains(path) && doc["paths"][path].contains(method))
            << route->method << " " << route->pattern << " is not in src/api/openapi.json";
        ++checked;
    }
    EXPECT_GE(checked, 5);
}

INSTANTIATE_TEST_SUITE_P(Engines, ServerTest, ::mocua::testing::AllEngines(), ::mocua::testing::EngineName);

// Graceful stop: a request in flight when the stop begins is answered; new connections are refused.
TEST(ServerShutdown, InFlightRequestFinishesDuringStop) {
    TestDatabase tdb(db::Engine::kSqlite, /*migrate=*/false);
    config::Config c;
    c.storage.data_dir = tdb.dir() + "/data";
    c.server.listen = "127.0.0.1:0";
    c.jobs.enabled = false;
    c.log.access_log = false;
    app::App app(c);
    ASSERT_TRUE(app.Start().ok());
    const auto port = app.port();

    // A slow client: its body arrives after Stop() has begun, so the request is in flight.
    HttpConnection slow(port);
    slow.SendRaw("POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab");
    EXPECT_EQ(Fetch(port, "GET", "/healthz").status, 200);
    auto stopping = std::async(std::launch::async, [&] { app.Stop(); });
    // Wait until the stop has begun: the listener refuses new connections.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    bool refused = false;
    while (!refused && std::chrono::steady_clock::now() < deadline) {
        try {
            HttpConnection probe(port);
        } catch (const std::runtime_error&) {
            refused = true;
        }
    }
    ASSERT_TRUE(refused) << "the server kept accepting after Stop() began";
    slow.SendRaw("cd");
    auto reply = slow.Read();
    ASSERT_TRUE(reply) << "the in-flight request was answered";
    EXPECT_EQ(reply->status, 405);  // POST to a GET route: what matters is that it got an answer
    EXPECT_EQ(reply->header("connection"), "close");
    stopping.get();
}

}  // namespace
}  // namespace mocua
