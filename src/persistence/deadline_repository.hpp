#pragma once
// SOCI implementations of the deadline sweep's storage (domain/dossier/deadlines.hpp: table
// dossier_notices, migration 0015) and of the staff directory (who holds a role at a unit, from
// role_grants and accounts). One SQL path for SQLite and PostgreSQL.
#include "core/clock.hpp"
#include "domain/audit/audit.hpp"
#include "domain/dossier/deadlines.hpp"
#include "domain/dossier/processing_service.hpp"
#include "persistence/dossier_repository.hpp"

namespace mocua::db {
class Database;
}

namespace mocua::persistence {

class SqlDeadlineRepository final : public domain::dossier::DeadlineRepository {
public:
    SqlDeadlineRepository(db::Database& db, const domain::audit::Sha256Hasher& hasher, const core::Clock& clock,
                          QueueMailInTransaction queue_mail)
        : db_(db), hasher_(hasher), clock_(clock), queue_mail_(std::move(queue_mail)) {}

    std::vector<domain::dossier::DeadlineItem> DueBefore(const std::string& until, int limit) override;
    bool RecordNotice(const domain::dossier::DeadlineNotice& notice) override;

private:
    db::Database& db_;
    const domain::audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
    QueueMailInTransaction queue_mail_;
};

class SqlStaffDirectory final : public domain::dossier::StaffDirectory {
public:
    explicit SqlStaffDirectory(db::Database& db) : db_(db) {}
    std::vector<domain::dossier::StaffMember> WithRole(std::string_view role, std::int64_t unit_id) override;

private:
    db::Database& db_;
};

}  // namespace mocua::persistence
