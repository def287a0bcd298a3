#include "api/account_routes.hpp"

#include <nlohmann/json.hpp>

#include "domain/identity/identity_service.hpp"
#include "http/errors.hpp"
#include "http/router.hpp"

namespace mocua::api {

void RegisterAccountRoutes(http::Router& router, const app::Services& services) {
    router.Get("/api/v1/me", http::Access::SignedIn(), [accounts = services.accounts](http::Request& req) {
        auto account = accounts->Get(req.principal->account_id);
        if (!account.ok()) return http::JsonError(account.error(), req.request_id);
        nlohmann::json body = {{"account_id", account->id},
                               {"kind", req.principal->kind},
                               {"email", account->email},
                               {"display_name", account->display_name},
                               {"roles", req.principal->roles}};
        return http::Response::Json(200, body.dump());
    });
}

}  // namespace mocua::api
