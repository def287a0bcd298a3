#include "http/server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <array>
#include <atomic>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/ids.hpp"
#include "core/worker_pool.hpp"
#include "http/errors.hpp"
#include "http/event_stream.hpp"
#include "http/pipeline.hpp"
#include "log/log.hpp"

namespace mocua::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// What Stop() needs to reach a connection. Touched only on the connection's own I/O thread (Stop
// posts there).
struct Connection {
    explicit Connection(asio::any_io_executor ex) : executor(std::move(ex)) {}
    asio::any_io_executor executor;
    beast::tcp_stream* stream = nullptr;
    bool idle = true;
    // Set while the connection streams events: ends the wait between two events (Stop()).
    std::function<void()> interrupt;
};

// Shared by an event stream's writer loop, the waker its producer calls from any thread, and the
// coroutine that notices the client leaving; all but the waker run on the connection's I/O thread.
struct StreamState {
    explicit StreamState(const asio::any_io_executor& ex) : timer(ex) {}
    asio::steady_timer timer;
    bool client_gone = false;
    bool done = false;  // the writer has finished: the watcher must not touch the socket again
    std::array<char, 512> discard{};
};

// An event stream's client sends nothing after its request; a read that completes with an error (EOF,
// reset) means it has gone, so the stream ends now instead of at the next heartbeat.
asio::awaitable<void> WatchClient(tcp::socket& socket, std::shared_ptr<StreamState> state) {
    for (;;) {
        beast::error_code ec;
        co_await socket.async_read_some(asio::buffer(state->discard), asio::redirect_error(asio::use_awaitable, ec));
        if (state->done) co_return;
        if (ec) {
            // operation_aborted: the server cancelled the read (stopping); the writer ends the stream.
            if (ec != asio::error::operation_aborted) state->client_gone = true;
            state->timer.cancel();
            co_return;
        }
    }
}

bool IsTimeout(const beast::error_code& ec) { return ec == beast::error::timeout; }

bool IsClosed(const beast::error_code& ec) {
    return ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
           ec == asio::error::broken_pipe || ec == asio::error::bad_descriptor;
}

}  // namespace

struct Server::Impl {
    Impl(ServerOptions o, const Pipeline& p, core::WorkerPool& w)
        : options(std::move(o)), pipeline(p), pool(w), log(log::Get("http")) {
        // One single-threaded io_context per I/O thread, connections spread round-robin: no strands
        // and no contention on a shared scheduler (Beast's recommended layout for throughput).
        const int n = std::max(1, options.io_threads);
        for (int t = 0; t < n; ++t) contexts.push_back(std::make_unique<asio::io_context>(1));
        acceptor.emplace(*contexts[0]);
    }

    ServerOptions options;
    const Pipeline& pipeline;
    core::WorkerPool& pool;
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::optional<tcp::acceptor> acceptor;
    std::size_t next_context = 0;
    std::vector<std::thread> threads;
    std::shared_ptr<spdlog::logger> log;
    std::uint16_t bound_port = 0;
    std::atomic<bool> stopping{false};
    std::atomic<int> event_streams{0};
    std::atomic<int> in_flight{0};
    bool started = false;
    bool stopped = false;

    mutable std::mutex mu;
    std::condition_variable drained;
    std::unordered_set<std::shared_ptr<Connection>> connections;

    asio::awaitable<void> Listen();
    asio::awaitable<void> Session(tcp::socket socket, std::shared_ptr<Connection> conn);
    asio::awaitable<std::optional<Response>> RunOnPool(const Route& route, std::shared_ptr<Request> request);
    asio::awaitable<void> Write(beast::tcp_stream& stream, Response& res, unsigned version, bool head,
                                bool keep_alive);
    asio::awaitable<void> StreamEvents(beast::tcp_stream& stream, Connection& conn, Response& res, unsigned version,
                                       std::shared_ptr<EventStream> events);
    void CloseConnections(bool idle_only);
};

asio::awaitable<void> Server::Impl::Listen() {
    for (;;) {
        beast::error_code ec;
        auto& target = *contexts[next_context++ % contexts.size()];
        tcp::socket socket =
            co_await acceptor->async_accept(target, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (ec == asio::error::operation_aborted || stopping) co_return;
            // Out of file descriptors or similar: say so, back off briefly rather than spin.
            log->warn("accept failed: {}", ec.message());
            asio::steady_timer timer(*contexts[0], std::chrono::milliseconds(50));
            co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
        auto conn = std::make_shared<Connection>(socket.get_executor());
        {
            std::lock_guard lock(mu);
            if (stopping) continue;  // socket closes as it goes out of scope
            connections.insert(conn);
        }
        asio::co_spawn(conn->executor, Session(std::move(socket), conn), asio::detached);
    }
}

// The request is shared with the pool task so that it stays valid even if the connection's coroutine
// is destroyed first (forced shutdown); routes live as long as the router.
asio::awaitable<std::optional<Response>> Server::Impl::RunOnPool(const Route& route,
                                                                 std::shared_ptr<Request> request) {
    auto initiate = [this, &route, request](auto handler) {
        auto ex = asio::get_associated_executor(handler);
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        const bool queued = pool.TrySubmit([this, &route, request, shared, ex]() {
            Response r = pipeline.Invoke(route, *request);
            asio::post(ex, [shared, r = std::move(r)]() mutable {
                (*shared)(std::optional<Response>(std::move(r)));
            });
        });
        if (!queued) asio::post(ex, [shared]() mutable { (*shared)(std::optional<Response>()); });
    };
    co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(std::optional<Response>)>(
        std::move(initiate), asio::use_awaitable);
}

asio::awaitable<void> Server::Impl::Write(beast::tcp_stream& stream, Response& res, unsigned version,
                                          bool head, bool keep_alive) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), version};
    for (auto& [name, value] : res.headers) out.insert(name, value);
    out.keep_alive(keep_alive);
    const bool no_body = res.status == 204 || res.status == 304 || (res.status >= 100 && res.status < 200);
    if (head) {
        out.content_length(res.body.size());
    } else if (!no_body) {
        out.body() = std::move(res.body);
        out.prepare_payload();
    }
    stream.expires_after(options.body_timeout);
    beast::error_code ec;
    co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) throw beast::system_error(ec);
}

asio::awaitable<void> Server::Impl::Session(tcp::socket socket, std::shared_ptr<Connection> conn) {
    beast::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);  // each response is one write; don't hold its tail
    const auto remote = socket.remote_endpoint(ec);
    const std::string remote_address = ec ? std::string("-") : remote.address().to_string();
    beast::tcp_stream stream(std::move(socket));
    conn->stream = &stream;
    beast::flat_buffer buffer;
    bool first = true;

    try {
        for (bool keep_alive = true; keep_alive && !stopping;) {
            // Wait for the next request's first byte: idle time between keep-alive requests, the
            // header timeout for a new connection that says nothing.
            conn->idle = true;
            if (buffer.size() == 0) {
                stream.expires_after(first ? options.header_timeout : options.idle_timeout);
                const std::size_t n = co_await stream.async_read_some(
                    buffer.prepare(8192), asio::redirect_error(asio::use_awaitable, ec));
                if (ec) break;
                buffer.commit(n);
            }
            conn->idle = false;
            first = false;

            const auto started = std::chrono::steady_clock::now();
            bhttp::request_parser<bhttp::string_body> parser;
            parser.header_limit(options.header_limit_bytes);
            // The body limit is applied after the headers, so that a 413 can answer in the style of
            // the route (JSON under /api/) and say so before any of the body is read.
            // (Not boost::none: Beast 1.74 compares lengths against an empty optional as "over".)
            parser.body_limit(std::numeric_limits<std::uint64_t>::max());
            stream.expires_after(options.header_timeout);
            co_await bhttp::async_read_header(stream, buffer, parser,
                                              asio::redirect_error(asio::use_awaitable, ec));
            // Counted from the headers to the answer; released at the end of this iteration.
            struct InFlight {
                std::atomic<int>* count = nullptr;
                void Release() {
                    if (count) count->fetch_sub(1), count = nullptr;
                }
                ~InFlight() { Release(); }
            } in_flight_slot;
            bool shed = false;
            bool uri_too_long = false;
            if (!ec) {
                // Liveness stays answered (inline, no memory): a supervisor must not restart a node for
                // being busy.
                const bool over = in_flight.fetch_add(1) >= options.max_in_flight;
                shed = over && parser.get().target() != "/healthz";
                in_flight_slot.count = &in_flight;
                uri_too_long = parser.get().target().size() > options.url_limit_bytes;
                const auto declared = parser.content_length();
                if (declared && *declared > options.body_limit_bytes) ec = bhttp::error::body_limit;
                parser.body_limit(options.body_limit_bytes);
            } else if (ec == bhttp::error::header_limit) {
                // Beast counts the request line with the headers. Once it has parsed the request line it
                // holds the target (and has consumed the line from the buffer); if it could not, the
                // line is still in the buffer. A line that alone is over the URL limit is a long
                // address, not long headers.
                std::size_t line = parser.get().target().size();
                if (line == 0) {
                    const auto data = buffer.cdata();
                    const std::string_view head(static_cast<const char*>(data.data()), data.size());
                    const auto eol = head.find('\n');
                    line = eol == std::string_view::npos ? head.size() : eol;
                }
                uri_too_long = line > options.url_limit_bytes;
            }
            if (!ec && !parser.is_done() && !shed && !uri_too_long) {
                const auto expect = parser.get()[bhttp::field::expect];
                if (beast::iequals(expect, "100-continue")) {
                    bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, parser.get().version()};
                    co_await bhttp::async_write(stream, cont, asio::redirect_error(asio::use_awaitable, ec));
                }
                if (!ec) {
                    stream.expires_after(options.body_timeout);
                    co_await bhttp::async_read(stream, buffer, parser,
                                               asio::redirect_error(asio::use_awaitable, ec));
                }
            }

            auto shared_req = std::make_shared<Request>();
            Request& req = *shared_req;
            req.remote_address = remote_address;
            if (ec || shed || uri_too_long) {
                // Timeouts and closed connections get no answer; protocol errors get one, then close.
                if (ec && (IsTimeout(ec) || IsClosed(ec))) break;
                int status = 400;
                std::string_view code = "bad_request";
                if (uri_too_long)
                    status = 414, code = "uri_too_long";
                else if (ec == bhttp::error::body_limit)
                    status = 413, code = "payload_too_large";
                else if (ec == bhttp::error::header_limit)
                    status = 431, code = "headers_too_large";
                else if (shed)
                    status = 503, code = "overloaded";
                req.method = "-";
                req.path = "/";
                if (parser.is_header_done() && !uri_too_long) {
                    // The headers were read (413 on a declared length, 503): answer in the route's style.
                    req.method = std::string(parser.get().method_string());
                    const auto target = parser.get().target();
                    if (auto t = ParseTarget({target.data(), target.size()})) req.path = std::move(t->path);
                    for (const auto& field : parser.get())
                        req.headers.emplace_back(std::string(field.name_string()),
                                                 std::string(field.value()));
                }
                req.request_id = core::NewRequestId();
                Response res = pipeline.Error(req, status, code);
                if (status == 503) res.SetHeader("Retry-After", "1");
                pipeline.Finish(req, nullptr, res, started);
                // A shed request without a body leaves the connection in step: it may stay open, so
                // a client that backs off does not pay for a new connection too.
                const bool keep =
                    !ec && shed && !uri_too_long && parser.is_done() && parser.get().keep_alive();
                const bool head = keep && parser.get().method() == bhttp::verb::head;
                in_flight_slot.Release();
                co_await Write(stream, res, keep ? parser.get().version() : 11, head, keep);
                if (keep) continue;
                break;
            }

            auto& breq = parser.get();
            req.method = std::string(breq.method_string());
            req.target = std::string(breq.target());
            req.headers.reserve(16);
            for (const auto& field : breq)
                req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
            req.body = std::move(breq.body());
            keep_alive = breq.keep_alive();
            const unsigned version = breq.version();

            Response res;
            const Route* route = nullptr;
            if (auto target = ParseTarget(req.target)) {
                req.path = std::move(target->path);
                req.query = std::move(target->query);
                Pipeline::Prepared prepared = pipeline.Prepare(req);
                route = prepared.route;
                if (!route) {
                    res = std::move(prepared.early);
                } else if (!route->options.blocking) {
                    res = pipeline.Invoke(*route, req);
                } else if (auto r = co_await RunOnPool(*route, shared_req)) {
                    res = std::move(*r);
                } else {
                    res = pipeline.Error(req, 503, "overloaded");
                    res.SetHeader("Retry-After", "1");
                }
            } else {
                req.path = "/";
                req.request_id = core::NewRequestId();
                res = pipeline.Error(req, 400, "bad_request");
                keep_alive = false;
            }
            std::shared_ptr<EventStream> events = std::move(res.stream);
            if (events && (res.status != 200 || req.method == "HEAD" || stopping)) {
                events->Finish();
                events.reset();
                if (stopping && res.status == 200 && req.method != "HEAD") {
                    res = pipeline.Error(req, 503, "unavailable");
                }
            } else if (events && event_streams.fetch_add(1) >= options.max_event_streams) {
                // Each stream holds a connection and a subscription for as long as the screen is on; past
                // the cap the client's EventSource retries later instead of exhausting the server.
                event_streams.fetch_sub(1);
                events->Finish();
                events.reset();
                res = pipeline.Error(req, 503, "overloaded");
                res.SetHeader("Retry-After", "5");
            }
            pipeline.Finish(req, route, res, started);
            // The answer is ready: writing it is bounded by body_timeout, and a stream is capped by
            // max_event_streams, not counted as a request for its whole life. Released before the
            // write, so a client that has its answer finds the slot free.
            in_flight_slot.Release();
            if (events) {
                try {
                    co_await StreamEvents(stream, *conn, res, version, events);
                } catch (...) {
                    event_streams.fetch_sub(1);
                    throw;
                }
                event_streams.fetch_sub(1);
                break;
            }
            if (stopping) keep_alive = false;
            co_await Write(stream, res, version, req.method == "HEAD", keep_alive);
        }
    } catch (const std::exception& e) {
        // A write failed (client gone or too slow); nothing to answer.
        log->debug("connection from {} ended: {}", remote_address, e.what());
    }

    conn->stream = nullptr;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.close();
    std::lock_guard lock(mu);
    connections.erase(conn);
    if (connections.empty()) drained.notify_all();
}

// Writes the headers, then each event as it is queued (one chunk per batch under HTTP/1.1, raw bytes
// under HTTP/1.0, where the end of the body is the end of the connection), a heartbeat comment when
// nothing was written for the stream's heartbeat interval, until the producer closes the stream, the
// client goes away, the server stops, or a write fails or times out (a client that does not read).
asio::awaitable<void> Server::Impl::StreamEvents(beast::tcp_stream& stream, Connection& conn, Response& res,
                                                 unsigned version, std::shared_ptr<EventStream> events) {
    auto state = std::make_shared<StreamState>(stream.get_executor());
    struct Cleanup {
        std::shared_ptr<StreamState> state;
        std::shared_ptr<EventStream> events;
        Connection& conn;
        ~Cleanup() {
            state->done = true;
            conn.interrupt = nullptr;
            events->Finish();  // unsubscribes whatever the producer attached
        }
    } cleanup{state, events, conn};

    bhttp::response<bhttp::empty_body> head{static_cast<bhttp::status>(res.status), version};
    for (auto& [name, value] : res.headers) head.insert(name, value);
    head.keep_alive(false);
    const bool chunked = version >= 11;
    if (chunked) head.chunked(true);
    bhttp::response_serializer<bhttp::empty_body> serializer{head};
    beast::error_code ec;
    stream.expires_after(options.body_timeout);
    co_await bhttp::async_write_header(stream, serializer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) throw beast::system_error(ec);

    auto write = [&](const std::string& bytes) -> asio::awaitable<void> {
        stream.expires_after(options.body_timeout);
        beast::error_code wec;
        if (chunked) {
            co_await asio::async_write(stream, bhttp::make_chunk(asio::buffer(bytes)),
                                       asio::redirect_error(asio::use_awaitable, wec));
        } else {
            co_await asio::async_write(stream, asio::buffer(bytes), asio::redirect_error(asio::use_awaitable, wec));
        }
        stream.expires_never();  // the wait for the next event is not a write that can time out
        if (wec) throw beast::system_error(wec);
    };

    // The waker runs on the producer's thread: it only posts, the timer is touched on this thread.
    const auto ex = stream.get_executor();
    events->SetWaker([ex, weak = std::weak_ptr<StreamState>(state)] {
        asio::post(ex, [weak] {
            if (auto s = weak.lock()) s->timer.cancel();
        });
    });
    conn.interrupt = [state] { state->timer.cancel(); };
    conn.idle = true;  // a graceful stop ends streams at once, like idle keep-alive connections
    asio::co_spawn(ex, WatchClient(stream.socket(), state), asio::detached);

    const auto& eo = events->options();
    co_await write("retry: " + std::to_string(eo.retry.count()) + "\n\n");
    auto last_write = std::chrono::steady_clock::now();
    for (;;) {
        std::vector<std::string> chunks = events->Take();
        if (!chunks.empty()) {
            std::string batch;
            for (auto& c : chunks) batch += c;
            co_await write(batch);
            last_write = std::chrono::steady_clock::now();
            continue;
        }
        if (events->closed() || state->client_gone || stopping) break;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_write >= eo.heartbeat) {
            co_await write(": heartbeat\n\n");
            last_write = now;
            continue;
        }
        state->timer.expires_after(eo.heartbeat - (now - last_write));
        co_await state->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    if (chunked && !state->client_gone) {
        stream.expires_after(options.body_timeout);
        co_await asio::async_write(stream, bhttp::make_chunk_last(), asio::redirect_error(asio::use_awaitable, ec));
    }
    // Ends the watcher's pending read before the socket goes away.
    stream.socket().cancel(ec);
}

void Server::Impl::CloseConnections(bool idle_only) {
    std::lock_guard lock(mu);
    for (const auto& conn : connections) {
        asio::post(conn->executor, [conn, idle_only] {
            if (conn->interrupt) conn->interrupt();
            if (conn->stream && (!idle_only || conn->idle)) conn->stream->cancel();
        });
    }
}

Server::Server(ServerOptions options, const Pipeline& pipeline, core::WorkerPool& pool)
    : impl_(std::make_unique<Impl>(std::move(options), pipeline, pool)) {}

Server::~Server() { Stop(); }

core::Result<void> Server::Start() {
    auto& i = *impl_;
    beast::error_code ec;
    const auto address = asio::ip::make_address(i.options.host, ec);
    if (ec)
        return core::Error::InvalidArgument("cannot listen on `" + i.options.host + "`: not an IP address");
    const tcp::endpoint endpoint(address, i.options.port);
    const std::string where = i.options.host + ":" + std::to_string(i.options.port);
    i.acceptor->open(endpoint.protocol(), ec);
    if (!ec) i.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) i.acceptor->bind(endpoint, ec);
    if (!ec) i.acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return core::Error::Unavailable("cannot listen on " + where + ": " + ec.message());
    i.bound_port = i.acceptor->local_endpoint().port();
    for (auto& ctx : i.contexts) i.work.emplace_back(ctx->get_executor());
    asio::co_spawn(i.acceptor->get_executor(), i.Listen(), asio::detached);
    for (auto& ctx : i.contexts) i.threads.emplace_back([c = ctx.get()] { c->run(); });
    i.started = true;
    i.log->info("listening on {}:{}", i.options.host, i.bound_port);
    return {};
}

std::uint16_t Server::port() const { return impl_->bound_port; }

int Server::in_flight() const { return impl_->in_flight.load(); }

std::size_t Server::open_connections() const {
    std::lock_guard lock(impl_->mu);
    return impl_->connections.size();
}

void Server::Stop() {
    auto& i = *impl_;
    if (!i.started || i.stopped) return;
    i.stopped = true;
    {
        std::lock_guard lock(i.mu);
        i.stopping = true;
    }
    asio::post(*i.contexts[0], [&i] {
        beast::error_code ec;
        i.acceptor->close(ec);
    });
    i.CloseConnections(/*idle_only=*/true);
    {
        std::unique_lock lock(i.mu);
        if (!i.drained.wait_for(lock, i.options.shutdown_grace, [&i] { return i.connections.empty(); })) {
            i.log->warn("{} connection(s) still busy after the shutdown grace period; closing them",
                        i.connections.size());
        }
    }
    i.CloseConnections(/*idle_only=*/false);
    {
        // Cancelled sessions unwind quickly; this wait is bounded in case a handler is still running.
        std::unique_lock lock(i.mu);
        i.drained.wait_for(lock, std::chrono::seconds(5), [&i] { return i.connections.empty(); });
    }
    i.work.clear();
    for (auto& ctx : i.contexts) ctx->stop();
    for (auto& t : i.threads) t.join();
    i.threads.clear();
    i.log->info("stopped");
}

}  // namespace mocua::http
