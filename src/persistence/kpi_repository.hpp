#pragma once
// SOCI implementation of domain::kpi::KpiStore on the tables of migrations 0014 and 0018 (SQLite and
// PostgreSQL): the projector (Refresh) in kpi_projector.cpp, the report queries in kpi_repository.cpp.
// The projector reads dossier_changes past its cursor, loads each changed dossier in the national
// portal's format (SqlPortalRepository::Load: native and imported dossiers alike), computes its facts,
// and in one transaction per batch subtracts the old contribution, adds the new one and moves the cursor.
//
// Thread-safety: Refresh is serialised inside the process (a mutex) and across processes by re-reading
// the cursor inside the write transaction (a batch another process already applied is dropped). The
// other calls borrow their own connection and may run on several threads.
// Errors: database failures throw (soci::soci_error / std::runtime_error); a failed batch wrote nothing.
#include <map>
#include <mutex>

#include "domain/kpi/kpi_service.hpp"

namespace mocua::db {
class Database;
}
namespace mocua::persistence {
class SqlPortalRepository;
}

namespace mocua::persistence {

class SqlKpiStore final : public domain::kpi::KpiStore {
public:
    // `portal` loads dossiers in the portal's format; both must outlive the store.
    SqlKpiStore(db::Database& db, SqlPortalRepository& portal) : db_(db), portal_(portal) {}

    // Changes handled per transaction.
    static constexpr int kBatch = 1000;

    std::int64_t Refresh(const std::function<void(std::int64_t)>& progress) override;
    std::optional<std::vector<std::int64_t>> Subtree(std::string_view code, std::string_view day) override;
    domain::kpi::Inputs Sum(const domain::kpi::Scope& scope,
                            std::vector<domain::kpi::ProcedureFacts>& procedure_dossiers) override;
    std::vector<domain::kpi::ProcedureFacts> Catalogue(
        std::string_view day, const std::function<bool(std::string_view)>& is_working_day) override;
    std::vector<domain::kpi::ListedDossier> Dossiers(const domain::kpi::Scope& scope, bool by_end_day,
                                                     int offset, int limit) override;
    std::vector<domain::kpi::TrendSums> Series(const domain::kpi::Scope& scope,
                                               domain::kpi::TrendBucket bucket) override;
    std::optional<std::vector<std::string>> FieldProcedures(std::string_view field,
                                                            std::string_view day) override;
    bool HasProcedure(std::string_view code) override;
    std::vector<domain::kpi::ProcedureSums> SumByProcedure(const domain::kpi::Scope& scope) override;
    std::vector<domain::kpi::ProcedureName> ProcedureNames(const std::vector<std::string>& codes,
                                                           std::string_view day) override;
    std::vector<domain::kpi::FieldName> Fields() override;
    std::optional<domain::kpi::DossierDetail> Detail(std::string_view code) override;

private:
    db::Database& db_;
    SqlPortalRepository& portal_;
    std::mutex refresh_mutex_;
    std::map<std::int64_t, domain::kpi::ProcedureInfo>
        procedure_info_;  // by version id, under refresh_mutex_
    std::mutex catalogue_mutex_;
    std::map<std::int64_t, domain::kpi::ProcedureFacts>
        catalogue_facts_;  // by version id (versions never change)
};

}  // namespace mocua::persistence
