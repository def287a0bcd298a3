#pragma once
// Satisfaction after the result is returned (issue 7; vietnam-rules.md §1.7): the applicant rates online
// — the three-level rating and the nine indices of 0–2 points — and the one-stop officer records the
// three-level rating given at the counter.
//
//   GET/POST /dossiers/{code}/rating          the applicant's ratings (state 10 only)
//   POST     /work/dossiers/{code}/rate       the counter's three-level rating (one-stop officer)
namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

void RegisterRatingPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
