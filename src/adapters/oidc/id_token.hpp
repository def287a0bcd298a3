#pragma once
// Verification of an OpenID Connect ID token (OpenID Connect Core 1.0, 3.1.3.7), without I/O: the
// caller supplies the provider's keys and the time, so every rule is testable on its own.
//
// Order of the checks, each with its error code (errors.hpp):
//   1. compact JWS with a readable header                     kMalformedToken
//   2. alg in {RS256, PS256, ES256} and offered by provider   kAlgNotAllowed
//   3. a key for the header's kid (or the only fitting key)   kUnknownKey
//   4. the key fits the alg (type, curve, declared alg)       kAlgNotAllowed
//   5. signature                                              kBadSignature
//   6. payload is a JSON object with sub, exp, iat, nonce     kMalformedToken / kMissingClaim
//   7. iss equals the issuer exactly                          kWrongIssuer
//   8. aud contains client_id; with several audiences azp     kWrongAudience
//      must be client_id (and azp, when present, always)
//   9. exp after now - leeway                                 kExpired
//  10. iat (and nbf, when present) before now + leeway        kIssuedInFuture
//  11. nonce equals the expected nonce (constant time)        kNonceMismatch
//
// Thread-safety: pure function.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/oidc/jose.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace mocua::adapters::oidc {

struct IdTokenExpectations {
    std::string issuer;
    std::string client_id;
    std::string nonce;
    std::chrono::seconds leeway{60};         // tolerated clock skew, both ways
    std::vector<std::string> provider_algs;  // from discovery; empty = all of kAllowedAlgs
};

struct VerifiedIdToken {
    nlohmann::json claims;  // the payload, a JSON object
    std::string subject;    // `sub`, never empty
    core::TimePoint issued_at;
    core::TimePoint expires_at;
    std::string alg;
    std::string kid;  // the key used (may be empty)
};

core::Result<VerifiedIdToken> VerifyIdToken(std::string_view token, const JsonWebKeySet& keys,
                                            const IdTokenExpectations& expected, core::TimePoint now);

// Constant-time equality of two secrets (lengths are not hidden).
bool SecretsEqual(std::string_view a, std::string_view b);

}  // namespace mocua::adapters::oidc
