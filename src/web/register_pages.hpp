#pragma once
// Mẫu 07 "Sổ theo dõi hồ sơ" for staff in the browser (issue 7): choose a receiving unit, a period and
// PDF or XLSX; the same book as GET /api/v1/registers/07 (api/dossier_routes.cpp).
//
//   GET /work/register                       the form
//   GET /work/register?unit=&from=&to=&format=   the file, or the form again with what is wrong (422)
namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

void RegisterRegisterPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
