#include "domain/events/event_hub.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <vector>

namespace mocua::domain::events {

struct EventHub::State {
    mutable std::mutex mu;
    std::uint64_t next_id = 1;
    // Handlers are shared so that Publish can call a snapshot of them without holding the lock.
    std::map<std::uint64_t, std::shared_ptr<const DossierHandler>> dossier_handlers;
    std::atomic<std::int64_t> latest_seq{0};
};

namespace {

class HubSubscription final : public EventHub::Subscription {
public:
    HubSubscription(std::weak_ptr<void> state, std::function<void(void*)> remove)
        : state_(std::move(state)), remove_(std::move(remove)) {}
    ~HubSubscription() override {
        if (auto s = state_.lock()) remove_(s.get());
    }

private:
    std::weak_ptr<void> state_;
    std::function<void(void*)> remove_;
};

}  // namespace

EventHub::EventHub() : state_(std::make_shared<State>()) {}
EventHub::~EventHub() = default;

std::unique_ptr<EventHub::Subscription> EventHub::SubscribeDossiers(DossierHandler handler) {
    std::uint64_t id = 0;
    {
        std::lock_guard lock(state_->mu);
        id = state_->next_id++;
        state_->dossier_handlers.emplace(id, std::make_shared<const DossierHandler>(std::move(handler)));
    }
    return std::make_unique<HubSubscription>(std::weak_ptr<void>(state_), [id](void* raw) {
        auto* s = static_cast<State*>(raw);
        std::lock_guard lock(s->mu);
        s->dossier_handlers.erase(id);
    });
}

void EventHub::Publish(const DossierChanged& event) {
    std::vector<std::shared_ptr<const DossierHandler>> handlers;
    {
        std::lock_guard lock(state_->mu);
        handlers.reserve(state_->dossier_handlers.size());
        for (const auto& [id, h] : state_->dossier_handlers) handlers.push_back(h);
        if (event.seq > state_->latest_seq) state_->latest_seq = event.seq;
    }
    for (const auto& h : handlers) (*h)(event);
}

std::int64_t EventHub::latest_seq() const { return state_->latest_seq.load(); }

std::size_t EventHub::subscribers() const {
    std::lock_guard lock(state_->mu);
    return state_->dossier_handlers.size();
}

}  // namespace mocua::domain::events
