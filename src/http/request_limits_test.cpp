// The request limits on their own and inside the pipeline, on a manual clock.
#include "http/request_limits.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/metrics.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"

namespace mocua::http {
namespace {

using namespace std::chrono_literals;

Request Make(std::string method, std::string path, std::string address) {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.remote_address = std::move(address);
    return r;
}

class RequestLimitsTest : public ::testing::Test {
protected:
    core::ManualClock clock{core::TimePoint(std::chrono::milliseconds(1'700'000'000'000))};
    RequestLimitsOptions Small() {
        RequestLimitsOptions o;
        o.address_read = {3, 1'000ms};
        o.address_write = {2, 1'000ms};
        o.account_read = {4, 1'000ms};
        o.account_write = {1, 1'000ms};
        return o;
    }
};

TEST_F(RequestLimitsTest, ReadsAndWritesOfOneAddressHaveSeparateAllowances) {
    RequestLimits limits(clock, Small());
    for (int i = 0; i < 3; ++i) EXPECT_EQ(limits.CheckAddress(Make("GET", "/procedures", "10.0.0.1")), 0);
    EXPECT_EQ(limits.CheckAddress(Make("HEAD", "/procedures", "10.0.0.1")), 1) << "HEAD is a read";
    // Reads exhausted, writes untouched: a clerk can still submit.
    EXPECT_EQ(limits.CheckAddress(Make("POST", "/apply", "10.0.0.1")), 0);
    EXPECT_EQ(limits.CheckAddress(Make("DELETE", "/apply", "10.0.0.1")), 0);
    EXPECT_EQ(limits.CheckAddress(Make("PUT", "/apply", "10.0.0.1")), 1);
    EXPECT_EQ(limits.CheckAddress(Make("GET", "/procedures", "10.0.0.2")), 0) << "another address";
}

TEST_F(RequestLimitsTest, HealthMetricsAndStaticAssetsAreNeverLimited) {
    auto o = Small();
    o.address_read = {1, 60'000ms};
    RequestLimits limits(clock, o);
    for (const char* path : {"/healthz", "/readyz", "/metrics", "/static/css/app.0123abcd.css"}) {
        for (int i = 0; i < 5; ++i) EXPECT_EQ(limits.CheckAddress(Make("GET", path, "10.0.0.1")), 0) << path;
    }
    EXPECT_EQ(limits.CheckAddress(Make("GET", "/", "10.0.0.1")), 0) << "the assets spent nothing";
    EXPECT_EQ(limits.CheckAddress(Make("GET", "/staticky", "10.0.0.1")), 60) << "only the /static/ folder";
}

TEST_F(RequestLimitsTest, ExemptAddressesSkipAddressLimitsButNotTheirAccounts) {
    auto o = Small();
    o.exempt_addresses = {"192.168.1.1"};
    RequestLimits limits(clock, o);
    Request r = Make("POST", "/counter", "192.168.1.1");
    for (int i = 0; i < 10; ++i) EXPECT_EQ(limits.CheckAddress(r), 0);
    r.principal = Principal{42, "staff", {}};
    EXPECT_EQ(limits.CheckAccount(r), 0);
    EXPECT_EQ(limits.CheckAccount(r), 1) << "one write per second for this account";
}

TEST_F(RequestLimitsTest, AnAccountIsLimitedAcrossAddressesAndAnonymousRequestsAreNot) {
    RequestLimits limits(clock, Small());
    for (int i = 0; i < 4; ++i) {
        Request r = Make("GET", "/account", "10.0.0." + std::to_string(i));
        r.principal = Principal{7, "citizen", {}};
        EXPECT_EQ(limits.CheckAccount(r), 0);
    }
    Request fifth = Make("GET", "/account", "10.0.0.99");
    fifth.principal = Principal{7, "citizen", {}};
    EXPECT_EQ(limits.CheckAccount(fifth), 1);
    fifth.principal = Principal{8, "citizen", {}};
    EXPECT_EQ(limits.CheckAccount(fifth), 0) << "another account";
    EXPECT_EQ(limits.CheckAccount(Make("GET", "/account", "10.0.0.99")), 0) << "nobody signed in";
}

TEST_F(RequestLimitsTest, DisabledNothingIsLimited) {
    auto o = Small();
    o.enabled = false;
    RequestLimits limits(clock, o);
    Request r = Make("POST", "/apply", "10.0.0.1");
    r.principal = Principal{7, "citizen", {}};
    for (int i = 0; i < 100; ++i) {
        EXPECT_EQ(limits.CheckAddress(r), 0);
        EXPECT_EQ(limits.CheckAccount(r), 0);
    }
}

class LimitedPipelineTest : public RequestLimitsTest {
protected:
    void SetUp() override {
        router.Get("/api/v1/ok", Access::Public(), [this](Request&) {
            ++handled;
            return Response::Json(200, "{}");
        });
        router.Get("/api/v1/mine", Access::SignedIn(), [this](Request&) {
            ++handled;
            return Response::Json(200, "{}");
        });
        router.Get("/healthz", Access::Public(), [](Request&) { return Response::Text(200, "ok"); },
                   {.blocking = false});
        std::vector<core::Metrics::RouteLabel> labels;
        for (const auto& r : router.routes()) labels.push_back({r->method, r->pattern});
        metrics.SetRoutes(std::move(labels));
        pipeline.SetRequestLimits(&limits);
        pipeline.SetAuthenticator([](const Request& r) -> std::optional<Principal> {
            if (r.Header("Authorization") == "Bearer citizen") return Principal{7, "citizen", {"citizen"}};
            return std::nullopt;
        });
    }
    Response Send(const std::string& path, const std::string& address, Headers headers = {}) {
        Request r = Make("GET", path, address);
        r.headers = std::move(headers);
        return pipeline.Handle(r);
    }

    Router router;
    core::Metrics metrics;
    Pipeline pipeline{router, metrics, PipelineOptions{.access_log = false}};
    RequestLimits limits{clock, Small()};
    int handled = 0;
};

TEST_F(LimitedPipelineTest, OverTheAllowanceTheAnswerIs429WithRetryAfterAndTheHandlerDoesNotRun) {
    for (int i = 0; i < 3; ++i) EXPECT_EQ(Send("/api/v1/ok", "10.0.0.1").status, 200);
    auto refused = Send("/api/v1/ok", "10.0.0.1");
    EXPECT_EQ(refused.status, 429);
    EXPECT_EQ(refused.Header("Retry-After"), "1");
    EXPECT_EQ(nlohmann::json::parse(refused.body)["error"]["code"], "rate_limited");
    EXPECT_EQ(handled, 3);
    EXPECT_EQ(Send("/healthz", "10.0.0.1").status, 200) << "health checks are exempt";
    clock.Advance(1'000ms);
    EXPECT_EQ(Send("/api/v1/ok", "10.0.0.1").status, 200) << "a token came back";
}

TEST_F(LimitedPipelineTest, ProbingForPagesThatDoNotExistSpendsTheAllowanceToo) {
    for (int i = 0; i < 3; ++i) EXPECT_EQ(Send("/wp-login.php", "10.0.0.7").status, 404);
    EXPECT_EQ(Send("/api/v1/ok", "10.0.0.7").status, 429);
    EXPECT_EQ(handled, 0);
}

TEST_F(LimitedPipelineTest, TheAccountLimitFollowsTheSignedInCallerAcrossAddresses) {
    // Account reads: 4 in a row. Each address spends one of its own 3, so only the account runs out.
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(
            Send("/api/v1/mine", "10.0.1." + std::to_string(i), {{"Authorization", "Bearer citizen"}}).status,
            200);
    auto refused = Send("/api/v1/mine", "10.0.1.200", {{"Authorization", "Bearer citizen"}});
    EXPECT_EQ(refused.status, 429);
    EXPECT_EQ(refused.Header("Retry-After"), "1");
    EXPECT_EQ(Send("/api/v1/ok", "10.0.1.200").status, 200) << "the same address, anonymous";
}

}  // namespace
}  // namespace mocua::http
