#include "domain/events/event_hub.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace mocua::domain::events {
namespace {

TEST(EventHub, DeliversToCurrentSubscribersOnly) {
    EventHub hub;
    std::vector<std::string> a, b;
    auto sa = hub.SubscribeDossiers([&](const DossierChanged& e) { a.push_back(e.code); });
    hub.Publish({1, "D-1", 10, 10, "P", 2});
    auto sb = hub.SubscribeDossiers([&](const DossierChanged& e) { b.push_back(e.code); });
    hub.Publish({2, "D-2", 10, 10, "P", 4});
    sa.reset();
    hub.Publish({3, "D-3", 10, 10, "P", 9});
    EXPECT_EQ(a, (std::vector<std::string>{"D-1", "D-2"}));
    EXPECT_EQ(b, (std::vector<std::string>{"D-2", "D-3"}));
    EXPECT_EQ(hub.subscribers(), 1u);
    EXPECT_EQ(hub.latest_seq(), 3);
}

TEST(EventHub, ASubscriptionMayOutliveTheHub) {
    std::unique_ptr<EventHub::Subscription> s;
    {
        EventHub hub;
        s = hub.SubscribeDossiers([](const DossierChanged&) {});
    }
    s.reset();  // must not touch the destroyed hub
    SUCCEED();
}

TEST(EventHub, AHandlerMayUnsubscribeItselfWhileBeingCalled) {
    EventHub hub;
    int calls = 0;
    std::unique_ptr<EventHub::Subscription> s;
    s = hub.SubscribeDossiers([&](const DossierChanged&) {
        ++calls;
        s.reset();
    });
    hub.Publish({1, "D-1", 1, 1, "P", 2});
    hub.Publish({2, "D-2", 1, 1, "P", 2});
    EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace mocua::domain::events
