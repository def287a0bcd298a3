#pragma once
// The working-day calendar over HTTP (public, cacheable; docs in src/api/openapi.json):
//   GET /api/v1/calendar/holidays?year=YYYY              the year's holidays, swaps and compensatory days
//   GET /api/v1/calendar/lunar?date=YYYY-MM-DD           the lunar date
//   GET /api/v1/calendar/deadline?from=T&working_days=N  the appointment time (or days=N, working_hours=N;
//        [&unit=CODE][&pause=FROM/TO …])
// Bad parameters answer 400 with the API's error shape and an English message naming the parameter.
#include "app/services.hpp"

namespace mocua::http {
class Router;
}

namespace mocua::api {

void RegisterCalendarRoutes(http::Router& router, const app::Services& services);

}  // namespace mocua::api
