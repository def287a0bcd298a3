// The reconciliation report of a hand-built day (domain/payments/reconciliation.hpp): what was expected,
// what became of it, what was received, and every kind of mismatch. Totals are added up by hand below.
#include "domain/payments/reconciliation.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace mocua::domain::payments {
namespace {

// The Vietnam day 27/11/2026 runs from 17:00 UTC on the 26th to 17:00 UTC on the 27th.
constexpr const char* kFrom = "2026-11-26T17:00:00.000Z";
constexpr const char* kTo = "2026-11-27T17:00:00.000Z";

RequestFact Request(std::int64_t id, std::int64_t amount, State state, std::optional<Method> method,
                    std::string created, std::string settled = "", int dossier_state = 7) {
    RequestFact f;
    f.request.id = id;
    f.request.txn_ref = "MC2026112700000000" + std::to_string(10 + id);
    f.request.dossier_code = "000.00.12.H48-261127-00" + std::to_string(10 + id);
    f.request.unit_id = 7;
    f.request.amount_vnd = amount;
    f.request.state = state;
    f.request.method = method;
    f.request.created_at = std::move(created);
    f.request.settled_at = std::move(settled);
    f.dossier_state = dossier_state;
    return f;
}

NotificationFact Note(const std::optional<RequestFact>& about, std::string ref, std::string rsp,
                      std::string response, std::int64_t amount) {
    NotificationFact n;
    n.notification = {std::move(ref), "2026-11-27T08:00:00.000Z", std::move(rsp), std::move(response), "1498",
                      amount};
    if (about) n.request = about->request;
    return n;
}

TEST(VietnamDayBounds, MidnightInVietnamIsFivePmUtcTheDayBefore) {
    auto b = VietnamDayBounds("2026-11-27");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->first, kFrom);
    EXPECT_EQ(b->second, kTo);
    auto new_year = VietnamDayBounds("2027-01-01");
    ASSERT_TRUE(new_year);
    EXPECT_EQ(new_year->first, "2026-12-31T17:00:00.000Z");
}

TEST(VietnamDayBounds, RefusesWhatIsNotADate) {
    for (const char* bad :
         {"", "2026-02-30", "2026-1-01", "2026/11/27", "27-11-2026", "2026-11-2x", "2026-13-01"})
        EXPECT_FALSE(VietnamDayBounds(bad)) << bad;
}

TEST(Reconciliation, AddsUpTheDayAndFindsEveryKindOfMismatch) {
    const auto gateway = Request(1, 50'000, State::kPaid, Method::kGateway, "2026-11-27T02:00:00.000Z",
                                 "2026-11-27T02:05:00.000Z");
    // Paid in cash, but the dossier still waits in state 6.
    const auto cash = Request(2, 120'000, State::kPaid, Method::kCash, "2026-11-27T03:00:00.000Z",
                              "2026-11-27T03:10:00.000Z", 6);
    const auto failed = Request(3, 30'000, State::kFailed, std::nullopt, "2026-11-27T04:00:00.000Z",
                                "2026-11-27T04:01:00.000Z");
    const auto expired = Request(4, 30'000, State::kExpired, std::nullopt, "2026-11-27T05:00:00.000Z",
                                 "2026-11-27T05:30:00.000Z");
    // 23:30 in Vietnam: still the 27th.
    const auto pending = Request(5, 200'000, State::kPending, std::nullopt, "2026-11-27T16:30:00.000Z");
    // Made the day before (Vietnam), paid by transfer this day: received, not expected.
    const auto transfer = Request(6, 75'000, State::kPaid, Method::kTransfer, "2026-11-26T10:00:00.000Z",
                                  "2026-11-27T01:00:00.000Z");
    const auto cancelled =
        Request(8, 40'000, State::kCancelled, std::nullopt, kFrom, "2026-11-26T17:01:00.000Z");
    // Made at midnight starting the 28th: another day.
    const auto tomorrow = Request(9, 10'000, State::kPending, std::nullopt, kTo);

    DayFacts facts;
    facts.requests = {gateway, cash, failed, expired, pending, transfer, cancelled, tomorrow, gateway};
    facts.notifications = {
        Note(gateway, gateway.request.txn_ref, "00", "00", 50'000),
        Note(gateway, gateway.request.txn_ref, "02", "00", 50'000),  // a retry: not a mismatch
        Note(gateway, gateway.request.txn_ref, "04", "00", 5'000),
        Note(std::nullopt, "MC20261127999", "01", "00", 99'000),
        Note(expired, expired.request.txn_ref, "02", "00", 30'000),
        Note(cash, cash.request.txn_ref, "02", "00", 120'000),
        Note(std::nullopt, "MC20261127998", "97", "00", 1'000),
        Note(failed, failed.request.txn_ref, "00", "51", 30'000),  // a failure told once: fine
        Note(std::nullopt, "MC20261127997", "01", "24", 1'000),    // unknown but not paid: nothing to do
    };
    const auto r = BuildReconciliation("2026-11-27", 7, facts, kFrom, kTo);

    // Made that day: 50,000 + 120,000 + 30,000 + 30,000 + 200,000 + 40,000 (the duplicate row counted once).
    EXPECT_EQ(r.expected, (Tally{6, 470'000}));
    EXPECT_EQ(r.paid_gateway, (Tally{1, 50'000}));
    EXPECT_EQ(r.paid_cash, (Tally{1, 120'000}));
    EXPECT_EQ(r.paid_transfer, (Tally{}));
    EXPECT_EQ(r.failed, (Tally{1, 30'000}));
    EXPECT_EQ(r.expired, (Tally{1, 30'000}));
    EXPECT_EQ(r.cancelled, (Tally{1, 40'000}));
    EXPECT_EQ(r.pending, (Tally{1, 200'000}));
    EXPECT_EQ(r.Accounted(), r.expected);
    // Received that day: 50,000 + 120,000 + 75,000.
    EXPECT_EQ(r.received_gateway, (Tally{1, 50'000}));
    EXPECT_EQ(r.received_cash, (Tally{1, 120'000}));
    EXPECT_EQ(r.received_transfer, (Tally{1, 75'000}));
    EXPECT_EQ(r.ReceivedTotal(), (Tally{3, 245'000}));

    std::vector<std::string> kinds;
    for (const auto& m : r.mismatches) kinds.emplace_back(MismatchName(m.kind));
    std::sort(kinds.begin(), kinds.end());
    EXPECT_EQ(kinds, (std::vector<std::string>{"amount", "bad_signature", "dossier_waiting", "paid_twice",
                                               "paid_when_closed", "unknown_request"}));
    for (const auto& m : r.mismatches) {
        if (m.kind == MismatchKind::kAmount) {
            EXPECT_EQ(m.txn_ref, gateway.request.txn_ref);
            EXPECT_EQ(m.expected_vnd, 50'000);
            EXPECT_EQ(m.notified_vnd, 5'000);
        }
        if (m.kind == MismatchKind::kDossierWaiting) {
            EXPECT_EQ(m.dossier_code, cash.request.dossier_code);
        }
        if (m.kind == MismatchKind::kUnknownRequest) {
            EXPECT_EQ(m.dossier_code, "");
            EXPECT_EQ(m.notified_vnd, 99'000);
        }
    }
    EXPECT_FALSE(r.Balanced());
}

TEST(Reconciliation, AQuietDayBalances) {
    const auto paid = Request(1, 50'000, State::kPaid, Method::kGateway, "2026-11-27T02:00:00.000Z",
                              "2026-11-27T02:05:00.000Z");
    const auto waiting = Request(2, 25'000, State::kPending, std::nullopt, "2026-11-27T09:00:00.000Z");
    DayFacts facts;
    facts.requests = {paid, waiting};
    facts.notifications = {Note(paid, paid.request.txn_ref, "00", "00", 50'000)};
    const auto r = BuildReconciliation("2026-11-27", 7, facts, kFrom, kTo);
    EXPECT_EQ(r.expected, (Tally{2, 75'000}));
    EXPECT_EQ(r.ReceivedTotal(), (Tally{1, 50'000}));
    EXPECT_TRUE(r.mismatches.empty());
    EXPECT_TRUE(r.Balanced());
    EXPECT_TRUE(BuildReconciliation("2026-11-27", 7, {}, kFrom, kTo).Balanced());
}

}  // namespace
}  // namespace mocua::domain::payments
