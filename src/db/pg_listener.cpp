#include "db/pg_listener.hpp"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "log/log.hpp"

namespace mocua::db {

PgListener::PgListener(std::string url, std::string channel, std::function<void()> on_notify,
                       std::chrono::milliseconds reconnect_delay)
    : url_(std::move(url)),
      channel_(std::move(channel)),
      on_notify_(std::move(on_notify)),
      reconnect_delay_(reconnect_delay) {}

PgListener::~PgListener() { Stop(); }

void PgListener::Start() {
    if (thread_.joinable()) return;
    if (::pipe2(wake_fds_, O_CLOEXEC | O_NONBLOCK) != 0) {
        log::Get("db")->error(
            "cannot create the listener's wake pipe; changes on other nodes arrive by polling only");
        return;
    }
    stop_ = false;
    thread_ = std::thread([this] { Run(); });
}

void PgListener::Stop() {
    if (!thread_.joinable()) return;
    stop_ = true;
    const char byte = 1;
    [[maybe_unused]] const auto n = ::write(wake_fds_[1], &byte, 1);
    thread_.join();
    ::close(wake_fds_[0]);
    ::close(wake_fds_[1]);
    wake_fds_[0] = wake_fds_[1] = -1;
}

void PgListener::Run() {
    auto log = log::Get("db");
    // Waits for the socket (or only the wake pipe when fd < 0) up to `timeout`; false when stopping.
    auto wait = [this](int fd, std::chrono::milliseconds timeout) {
        pollfd fds[2] = {{wake_fds_[0], POLLIN, 0}, {fd, POLLIN, 0}};
        ::poll(fds, fd >= 0 ? 2 : 1, static_cast<int>(timeout.count()));
        return !stop_;
    };
    bool warned = false;
    while (!stop_) {
        PGconn* conn = PQconnectdb(url_.c_str());
        if (PQstatus(conn) == CONNECTION_OK) {
            PGresult* r = PQexec(conn, ("LISTEN " + channel_).c_str());
            const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
            PQclear(r);
            if (ok) {
                listening_ = true;
                if (warned) log->info("listening for changes on other nodes again");
                warned = false;
                on_notify_();  // anything sent while we were not listening
                const int fd = PQsocket(conn);
                while (wait(fd, std::chrono::minutes(1))) {
                    if (!PQconsumeInput(conn)) break;  // connection lost
                    bool any = false;
                    while (PGnotify* n = PQnotifies(conn)) {
                        any = true;
                        PQfreemem(n);
                    }
                    if (any) on_notify_();
                }
                listening_ = false;
            }
        }
        if (!stop_ && !warned) {
            // No password in the message: PQerrorMessage never repeats it.
            log->warn("not listening for changes on other nodes ({}); retrying, polling meanwhile",
                      PQerrorMessage(conn));
            warned = true;
        }
        PQfinish(conn);
        if (!stop_) wait(-1, reconnect_delay_);
    }
}

}  // namespace mocua::db
