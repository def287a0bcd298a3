#include "app/oidc_login.hpp"

#include <cstdlib>
#include <sstream>

#include "adapters/oidc/curl_http_client.hpp"
#include "adapters/oidc/errors.hpp"
#include "adapters/oidc/oidc_client.hpp"

namespace mocua::app {

namespace {

namespace oidc = adapters::oidc;

// Constant-time comparison (the length of a state is not secret).
bool SameState(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

class OidcLogin final : public web::ExternalLogin {
public:
    OidcLogin(oidc::OidcConfig config, const core::Clock& clock)
        : http_(MakeHttp(config.allow_http)), client_(std::move(config), *http_, clock) {}

    core::Result<web::ExternalLoginStart> Begin(std::string_view ui_locale) override {
        auto request = client_.BeginLogin({.ui_locales = std::string(ui_locale), .prompt = ""});
        if (!request.ok()) return request.error();
        return web::ExternalLoginStart{request->url, request->Serialize()};
    }

    core::Result<web::ExternalIdentity> Complete(const web::ExternalCallback& callback,
                                                 std::string_view pending) override {
        const auto request = oidc::AuthorizationRequest::Parse(pending);
        if (!request) return oidc::MakeError(oidc::kStateMismatch);
        // The state is checked before the provider's error, so a forged error redirect is not ours.
        if (!SameState(callback.state, request->state)) return oidc::MakeError(oidc::kStateMismatch);
        if (!callback.error.empty()) return oidc::CallbackError(callback.error);
        std::optional<std::string_view> iss;
        if (callback.iss) iss = *callback.iss;
        auto login = client_.CompleteLogin(callback.code, callback.state, *request, iss);
        if (!login.ok()) return login.error();
        const auto& c = login->claims;
        return web::ExternalIdentity{c.issuer, c.subject, c.name, c.email, c.cccd};
    }

private:
    static std::unique_ptr<oidc::CurlHttpClient> MakeHttp(bool allow_http) {
        oidc::CurlHttpClient::Options options;
        options.allow_http = allow_http;
        return std::make_unique<oidc::CurlHttpClient>(options);
    }

    std::unique_ptr<oidc::CurlHttpClient> http_;
    oidc::OidcClient client_;
};

}  // namespace

core::Result<std::unique_ptr<web::ExternalLogin>> MakeOidcLogin(const config::Config& config,
                                                                const core::Clock& clock) {
    const auto& o = config.oidc;
    for (const auto& [value, key] : {std::pair{&o.issuer, "oidc.issuer"},
                                     {&o.client_id, "oidc.client_id"},
                                     {&o.redirect_uri, "oidc.redirect_uri"},
                                     {&o.cccd_claim, "oidc.cccd_claim"}}) {
        if (value->empty())
            return core::Error::InvalidArgument(std::string("`") + key +
                                                "` must be set when oidc.enabled is true");
    }
    const char* secret = std::getenv(config::kOidcClientSecretEnv);
    if (!secret || !*secret) {
        return core::Error::InvalidArgument(std::string("the environment variable ") +
                                            config::kOidcClientSecretEnv +
                                            " must hold the client secret when oidc.enabled is true");
    }
    oidc::OidcConfig c;
    c.issuer = o.issuer;
    c.client_id = o.client_id;
    c.client_secret = secret;
    c.redirect_uri = o.redirect_uri;
    std::istringstream scopes(o.scopes);
    for (std::string s; scopes >> s;) c.extra_scopes.push_back(s);
    c.cccd_claim = o.cccd_claim;
    c.allow_http = o.allow_http;
    return std::unique_ptr<web::ExternalLogin>(std::make_unique<OidcLogin>(std::move(c), clock));
}

}  // namespace mocua::app
