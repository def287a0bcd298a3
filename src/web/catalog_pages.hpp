#pragma once
// The public procedure catalogue (issue 5), for citizens on phones and at kiosks, without JavaScript:
//
//   GET /procedures                       search and browse: words (accents ignored), field, level,
//                                         service mode; 20 a page, ranked by the catalogue service
//   GET /procedures/{code}                everything needed to apply: time limit, fees, the dossier's
//                                         components with their forms, steps, result, legal basis,
//                                         who decides; ?as_of=YYYY-MM-DD shows the version in force
//                                         that day, and the page lists every version
//   GET /procedures/{code}/forms/{key}    a form to download: the uploaded file when there is one,
//                                         else a printable blank form made from the procedure's e-form
//
// All public; unknown codes and keys are 404; bad parameters re-render the search with a message.
namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

void RegisterCatalogPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
