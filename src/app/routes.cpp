// The whole route table, feature by feature (STYLE.md habit 2). To find what answers a URL, start here.
#include "api/account_routes.hpp"
#include "api/calendar_routes.hpp"
#include "api/catalog_routes.hpp"
#include "api/dossier_routes.hpp"
#include "api/payment_routes.hpp"
#include "api/lookup_routes.hpp"
#include "api/ioc_routes.hpp"
#include "api/kpi_routes.hpp"
#include "api/site_routes.hpp"
#include "api/sync_routes.hpp"
#include "api/system_routes.hpp"
#include "app/app.hpp"
#include "app/kpi_stack.hpp"
#include "app/services.hpp"
#include "domain/identity/crypto.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "persistence/portal_import.hpp"
#include "web/account_pages.hpp"
#include "web/admin_pages.hpp"
#include "web/apply_pages.hpp"
#include "web/auth_pages.hpp"
#include "web/board_pages.hpp"
#include "web/calendar_pages.hpp"
#include "web/catalog_admin_pages.hpp"
#include "web/catalog_pages.hpp"
#include "web/counter_pages.hpp"
#include "web/ioc_pages.hpp"
#include "web/kiosk_pages.hpp"
#include "web/lookup_pages.hpp"
#include "web/processing_pages.hpp"
#include "web/rating_pages.hpp"
#include "web/register_pages.hpp"
#include "web/pages.hpp"
#include "web/payment_pages.hpp"
#include "web/token_pages.hpp"
#include "web/unit_admin_pages.hpp"
#include "web/vneid_pages.hpp"

namespace mocua::app {

void RegisterAllRoutes(http::Router& router, const Services& services) {
    api::RegisterSystemRoutes(router, services);    // /healthz /readyz /metrics /api/v1/openapi.json
    api::RegisterSiteRoutes(router, services);      // /api/v1/site
    api::RegisterAccountRoutes(router, services);   // /api/v1/me
    api::RegisterCatalogRoutes(router, services);   // /api/v1/procedures /api/v1/procedures/{code}
    api::RegisterCalendarRoutes(router, services);  // /api/v1/calendar/holidays|lunar|deadline
    api::RegisterDossierRoutes(router, services);   // /api/v1/dossiers… (submit, read, forms, files)
    api::RegisterSyncRoutes(router, services,  // /api/v1/sync/dossiers (the provincial system)
                            std::make_shared<persistence::SqlPortalRepository>(*services.database, *services.sealer,
                                                                               *services.clock));
    api::RegisterPaymentRoutes(router, services);  // /api/v1/payments/vnpay/ipn (the gateway's notification)
    {
        // Decision 766 (issue 10): the app's service (it outlives the routes), or a stack that lives as
        // long as the handlers that share it.
        std::shared_ptr<domain::kpi::KpiService> kpi;
        if (services.kpi) {
            kpi = std::shared_ptr<domain::kpi::KpiService>(std::shared_ptr<void>(), services.kpi);
        } else {
            auto stack = std::make_shared<KpiStack>(*services.database, *services.sealer, *services.clock,
                                                    *services.calendar, domain::kpi::DefaultConfig());
            kpi = std::shared_ptr<domain::kpi::KpiService>(stack, &stack->service());
        }
        api::RegisterKpiRoutes(router, services, kpi);  // /api/v1/kpi/766, /api/v1/kpi/766/{indicator}/dossiers
        web::RegisterIocPages(router, services, kpi);   // /ioc… (operations centre, wall, exports)
        api::RegisterIocRoutes(router, services, kpi);  // /api/v1/ioc/feed (for the provincial IOC)
    }
    http::RegisterStaticRoutes(router, *services.static_files);  // /static/…
    web::RegisterHomeRoutes(router, services);                   // /
    web::RegisterStyleGuideRoutes(router, services);             // /style-guide…
    web::RegisterCatalogPages(router, services);                 // /procedures…
    web::RegisterAuthPages(router, services);                    // /sign-in /sign-out /sign-out-everywhere
    web::RegisterAccountPages(router, services);       // /account /account/two-factor /account/password
    web::RegisterTokenPages(router, services);         // /account/tokens…
    web::RegisterVneidPages(router, services);         // /auth/vneid /auth/vneid/callback (e-ID, OIDC)
    web::RegisterAdminPages(router, services);         // /admin/units /admin/audit
    web::RegisterUnitAdminPages(router, services);     // /admin/units/new /admin/units/{id}…
    web::RegisterCalendarPages(router, services);      // /admin/calendar (holidays, decisions, office hours)
    web::RegisterCatalogAdminPages(router, services);  // /admin/procedures… (editors: versions, publish)
    web::RegisterCounterPages(router, services);       // /counter… (one-stop reception), /dossiers (staff list)
    web::RegisterProcessingPages(router, services);    // /work… (processing steps, queues)
    web::RegisterRatingPages(router, services);        // /dossiers/{code}/rating, /work/dossiers/{code}/rate
    web::RegisterRegisterPages(router, services);      // /work/register (Mẫu 07)
    web::RegisterPaymentPages(router, services);       // /dossiers/{code}/payment, /payments/return (fees)
    web::RegisterApplyPages(router, services);  // /applications… /my/dossiers /my/data-store /dossiers/{code}…
    web::RegisterBoardPages(router, services);  // /board /board/wall /board/events (public statistics, live)
    api::RegisterLookupRoutes(router, services);   // /api/v1/lookup/{code} (public, throttled on misses)
    web::RegisterLookupPages(router, services);    // /lookup, /lookup/{code}/result (public)
    web::RegisterKioskPages(router, services);     // /kiosk… (the hall's touch screens)
}

}  // namespace mocua::app
