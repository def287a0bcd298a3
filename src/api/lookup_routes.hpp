#pragma once
// The public dossier lookup for apps, the kiosk and scripts (issue 8; documented in api/openapi.json; the
// service is domain/lookup/lookup_service.hpp). No sign-in.
//
//   GET /api/v1/lookup/{code}[?phone_last4=NNNN]
//     200 {"code","procedure":{"code","name"},"state":{"code":1..10,"name"},"received_at","due_at",
//          "returned_at","on_time":true|false|null,"timeline":[{"state","at"}…],"applicant":"Nguyễn V***
//          A***", "second_factor":false}; with the right phone_last4 also "applicant_full", "receiving_unit",
//          "appointment_at" and "second_factor":true.
//     404 the same body, byte for byte, for unknown and malformed codes (no request id in it: that is in
//          the X-Request-Id header).
//     429 the client address missed too often (lookup.miss_burst); Retry-After in seconds.
// Names (procedure, state) and messages follow ?lang=vi|en, then Accept-Language, else Vietnamese.
// Answers are never cached (Cache-Control: no-store).
#include "app/services.hpp"

namespace mocua::http {
class Router;
}

namespace mocua::api {

void RegisterLookupRoutes(http::Router& router, const app::Services& services);

}  // namespace mocua::api
