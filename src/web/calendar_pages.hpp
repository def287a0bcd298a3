#pragma once
// The working-day calendar administration page (issue 5):
//
//   GET  /admin/calendar?year=YYYY                  the year's holidays, swaps and compensatory days with
//                                                   their lunar dates and basis; the decisions recorded;
//                                                   office hours per unit; the forms below
//   POST /admin/calendar/overrides                  record (or change) the decision for one date
//   POST /admin/calendar/overrides/remove           remove the decision for one date
//   POST /admin/calendar/office-hours               set a unit's office hours from a date
//   POST /admin/calendar/office-hours/remove        remove a unit's schedule
//
// Routes admit unit_admin and system_admin. Holiday decisions are national, so only system_admin may
// change them (others get 403); a unit_admin may set office hours of units in their own subtree
// (AccessControl), a system_admin of any unit. Every change goes through CalendarService, which audits
// it. Works without JavaScript; forms carry the CSRF token; errors follow the GOV.UK pattern (422).
namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

void RegisterCalendarPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
