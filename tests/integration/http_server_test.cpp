// The HTTP server with a router of its own (no database): behaviour under a full worker pool, and
// handlers that block while others are served.
#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "core/metrics.hpp"
#include "core/worker_pool.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "support/http_client.hpp"

namespace mocua::http {
namespace {

using ::mocua::testing::Fetch;
using ::mocua::testing::HttpConnection;

// A gate the blocking handler waits at until the test opens it.
class Gate {
public:
    void Arrive() {
        std::unique_lock lock(mu_);
        ++arrived_;
        cv_.notify_all();
        cv_.wait(lock, [this] { return open_; });
    }
    bool WaitForArrivals(int n) {
        std::unique_lock lock(mu_);
        return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return arrived_ >= n; });
    }
    void Open() {
        std::lock_guard lock(mu_);
        open_ = true;
        cv_.notify_all();
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    int arrived_ = 0;
    bool open_ = false;
};

class HttpServerTest : public ::testing::Test {
protected:
    void Start(int workers, std::size_t queue) {
        router_.Get("/slow", Access::Public(), [this](Request&) {
            gate_.Arrive();
            return Response::Text(200, "slow done");
        });
        router_.Get("/fast", Access::Public(), [](Request&) { return Response::Text(200, "fast"); });
        router_.Get("/inline", Access::Public(), [](Request&) { return Response::Text(200, "inline"); },
                    {.blocking = false});
        std::vector<core::Metrics::RouteLabel> labels;
        for (const auto& r : router_.routes()) labels.push_back({r->method, r->pattern});
        metrics_.SetRoutes(labels);
        pool_ = std::make_unique<core::WorkerPool>(workers, queue);
        pipeline_ = std::make_unique<Pipeline>(router_, metrics_, PipelineOptions{.access_log = false});
        ServerOptions o;
        o.port = 0;
        o.shutdown_grace = std::chrono::seconds(5);
        server_ = std::make_unique<Server>(o, *pipeline_, *pool_);
        ASSERT_TRUE(server_->Start().ok());
    }
    void TearDown() override {
        gate_.Open();
        if (server_) server_->Stop();
        if (pool_) pool_->Stop();
    }

    Gate gate_;
    Router router_;
    core::Metrics metrics_;
    std::unique_ptr<core::WorkerPool> pool_;
    std::unique_ptr<Pipeline> pipeline_;
    std::unique_ptr<Server> server_;
};

TEST_F(HttpServerTest, FullWorkerQueueAnswers503WithRetryAfter) {
    Start(/*workers=*/1, /*queue=*/1);
    const auto port = server_->port();
    HttpConnection busy(port), queued(port);
    busy.SendRaw("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_TRUE(gate_.WaitForArrivals(1)) << "the only worker is now busy";
    queued.SendRaw("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n");  // waits in the queue of one
    // Wait until the server has queued it (the pool is ours to observe).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (pool_->queue_depth() < 1 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
    ASSERT_EQ(pool_->queue_depth(), 1u);
    auto refused = Fetch(port, "GET", "/fast");
    EXPECT_EQ(refused.status, 503);
    EXPECT_EQ(refused.header("retry-after"), "1");
    EXPECT_EQ(Fetch(port, "GET", "/inline").status, 200) << "inline routes do not need a worker";
    gate_.Open();
    EXPECT_EQ(busy.Read()->body, "slow done");
    EXPECT_EQ(queued.Read()->body, "fast") << "the queued request was served, not dropped";
}

TEST_F(HttpServerTest, ABlockedHandlerDoesNotStopOtherRequests) {
    Start(/*workers=*/2, /*queue=*/16);
    const auto port = server_->port();
    HttpConnection slow(port);
    slow.SendRaw("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_TRUE(gate_.WaitForArrivals(1));
    for (int i = 0; i < 20; ++i) EXPECT_EQ(Fetch(port, "GET", "/fast").body, "fast");
    gate_.Open();
    EXPECT_EQ(slow.Read()->status, 200);
}

TEST_F(HttpServerTest, ManyConcurrentClients) {
    Start(/*workers=*/4, /*queue=*/1024);
    const auto port = server_->port();
    std::vector<std::future<int>> clients;
    for (int c = 0; c < 16; ++c) {
        clients.push_back(std::async(std::launch::async, [port] {
            HttpConnection conn(port);
            int ok = 0;
            for (int i = 0; i < 50; ++i) ok += conn.Request("GET", i % 2 ? "/fast" : "/inline").status == 200;
            return ok;
        }));
    }
    int total = 0;
    for (auto& f : clients) total += f.get();
    EXPECT_EQ(total, 16 * 50);
}

}  // namespace
}  // namespace mocua::http
