#include "app/services.hpp"
#include "http/router.hpp"
#include "web/format.hpp"
#include "web/pages.hpp"
#include "web/shell.hpp"

namespace mocua::web {

void RegisterHomeRoutes(http::Router& router, const app::Services& services) {
    const Shell* shell = services.web;
    router.Get("/", http::Access::Public(), [shell](http::Request& request) {
        const Language language = shell->LanguageOf(request);
        nlohmann::json data;
        data["today"] =
            shell->catalog().Format(language, "home.today", {{"date", FormatDate(shell->clock().Now())}});
        return shell->Page(request, "home/index", "home.title", std::move(data));
    });
}

}  // namespace mocua::web
