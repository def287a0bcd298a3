#include "http/pipeline.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <nlohmann/json.hpp>
#include <system_error>

#include "core/metrics.hpp"

namespace mocua::http {
namespace {

class PipelineTest : public ::testing::Test {
protected:
    void SetUp() override {
        router.Get("/api/v1/ok", Access::Public(),
                   [](Request& r) { return Response::Json(200, R"({"id":")" + r.request_id + "\"}"); });
        router.Get("/api/v1/boom", Access::Public(),
                   [](Request&) -> Response { throw std::runtime_error("database exploded"); });
        router.Get("/api/v1/gone", Access::Public(), [](Request&) { return Response::Empty(404); });
        router.Get("/kiosk", Access::Public(), [](Request&) { return Response::Text(200, "kiosk"); },
                   {.framable_by_self = true});
        router.Post("/api/v1/ok", Access::Public(), [](Request&) { return Response::Empty(201); });
        router.Get("/api/v1/mine", Access::SignedIn(), [](Request& r) {
            return Response::Json(200, "{\"account\":" + std::to_string(r.principal->account_id) + "}");
        });
        router.Get("/api/v1/leaders", Access::AnyRole({"leader", "system_admin"}),
                   [](Request&) { return Response::Json(200, "{}"); });
        std::vector<core::Metrics::RouteLabel> labels;
        for (const auto& r : router.routes()) labels.push_back({r->method, r->pattern});
        metrics.SetRoutes(std::move(labels));
    }

    Response Send(std::string method, std::string path, Headers headers = {}) {
        Request r;
        r.method = std::move(method);
        r.path = std::move(path);
        r.headers = std::move(headers);
        return pipeline.Handle(r);
    }

    Router router;
    core::Metrics metrics;
    Pipeline pipeline{router, metrics, PipelineOptions{.access_log = false}};
};

TEST_F(PipelineTest, AccessRulesAnswer401And403BeforeTheHandler) {
    EXPECT_EQ(Send("GET", "/api/v1/mine").status, 401) << "no authenticator: nobody is signed in";
    pipeline.SetAuthenticator([](const Request& r) -> std::optional<Principal> {
        auto token = r.Header("Authorization");
        if (token == "Bearer citizen") return Principal{7, "citizen", {"citizen"}};
        if (token == "Bearer leader") return Principal{9, "staff", {"specialist", "leader"}};
        return std::nullopt;
    });
    auto anonymous = Send("GET", "/api/v1/mine");
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(nlohmann::json::parse(anonymous.body)["error"]["code"], "unauthenticated");
    auto mine = Send("GET", "/api/v1/mine", {{"Authorization", "Bearer citizen"}});
    EXPECT_EQ(mine.status, 200);
    EXPECT_EQ(nlohmann::json::parse(mine.body)["account"], 7) << "the handler sees the principal";
    EXPECT_EQ(Send("GET", "/api/v1/leaders", {{"Authorization", "Bearer citizen"}}).status, 403);
    EXPECT_EQ(Send("GET", "/api/v1/leaders", {{"Authorization", "Bearer leader"}}).status, 200);
    EXPECT_EQ(Send("GET", "/api/v1/leaders", {{"Authorization", "Bearer forged"}}).status, 401);
}

TEST_F(PipelineTest, BehindTheProxyTheClientIsTheLastForwardedAddressFromLoopbackOnly) {
    Pipeline proxied{router, metrics, PipelineOptions{.access_log = false, .behind_tls_proxy = true}};
    auto seen = [&](Pipeline& p, std::string peer, Headers headers) {
        Request r;
        r.method = "GET";
        r.path = "/api/v1/ok";
        r.remote_address = std::move(peer);
        r.headers = std::move(headers);
        (void)p.Prepare(r);
        return r.remote_address;
    };
    // nginx on this machine appended the citizen's address after whatever the client claimed.
    EXPECT_EQ(seen(proxied, "127.0.0.1", {{"X-Forwarded-For", "10.0.0.1, 203.0.113.7"}}), "203.0.113.7");
    EXPECT_EQ(seen(proxied, "::1", {{"X-Forwarded-For", " 2001:db8::5 "}}), "2001:db8::5");
    // From another peer the header is the client's own claim; junk is ignored; no proxy: no trust.
    EXPECT_EQ(seen(proxied, "198.51.100.2", {{"X-Forwarded-For", "203.0.113.7"}}), "198.51.100.2");
    EXPECT_EQ(seen(proxied, "127.0.0.1", {{"X-Forwarded-For", "203.0.113.7, not-an-address"}}), "127.0.0.1");
    EXPECT_EQ(seen(proxied, "127.0.0.1", {}), "127.0.0.1");
    EXPECT_EQ(seen(pipeline, "127.0.0.1", {{"X-Forwarded-For", "203.0.113.7"}}), "127.0.0.1");
}

TEST_F(PipelineTest, GeneratesRequestIdAndEchoesIt) {
    auto r = Send("GET", "/api/v1/ok");
    ASSERT_EQ(r.status, 200);
    auto id = r.Header("X-Request-Id");
    ASSERT_TRUE(id);
    EXPECT_EQ(id->size(), 16u);
    EXPECT_EQ(nlohmann::json::parse(r.body)["id"], std::string(*id));
}

TEST_F(PipelineTest, AcceptsWellFormedRequestIdOnly) {
    EXPECT_EQ(Send("GET", "/api/v1/ok", {{"x-request-id", "kiosk-7.hall-0001"}}).Header("X-Request-Id"),
              "kiosk-7.hall-0001");
    EXPECT_NE(Send("GET", "/api/v1/ok", {{"X-Request-Id", "bad id\twith tab"}}).Header("X-Request-Id"),
              "bad id\twith tab");
}

TEST_F(PipelineTest, ExceptionBecomesJson500WithoutDetails) {
    auto r = Send("GET", "/api/v1/boom");
    EXPECT_EQ(r.status, 500);
    auto body = nlohmann::json::parse(r.body);
    EXPECT_EQ(body["error"]["code"], "internal");
    EXPECT_EQ(body["error"]["request_id"], std::string(*r.Header("X-Request-Id")));
    EXPECT_EQ(r.body.find("exploded"), std::string::npos) << "internal details must not leak to clients";
}

TEST_F(PipelineTest, StorageFailureBecomes503WithRetryAfterOtherExceptionsStay500) {
    router.Get("/api/v1/full", Access::Public(), [](Request&) -> Response {
        throw std::system_error(ENOSPC, std::generic_category(), "write");
    });
    // The classifier the composition root installs (db::IsStorageFailure) recognises storage errors; a
    // stand-in that knows only ENOSPC keeps this test free of the database layer.
    pipeline.SetStorageFailureClassifier([](const std::exception& e, std::string* reason) {
        const auto* s = dynamic_cast<const std::system_error*>(&e);
        if (!s || s->code().value() != ENOSPC) return false;
        *reason = "disk full";
        return true;
    });
    auto full = Send("GET", "/api/v1/full");
    EXPECT_EQ(full.status, 503);
    EXPECT_EQ(nlohmann::json::parse(full.body)["error"]["code"], "storage_unavailable");
    EXPECT_EQ(full.Header("Retry-After").value_or(""), "30");
    EXPECT_EQ(Send("GET", "/api/v1/boom").status, 500) << "a bug is not a storage failure";
}

TEST_F(PipelineTest, EmptyErrorFromHandlerGetsStandardShape) {
    auto r = Send("GET", "/api/v1/gone");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["code"], "not_found");
}

TEST_F(PipelineTest, UnknownRouteAndMethod) {
    auto missing = Send("GET", "/api/v1/missing");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(nlohmann::json::parse(missing.body)["error"]["code"], "not_found");
    auto wrong = Send("DELETE", "/api/v1/ok");
    EXPECT_EQ(wrong.status, 405);
    EXPECT_EQ(wrong.Header("Allow"), "GET, HEAD, POST");
    EXPECT_EQ(Send("BREW", "/api/v1/ok").status, 501);
}

TEST_F(PipelineTest, SecurityHeadersOnEveryResponse) {
    for (const auto& r : {Send("GET", "/api/v1/ok"), Send("GET", "/nope"), Send("GET", "/api/v1/boom")}) {
        EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
        EXPECT_TRUE(r.Header("Referrer-Policy"));
        auto csp = r.Header("Content-Security-Policy");
        ASSERT_TRUE(csp);
        EXPECT_NE(csp->find("script-src 'self'"), std::string::npos);
        EXPECT_EQ(csp->find("unsafe-inline"), std::string::npos);
        EXPECT_NE(csp->find("frame-ancestors 'none'"), std::string::npos);
    }
}

TEST_F(PipelineTest, KioskRoutesMayBeFramedBySameOriginOnly) {
    auto r = Send("GET", "/kiosk");
    EXPECT_NE(r.Header("Content-Security-Policy")->find("frame-ancestors 'self'"), std::string::npos);
    EXPECT_EQ(r.Header("X-Frame-Options"), "SAMEORIGIN");
}

TEST_F(PipelineTest, MetricsCountRequestsByRouteAndStatus) {
    Send("GET", "/api/v1/ok");
    Send("GET", "/api/v1/ok");
    Send("GET", "/nope");
    const std::string text = metrics.RenderPrometheus();
    EXPECT_NE(text.find(R"(mocua_http_requests_total{route="/api/v1/ok",method="GET",status="200"} 2)"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find(R"(mocua_http_requests_total{route="unmatched",status="404"} 1)"), std::string::npos)
        << text;
    EXPECT_NE(text.find(R"(mocua_http_request_duration_seconds_count{route="/api/v1/ok",method="GET"} 2)"),
              std::string::npos);
}

}  // namespace
}  // namespace mocua::http
