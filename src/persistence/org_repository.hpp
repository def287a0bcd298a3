#pragma once
// SOCI implementation of domain::org::UnitRepository, for SQLite and PostgreSQL. Writes append their
// audit entries in the same transaction (persistence/audit_repository.hpp).
#include "core/clock.hpp"
#include "domain/org/units.hpp"

namespace mocua::db {
class Database;
}

namespace mocua::persistence {

class SqlUnitRepository final : public domain::org::UnitRepository {
public:
    SqlUnitRepository(db::Database& db, const domain::audit::Sha256Hasher& hasher, const core::Clock& clock)
        : db_(db), hasher_(hasher), clock_(clock) {}

    std::optional<domain::org::Unit> Find(std::int64_t id) override;
    std::optional<domain::org::Unit> FindByCode(std::string_view code, std::string_view date) override;
    std::vector<domain::org::Unit> ValidOn(std::string_view date) override;
    std::vector<domain::org::Unit> AncestorsOrSelf(std::int64_t id) override;
    std::vector<domain::org::Succession> SuccessorsOf(std::int64_t id) override;
    std::vector<domain::org::Succession> PredecessorsOf(std::int64_t id) override;
    std::int64_t Count() override;
    core::Result<void> Write(const std::function<core::Result<void>(domain::org::UnitWriter&)>& f) override;

private:
    db::Database& db_;
    const domain::audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
};

}  // namespace mocua::persistence
