#pragma once
// SOCI implementation of domain::audit::AuditLog, and the append used by every repository inside its
// own transactions, for SQLite and PostgreSQL.
//
// Appends are serialised through the one-row audit_head table: each append first updates it (on
// PostgreSQL that takes the row's lock until commit; on SQLite the writer already holds the database
// lock), then reads the previous hash, inserts the entry and records the new head. Two transactions
// can therefore never chain from the same entry, on one node or several. The cost is that audited
// writes commit one at a time, which is fine for the rate of state changes a town produces.
#include "core/clock.hpp"
#include "domain/audit/audit.hpp"

namespace soci {
class session;
}
namespace mocua::db {
class Database;
}

namespace mocua::persistence {

// Appends `event` inside the transaction open on `sql`. Throws on database failure (the caller's
// transaction then rolls back with the change it audits).
void AppendAudit(soci::session& sql, const domain::audit::Sha256Hasher& hasher, const core::Clock& clock,
                 const domain::audit::Event& event);

class SqlAuditLog final : public domain::audit::AuditLog {
public:
    SqlAuditLog(db::Database& db, const domain::audit::Sha256Hasher& hasher, const core::Clock& clock)
        : db_(db), hasher_(hasher), clock_(clock) {}
    void Append(const domain::audit::Event& event) override;
    std::vector<domain::audit::Entry> Search(const domain::audit::Filter& filter) override;
    domain::audit::VerifyReport Verify() override;

private:
    db::Database& db_;
    const domain::audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
};

}  // namespace mocua::persistence
