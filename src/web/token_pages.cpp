#include "web/token_pages.hpp"

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "core/clock.hpp"
#include "domain/identity/identity_service.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/format.hpp"
#include "web/page_state.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace id = domain::identity;

constexpr std::size_t kMaxLabel = 100;

const InputSpec kLabel{
    .id = "label", .label_key = "auth.token_label", .hint_key = "auth.token_label_hint", .width = "20"};
const ChoiceSpec kExpiry{.id = "expires",
                         .name = "expires",
                         .legend_key = "auth.token_expires",
                         .options = {{"30", "auth.token_expires_30"},
                                     {"90", "auth.token_expires_90"},
                                     {"365", "auth.token_expires_365"},
                                     {"never", "auth.token_expires_never"}}};

std::string ShowTime(const std::optional<std::string>& utc) {
    if (!utc) return "";
    const auto t = core::ParseUtc(*utc);
    return t ? FormatDateTime(*t) : *utc;
}

http::Response TokensPage(const app::Services& s, const http::Request& request, const std::string& label,
                          const std::string& expires, const FormErrors& errors, int status) {
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const std::string now = core::FormatUtc(s.clock->Now());
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& t : s.sessions->ApiTokens(request.principal->account_id)) {
        const bool expired = t.expires_at && *t.expires_at <= now;
        const char* state = t.revoked ? "auth.token_state_revoked"
                            : expired ? "auth.token_state_expired"
                                      : "auth.token_state_active";
        rows.push_back(
            {{"id", t.id},
             {"label", t.label},
             {"created", ShowTime(t.created_at)},
             {"expires", t.expires_at ? ShowTime(t.expires_at) : c.Get(language, "auth.token_never")},
             {"last_used", t.last_used_at ? ShowTime(t.last_used_at) : c.Get(language, "auth.token_unused")},
             {"state", c.Get(language, state)},
             {"active", !t.revoked && !expired}});
    }
    nlohmann::json data;
    data["has_tokens"] = !rows.empty();
    data["tokens"] = std::move(rows);
    data["form"] = {{"label", InputField(kLabel, label, errors, c, language)},
                    {"expires", ChoiceField(kExpiry, {expires}, errors, c, language)}};
    data["errors"] = errors.ToJson(c, language);
    return s.web->Page(request, "auth/tokens", "auth.tokens_title", std::move(data), status);
}

http::Response PostCreate(const app::Services& s, http::Request& request, const FormData& form) {
    const std::string label = form.Get("label");
    const std::string expires = form.Get("expires");
    FormErrors errors;
    if (label.empty()) errors.Add(kLabel.id, "auth.error_token_label");
    if (label.size() > kMaxLabel) errors.Add(kLabel.id, "auth.error_token_label_long");
    std::optional<int> days;
    if (expires == "30" || expires == "90" || expires == "365") {
        days = std::stoi(expires);
    } else if (expires != "never") {
        errors.Add(kExpiry.id, "auth.error_token_expires");
    }
    if (!errors.empty()) return TokensPage(s, request, label, expires, errors, 422);
    auto created = s.sessions->CreateApiToken(request.principal->account_id, label, days, ActorOf(request));
    if (!created.ok()) {
        log::Get("web")->error("request_id={} token create failed: {}", request.request_id,
                               created.error().message);
        return http::Response::Empty(500);
    }
    nlohmann::json data;
    data["token"] = created->token;
    data["label"] = label;
    data["expires"] = created->expires_at
                          ? ShowTime(created->expires_at)
                          : s.web->catalog().Get(s.web->LanguageOf(request), "auth.token_never");
    http::Response r =
        s.web->Page(request, "auth/token-created", "auth.token_created_title", std::move(data));
    r.SetHeader("Cache-Control", "no-store");  // the token must not stay in any cache
    return r;
}

http::Response PostRevoke(const app::Services& s, http::Request& request, const FormData&) {
    auto done =
        s.sessions->RevokeApiToken(request.principal->account_id, request.IntParam("id"), ActorOf(request));
    if (!done.ok()) {
        if (done.error().message == "token.not_found") return http::Response::Empty(404);
        log::Get("web")->error("request_id={} token revoke failed: {}", request.request_id,
                               done.error().message);
        return http::Response::Empty(500);
    }
    return s.web->Redirect(request, "/account/tokens", "flash.token_revoked");
}

}  // namespace

void RegisterTokenPages(http::Router& router, const app::Services& services) {
    const Shell* shell = services.web;
    router.Get("/account/tokens", http::Access::SignedIn(), [services](http::Request& request) {
        return TokensPage(services, request, "", "90", {}, 200);
    });
    shell->PostForm(router, "/account/tokens", http::Access::SignedIn(),
                    [services](http::Request& request, const FormData& form) {
                        return PostCreate(services, request, form);
                    });
    shell->PostForm(router, "/account/tokens/{id:int}/revoke", http::Access::SignedIn(),
                    [services](http::Request& request, const FormData& form) {
                        return PostRevoke(services, request, form);
                    });
}

}  // namespace mocua::web
