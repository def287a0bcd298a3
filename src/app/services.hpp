#pragma once
#include <string>
#include <vector>
// What route registration functions receive: the services built by the composition root (app.cpp).
// Plain pointers to objects the App owns and keeps alive while routes exist. Only declarations here,
// so every routes file can include it cheaply.
namespace mocua::core {
class Metrics;
class Clock;
}  // namespace mocua::core
namespace mocua::db {
class Database;
}
namespace mocua::http {
class StaticFiles;
}
namespace mocua::jobs {
class JobQueue;
}
namespace mocua::domain::site {
class SiteService;
}
namespace mocua::web {
class Shell;
class ExternalLogin;
}  // namespace mocua::web
namespace mocua::domain::audit {
class AuditLog;
}
namespace mocua::domain::org {
class OrgService;
class UnitRepository;
}  // namespace mocua::domain::org
namespace mocua::domain::catalog {
class CatalogService;
}
namespace mocua::domain::calendar {
class CalendarService;
}
namespace mocua::domain::dossier {
class DossierService;
class ProcessingService;
}
namespace mocua::domain::forms {
class DocumentRenderer;
}
namespace mocua::domain::events {
class EventHub;
}
namespace mocua::domain::kpi {
class SpreadsheetWriter;
class KpiService;
}  // namespace mocua::domain::kpi
namespace mocua::domain::board {
class BoardFigures;
class BoardFeed;
}  // namespace mocua::domain::board
namespace mocua::domain::payments {
class PaymentService;
}
namespace mocua::domain::lookup {
class LookupService;
}
namespace mocua::domain::identity {
class AccountService;
class SessionService;
class AccessControl;
class Crypto;
}  // namespace mocua::domain::identity

namespace mocua::app {

struct Services {
    const core::Clock* clock = nullptr;
    core::Metrics* metrics = nullptr;
    db::Database* database = nullptr;
    http::StaticFiles* static_files = nullptr;
    jobs::JobQueue* jobs = nullptr;
    domain::site::SiteService* site = nullptr;
    const web::Shell* web = nullptr;  // page rendering, languages, forms (web/shell.hpp)
    // Identity (domain/identity/identity_service.hpp, domain/org/units.hpp, domain/audit/audit.hpp).
    domain::org::OrgService* org = nullptr;
    domain::org::UnitRepository* units = nullptr;
    domain::identity::AccountService* accounts = nullptr;
    domain::identity::SessionService* sessions = nullptr;  // sign-in, session cookies, bearer tokens
    domain::identity::AccessControl* access = nullptr;     // Can(principal, role, unit, as_of)
    domain::audit::AuditLog* audit = nullptr;
    // Seals short-lived state the browser carries between two pages (the pending second sign-in
    // step, a TOTP enrolment): key in <data_dir>/keys/web-state.key (web/auth_pages.hpp).
    const domain::identity::Crypto* sealer = nullptr;
    // The procedure catalogue: search, versions in force, history, forms
    // (domain/catalog/catalog_service.hpp).
    domain::catalog::CatalogService* catalog = nullptr;
    // Sign-in with the national e-ID (OIDC, web/vneid_pages.hpp); null unless `[oidc] enabled`.
    web::ExternalLogin* vneid = nullptr;
    // Working-day calendar: holidays, lunar dates, deadlines, office hours (domain/calendar/).
    domain::calendar::CalendarService* calendar = nullptr;
    // Dossier intake: drafts, submissions, reception, uploads (domain/dossier/dossier_service.hpp).
    domain::dossier::DossierService* dossiers = nullptr;
    // Processing after reception: workflow steps, supplements, extension, results (processing_service.hpp).
    domain::dossier::ProcessingService* processing = nullptr;
    // Printed forms as PDF (Mẫu 01–03; domain/forms/renderer.hpp).
    const domain::forms::DocumentRenderer* documents = nullptr;
    // Live updates: dossier events after commit (domain/events/event_hub.hpp), the public board's
    // figures and their live feed for screens (domain/board/), the heartbeat of event streams.
    domain::events::EventHub* events = nullptr;
    domain::board::BoardFigures* board = nullptr;
    domain::board::BoardFeed* board_feed = nullptr;
    int events_heartbeat_seconds = 15;
    // The operations centre's tables as XLSX (adapters/spreadsheet/table_xlsx.hpp).
    const domain::kpi::SpreadsheetWriter* spreadsheets = nullptr;
    // Fees paid through the gateway or at the counter (domain/payments/); null unless `[payments] enabled`.
    domain::payments::PaymentService* payments = nullptr;
    // The public dossier lookup, result check and kiosk rating (domain/lookup/lookup_service.hpp).
    domain::lookup::LookupService* lookup = nullptr;
    // Seconds a kiosk page may stay untouched before it goes back to the start ([lookup] kiosk_idle_seconds).
    int kiosk_idle_seconds = 90;
    // Client addresses that may read /metrics ([server] metrics_allow); the others get 404.
    std::vector<std::string> metrics_allow = {"127.0.0.1", "::1"};
    // Decision 766 figures and their explanations (domain/kpi/kpi_service.hpp); null: the routes build
    // their own (app::KpiStack).
    domain::kpi::KpiService* kpi = nullptr;
};

}  // namespace mocua::app
