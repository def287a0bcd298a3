#pragma once
// The sync API for the provincial system (issue 7; documented in api/openapi.json and
// docs/portal-import.md):
//
//   GET /api/v1/sync/dossiers?since=CURSOR&limit=N
//
// answers the dossiers changed after CURSOR (every insert or update of a dossier, by any writer, moves
// it on; each dossier comes once per page, as it is now) in the national portal's format
// (domain/portal/portal_format.hpp), as {"dossiers":[{…"MaHoSo"…}], "next_cursor":"…", "more":bool}.
// `since` absent or "" starts from the beginning; `limit` is 1–1000 (default 100).
// Who: staff with any role granted at a province unit, or system_admin; others 403, anonymous 401.
// 400 for a `since` that is not a cursor this API gave out (digits only) or a bad `limit`.
#include <memory>

#include "app/services.hpp"

namespace mocua::http {
class Router;
}
namespace mocua::domain::portal {
class PortalStore;
}

namespace mocua::api {

// `store` is shared by the handlers (thread-safe: persistence::SqlPortalRepository).
void RegisterSyncRoutes(http::Router& router, const app::Services& services,
                        std::shared_ptr<domain::portal::PortalStore> store);

}  // namespace mocua::api
