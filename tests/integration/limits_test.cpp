// Rate limits and load shedding on a real server (issue 11; docs/adr/0102), on both databases:
// 429 per client address (another address is still served) and per account (across addresses), the
// exempt paths, MOCUA_RATE_LIMITS=off, 503 past the in-flight cap, and 414/431 for oversized requests.
// Other client addresses are real: the test binds its sockets to 127.0.0.2, 127.0.0.3, … (all of
// 127.0.0.0/8 is loopback on Linux).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include "app/app.hpp"
#include "app/seed_demo.hpp"
#include "core/clock.hpp"
#include "support/app_config.hpp"
#include "support/http_client.hpp"
#include "support/test_database.hpp"
#include "support/web_session.hpp"

namespace mocua {
namespace {

using ::mocua::testing::Fetch;
using ::mocua::testing::HttpConnection;
using ::mocua::testing::HttpReply;
using ::mocua::testing::TestDatabase;
using json = nlohmann::json;

// One request with Connection: close from the given loopback source address; the whole answer.
HttpReply FetchFrom(const std::string& source, std::uint16_t port, const std::string& method,
                    const std::string& target, const std::map<std::string, std::string>& headers = {}) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket");
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.c_str(), &from.sin_addr);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot connect from " + source);
    }
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
    for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
    request += "\r\n";
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::string raw;
    char buf[8192];
    for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) raw.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    HttpReply reply;
    const auto end = raw.find("\r\n\r\n");
    if (raw.size() < 12 || end == std::string::npos) return reply;
    reply.status = std::stoi(raw.substr(9, 3));
    std::size_t line = raw.find("\r\n") + 2;
    while (line < end) {
        const auto next = raw.find("\r\n", line);
        const std::string h = raw.substr(line, next - line);
        if (const auto colon = h.find(':'); colon != std::string::npos) {
            std::string name = h.substr(0, colon);
            for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            reply.headers[name] = h.substr(h.find_first_not_of(' ', colon + 1));
        }
        line = next + 2;
    }
    reply.body = raw.substr(end + 4);
    return reply;
}

class LimitsTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) return;
        tdb_ = std::make_unique<TestDatabase>(GetParam(), /*migrate=*/false);
        config_ = ::mocua::testing::InProcessAppConfig(*tdb_);
        std::filesystem::create_directories(config_.server.static_dir + "/css");
        std::ofstream(config_.server.static_dir + "/css/app.0123abcd.css") << "body{color:#0b0c0c}";
        // Tokens come back once a minute: nothing refills while a test runs.
        config_.limits.address_reads_per_minute = 1;
        config_.limits.address_writes_per_minute = 1;
        config_.limits.account_reads_per_minute = 1;
        config_.limits.account_writes_per_minute = 1;
    }

    void Start() {
        app_ = std::make_unique<app::App>(config_);
        auto started = app_->Start();
        ASSERT_TRUE(started.ok()) << started.error().message;
        port_ = app_->port();
        core::SystemClock clock;
        auto seeded = app::SeedDemo(app_->database(), clock);
        ASSERT_TRUE(seeded.ok()) << seeded.error().message;
        logins_ = seeded->logins;
    }

    std::unique_ptr<TestDatabase> tdb_;
    config::Config config_;
    std::unique_ptr<app::App> app_;
    std::uint16_t port_ = 0;
    std::vector<app::DemoLogin> logins_;
};

TEST_P(LimitsTest, OneAddressOverItsReadAllowanceGets429WhileAnotherIsServed) {
    config_.limits.address_read_burst = 4;
    config_.server.metrics_allow = "127.0.0.1, 127.0.0.2";  // the refused address monitors too
    Start();
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(FetchFrom("127.0.0.2", port_, "GET", "/api/v1/site").status, 200) << i;
    const HttpReply refused = FetchFrom("127.0.0.2", port_, "GET", "/api/v1/site");
    EXPECT_EQ(refused.status, 429);
    // One token per minute, none left: the next comes back within 60 s.
    const int retry = std::stoi(refused.header("retry-after"));
    EXPECT_GE(retry, 1);
    EXPECT_LE(retry, 60);
    EXPECT_EQ(json::parse(refused.body)["error"]["code"], "rate_limited");
    EXPECT_EQ(FetchFrom("127.0.0.3", port_, "GET", "/api/v1/site").status, 200) << "another address";

    // Pages answer with the error page in the reader's language.
    const HttpReply vi = FetchFrom("127.0.0.2", port_, "GET", "/procedures");
    EXPECT_EQ(vi.status, 429);
    EXPECT_NE(vi.body.find("Quá nhiều yêu cầu"), std::string::npos) << vi.body.substr(0, 400);
    const HttpReply en = FetchFrom("127.0.0.2", port_, "GET", "/procedures", {{"Accept-Language", "en"}});
    EXPECT_EQ(en.status, 429);
    EXPECT_NE(en.body.find("Too many requests"), std::string::npos);
    EXPECT_FALSE(en.header("retry-after").empty());

    // Monitoring and assets are never limited, even for the refused address.
    for (const char* path : {"/healthz", "/readyz", "/metrics", "/static/css/app.0123abcd.css"}) {
        EXPECT_EQ(FetchFrom("127.0.0.2", port_, "GET", path).status, 200) << path;
    }
}

TEST_P(LimitsTest, MetricsAnswerOnlyTheMonitoringHosts) {
    config_.server.metrics_allow = "127.0.0.4, ::ffff:127.0.0.5";
    Start();
    EXPECT_EQ(FetchFrom("127.0.0.4", port_, "GET", "/metrics").status, 200);
    EXPECT_EQ(FetchFrom("127.0.0.5", port_, "GET", "/metrics").status, 200)
        << "the same address spelled as IPv6";
    const HttpReply outsider = FetchFrom("127.0.0.6", port_, "GET", "/metrics");
    EXPECT_EQ(outsider.status, 404);
    EXPECT_EQ(outsider.body.find("mocua_http_requests_total"), std::string::npos);
    EXPECT_EQ(FetchFrom("127.0.0.6", port_, "GET", "/healthz").status, 200) << "health stays public";
}

TEST_P(LimitsTest, WritesHaveTheirOwnAllowance) {
    config_.limits.address_read_burst = 2;
    config_.limits.address_write_burst = 3;
    Start();
    for (int i = 0; i < 2; ++i) EXPECT_EQ(FetchFrom("127.0.0.4", port_, "GET", "/api/v1/site").status, 200);
    EXPECT_EQ(FetchFrom("127.0.0.4", port_, "GET", "/api/v1/site").status, 429);
    // POST to a read-only resource: 405 from the router, after the write allowance was checked.
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(FetchFrom("127.0.0.4", port_, "POST", "/api/v1/site").status, 405) << i;
    EXPECT_EQ(FetchFrom("127.0.0.4", port_, "POST", "/api/v1/site").status, 429);
}

TEST_P(LimitsTest, AnAccountIsLimitedAcrossAddresses) {
    config_.limits.address_read_burst = 1000;
    config_.limits.address_write_burst = 1000;
    config_.limits.account_read_burst = 3;
    Start();
    std::string email, password;
    for (const auto& l : logins_) {
        if (l.role == "citizen") email = l.username, password = l.password;
    }
    ASSERT_FALSE(email.empty());
    const auto session = ::mocua::testing::SignInThroughPages(port_, email, password);
    ASSERT_FALSE(session.session_cookie.empty());
    const std::map<std::string, std::string> cookie = {{"Cookie", session.Cookies()}};
    EXPECT_EQ(FetchFrom("127.0.0.5", port_, "GET", "/api/v1/me", cookie).status, 200);
    EXPECT_EQ(FetchFrom("127.0.0.6", port_, "GET", "/api/v1/me", cookie).status, 200);
    EXPECT_EQ(FetchFrom("127.0.0.7", port_, "GET", "/api/v1/me", cookie).status, 200);
    const HttpReply refused = FetchFrom("127.0.0.8", port_, "GET", "/api/v1/me", cookie);
    EXPECT_EQ(refused.status, 429) << "the fourth read of the account, from a fresh address";
    EXPECT_FALSE(refused.header("retry-after").empty());
    EXPECT_EQ(FetchFrom("127.0.0.8", port_, "GET", "/api/v1/site").status, 200) << "that address, anonymous";
}

TEST_P(LimitsTest, RateLimitsOffServesEverything) {
    config_.rate_limits = false;  // what MOCUA_RATE_LIMITS=off sets (config_test checks the variable)
    config_.limits.address_read_burst = 1;
    Start();
    for (int i = 0; i < 30; ++i)
        ASSERT_EQ(FetchFrom("127.0.0.9", port_, "GET", "/api/v1/site").status, 200) << i;
}

TEST_P(LimitsTest, OverTheInFlightCapTheAnswerIs503AndServiceResumesAfterwards) {
    config_.limits.max_in_flight = 1;
    config_.rate_limits = false;
    Start();
    // A request whose body has not arrived yet is in flight; the 100 Continue says the server holds it.
    HttpConnection slow(port_);
    slow.SendRaw(
        "POST /api/v1/site HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
    const auto cont = slow.Read(false);
    ASSERT_TRUE(cont);
    ASSERT_EQ(cont->status, 100);

    HttpConnection other(port_);
    const HttpReply shed = other.Request("GET", "/api/v1/site");
    EXPECT_EQ(shed.status, 503);
    EXPECT_EQ(shed.header("retry-after"), "1");
    EXPECT_EQ(json::parse(shed.body)["error"]["code"], "overloaded");
    EXPECT_EQ(Fetch(port_, "GET", "/healthz").status, 200) << "liveness is never shed";
    const HttpReply still = other.Request("GET", "/api/v1/site");
    EXPECT_EQ(still.status, 503) << "the connection stays usable after a shed request without a body";

    slow.SendRaw("hello");
    const auto done = slow.Read();
    ASSERT_TRUE(done);
    EXPECT_EQ(done->status, 405);
    EXPECT_EQ(other.Request("GET", "/api/v1/site").status, 200) << "the slot is free again";
}

TEST_P(LimitsTest, OversizedAddressesAndHeadersGet414And431) {
    config_.limits.header_limit_bytes = 4096;
    config_.limits.url_limit_bytes = 1024;
    config_.rate_limits = false;
    Start();
    // Within the header limit but over the URL limit.
    const HttpReply longish = Fetch(port_, "GET", "/procedures?q=" + std::string(2000, 'a'));
    EXPECT_EQ(longish.status, 414);
    // Over both: still a long address, not long headers.
    const HttpReply huge = Fetch(port_, "GET", "/api/v1/site?q=" + std::string(6000, 'a'));
    EXPECT_EQ(huge.status, 414);
    const HttpReply headers =
        Fetch(port_, "GET", "/api/v1/site", "", {{"X-Padding", std::string(6000, 'b')}});
    EXPECT_EQ(headers.status, 431);
    const HttpReply fits = Fetch(port_, "GET", "/api/v1/site?q=" + std::string(900, 'a'), "",
                                 {{"X-Padding", std::string(2000, 'b')}});
    EXPECT_EQ(fits.status, 200);
}

INSTANTIATE_TEST_SUITE_P(Engines, LimitsTest, ::mocua::testing::AllEngines(), ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
