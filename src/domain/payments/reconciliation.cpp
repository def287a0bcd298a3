#include "domain/payments/reconciliation.hpp"

#include <charconv>
#include <chrono>
#include <set>

#include "core/clock.hpp"

namespace mocua::domain::payments {

std::string_view MismatchName(MismatchKind kind) {
    switch (kind) {
        case MismatchKind::kAmount:
            return "amount";
        case MismatchKind::kUnknownRequest:
            return "unknown_request";
        case MismatchKind::kPaidWhenClosed:
            return "paid_when_closed";
        case MismatchKind::kPaidTwice:
            return "paid_twice";
        case MismatchKind::kBadSignature:
            return "bad_signature";
        case MismatchKind::kDossierWaiting:
            return "dossier_waiting";
    }
    return "amount";
}

Tally ReconciliationReport::ReceivedTotal() const {
    return {received_gateway.count + received_cash.count + received_transfer.count,
            received_gateway.amount_vnd + received_cash.amount_vnd + received_transfer.amount_vnd};
}

Tally ReconciliationReport::Accounted() const {
    Tally t;
    for (const Tally* part :
         {&paid_gateway, &paid_cash, &paid_transfer, &failed, &cancelled, &expired, &pending}) {
        t.count += part->count;
        t.amount_vnd += part->amount_vnd;
    }
    return t;
}

std::optional<std::pair<std::string, std::string>> VietnamDayBounds(std::string_view day) {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
    auto number = [&](std::size_t at, std::size_t len) -> std::optional<int> {
        int v = 0;
        const char* first = day.data() + at;
        auto [end, ec] = std::from_chars(first, first + len, v);
        if (ec != std::errc() || end != first + len) return std::nullopt;
        return v;
    };
    auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
    if (!y || !m || !d) return std::nullopt;
    const std::chrono::year_month_day ymd{std::chrono::year(*y),
                                          std::chrono::month(static_cast<unsigned>(*m)),
                                          std::chrono::day(static_cast<unsigned>(*d))};
    if (!ymd.ok()) return std::nullopt;
    // Midnight in Vietnam is 17:00 UTC the day before.
    const auto start = core::TimePoint(std::chrono::sys_days(ymd)) - std::chrono::hours(7);
    return std::make_pair(core::FormatUtc(start), core::FormatUtc(start + std::chrono::hours(24)));
}

ReconciliationReport BuildReconciliation(std::string_view day, std::int64_t unit_id, const DayFacts& facts,
                                         std::string_view from, std::string_view to) {
    ReconciliationReport r;
    r.day = std::string(day);
    r.unit_id = unit_id;
    auto within = [&](const std::string& at) { return !at.empty() && at >= from && at < to; };
    std::set<std::int64_t> seen;
    for (const auto& fact : facts.requests) {
        const auto& q = fact.request;
        if (!seen.insert(q.id).second) continue;
        if (within(q.created_at)) {
            r.expected.Add(q.amount_vnd);
            switch (q.state) {
                case State::kPaid:
                    (q.method == Method::kCash       ? r.paid_cash
                     : q.method == Method::kTransfer ? r.paid_transfer
                                                     : r.paid_gateway)
                        .Add(q.amount_vnd);
                    break;
                case State::kFailed:
                    r.failed.Add(q.amount_vnd);
                    break;
                case State::kCancelled:
                    r.cancelled.Add(q.amount_vnd);
                    break;
                case State::kExpired:
                    r.expired.Add(q.amount_vnd);
                    break;
                case State::kPending:
                    r.pending.Add(q.amount_vnd);
                    break;
            }
        }
        if (q.state == State::kPaid && within(q.settled_at)) {
            (q.method == Method::kCash       ? r.received_cash
             : q.method == Method::kTransfer ? r.received_transfer
                                             : r.received_gateway)
                .Add(q.amount_vnd);
            // State 6 is "awaiting financial obligation": paid, the dossier should have moved on.
            if (fact.dossier_state == 6)
                r.mismatches.push_back({MismatchKind::kDossierWaiting, q.txn_ref, q.dossier_code,
                                        q.amount_vnd, -1, q.settled_at});
        }
    }
    for (const auto& fact : facts.notifications) {
        const auto& n = fact.notification;
        const bool says_paid = n.response_code == "00";
        Mismatch m{MismatchKind::kAmount, n.txn_ref, "", -1, n.amount_vnd, n.received_at};
        if (fact.request) {
            m.dossier_code = fact.request->dossier_code;
            m.expected_vnd = fact.request->amount_vnd;
        }
        // Our answers (IpnRspCode): 97 bad signature, 01 unknown, 04 wrong amount, 02 already settled.
        if (n.rsp_code == "97") {
            m.kind = MismatchKind::kBadSignature;
        } else if (n.rsp_code == "04") {
            m.kind = MismatchKind::kAmount;
        } else if (n.rsp_code == "01" && says_paid) {
            m.kind = MismatchKind::kUnknownRequest;
        } else if (n.rsp_code == "02" && says_paid && fact.request) {
            if (fact.request->state != State::kPaid)
                m.kind = MismatchKind::kPaidWhenClosed;
            else if (fact.request->method && *fact.request->method != Method::kGateway)
                m.kind = MismatchKind::kPaidTwice;
            else
                continue;  // a repeated notification of a gateway payment: the protocol's retries
        } else {
            continue;
        }
        r.mismatches.push_back(std::move(m));
    }
    return r;
}

}  // namespace mocua::domain::payments
