#pragma once
// The public dossier lookup pages (issue 8; the service is domain/lookup/lookup_service.hpp). No sign-in.
//
//   GET  /lookup[?code=]           the code form; with a code, the dossier's status (200), the neutral
//                                  "not found" (404, the same for unknown and malformed codes) or 429
//   POST /lookup                   the same with the second factor (last four digits of the phone)
//   GET  /lookup/{code}/result     the public check of a result: issuer, date, SHA-256, signature status
//
// The receipt's QR code (Mẫu 01) carries <public_url>/lookup?code=…, so scanning it opens the status.
// The kiosk (web/kiosk_pages.hpp) shows the same status with StatusData.
#include <nlohmann/json.hpp>

#include "domain/lookup/lookup_service.hpp"
#include "web/i18n.hpp"

namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

// The template data of a dossier status (templates/partials/lookup-status.mustache).
nlohmann::json StatusData(const domain::lookup::DossierStatus& status, const Catalog& catalog,
                          Language language);

// "" for a blank code; the code with surrounding white space removed otherwise. At most 64 characters
// are kept: longer input is no code, and is looked up (and missed) as such without echoing it all.
std::string TrimCode(std::string_view raw);

void RegisterLookupPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
