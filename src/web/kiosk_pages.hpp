#pragma once
// Kiosk mode for the touch screens of the one-stop hall (issue 8; docs/adr/0070-public-lookup-and-kiosk.md).
// No sign-in. Every kiosk page renders without the site's header and footer, so there is no link out of
// /kiosk; targets are at least 48 px; a JavaScript idle timer (web/src/kiosk.mjs) goes back to /kiosk
// after [lookup] kiosk_idle_seconds untouched and clears what was typed, with <noscript> meta refresh
// to /kiosk as the fallback without JavaScript.
//
//   GET  /kiosk[?unit=CODE&lang=vi|en]   start screen; unit and language are remembered in cookies
//   GET  /kiosk/lookup[?code=]           a dossier's status by code (typed, or from the receipt's QR)
//   GET  /kiosk/guide[?field=|?event=]   procedures by field or by life event
//   GET  /kiosk/guide/{code}             what to bring (components), time limit, fees, where to apply
//   GET  /kiosk/rate[?code=]             the three-level rating of a returned dossier
//   POST /kiosk/rate
namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

void RegisterKioskPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
