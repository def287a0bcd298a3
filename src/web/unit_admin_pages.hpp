#pragma once
// Editing the organisation tree (issue 4): add a unit, change its names, parent and validity period,
// and record that another unit succeeded it (a merger). Browsing the tree as of a date is
// GET /admin/units (web/admin_pages.hpp).
//
// Access: the routes need unit_admin or system_admin; each change is then checked against the unit
// subtree the role is granted in, as of today in Vietnam (AccessControl::CanAny: a ward's unit admin
// edits the ward, its sections, and the units it succeeded; never the province). A unit with no parent
// can only be added by a system administrator. Code and type never change once a unit exists (records
// point at them); a changed unit is a new unit with a succession.
namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

// GET/POST /admin/units/new, GET/POST /admin/units/{id:int}, POST /admin/units/{id:int}/succession.
void RegisterUnitAdminPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
