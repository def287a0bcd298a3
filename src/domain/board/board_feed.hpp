#pragma once
// Live figures for the boards on screens (/board/wall): watches dossier events on the hub and, when a
// dossier of a watched unit's subtree changes, computes that board's figures again and hands them to
// the watcher's callback. Work is coalesced: many changes in a burst (an import) cost one computation
// per board, and boards showing the same unit and period share it. Computation runs on the feed's own
// thread, never on the hub's or an I/O thread.
//
// Thread-safety: Watch and Stop from any thread; callbacks run on the feed's thread and must be quick
// (EventStream::Send is).
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "domain/board/board.hpp"
#include "domain/events/event_hub.hpp"

namespace mocua::domain::board {

class BoardFeed {
public:
    // The period of a board, worked out again at each computation (a board on "this month" moves
    // into the next month by itself).
    using WindowFn = std::function<Window(core::TimePoint now)>;
    // Receives the new figures and the seq of the latest change they include.
    using Deliver = std::function<void(const Figures&, std::int64_t seq)>;

    class Watch {
    public:
        virtual ~Watch() = default;
    };

    // `figures`, `hub` and `clock` must outlive the feed.
    BoardFeed(BoardFigures& figures, events::EventHub& hub, const core::Clock& clock);
    ~BoardFeed();  // Stop()s
    BoardFeed(const BoardFeed&) = delete;
    BoardFeed& operator=(const BoardFeed&) = delete;

    void Start();
    void Stop();

    // Calls `deliver` whenever a dossier of `unit_id`'s subtree changes, until the returned Watch is
    // destroyed. `key` names the board (unit and period as asked) so equal boards share a computation.
    [[nodiscard]] std::unique_ptr<Watch> WatchUnit(std::int64_t unit_id, std::string key, WindowFn window,
                                                   Deliver deliver);

    // The same coalescing for figures that are not the board's (the operations centre's KPIs): when a
    // dossier of `unit_id`'s subtree changes (nullopt: of any unit), `compute(now)` runs once on the
    // feed's thread for all the watches with that `key`, and `deliver` gets its text. `compute` may throw
    // (a database failure): the watch then keeps its last figures until the next change.
    using ComputeText = std::function<std::string(core::TimePoint now)>;
    using DeliverText = std::function<void(const std::string&, std::int64_t seq)>;
    [[nodiscard]] std::unique_ptr<Watch> WatchUnitText(std::optional<std::int64_t> unit_id, std::string key,
                                                       ComputeText compute, DeliverText deliver);

    // Runs the pending computations on the calling thread; what the thread does when woken (tests).
    void RunPending();

private:
    struct Watcher {
        std::int64_t unit_id = 0;
        std::set<std::int64_t> units;  // the subtree, read once when watching starts
        std::string key;
        WindowFn window;
        Deliver deliver;
        bool all_units = false;   // WatchUnitText without a unit
        ComputeText compute_text;  // set for WatchUnitText watches
        DeliverText deliver_text;
        bool dirty = false;
    };
    std::unique_ptr<Watch> Add(std::shared_ptr<Watcher> w);
    void OnDossier(const events::DossierChanged& e);
    void Run();

    BoardFigures& figures_;
    events::EventHub& hub_;
    const core::Clock& clock_;
    std::unique_ptr<events::EventHub::Subscription> subscription_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::map<std::uint64_t, std::shared_ptr<Watcher>> watchers_;
    std::uint64_t next_id_ = 1;
    std::int64_t latest_seq_ = 0;
    bool pending_ = false;
    bool stop_ = false;
    std::thread thread_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // lets a Watch outlive the feed
};

}  // namespace mocua::domain::board
