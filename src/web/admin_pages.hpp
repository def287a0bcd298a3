#pragma once
// Administration pages (issue 4): the organisation tree as of a date, and a search of the audit log.
//
//   GET /admin/units?date=YYYY-MM-DD   unit_admin, system_admin      (OrgService::TreeAsOf)
//   GET /admin/audit?action=…&account=…  security_admin, system_admin (AuditLog::Search, newest 100)
//
// Both are read-only GET forms that work without JavaScript. The audit page shows ids only, as the
// log stores them (no names, e-mail addresses or ID numbers).
namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

void RegisterAdminPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
