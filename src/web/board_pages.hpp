#pragma once
// The public statistics board (issue 8): /board (a unit and period, the figures with their
// definitions), /board/wall (the hall's large screen, live through server-sent events, meta refresh
// without JavaScript) and /board/events (the stream). Public: these are the figures officials are
// judged by, shown to citizens.
namespace mocua::http {
class Router;
}
namespace mocua::app {
struct Services;
}

namespace mocua::web {

void RegisterBoardPages(http::Router& router, const app::Services& services);

}  // namespace mocua::web
