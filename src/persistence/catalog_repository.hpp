#pragma once
// SOCI implementation of domain::catalog::CatalogRepository, for SQLite and PostgreSQL. Writes append
// their audit entries in the same transaction (persistence/audit_repository.hpp). Each version row
// carries folded and sort-key copies of its names so that search is one indexed query over narrow
// columns, never a parse of stored JSON (docs/adr/0040-procedure-catalogue.md).
#include "core/clock.hpp"
#include "domain/catalog/catalog_service.hpp"

namespace mocua::db {
class Database;
}

namespace mocua::persistence {

class SqlCatalogRepository final : public domain::catalog::CatalogRepository {
public:
    SqlCatalogRepository(db::Database& db, const domain::audit::Sha256Hasher& hasher,
                         const core::Clock& clock)
        : db_(db), hasher_(hasher), clock_(clock) {}

    std::vector<domain::catalog::Field> Fields() override;
    std::vector<std::string> FormKeys() override;
    std::optional<domain::catalog::Version> InForceOn(std::string_view code, std::string_view day) override;
    std::optional<domain::catalog::Version> VersionById(std::int64_t id) override;
    std::vector<domain::catalog::Version> History(std::string_view code) override;
    std::vector<domain::catalog::Version> AllInForceOn(std::string_view day) override;
    domain::catalog::SearchPage Search(const std::vector<std::string>& folded_words,
                                       const std::string& folded_phrase,
                                       const domain::catalog::SearchQuery& query,
                                       const std::string& day) override;
    std::optional<domain::catalog::StoredForm> FindForm(std::string_view key) override;
    std::int64_t CountProcedures() override;
    core::Result<void> Write(
        const std::function<core::Result<void>(domain::catalog::CatalogWriter&)>& f) override;

private:
    db::Database& db_;
    const domain::audit::Sha256Hasher& hasher_;
    const core::Clock& clock_;
};

// Base64 (RFC 4648, with padding), used to keep form files in a TEXT column on both engines.
std::string EncodeBase64(std::string_view bytes);
// nullopt when `text` is not canonical padded base64.
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace mocua::persistence
