#pragma once
// The Decision 766 module as the app and the CLI build it: the portal-format loader, the incremental
// store, and the service with the working-day calendar (docs/adr/0090-decision-766-kpis.md).
#include <memory>
#include <string_view>

#include "domain/kpi/kpi_service.hpp"

namespace mocua::core {
class Clock;
}
namespace mocua::db {
class Database;
}
namespace mocua::domain::audit {
class Sha256Hasher;
}
namespace mocua::domain::calendar {
class CalendarService;
}
namespace mocua::persistence {
class SqlPortalRepository;
class SqlKpiStore;
}  // namespace mocua::persistence

namespace mocua::app {

// The periodic job that keeps the figures up to date ([jobs] kpi_refresh_seconds).
inline constexpr std::string_view kKpiRefreshJobKind = "kpi.refresh";

class KpiStack {
public:
    // `calendar` (borrowed, must outlive the stack) gives the working days of the publication
    // indicators 1.1/1.2; `config` the points, weights and targets.
    KpiStack(db::Database& database, const domain::audit::Sha256Hasher& hasher, const core::Clock& clock,
             domain::calendar::CalendarService& calendar, domain::kpi::Config config);
    ~KpiStack();
    domain::kpi::KpiService& service() { return *service_; }

private:
    std::unique_ptr<persistence::SqlPortalRepository> portal_;
    std::unique_ptr<persistence::SqlKpiStore> store_;
    std::unique_ptr<domain::kpi::KpiService> service_;
};

}  // namespace mocua::app
