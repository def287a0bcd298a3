// Server-sent events through the real server and a socket client (no database): the stream's headers
// and framing, events from another thread, heartbeats, the cap on open streams, and that the stream ends
// (releasing what its producer attached) when the client goes or the server stops.
#include <gtest/gtest.h>

#include <future>
#include <mutex>

#include "core/metrics.hpp"
#include "core/worker_pool.hpp"
#include "http/event_stream.hpp"
#include "http/pipeline.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "support/http_client.hpp"
#include "support/sse_client.hpp"

namespace mocua::http {
namespace {

using ::mocua::testing::SseClient;
using namespace std::chrono_literals;

// Fulfilled when the stream releases what the handler attached with Hold (its "subscription").
struct Released {
    explicit Released(std::shared_ptr<std::promise<void>> p) : promise(std::move(p)) {}
    ~Released() { promise->set_value(); }
    std::shared_ptr<std::promise<void>> promise;
};

class EventStreamServerTest : public ::testing::Test {
protected:
    void Start(ServerOptions o, EventStream::Options stream_options = {}) {
        router_.Get("/events", Access::Public(), [this, stream_options](Request& request) {
            auto stream = std::make_shared<EventStream>(stream_options);
            auto released = std::make_shared<std::promise<void>>();
            stream->Hold(std::make_shared<Released>(released));
            std::lock_guard lock(mu_);
            last_event_id_ = std::string(request.Header("Last-Event-ID").value_or(""));
            streams_.push_back(stream);
            released_.push_back(released->get_future());
            return Response::EventStreamOf(stream);
        });
        std::vector<core::Metrics::RouteLabel> labels;
        for (const auto& r : router_.routes()) labels.push_back({r->method, r->pattern});
        metrics_.SetRoutes(labels);
        pool_ = std::make_unique<core::WorkerPool>(2, 16);
        pipeline_ = std::make_unique<Pipeline>(router_, metrics_, PipelineOptions{.access_log = false});
        o.port = 0;
        server_ = std::make_unique<Server>(o, *pipeline_, *pool_);
        ASSERT_TRUE(server_->Start().ok());
    }
    void TearDown() override {
        if (server_) server_->Stop();
        if (pool_) pool_->Stop();
    }
    std::shared_ptr<EventStream> Stream(std::size_t i) {
        std::lock_guard lock(mu_);
        return streams_.at(i);
    }
    std::future<void>& ReleasedFuture(std::size_t i) {
        std::lock_guard lock(mu_);
        return released_.at(i);
    }

    std::mutex mu_;
    std::vector<std::shared_ptr<EventStream>> streams_;
    std::vector<std::future<void>> released_;
    std::string last_event_id_;
    Router router_;
    core::Metrics metrics_;
    std::unique_ptr<core::WorkerPool> pool_;
    std::unique_ptr<Pipeline> pipeline_;
    std::unique_ptr<Server> server_;
};

TEST(ServerSentEventFormat, SplitsDataIntoLinesAndLeavesOutEmptyFields) {
    EXPECT_EQ(FormatServerSentEvent("7", "figures", "{\"a\":1}"),
              "id: 7\nevent: figures\ndata: {\"a\":1}\n\n");
    EXPECT_EQ(FormatServerSentEvent("", "", "one\ntwo\r\nthree\rfour"),
              "data: one\ndata: two\ndata: three\ndata: four\n\n");
    EXPECT_EQ(FormatServerSentEvent("1\n2", "x\ry", ""), "id: 1\nevent: x\ndata: \n\n")
        << "a line break cannot smuggle a field into the id or the event name";
}

TEST(EventStreamQueue, ASlowReaderIsDroppedNotBufferedWithoutLimit) {
    EventStream stream({.max_queued = 2});
    EXPECT_TRUE(stream.Send("1", "e", "a"));
    EXPECT_TRUE(stream.Send("2", "e", "b"));
    EXPECT_FALSE(stream.Send("3", "e", "c")) << "the third event does not fit";
    EXPECT_TRUE(stream.closed());
    EXPECT_TRUE(stream.Take().empty()) << "a dropped stream writes nothing more";
}

TEST_F(EventStreamServerTest, DeliversEventsSentFromAnotherThreadAsTheyCome) {
    Start({}, {.retry = 2500ms});
    SseClient client(server_->port(), "/events", "Last-Event-ID: 41\r\n");
    ASSERT_NE(client.WaitFor("retry: 2500\n\n", 10s), std::string::npos) << client.received();
    EXPECT_EQ(client.status(), 200);
    EXPECT_NE(client.received().find("Content-Type: text/event-stream"), std::string::npos);
    EXPECT_NE(client.received().find("Transfer-Encoding: chunked"), std::string::npos);
    EXPECT_NE(client.received().find("X-Accel-Buffering: no"), std::string::npos);
    EXPECT_NE(client.received().find("Cache-Control: no-cache"), std::string::npos);
    {
        std::lock_guard lock(mu_);
        EXPECT_EQ(last_event_id_, "41") << "the handler sees the id the browser last received";
    }
    auto stream = Stream(0);
    std::thread producer([stream] {
        stream->Send("42", "figures", "{\"received\":3}");
        stream->Send("43", "figures", "{\"received\":4}");
    });
    producer.join();
    const auto first = client.WaitFor("id: 42\nevent: figures\ndata: {\"received\":3}\n\n", 10s);
    ASSERT_NE(first, std::string::npos) << client.received();
    EXPECT_NE(client.WaitFor("id: 43\nevent: figures\ndata: {\"received\":4}\n\n", 10s, first),
              std::string::npos);

    stream->Close();
    EXPECT_TRUE(client.WaitForClose(10s)) << "closing the stream ends the response";
    EXPECT_NE(client.received().find("\r\n0\r\n\r\n"), std::string::npos) << "with the last chunk";
    EXPECT_EQ(ReleasedFuture(0).wait_for(10s), std::future_status::ready);
}

TEST_F(EventStreamServerTest, SendsHeartbeatCommentsWhenIdle) {
    Start({}, {.heartbeat = 20ms});
    SseClient client(server_->port(), "/events");
    const auto first = client.WaitFor(": heartbeat\n\n", 10s);
    ASSERT_NE(first, std::string::npos) << client.received();
    EXPECT_NE(client.WaitFor(": heartbeat\n\n", 10s, first), std::string::npos) << "and keeps sending them";
}

TEST_F(EventStreamServerTest, TheStreamEndsWhenTheClientGoes) {
    Start({});  // heartbeat 15 s: the end must come from noticing the closed socket, not a failed write
    auto client = std::make_unique<SseClient>(server_->port(), "/events");
    ASSERT_NE(client->WaitFor("retry:", 10s), std::string::npos);
    client->Close();
    EXPECT_EQ(ReleasedFuture(0).wait_for(10s), std::future_status::ready)
        << "the producer's subscription is released";
    EXPECT_TRUE(Stream(0)->closed());
    EXPECT_FALSE(Stream(0)->Send("1", "e", "late")) << "producers learn that nobody listens";
}

TEST_F(EventStreamServerTest, StreamsBeyondTheCapAreRefusedWith503) {
    ServerOptions o;
    o.max_event_streams = 1;
    Start(o);
    SseClient first(server_->port(), "/events");
    ASSERT_NE(first.WaitFor("retry:", 10s), std::string::npos);
    auto refused = ::mocua::testing::Fetch(server_->port(), "GET", "/events");
    EXPECT_EQ(refused.status, 503);
    EXPECT_EQ(refused.header("retry-after"), "5");
    EXPECT_EQ(ReleasedFuture(1).wait_for(10s), std::future_status::ready) << "the refused stream is released";
    first.Close();
    ASSERT_EQ(ReleasedFuture(0).wait_for(10s), std::future_status::ready);
    // The slot is free again once the first stream has ended.
    SseClient third(server_->port(), "/events");
    EXPECT_NE(third.WaitFor("retry:", 10s), std::string::npos) << third.received();
    EXPECT_EQ(third.status(), 200);
}

TEST_F(EventStreamServerTest, GracefulStopEndsOpenStreamsWithoutWaitingForTheGracePeriod) {
    ServerOptions o;
    o.shutdown_grace = 600s;  // a stop that waited for it would exceed the test's time-out below
    Start(o);
    SseClient client(server_->port(), "/events");
    ASSERT_NE(client.WaitFor("retry:", 10s), std::string::npos);
    auto stopped = std::async(std::launch::async, [this] { server_->Stop(); });
    EXPECT_EQ(stopped.wait_for(60s), std::future_status::ready);
    EXPECT_TRUE(client.WaitForClose(10s));
    EXPECT_NE(client.received().find("\r\n0\r\n\r\n"), std::string::npos) << "the stream ended cleanly";
    EXPECT_EQ(ReleasedFuture(0).wait_for(10s), std::future_status::ready);
}

}  // namespace
}  // namespace mocua::http
