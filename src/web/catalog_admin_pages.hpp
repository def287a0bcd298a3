#pragma once
// The catalogue editors' pages (issue 5), for unit and system administrators:
//
//   GET  /admin/procedures              find a procedure to edit (the public search, in force today)
//   GET  /admin/procedures/{code}       its versions (dates, announcing decision) and the editor: the
//                                       procedure in the exchange format (docs/catalogue-format.md)
//                                       and the date the new version takes effect
//   POST /admin/procedures/{code}       preview=1: the draft checked (problems with their line in
//                                       the text) and shown as citizens will see it; publish=1:
//                                       a new version from that date (today or later), audited
//
// Editing the exchange text keeps one editor for everything a procedure has (components, fees, the
// e-form …) and the same validation as `mocua catalogue import`. Dossiers keep the version in force
// when they were received, so a version dated in the future changes nothing until its day.
namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

void RegisterCatalogAdminPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
