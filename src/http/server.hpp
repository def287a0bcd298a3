#pragma once
// The HTTP/1.1 server: Boost.Beast on Asio with C++20 coroutines. Asio and Beast stay inside
// server.cpp (pimpl), so including this header costs nothing.
//
// Each I/O thread runs its own io_context; a connection is a coroutine on one of them. Limits: request
// headers must arrive within header_timeout (slow clients are disconnected), bodies within body_timeout and
// under body_limit (413), idle keep-alive connections close after idle_timeout; headers over header_limit
// get 431, targets over url_limit 414. Routes marked blocking run on the worker pool; when its queue is
// full, or more than max_in_flight requests are being served, the answer is 503 with Retry-After.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace mocua::core {
class WorkerPool;
}

namespace mocua::http {

class Pipeline;

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;  // 0 picks a free port; see Server::port()
    int io_threads = 2;
    std::uint64_t body_limit_bytes = 10 * 1024 * 1024;
    std::chrono::milliseconds header_timeout{10'000};
    std::chrono::milliseconds body_timeout{60'000};
    std::chrono::milliseconds idle_timeout{60'000};
    std::chrono::milliseconds shutdown_grace{10'000};
    // Event streams (text/event-stream) open at once; one more is answered 503 with Retry-After.
    int max_event_streams = 256;
    // Request line and headers together (431 above; Beast refuses them as it reads), and the target
    // alone (414 above).
    std::uint32_t header_limit_bytes = 16 * 1024;
    std::uint32_t url_limit_bytes = 8 * 1024;
    // Requests between their headers and their answer, across all connections; one more is answered
    // 503 with Retry-After before its body is read, so a flood cannot grow memory without bound
    // (docs/adr/0102-rate-limits-and-load-shedding.md). Event streams count only until they start.
    int max_in_flight = 512;
};

class Server {
public:
    // `pipeline` and `pool` must outlive the server.
    Server(ServerOptions options, const Pipeline& pipeline, core::WorkerPool& pool);
    ~Server();  // Stop()s if running
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts the I/O threads. Error (naming the address) when the port cannot be bound.
    core::Result<void> Start();

    // The bound port (useful with port 0). Valid after Start().
    std::uint16_t port() const;

    // Graceful stop: stop accepting, close idle connections, let in-flight requests finish (their
    // responses say Connection: close) for up to shutdown_grace, then close the rest and join the
    // threads. Idempotent; safe from any thread but the server's own.
    void Stop();

    // Connections open now (for tests and metrics).
    std::size_t open_connections() const;
    // Requests being served now (for metrics).
    int in_flight() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace mocua::http
