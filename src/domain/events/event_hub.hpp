#pragma once
// In-process publish/subscribe of small domain events (DESIGN.md §3: modules talk through domain
// events that the IOC, notifications and realtime layers subscribe to). Events are published after the
// change they describe has committed (the change watcher reads them from the database), so a subscriber
// that reads the database sees the change.
//
// Thread-safety: every member is safe from any thread. Handlers run on the publishing thread, outside
// the hub's lock, and must be quick (hand real work to a worker pool). A handler may run once more
// after its Subscription is destroyed, if a Publish was already under way; handlers should capture
// weak pointers to what they touch.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace mocua::domain::events {

// A dossier was inserted or updated (received, moved along, resolved, imported…). `seq` is the change
// cursor (`dossier_changes.seq`): it grows in commit order, so it can serve as an SSE event id.
struct DossierChanged {
    std::int64_t seq = 0;
    std::string code;
    std::int64_t receiving_unit_id = 0;
    std::int64_t competent_unit_id = 0;
    std::string procedure_code;
    // The national portal's state code 1–10, as the dossier stood when the change was read: a burst of
    // changes read together shows the latest state on each of its events.
    int state = 0;
};

class EventHub {
public:
    using DossierHandler = std::function<void(const DossierChanged&)>;

    // Unsubscribes when destroyed. May outlive the hub.
    class Subscription {
    public:
        virtual ~Subscription() = default;
    };

    EventHub();
    ~EventHub();
    EventHub(const EventHub&) = delete;
    EventHub& operator=(const EventHub&) = delete;

    [[nodiscard]] std::unique_ptr<Subscription> SubscribeDossiers(DossierHandler handler);
    // Calls every current subscriber with `event`, and remembers its seq as the latest.
    void Publish(const DossierChanged& event);
    // The seq of the latest event published (0 before any): what a reconnecting client compares its
    // Last-Event-ID with.
    std::int64_t latest_seq() const;
    std::size_t subscribers() const;

private:
    struct State;
    std::shared_ptr<State> state_;
};

}  // namespace mocua::domain::events
