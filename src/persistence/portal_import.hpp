#pragma once
// SOCI implementation of domain::portal::PortalStore (import, export and sync of dossiers in the national
// portal's format) for SQLite and PostgreSQL, on the tables of migrations 0009–0011. What is stored
// where is described in docs/portal-import.md.
//
// Thread-safety: every call borrows its own connection; calls may run on several threads.
// Errors: database failures throw (std::runtime_error / soci::soci_error); a failed WriteBatch has
// written nothing.
#include "core/clock.hpp"
#include "domain/audit/audit.hpp"
#include "domain/portal/portal_import.hpp"

namespace mocua::db {
class Database;
}

namespace mocua::persistence {

class SqlPortalRepository final : public domain::portal::PortalStore {
public:
    SqlPortalRepository(db::Database& db, const domain::audit::Sha256Hasher& hasher, const core::Clock& clock)
        : db_(db), hasher_(hasher), clock_(clock) {}

    std::vector<domain::portal::ImportOutcome> WriteBatch(
        const std::vector<domain::portal::ImportRecord>& records, bool dry_run,
        const std::optional<domain::audit::Event>& audit) override;
    std::vector<std::int64_t> SubmittedBetween(core::TimePoint from, core::TimePoint to) override;
    std::optional<domain::portal::PortalDossier> Load(std::int64_t dossier_id) override;
    std::vector<std::pair<std::int64_t, std::int64_t>> ChangedAfter(std::int64_t after, int limit) override;

private:
    db::Database& db_;
    const domain::audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
};

}  // namespace mocua::persistence
