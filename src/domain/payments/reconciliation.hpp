#pragma once
// The reconciliation report of one unit's fees for one day (issue 9; docs/adr/0080-cashless-payments.md).
//
// A day is a calendar day in Vietnam (UTC+07:00), the day the accountant closes. The report says:
//   expected   the payment requests made that day (count and sum, whole đồng) and what became of each:
//              paid through the gateway, in cash, by bank transfer, failed, cancelled, expired, pending;
//   received   the money settled that day, by method (whatever day its request was made), to compare
//              with the gateway's statement and the cash book;
//   mismatches what needs a person: a notification whose amount differs from the request, a "paid"
//              notification for a reference we do not know, a "paid" notification for a request we had
//              already closed (expired, failed, cancelled) or that was paid at the counter (paid twice),
//              a notification with a bad signature, and a paid request whose dossier still waits in
//              state 6 "awaiting financial obligation".
// The day balances when every request made that day is accounted for and there is no mismatch.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "domain/payments/model.hpp"
#include "domain/payments/payment_service.hpp"

namespace mocua::domain::payments {

// What storage gives the report (PaymentRepository::DayFacts).
struct RequestFact {
    PaymentRequest request;
    int dossier_state = 0;  // the dossier's state now (6: awaiting financial obligation)
};
struct NotificationFact {
    Notification notification;
    std::optional<PaymentRequest> request;  // the request of its reference, when there is one
};
struct DayFacts {
    // The unit's requests made or settled within the day.
    std::vector<RequestFact> requests;
    // Notifications received within the day for the unit's requests or for no known request.
    std::vector<NotificationFact> notifications;
};

struct Tally {
    int count = 0;
    std::int64_t amount_vnd = 0;
    void Add(std::int64_t amount) {
        ++count;
        amount_vnd += amount;
    }
    bool operator==(const Tally&) const = default;
};

enum class MismatchKind {
    kAmount,          // a notification's amount differs from its request's
    kUnknownRequest,  // a "paid" notification for a reference we do not know
    kPaidWhenClosed,  // a "paid" notification for a request already expired, failed or cancelled
    kPaidTwice,       // a "paid" notification for a request paid at the counter
    kBadSignature,    // a notification whose signature did not verify
    kDossierWaiting,  // a paid request whose dossier still waits in state 6
};
// "amount", "unknown_request", "paid_when_closed", "paid_twice", "bad_signature", "dossier_waiting".
std::string_view MismatchName(MismatchKind kind);

struct Mismatch {
    MismatchKind kind = MismatchKind::kAmount;
    std::string txn_ref;
    std::string dossier_code;        // "" when the request is unknown
    std::int64_t expected_vnd = -1;  // the request's amount; -1 when unknown
    std::int64_t notified_vnd = -1;  // the notification's amount; -1 when none or malformed
    std::string at;                  // when it was noticed (notification received, request settled)
};

struct ReconciliationReport {
    std::string day;  // YYYY-MM-DD, Vietnam
    std::int64_t unit_id = 0;
    std::string unit_code;
    std::string unit_name;
    Tally expected;
    Tally paid_gateway, paid_cash, paid_transfer, failed, cancelled, expired, pending;
    Tally received_gateway, received_cash, received_transfer;
    std::vector<Mismatch> mismatches;

    Tally ReceivedTotal() const;
    // The sum of the outcomes of the day's requests.
    Tally Accounted() const;
    bool Balanced() const { return Accounted() == expected && mismatches.empty(); }
};

// The UTC bounds [from, to) of a Vietnam day "YYYY-MM-DD", as core::FormatUtc strings (which compare as
// the times they name). nullopt for anything that is not a real date.
std::optional<std::pair<std::string, std::string>> VietnamDayBounds(std::string_view day);

// The report from the facts of the day bounded by [from, to) (VietnamDayBounds(day)).
ReconciliationReport BuildReconciliation(std::string_view day, std::int64_t unit_id, const DayFacts& facts,
                                         std::string_view from, std::string_view to);

// The report as a spreadsheet (port; adapters/registers/reconciliation_xlsx.hpp).
class ReconciliationSpreadsheet {
public:
    virtual ~ReconciliationSpreadsheet() = default;
    virtual core::Result<std::string> Render(const ReconciliationReport& report) const = 0;
};

}  // namespace mocua::domain::payments
