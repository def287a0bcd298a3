#pragma once
// SOCI implementation of domain::payments::PaymentRepository on SQLite and PostgreSQL (tables of
// migration 0013). Settling is one conditional UPDATE … WHERE state = 'pending' in a write transaction
// with the audit entry and the dossier's online-payment flag (dossier_sync_facts.online_payment, the
// national portal's DuocThanhToanTrucTuyen), so concurrent notifications settle a request once.
//
// Thread-safety: safe for concurrent calls (each call borrows its own session).
#include "core/clock.hpp"
#include "domain/audit/audit.hpp"
#include "domain/payments/payment_service.hpp"

namespace mocua::db {
class Database;
}

namespace mocua::persistence {

class SqlPaymentRepository final : public domain::payments::PaymentRepository {
public:
    SqlPaymentRepository(db::Database& db, const domain::audit::Sha256Hasher& hasher,
                         const core::Clock& clock)
        : db_(db), hasher_(hasher), clock_(clock) {}

    core::Result<domain::payments::PaymentRequest> Create(const domain::payments::NewRequest& request,
                                                          const domain::audit::Actor& actor) override;
    std::optional<domain::payments::PaymentRequest> FindByRef(std::string_view txn_ref) override;
    std::optional<domain::payments::PaymentRequest> FindById(std::int64_t id) override;
    std::vector<domain::payments::PaymentRequest> ListForDossier(std::string_view dossier_code) override;
    std::vector<domain::payments::PaymentRequest> ListPending(int limit) override;
    domain::payments::SettleOutcome Settle(std::int64_t id, const domain::payments::Settlement& settlement,
                                           const domain::audit::Event& event) override;
    void LogNotification(const domain::payments::Notification& notification) override;
    domain::payments::DayFacts FactsOfDay(std::int64_t unit_id, std::string_view from,
                                          std::string_view to) override;
    std::vector<std::pair<std::string, std::string>> PaidWhileDossierWaits(int limit) override;

    // Puts the receipt of paid request `request` (already in the blob store as `sha256`, `size` bytes of
    // PDF) in the payer's electronic data store (data_store_items, Circular 01/2023 Art. 24), titled
    // `title`, with its file row and an audit entry, in one transaction. Nothing when the request has no
    // payer account; a second call for the same receipt changes nothing. Throws on database failure.
    void KeepReceipt(const domain::payments::PaymentRequest& request, const std::string& sha256,
                     std::int64_t size, const std::string& title, const domain::audit::Actor& actor);

private:
    // The requests matching `where`, which names its one parameter :key.
    template <typename Key>
    std::vector<domain::payments::PaymentRequest> Query(const std::string& where, const Key& key, int limit);

    db::Database& db_;
    const domain::audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
};

}  // namespace mocua::persistence
