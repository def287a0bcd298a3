#pragma once
// The one-stop counter (Bộ phận một cửa) for onestop_officer: the queue of dossiers waiting for
// reception, reception of walk-in and postal applications (with scans of paper components), and the
// reception decision on a dossier — accept (Mẫu 01), refuse (Mẫu 03), request completion (Mẫu 02).
// Also the staff list of dossiers with filters. Pages follow docs/web-shell.md.
//
//   GET  /counter                           queue: dossiers in state 1 at the officer's units
//   GET  /counter/new[?procedure=CODE&q=]   choose a procedure, then the reception form
//   POST /counter/new                       records the application (multipart: scans)
//   GET  /counter/dossiers/{code}           the dossier with the decision forms
//   POST /counter/dossiers/{code}/accept|refuse|supplement
//   GET  /dossiers[?q=&state=&channel=&from=&to=&page=]   staff list (reading roles)
namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

void RegisterCounterPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
