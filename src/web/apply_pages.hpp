#pragma once
// The citizen's online application (issue 6), GOV.UK question pages without JavaScript, and what the
// applicant sees of their dossiers afterwards:
//
//   POST /procedures/{code}/apply                 start a draft (prefilled from the profile) → task list
//   GET  /applications                            my open drafts (continue, discard)
//   GET  /applications/{id}                       task list: applicant, each e-form page, documents, check
//   GET|POST /applications/{id}/applicant         name, CCCD or tax code, address, phone, e-mail; the
//                                                 competent unit; how the result is delivered
//   GET|POST /applications/{id}/questions/{page}  one e-form page, fields from the procedure's schema
//   GET|POST /applications/{id}/documents/{n}     one component: upload (multipart), …/reuse (from the
//                                                 data store), …/remove
//   GET  /applications/{id}/check                 check your answers, with change links
//   POST /applications/{id}/submit                submit (idempotent) → /dossiers/{code}/submitted
//   POST /applications/{id}/discard
//   GET  /dossiers/{code}/submitted               confirmation panel
//   GET  /my/dossiers                             my dossiers, 20 a page
//   GET  /dossiers/{code}                         a dossier for its owner or staff with rights (else 404)
//   GET  /dossiers/{code}/files/{n}               a component's file (attachment, no-store)
//   GET  /dossiers/{code}/forms/{form}            an issued form (01, 02, 03) as PDF
//   GET  /my/data-store, /my/data-store/{id}/file the applicant's data store (kho dữ liệu)
//
// Handlers are thin: every rule and access check is DossierService's; another person's draft or
// dossier answers 404. Bad input re-renders the page with messages next to the fields (422); an
// upload over the per-file limit answers 413, an unavailable virus scanner 503, each with the page.
//
// The documents' pages are in apply_documents.cpp, the dossiers after submission and the data store in
// apply_dossiers.cpp, what the pages share in apply_common.hpp; RegisterApplyPages (apply_pages.cpp)
// registers every route.
namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

void RegisterApplyPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
