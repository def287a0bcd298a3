#pragma once
// Turns committed dossier writes into events::DossierChanged on the hub. Every write to `dossiers`
// appends to the `dossier_changes` cursor by trigger (migration 0011), whoever makes it: this process,
// `mocua import`, another server node. The watcher reads the cursor past the last seq it published,
// in seq order, and publishes one event per change. It looks when poked (after each commit in this
// process, through Database::SetCommitObserver, and on PostgreSQL after each NOTIFY from the trigger of
// migration 0012, through db::PgListener), and every poll_interval as a fallback
// (docs/adr/0071-live-updates-sse.md).
//
// Thread-safety: Poke is safe from any thread and cheap. Start/Stop from the owner's thread. Handlers
// of the hub run on the watcher's thread.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "domain/events/event_hub.hpp"

namespace mocua::db {
class Database;
}

namespace mocua::persistence {

class DossierChangeWatcher {
public:
    struct Options {
        std::chrono::milliseconds poll_interval{1'000};
        std::size_t batch = 500;  // changes read per query
    };

    DossierChangeWatcher(db::Database& database, domain::events::EventHub& hub, Options options);
    ~DossierChangeWatcher();  // Stop()s
    DossierChangeWatcher(const DossierChangeWatcher&) = delete;
    DossierChangeWatcher& operator=(const DossierChangeWatcher&) = delete;

    // Starts after the newest change already recorded (history is not replayed), then runs the thread.
    void Start();
    void Stop();
    void Poke();

    // Reads every change past the cursor and publishes it; the number published. What the thread does
    // when woken; tests call it directly. Not concurrently with the running thread.
    std::size_t DrainOnce();
    // Sets the cursor to the newest recorded change (what Start does).
    void SkipToLatest();
    std::int64_t cursor() const;

private:
    void Run();
    db::Database& database_;
    domain::events::EventHub& hub_;
    Options options_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    bool poked_ = false;
    bool stop_ = false;
    std::int64_t cursor_ = 0;
    bool positioned_ = false;  // cursor_ set from the table (SkipToLatest)
    std::thread thread_;
};

}  // namespace mocua::persistence
