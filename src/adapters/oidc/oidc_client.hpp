#pragma once
// OpenID Connect relying party for the national e-ID login (VNeID-style): authorization code flow
// with PKCE S256, state and nonce, ID-token verification, optional UserInfo (docs/adr/0030-oidc-login.md).
//
// How the login pages use it (one OidcClient per configured provider, built in src/app/):
//
//   GET /login/vneid
//     auto req = client.BeginLogin({.ui_locales = "vi"});
//     if (!req) → show req.error().message mapped to text (provider down: oidc.provider_unreachable)
//     store req->Serialize() in the server-side session (never in a cookie the browser can read)
//     303 to req->url
//
//   GET <redirect_uri>?code=…&state=…&iss=…        (or ?error=access_denied&state=…)
//     pending = AuthorizationRequest::Parse(session value); remove it from the session at once
//                                                   (one use only, so a replayed callback fails)
//     if the query has `error`: show CallbackError(error).message
//     auto login = client.CompleteLogin(code, state, *pending, iss);
//     if (!login) → show login.error().message (stable codes in errors.hpp); audit, with no token
//     login->claims.subject, .cccd, … → find or link the account (by issuer + subject; CCCD to link)
//     rotate the session id (fixation), sign in.
//
// Security properties: the state is compared in constant time; PKCE binds the code to this browser's
// session; the nonce binds the ID token to this login; the ID token's signature, issuer, audience,
// times and nonce are checked (id_token.hpp). Tokens, codes and personal claims are never logged:
// the "oidc" logger records error codes, HTTP statuses, the provider's OAuth error value and key ids.
//
// Thread-safety: every member may be called concurrently. Discovery metadata and the JWKS are cached
// behind a mutex; network calls happen outside it. The HttpClient and Clock passed to the constructor
// must outlive the OidcClient.
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/oidc/http_client.hpp"
#include "adapters/oidc/jose.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace mocua::adapters::oidc {

enum class TokenAuthMethod { kClientSecretBasic, kClientSecretPost };

struct OidcConfig {
    std::string issuer;  // exact, as the provider's metadata states it (no trailing-slash games)
    std::string client_id;
    std::string client_secret;              // from the environment or a secret file, never the TOML file
    std::string redirect_uri;               // registered with the provider; the callback route
    std::vector<std::string> extra_scopes;  // besides "openid", e.g. {"profile", "email", "phone", "cccd"}
    std::string cccd_claim = "cccd";        // the provider's name for the citizen ID number claim
    // How to authenticate at the token endpoint; nullopt = client_secret_basic when the provider offers
    // it (or says nothing: the spec's default), else client_secret_post.
    std::optional<TokenAuthMethod> token_auth_method;
    std::chrono::seconds clock_leeway{60};           // for exp / iat / nbf
    std::chrono::seconds login_timeout{600};         // a pending login older than this is refused
    std::chrono::seconds jwks_refetch_interval{30};  // at most one unknown-kid refetch per interval
    bool use_userinfo = true;  // fetch UserInfo (when the provider has it) and merge missing claims
    bool allow_http = false;   // accept http:// issuer and endpoints: loopback tests only
};

// What the provider says about itself (/.well-known/openid-configuration).
struct ProviderMetadata {
    std::string issuer;
    std::string authorization_endpoint;
    std::string token_endpoint;
    std::string jwks_uri;
    std::string userinfo_endpoint;     // may be empty
    std::string end_session_endpoint;  // may be empty
    std::vector<std::string> id_token_signing_alg_values_supported;
    std::vector<std::string> token_endpoint_auth_methods_supported;  // empty = not stated
    std::vector<std::string> code_challenge_methods_supported;       // empty = not stated
};

// Fetches and checks the metadata of `issuer`: the document's `issuer` must equal it exactly, the
// authorization, token and JWKS endpoints must be present (https unless allow_http), and the provider
// must sign ID tokens with at least one alg we accept and, when it lists PKCE methods, offer S256.
// Errors: kProviderUnreachable, kBadDiscovery, kIssuerMismatch.
core::Result<ProviderMetadata> Discover(HttpClient& http, std::string_view issuer, bool allow_http = false);

// One login in progress. The caller keeps it server-side between BeginLogin and CompleteLogin.
struct AuthorizationRequest {
    std::string url;            // where to send the browser (303)
    std::string state;          // ≥ 128 random bits, base64url
    std::string nonce;          // ≥ 128 random bits, base64url
    std::string code_verifier;  // PKCE, 256 random bits, base64url (43 characters)
    core::TimePoint created_at{};

    // A JSON string for the session store, and back. Parse returns nullopt for anything else.
    std::string Serialize() const;
    static std::optional<AuthorizationRequest> Parse(std::string_view text);
};

struct LoginOptions {
    std::string ui_locales;  // e.g. "vi" or "en"; empty = not sent
    std::string prompt;      // e.g. "login" to force re-authentication; empty = not sent
};

// Who signed in, as the provider vouches for it.
struct IdentityClaims {
    std::string issuer;   // `iss`
    std::string subject;  // `sub`: stable per provider; the account link key is (issuer, subject)
    std::optional<std::string> name;
    std::optional<std::string> email;
    bool email_verified = false;
    std::optional<std::string> phone_number;
    bool phone_number_verified = false;
    std::optional<std::string> cccd;  // claim `OidcConfig::cccd_claim`, as sent (validate before use)
    std::optional<std::string> acr;   // level of assurance, when the provider states it
    core::TimePoint issued_at{};
    core::TimePoint expires_at{};
    nlohmann::json raw;  // every claim: the ID token's, plus UserInfo's that the token lacks
};

struct LoginResult {
    IdentityClaims claims;
    std::string id_token;  // for an id_token_hint at logout; a credential: never log or show it
};

// The error for an authorization response that carries `error` instead of a code: kAccessDenied for
// "access_denied" (the user cancelled), kProviderError otherwise. The provider's value is logged.
core::Error CallbackError(std::string_view error);

class OidcClient {
public:
    // Cheap: no I/O. Discovery happens on first use (or EnsureDiscovered), so the server starts even
    // when the provider is down; logins then fail with kProviderUnreachable until it is back.
    OidcClient(OidcConfig config, HttpClient& http, const core::Clock& clock);

    // Runs discovery and fetches the JWKS unless done already. Errors: as Discover, plus kBadJwks.
    core::Result<void> EnsureDiscovered();

    // Starts a login: fresh state, nonce and PKCE verifier, and the authorization URL with
    // response_type=code, scope "openid" + extra scopes, redirect_uri, code_challenge (S256).
    // Errors: as EnsureDiscovered, kNoRandomness.
    core::Result<AuthorizationRequest> BeginLogin(const LoginOptions& options = {});

    // Finishes a login: checks `returned_state` against `pending.state` (constant time) and the age
    // of `pending`, checks `returned_issuer` (the RFC 9207 `iss` parameter) when the callback had one,
    // exchanges `code` at the token endpoint (with the PKCE verifier and redirect_uri), verifies the ID
    // token (id_token.hpp; one JWKS refetch when its kid is unknown, for key rotation), then merges
    // UserInfo claims when configured (UserInfo's `sub` must match).
    // Errors: kStateMismatch, kLoginExpired, kWrongIssuer (callback iss), kProviderUnreachable,
    // kTokenRejected (e.g. a code used twice), kBadTokenResponse, the codes of VerifyIdToken,
    // kUserinfoFailed.
    core::Result<LoginResult> CompleteLogin(std::string_view code, std::string_view returned_state,
                                            const AuthorizationRequest& pending,
                                            std::optional<std::string_view> returned_issuer = std::nullopt);

    // Verifies an ID token against this client's settings and the cached keys (refetching once on an
    // unknown kid). CompleteLogin uses it; exposed for tests and for tokens obtained another way.
    core::Result<IdentityClaims> VerifyIdToken(std::string_view id_token, std::string_view expected_nonce);

    // The provider's logout URL (RP-initiated logout), or nullopt when it has none or discovery fails.
    std::optional<std::string> LogoutUrl(std::string_view id_token_hint,
                                         std::string_view post_logout_redirect_uri);

    const OidcConfig& config() const { return config_; }

private:
    struct Cache {
        std::optional<ProviderMetadata> metadata;
        std::shared_ptr<const JsonWebKeySet> keys;
        std::optional<core::TimePoint> last_jwks_fetch;
    };

    core::Result<ProviderMetadata> Metadata();
    core::Result<std::shared_ptr<const JsonWebKeySet>> FetchKeys(const ProviderMetadata& metadata);
    core::Result<std::string> ExchangeCode(const ProviderMetadata& metadata, std::string_view code,
                                           const AuthorizationRequest& pending, std::string* access_token);
    core::Result<void> MergeUserinfo(const ProviderMetadata& metadata, const std::string& access_token,
                                     IdentityClaims& claims);
    IdentityClaims ToIdentityClaims(nlohmann::json claims) const;

    const OidcConfig config_;
    HttpClient& http_;
    const core::Clock& clock_;
    std::mutex mutex_;  // guards cache_
    Cache cache_;
};

}  // namespace mocua::adapters::oidc
