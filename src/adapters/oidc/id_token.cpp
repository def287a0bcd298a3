#include "adapters/oidc/id_token.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <cmath>

#include "adapters/oidc/errors.hpp"

namespace mocua::adapters::oidc {

namespace {

using Json = nlohmann::json;

// A NumericDate (seconds since the epoch, possibly fractional) as a TimePoint.
std::optional<core::TimePoint> NumericDate(const Json& claims, const char* name) {
    auto it = claims.find(name);
    if (it == claims.end() || !it->is_number()) return std::nullopt;
    const double seconds = it->get<double>();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > 1e11) return std::nullopt;  // until year ~5000
    return core::TimePoint(std::chrono::milliseconds(static_cast<long long>(seconds * 1000)));
}

bool AudienceOk(const Json& claims, const std::string& client_id) {
    auto aud = claims.find("aud");
    if (aud == claims.end()) return false;
    std::vector<std::string> audiences;
    if (aud->is_string()) {
        audiences.push_back(aud->get<std::string>());
    } else if (aud->is_array()) {
        for (const auto& a : *aud) {
            if (!a.is_string()) return false;
            audiences.push_back(a.get<std::string>());
        }
    } else {
        return false;
    }
    if (std::find(audiences.begin(), audiences.end(), client_id) == audiences.end()) return false;
    auto azp = claims.find("azp");
    if (azp != claims.end()) return azp->is_string() && azp->get<std::string>() == client_id;
    return audiences.size() == 1;  // several audiences need azp naming us
}

}  // namespace

bool SecretsEqual(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

core::Result<VerifiedIdToken> VerifyIdToken(std::string_view token, const JsonWebKeySet& keys,
                                            const IdTokenExpectations& expected, core::TimePoint now) {
    auto parsed = ParseCompactJws(token);
    if (!parsed.ok()) return parsed.error();
    const CompactJws& jws = parsed.value();
    if (!expected.provider_algs.empty() &&
        std::find(expected.provider_algs.begin(), expected.provider_algs.end(), jws.alg) ==
            expected.provider_algs.end()) {
        return MakeError(kAlgNotAllowed);
    }
    const JsonWebKey* key = keys.Find(jws.kid, jws.alg);
    if (!key) return MakeError(kUnknownKey);
    if (auto verified = VerifySignature(jws, *key); !verified.ok()) return verified.error();

    Json claims = Json::parse(jws.payload, nullptr, /*allow_exceptions=*/false);
    if (!claims.is_object()) return MakeError(kMalformedToken);
    auto sub = claims.find("sub");
    auto nonce = claims.find("nonce");
    const auto exp = NumericDate(claims, "exp");
    const auto iat = NumericDate(claims, "iat");
    if (sub == claims.end() || !sub->is_string() || sub->get<std::string>().empty() || !exp || !iat) {
        return MakeError(kMissingClaim);
    }

    auto iss = claims.find("iss");
    if (iss == claims.end() || !iss->is_string() || iss->get<std::string>() != expected.issuer) {
        return MakeError(kWrongIssuer);
    }
    if (!AudienceOk(claims, expected.client_id)) return MakeError(kWrongAudience);

    const auto leeway = std::chrono::duration_cast<std::chrono::milliseconds>(expected.leeway);
    if (now - leeway >= *exp) return MakeError(kExpired);
    if (*iat > now + leeway) return MakeError(kIssuedInFuture);
    if (claims.contains("nbf")) {
        const auto nbf = NumericDate(claims, "nbf");
        if (!nbf) return MakeError(kMalformedToken);
        if (*nbf > now + leeway) return MakeError(kIssuedInFuture);
    }
    // A token without a nonce cannot be bound to this login: we always send one, so it must return.
    if (nonce == claims.end() || !nonce->is_string()) return MakeError(kNonceMismatch);
    if (expected.nonce.empty() || !SecretsEqual(nonce->get<std::string>(), expected.nonce)) {
        return MakeError(kNonceMismatch);
    }

    VerifiedIdToken out;
    out.subject = sub->get<std::string>();
    out.issued_at = *iat;
    out.expires_at = *exp;
    out.alg = jws.alg;
    out.kid = key->kid;
    out.claims = std::move(claims);
    return out;
}

}  // namespace mocua::adapters::oidc
