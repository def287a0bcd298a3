#pragma once
// Processing pages for staff (issue 7): the work queue and a dossier's processing page with the actions
// the viewer may take now — hand over to the next step, send back, approve, request a supplement, record
// its completion, return the result, apology with extension, stop, withdrawal.
//
//   GET  /work                              the viewer's queue (due soon / overdue marked)
//   GET  /work/dossiers/{code}              steps (as Mẫu 06 lists them), history, actions
//   GET  /work/dossiers/{code}/result       the result file (attachment, nosniff)
//   POST /work/dossiers/{code}/{action}     hand-over, send-back, approve, supplement, supplement-complete,
//                                           result (multipart: the result file, signed when stored),
//                                           return, extend, stop, withdraw
namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

void RegisterProcessingPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
