#include "adapters/oidc/oidc_client.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "adapters/oidc/errors.hpp"
#include "adapters/oidc/id_token.hpp"
#include "log/log.hpp"

namespace mocua::adapters::oidc {

namespace {

using Json = nlohmann::json;

constexpr std::size_t kRandomBytes = 32;  // 256 bits for state, nonce and PKCE verifier

std::shared_ptr<spdlog::logger> Log() { return log::Get("oidc"); }

bool AllowedUrl(std::string_view url, bool allow_http) {
    return url.rfind("https://", 0) == 0 || (allow_http && url.rfind("http://", 0) == 0);
}

std::optional<std::string> StringMember(const Json& object, const char* name) {
    auto it = object.find(name);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

std::vector<std::string> StringList(const Json& object, const char* name) {
    std::vector<std::string> out;
    auto it = object.find(name);
    if (it == object.end() || !it->is_array()) return out;
    for (const auto& v : *it) {
        if (v.is_string()) out.push_back(v.get<std::string>());
    }
    return out;
}

bool Contains(const std::vector<std::string>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// An OAuth `error` value, for the log: short and from the RFC 6749 alphabet, else "?". (It may come
// from a query string anyone can type.)
std::string TidyErrorValue(std::string_view error) {
    const bool tidy =
        !error.empty() && error.size() <= 48 &&
        std::all_of(error.begin(), error.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
    return tidy ? std::string(error) : "?";
}

// The `error` member of a token-endpoint error body, for the log.
std::string OAuthErrorForLog(std::string_view body) {
    Json doc = Json::parse(body, nullptr, false);
    if (!doc.is_object()) return "?";
    return TidyErrorValue(StringMember(doc, "error").value_or(""));
}

core::Result<std::string> RandomToken() {
    std::string bytes(kRandomBytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size())) != 1) {
        return MakeError(kNoRandomness);
    }
    return Base64UrlEncode(bytes);
}

std::string Sha256(std::string_view text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr);
    return std::string(reinterpret_cast<const char*>(digest), len);
}

bool IsServerError(int status) { return status >= 500 || status == 429; }

std::optional<std::string> OptionalString(const Json& claims, const std::string& name) {
    return StringMember(claims, name.c_str());
}

bool TrueClaim(const Json& claims, const char* name) {
    auto it = claims.find(name);
    return it != claims.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

// ---- Discovery ------------------------------------------------------------------------------------

core::Result<ProviderMetadata> Discover(HttpClient& http, std::string_view issuer, bool allow_http) {
    if (!AllowedUrl(issuer, allow_http)) {
        Log()->error("discovery: the issuer must be an https URL");
        return MakeError(kBadDiscovery);
    }
    std::string url(issuer);
    if (!url.empty() && url.back() == '/') url.pop_back();
    url += "/.well-known/openid-configuration";
    auto response = http.Get(url, {{"Accept", "application/json"}});
    if (!response.ok()) {
        Log()->warn("discovery: {} unreachable: {}", url, response.error().message);
        return MakeError(kProviderUnreachable);
    }
    if (response->status != 200) {
        Log()->warn("discovery: {} answered HTTP {}", url, response->status);
        return MakeError(IsServerError(response->status) ? kProviderUnreachable : kBadDiscovery);
    }
    Json doc = Json::parse(response->body, nullptr, false);
    if (!doc.is_object()) {
        Log()->error("discovery: {} is not a JSON object", url);
        return MakeError(kBadDiscovery);
    }
    ProviderMetadata m;
    m.issuer = StringMember(doc, "issuer").value_or("");
    if (m.issuer != issuer) {
        Log()->error("discovery: metadata names issuer '{}', configured '{}'", m.issuer, issuer);
        return MakeError(kIssuerMismatch);
    }
    m.authorization_endpoint = StringMember(doc, "authorization_endpoint").value_or("");
    m.token_endpoint = StringMember(doc, "token_endpoint").value_or("");
    m.jwks_uri = StringMember(doc, "jwks_uri").value_or("");
    m.userinfo_endpoint = StringMember(doc, "userinfo_endpoint").value_or("");
    m.end_session_endpoint = StringMember(doc, "end_session_endpoint").value_or("");
    m.id_token_signing_alg_values_supported = StringList(doc, "id_token_signing_alg_values_supported");
    m.token_endpoint_auth_methods_supported = StringList(doc, "token_endpoint_auth_methods_supported");
    m.code_challenge_methods_supported = StringList(doc, "code_challenge_methods_supported");

    for (const std::string* endpoint : {&m.authorization_endpoint, &m.token_endpoint, &m.jwks_uri}) {
        if (!AllowedUrl(*endpoint, allow_http)) {
            Log()->error("discovery: an endpoint is missing or not https (authorization, token, jwks)");
            return MakeError(kBadDiscovery);
        }
    }
    for (std::string* endpoint : {&m.userinfo_endpoint, &m.end_session_endpoint}) {
        if (!endpoint->empty() && !AllowedUrl(*endpoint, allow_http)) endpoint->clear();
    }
    auto& algs = m.id_token_signing_alg_values_supported;
    if (!algs.empty()) {
        algs.erase(
            std::remove_if(algs.begin(), algs.end(), [](const std::string& a) { return !IsAllowedAlg(a); }),
            algs.end());
        if (algs.empty()) {
            Log()->error(
                "discovery: the provider signs ID tokens with no alg we accept (RS256, PS256, ES256)");
            return MakeError(kBadDiscovery);
        }
    }
    if (!m.code_challenge_methods_supported.empty() &&
        !Contains(m.code_challenge_methods_supported, "S256")) {
        Log()->error("discovery: the provider does not offer PKCE S256");
        return MakeError(kBadDiscovery);
    }
    return m;
}

// ---- AuthorizationRequest ---------------------------------------------------------------------------

std::string AuthorizationRequest::Serialize() const {
    return Json{{"v", 1},
                {"url", url},
                {"state", state},
                {"nonce", nonce},
                {"code_verifier", code_verifier},
                {"created_at", core::FormatUtc(created_at)}}
        .dump();
}

std::optional<AuthorizationRequest> AuthorizationRequest::Parse(std::string_view text) {
    Json doc = Json::parse(text, nullptr, false);
    if (!doc.is_object()) return std::nullopt;
    auto version = doc.find("v");
    if (version == doc.end() || !version->is_number_integer() || version->get<int>() != 1)
        return std::nullopt;
    auto url = StringMember(doc, "url");
    auto state = StringMember(doc, "state");
    auto nonce = StringMember(doc, "nonce");
    auto verifier = StringMember(doc, "code_verifier");
    auto created = StringMember(doc, "created_at");
    if (!url || !state || !nonce || !verifier || !created) return std::nullopt;
    auto created_at = core::ParseUtc(*created);
    if (!created_at) return std::nullopt;
    return AuthorizationRequest{*url, *state, *nonce, *verifier, *created_at};
}

core::Error CallbackError(std::string_view error) {
    Log()->info("login: the provider returned error={}", TidyErrorValue(error));
    return MakeError(error == "access_denied" ? kAccessDenied : kProviderError);
}

// ---- OidcClient -------------------------------------------------------------------------------------

OidcClient::OidcClient(OidcConfig config, HttpClient& http, const core::Clock& clock)
    : config_(std::move(config)), http_(http), clock_(clock) {}

core::Result<ProviderMetadata> OidcClient::Metadata() {
    {
        std::lock_guard lock(mutex_);
        if (cache_.metadata) return *cache_.metadata;
    }
    auto metadata = Discover(http_, config_.issuer, config_.allow_http);
    if (!metadata.ok()) return metadata.error();
    std::lock_guard lock(mutex_);
    if (!cache_.metadata) {
        cache_.metadata = metadata.value();
        Log()->info("discovered {}", config_.issuer);
    }
    return *cache_.metadata;
}

core::Result<std::shared_ptr<const JsonWebKeySet>> OidcClient::FetchKeys(const ProviderMetadata& metadata) {
    {
        std::lock_guard lock(mutex_);
        cache_.last_jwks_fetch = clock_.Now();
    }
    auto response = http_.Get(metadata.jwks_uri, {{"Accept", "application/json"}});
    if (!response.ok()) {
        Log()->warn("jwks: {} unreachable: {}", metadata.jwks_uri, response.error().message);
        return MakeError(kProviderUnreachable);
    }
    if (response->status != 200) {
        Log()->warn("jwks: {} answered HTTP {}", metadata.jwks_uri, response->status);
        return MakeError(IsServerError(response->status) ? kProviderUnreachable : kBadJwks);
    }
    auto parsed = ParseJwks(response->body);
    if (!parsed.ok()) {
        Log()->error("jwks: {} is not a usable key set", metadata.jwks_uri);
        return parsed.error();
    }
    auto keys = std::make_shared<const JsonWebKeySet>(std::move(parsed.value()));
    std::lock_guard lock(mutex_);
    cache_.keys = keys;
    Log()->info("jwks: {} signing keys from {}", keys->keys.size(), metadata.jwks_uri);
    return keys;
}

core::Result<void> OidcClient::EnsureDiscovered() {
    auto metadata = Metadata();
    if (!metadata.ok()) return metadata.error();
    {
        std::lock_guard lock(mutex_);
        if (cache_.keys) return {};
    }
    auto keys = FetchKeys(metadata.value());
    if (!keys.ok()) return keys.error();
    return {};
}

core::Result<AuthorizationRequest> OidcClient::BeginLogin(const LoginOptions& options) {
    auto metadata = Metadata();
    if (!metadata.ok()) return metadata.error();
    AuthorizationRequest req;
    for (std::string* secret : {&req.state, &req.nonce, &req.code_verifier}) {
        auto token = RandomToken();
        if (!token.ok()) return token.error();
        *secret = std::move(token.value());
    }
    req.created_at = clock_.Now();

    std::string scope = "openid";
    for (const auto& s : config_.extra_scopes) {
        if (s != "openid") scope += " " + s;
    }
    std::vector<std::pair<std::string, std::string>> params = {
        {"response_type", "code"},
        {"client_id", config_.client_id},
        {"redirect_uri", config_.redirect_uri},
        {"scope", scope},
        {"state", req.state},
        {"nonce", req.nonce},
        {"code_challenge", Base64UrlEncode(Sha256(req.code_verifier))},
        {"code_challenge_method", "S256"},
    };
    if (!options.ui_locales.empty()) params.emplace_back("ui_locales", options.ui_locales);
    if (!options.prompt.empty()) params.emplace_back("prompt", options.prompt);
    const std::string& endpoint = metadata->authorization_endpoint;
    req.url = endpoint + (endpoint.find('?') == std::string::npos ? "?" : "&") + FormEncode(params);
    return req;
}

core::Result<std::string> OidcClient::ExchangeCode(const ProviderMetadata& metadata, std::string_view code,
                                                   const AuthorizationRequest& pending,
                                                   std::string* access_token) {
    std::vector<std::pair<std::string, std::string>> fields = {
        {"grant_type", "authorization_code"},
        {"code", std::string(code)},
        {"redirect_uri", config_.redirect_uri},
        {"code_verifier", pending.code_verifier},
    };
    TokenAuthMethod method = TokenAuthMethod::kClientSecretBasic;
    if (config_.token_auth_method) {
        method = *config_.token_auth_method;
    } else if (const auto& offered = metadata.token_endpoint_auth_methods_supported;
               !offered.empty() && !Contains(offered, "client_secret_basic") &&
               Contains(offered, "client_secret_post")) {
        method = TokenAuthMethod::kClientSecretPost;
    }
    std::optional<BasicAuth> basic;
    if (method == TokenAuthMethod::kClientSecretBasic) {
        // RFC 6749 2.3.1: both parts are form-encoded before Basic encoding.
        basic = BasicAuth{UrlEncode(config_.client_id), UrlEncode(config_.client_secret)};
    } else {
        fields.emplace_back("client_id", config_.client_id);
        fields.emplace_back("client_secret", config_.client_secret);
    }
    auto response = http_.PostForm(metadata.token_endpoint, fields, basic);
    if (!response.ok()) {
        Log()->warn("token: {} unreachable: {}", metadata.token_endpoint, response.error().message);
        return MakeError(kProviderUnreachable);
    }
    if (response->status != 200) {
        Log()->warn("token: HTTP {} error={}", response->status, OAuthErrorForLog(response->body));
        return MakeError(IsServerError(response->status) ? kProviderUnreachable : kTokenRejected);
    }
    Json doc = Json::parse(response->body, nullptr, false);
    if (!doc.is_object()) return MakeError(kBadTokenResponse);
    auto id_token = StringMember(doc, "id_token");
    auto token_type = StringMember(doc, "token_type").value_or("");
    std::transform(token_type.begin(), token_type.end(), token_type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!id_token || token_type != "bearer") {
        Log()->warn("token: the response has no id_token or is not a Bearer token");
        return MakeError(kBadTokenResponse);
    }
    *access_token = StringMember(doc, "access_token").value_or("");
    return *id_token;
}

IdentityClaims OidcClient::ToIdentityClaims(nlohmann::json claims) const {
    IdentityClaims out;
    out.issuer = StringMember(claims, "iss").value_or("");
    out.subject = StringMember(claims, "sub").value_or("");
    out.name = OptionalString(claims, "name");
    out.email = OptionalString(claims, "email");
    out.email_verified = TrueClaim(claims, "email_verified");
    out.phone_number = OptionalString(claims, "phone_number");
    out.phone_number_verified = TrueClaim(claims, "phone_number_verified");
    out.cccd = OptionalString(claims, config_.cccd_claim);
    out.acr = OptionalString(claims, "acr");
    out.raw = std::move(claims);
    return out;
}

core::Result<IdentityClaims> OidcClient::VerifyIdToken(std::string_view id_token,
                                                       std::string_view expected_nonce) {
    auto metadata = Metadata();
    if (!metadata.ok()) return metadata.error();
    std::shared_ptr<const JsonWebKeySet> keys;
    {
        std::lock_guard lock(mutex_);
        keys = cache_.keys;
    }
    bool fetched_now = false;
    if (!keys) {
        auto fetched = FetchKeys(metadata.value());
        if (!fetched.ok()) return fetched.error();
        keys = fetched.value();
        fetched_now = true;
    }
    IdTokenExpectations expected{config_.issuer, config_.client_id, std::string(expected_nonce),
                                 config_.clock_leeway, metadata->id_token_signing_alg_values_supported};
    auto verified = oidc::VerifyIdToken(id_token, *keys, expected, clock_.Now());
    if (!verified.ok() && verified.error().message == kUnknownKey && !fetched_now) {
        // Key rotation: the provider may sign with a key published after our fetch. Refetch, but not
        // more often than jwks_refetch_interval, so bad tokens cannot make us hammer the provider.
        bool may_refetch = false;
        {
            std::lock_guard lock(mutex_);
            may_refetch =
                !cache_.last_jwks_fetch ||
                clock_.Now() - *cache_.last_jwks_fetch >=
                    std::chrono::duration_cast<std::chrono::milliseconds>(config_.jwks_refetch_interval);
        }
        if (may_refetch) {
            Log()->info("jwks: unknown key id, fetching the key set again");
            auto fetched = FetchKeys(metadata.value());
            if (!fetched.ok()) return fetched.error();
            verified = oidc::VerifyIdToken(id_token, *fetched.value(), expected, clock_.Now());
        }
    }
    if (!verified.ok()) {
        Log()->warn("id token refused: {}", verified.error().message);
        return verified.error();
    }
    auto claims = ToIdentityClaims(std::move(verified->claims));
    claims.issued_at = verified->issued_at;
    claims.expires_at = verified->expires_at;
    return claims;
}

core::Result<void> OidcClient::MergeUserinfo(const ProviderMetadata& metadata,
                                             const std::string& access_token, IdentityClaims& claims) {
    auto response = http_.Get(metadata.userinfo_endpoint,
                              {{"Authorization", "Bearer " + access_token}, {"Accept", "application/json"}});
    if (!response.ok()) {
        Log()->warn("userinfo: {} unreachable: {}", metadata.userinfo_endpoint, response.error().message);
        return MakeError(kProviderUnreachable);
    }
    if (response->status != 200) {
        Log()->warn("userinfo: HTTP {}", response->status);
        return MakeError(IsServerError(response->status) ? kProviderUnreachable : kUserinfoFailed);
    }
    // Signed or encrypted UserInfo (application/jwt) is not supported: configure the client for JSON.
    Json doc = Json::parse(response->body, nullptr, false);
    if (!doc.is_object()) {
        Log()->warn("userinfo: the response is not a JSON object");
        return MakeError(kUserinfoFailed);
    }
    // OpenID Connect Core 5.3.2: the UserInfo sub must be the ID token's, or the answer is not about
    // this user.
    if (StringMember(doc, "sub").value_or("") != claims.subject) {
        Log()->warn("userinfo: sub differs from the ID token's");
        return MakeError(kUserinfoFailed);
    }
    Json merged = claims.raw;
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        if (!merged.contains(it.key())) merged[it.key()] = it.value();
    }
    const auto issued_at = claims.issued_at;
    const auto expires_at = claims.expires_at;
    claims = ToIdentityClaims(std::move(merged));
    claims.issued_at = issued_at;
    claims.expires_at = expires_at;
    return {};
}

core::Result<LoginResult> OidcClient::CompleteLogin(std::string_view code, std::string_view returned_state,
                                                    const AuthorizationRequest& pending,
                                                    std::optional<std::string_view> returned_issuer) {
    if (pending.state.empty() || !SecretsEqual(returned_state, pending.state)) {
        Log()->warn("login refused: {}", kStateMismatch);
        return MakeError(kStateMismatch);
    }
    const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(config_.login_timeout);
    if (clock_.Now() - pending.created_at > timeout) {
        Log()->info("login refused: {}", kLoginExpired);
        return MakeError(kLoginExpired);
    }
    if (returned_issuer && *returned_issuer != config_.issuer) {
        Log()->warn("login refused: the callback's iss is not the configured issuer");
        return MakeError(kWrongIssuer);
    }
    if (code.empty()) return MakeError(kTokenRejected);
    auto metadata = Metadata();
    if (!metadata.ok()) return metadata.error();

    std::string access_token;
    auto id_token = ExchangeCode(metadata.value(), code, pending, &access_token);
    if (!id_token.ok()) return id_token.error();
    auto claims = VerifyIdToken(id_token.value(), pending.nonce);
    if (!claims.ok()) return claims.error();
    if (config_.use_userinfo && !metadata->userinfo_endpoint.empty() && !access_token.empty()) {
        if (auto merged = MergeUserinfo(metadata.value(), access_token, claims.value()); !merged.ok()) {
            return merged.error();
        }
    }
    Log()->info("login verified (alg and key checked, nonce bound)");
    return LoginResult{std::move(claims.value()), std::move(id_token.value())};
}

std::optional<std::string> OidcClient::LogoutUrl(std::string_view id_token_hint,
                                                 std::string_view post_logout_redirect_uri) {
    auto metadata = Metadata();
    if (!metadata.ok() || metadata->end_session_endpoint.empty()) return std::nullopt;
    std::vector<std::pair<std::string, std::string>> params = {{"client_id", config_.client_id}};
    if (!id_token_hint.empty()) params.emplace_back("id_token_hint", std::string(id_token_hint));
    if (!post_logout_redirect_uri.empty()) {
        params.emplace_back("post_logout_redirect_uri", std::string(post_logout_redirect_uri));
    }
    const std::string& endpoint = metadata->end_session_endpoint;
    return endpoint + (endpoint.find('?') == std::string::npos ? "?" : "&") + FormEncode(params);
}

}  // namespace mocua::adapters::oidc
