#pragma once
// SOCI implementation of domain::site::SiteProfileRepository, for SQLite and PostgreSQL.
#include "domain/site/site_profile.hpp"

namespace mocua::db {
class Database;
}

namespace mocua::persistence {

class SqlSiteProfileRepository final : public domain::site::SiteProfileRepository {
public:
    explicit SqlSiteProfileRepository(db::Database& db) : db_(db) {}
    std::optional<domain::site::SiteProfile> Get() override;
    void Save(const domain::site::SiteProfile& profile) override;

private:
    db::Database& db_;
};

}  // namespace mocua::persistence
