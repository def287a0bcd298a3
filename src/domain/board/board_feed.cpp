#include "domain/board/board_feed.hpp"

namespace mocua::domain::board {

namespace {

class FeedWatch final : public BoardFeed::Watch {
public:
    explicit FeedWatch(std::function<void()> remove) : remove_(std::move(remove)) {}
    ~FeedWatch() override { remove_(); }

private:
    std::function<void()> remove_;
};

}  // namespace

BoardFeed::BoardFeed(BoardFigures& figures, events::EventHub& hub, const core::Clock& clock)
    : figures_(figures), hub_(hub), clock_(clock) {
    subscription_ = hub_.SubscribeDossiers([this](const events::DossierChanged& e) { OnDossier(e); });
}

BoardFeed::~BoardFeed() {
    Stop();
    subscription_.reset();
}

void BoardFeed::Start() {
    if (thread_.joinable()) return;
    {
        std::lock_guard lock(mu_);
        stop_ = false;
    }
    thread_ = std::thread([this] { Run(); });
}

void BoardFeed::Stop() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mu_);
        stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

std::unique_ptr<BoardFeed::Watch> BoardFeed::WatchUnit(std::int64_t unit_id, std::string key, WindowFn window,
                                                       Deliver deliver) {
    auto w = std::make_shared<Watcher>();
    w->unit_id = unit_id;
    const auto subtree = figures_.Subtree(unit_id);
    w->units.insert(subtree.begin(), subtree.end());
    w->key = std::move(key);
    w->window = std::move(window);
    w->deliver = std::move(deliver);
    return Add(std::move(w));
}

std::unique_ptr<BoardFeed::Watch> BoardFeed::WatchUnitText(std::optional<std::int64_t> unit_id, std::string key,
                                                           ComputeText compute, DeliverText deliver) {
    auto w = std::make_shared<Watcher>();
    w->all_units = !unit_id;
    if (unit_id) {
        w->unit_id = *unit_id;
        const auto subtree = figures_.Subtree(*unit_id);
        w->units.insert(subtree.begin(), subtree.end());
    }
    w->key = std::move(key);
    w->compute_text = std::move(compute);
    w->deliver_text = std::move(deliver);
    return Add(std::move(w));
}

std::unique_ptr<BoardFeed::Watch> BoardFeed::Add(std::shared_ptr<Watcher> w) {
    std::uint64_t id = 0;
    {
        std::lock_guard lock(mu_);
        id = next_id_++;
        watchers_.emplace(id, w);
    }
    return std::make_unique<FeedWatch>([this, id, alive = std::weak_ptr<int>(alive_)] {
        if (!alive.lock()) return;
        std::lock_guard lock(mu_);
        watchers_.erase(id);
    });
}

void BoardFeed::OnDossier(const events::DossierChanged& e) {
    bool any = false;
    {
        std::lock_guard lock(mu_);
        latest_seq_ = std::max(latest_seq_, e.seq);
        for (auto& [id, w] : watchers_) {
            if (w->all_units || w->units.contains(e.receiving_unit_id)) {
                w->dirty = true;
                any = true;
            }
        }
        pending_ = pending_ || any;
    }
    if (any) cv_.notify_one();
}

void BoardFeed::RunPending() {
    std::vector<std::shared_ptr<Watcher>> dirty;
    std::int64_t seq = 0;
    {
        std::lock_guard lock(mu_);
        pending_ = false;
        seq = latest_seq_;
        for (auto& [id, w] : watchers_) {
            if (w->dirty) {
                w->dirty = false;
                dirty.push_back(w);
            }
        }
    }
    const auto now = clock_.Now();
    std::map<std::string, Figures> computed;  // boards with the same key share one computation
    std::map<std::string, std::string> computed_text;
    for (const auto& w : dirty) {
        if (w->compute_text) {
            auto t = computed_text.find(w->key);
            if (t == computed_text.end()) t = computed_text.emplace(w->key, w->compute_text(now)).first;
            w->deliver_text(t->second, seq);
            continue;
        }
        auto it = computed.find(w->key);
        if (it == computed.end())
            it = computed.emplace(w->key, figures_.ForUnit(w->unit_id, w->window(now), now)).first;
        w->deliver(it->second, seq);
    }
}

void BoardFeed::Run() {
    for (;;) {
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [this] { return pending_ || stop_; });
            if (stop_) return;
        }
        try {
            RunPending();
        } catch (const std::exception&) {
            // The database failed; the screens keep their figures until the next change, and reconnecting
            // screens read them afresh. Nothing to log per screen: the watcher logs database failures.
        }
    }
}

}  // namespace mocua::domain::board
