#pragma once
// The dossier API for apps and the national portal (documented in api/openapi.json; the service is
// domain/dossier/dossier_service.hpp). Every route needs a signed-in caller (session cookie or a
// personal API token as `Authorization: Bearer`); anonymous callers get 401.
//
//   POST /api/v1/dossiers                              submit an application in one call (multipart)
//   GET  /api/v1/dossiers?page=&per_page=              the caller's own dossiers, newest first
//   GET  /api/v1/dossiers/{code}                       one dossier (owner, or staff with rights)
//   GET  /api/v1/dossiers/{code}/forms/{form}          Mẫu 01/02/03 as PDF, once issued
//   GET  /api/v1/dossiers/{code}/components/{n}/file   a component's file, as an attachment
//
// Status codes of POST (nothing is created on any failure):
//   201 created (Location: /api/v1/dossiers/{code}); 200 a repeat of an earlier request with the same
//   Idempotency-Key (same body as the first answer); 400 malformed multipart, `answers` not a JSON
//   object, missing `procedure`, an unknown part name or a bad Idempotency-Key; 403 staff accounts;
//   409 the key was used for a different request; 413 a file over intake.max_file_bytes; 415 a file
//   whose bytes are not of an accepted type (or a body that is not multipart/form-data); 422 invalid
//   answers, a missing required component, an unknown or offline procedure, an empty or infected file,
//   with `error.problems` [{field, rule, message}]; 503 the virus scanner cannot be reached.
// Reads answer 404 alike for unknown codes and for dossiers the caller may not see.
// Error messages come from the message catalogues ("dossier.error.*") in the Accept-Language.
#include "app/services.hpp"

namespace mocua::http {
class Router;
}

namespace mocua::api {

void RegisterDossierRoutes(http::Router& router, const app::Services& services);

}  // namespace mocua::api
