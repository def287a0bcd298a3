#pragma once
// Stable error codes of the OpenID Connect client (docs/adr/0030-oidc-login.md).
//
// Every failure of this adapter is a core::Error whose `message` is exactly one of the codes below.
// The codes are part of the API: the login pages map them to text in the user's language and tests
// compare them. They never carry a token, a code or a personal claim, so they are safe to log. The
// details an operator needs (HTTP status, the provider's OAuth `error` value, a key id) go to the
// "oidc" logger instead.
//
// ErrorCode of each: kUnavailable when the provider cannot be reached or is misconfigured (try later,
// tell the operator), kUnauthenticated when this sign-in attempt must be refused (start again), kInternal
// for a local failure (no randomness).
#include <string_view>

#include "core/error.hpp"

namespace mocua::adapters::oidc {

// ---- The provider (ErrorCode::kUnavailable) -------------------------------------------------------
inline constexpr std::string_view kProviderUnreachable =
    "oidc.provider_unreachable";                                         // network, time-out, 5xx
inline constexpr std::string_view kBadDiscovery = "oidc.bad_discovery";  // metadata unreadable or incomplete
inline constexpr std::string_view kIssuerMismatch = "oidc.issuer_mismatch";  // metadata names another issuer
inline constexpr std::string_view kBadJwks = "oidc.bad_jwks";                // key set unreadable

// ---- This sign-in attempt (ErrorCode::kUnauthenticated) ------------------------------------------
inline constexpr std::string_view kStateMismatch = "oidc.state_mismatch";  // callback is not ours (CSRF)
inline constexpr std::string_view kLoginExpired = "oidc.login_expired";    // pending request too old
inline constexpr std::string_view kAccessDenied = "oidc.access_denied";  // the user cancelled at the provider
inline constexpr std::string_view kProviderError = "oidc.provider_error";  // provider answered an OAuth error
inline constexpr std::string_view kTokenRejected = "oidc.token_rejected";  // token endpoint refused the code
inline constexpr std::string_view kBadTokenResponse = "oidc.bad_token_response";  // 200 but unusable body
inline constexpr std::string_view kMalformedToken = "oidc.malformed_token";       // not a JWS we can read
inline constexpr std::string_view kAlgNotAllowed = "oidc.alg_not_allowed";  // none, HS*, or key/alg mismatch
inline constexpr std::string_view kUnknownKey = "oidc.unknown_key";         // no key with that kid
inline constexpr std::string_view kBadSignature = "oidc.bad_signature";
inline constexpr std::string_view kWrongIssuer = "oidc.wrong_issuer";  // `iss` claim, or the callback's iss
inline constexpr std::string_view kWrongAudience = "oidc.wrong_audience";     // `aud` / `azp`
inline constexpr std::string_view kExpired = "oidc.expired";                  // `exp` passed
inline constexpr std::string_view kIssuedInFuture = "oidc.issued_in_future";  // `iat` or `nbf` ahead of us
inline constexpr std::string_view kNonceMismatch = "oidc.nonce_mismatch";     // replay or injection
inline constexpr std::string_view kMissingClaim = "oidc.missing_claim";       // sub, exp, iat or nonce absent
inline constexpr std::string_view kUserinfoFailed = "oidc.userinfo_failed";   // userinfo error or other `sub`

// ---- Local (ErrorCode::kInternal) -----------------------------------------------------------------
inline constexpr std::string_view kNoRandomness = "oidc.no_randomness";  // the CSPRNG failed

// The core::Error for a code above, with its ErrorCode.
core::Error MakeError(std::string_view code);

}  // namespace mocua::adapters::oidc
