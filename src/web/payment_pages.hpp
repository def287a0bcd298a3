#pragma once
// Paying a dossier's fees (issue 9; docs/adr/0080-cashless-payments.md).
//
//   GET/POST /dossiers/{code}/payment   the applicant: the fees of the procedure version, the latest
//                                       payment request and the "pay online" link to the gateway's
//                                       signed page; POST makes a new request (first or after a failed,
//                                       cancelled or expired one)
//   GET      /payments/return           the gateway sends the browser back here: informational only
//                                       (the signed result is checked and the stored state shown; only
//                                       the server-to-server notification changes a payment)
//   GET      /work/dossiers/{code}/payments           one-stop officer: the dossier's payment requests
//   POST     /work/dossiers/{code}/payments/new       make a request for the fees (none open or paid)
//   POST     /work/dossiers/{code}/payments/{id}/record  record cash or a bank transfer (with its
//                                       reference) taken at the counter
namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

void RegisterPaymentPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
