#pragma once
// LISTEN on a PostgreSQL channel over a connection of its own (libpq; SOCI has no notifications), and
// call a function for each NOTIFY: how a change committed on another server node reaches this one
// (docs/adr/0071-live-updates-sse.md). Reconnects by itself when the connection drops, calling
// `on_notify` once after each (re)connection since notifications sent meanwhile are lost.
//
// Thread-safety: Start/Stop from the owner's thread; `on_notify` runs on the listener's own thread.
#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace mocua::db {

class PgListener {
public:
    // `url` is a libpq connection URI (the database URL); `channel` a plain SQL identifier.
    PgListener(std::string url, std::string channel, std::function<void()> on_notify,
               std::chrono::milliseconds reconnect_delay = std::chrono::seconds(2));
    ~PgListener();  // Stop()s
    PgListener(const PgListener&) = delete;
    PgListener& operator=(const PgListener&) = delete;

    void Start();
    // Ends the thread promptly (a self-pipe wakes its wait). Idempotent.
    void Stop();
    // True while a connection is open and listening (for tests and the log).
    bool listening() const { return listening_; }

private:
    void Run();
    std::string url_;
    std::string channel_;
    std::function<void()> on_notify_;
    std::chrono::milliseconds reconnect_delay_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> listening_{false};
    int wake_fds_[2] = {-1, -1};
    std::thread thread_;
};

}  // namespace mocua::db
