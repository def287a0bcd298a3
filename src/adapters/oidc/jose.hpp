#pragma once
// The small part of JOSE an OpenID Connect relying party needs: base64url, JSON Web Keys (RSA and
// EC P-256 public keys), and verifying a JWS in compact form with RS256, PS256 or ES256 (RFC 7515,
// 7517, 7518). Nothing else is accepted: no `none`, no HMAC, no other curve, no `crit` extensions.
//
// OpenSSL stays inside jose.cpp; keys are held as opaque shared handles.
//
// Errors: core::Error from MakeError (errors.hpp), message = one of the stable codes.
// Thread-safety: all functions are pure; a parsed JsonWebKeySet is immutable and may be shared by
// threads (OpenSSL 3 allows concurrent verification with one EVP_PKEY).
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/result.hpp"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace mocua::adapters::oidc {

// The signature algorithms this client accepts, whatever a provider offers.
inline constexpr std::string_view kAllowedAlgs[] = {"RS256", "PS256", "ES256"};
bool IsAllowedAlg(std::string_view alg);

// Base64url without padding (RFC 7515 section 2).
std::string Base64UrlEncode(std::string_view bytes);
// Strict: refuses padding, characters outside the alphabet and impossible lengths.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// One public signing key from a JWKS.
struct JsonWebKey {
    std::string kid;  // may be empty
    std::string kty;  // "RSA" or "EC" (always P-256)
    std::string alg;  // the key's declared alg, or empty
    std::shared_ptr<evp_pkey_st> key;

    // Whether a JWS with `alg` may be checked with this key: the type fits (RSA for RS256/PS256, EC
    // P-256 for ES256) and a declared `alg` agrees.
    bool Fits(std::string_view alg) const;
};

struct JsonWebKeySet {
    std::vector<JsonWebKey> keys;

    // The key for a JWS header: by `kid` when the header has one; without a kid, the only key that
    // fits `alg`. nullptr when there is none (or several without a kid).
    const JsonWebKey* Find(const std::optional<std::string>& kid, std::string_view alg) const;
};

// Parses a JWKS document ({"keys": [...]}). Keys that are not for signatures (`use` other than
// "sig"), of another type or curve, or RSA keys under 2048 bits are skipped, so a provider can publish
// encryption keys beside its signing keys. Errors: kBadJwks when the document is not a JWKS or a
// usable-looking key cannot be built.
core::Result<JsonWebKeySet> ParseJwks(std::string_view json_text);

// Builds one key from its JWK members (RSA n/e, EC crv/x/y). Errors: kBadJwks.
core::Result<JsonWebKey> ParseJwk(const nlohmann::json& jwk);

// A JWS in compact form, split and decoded but not yet verified.
struct CompactJws {
    std::string alg;
    std::optional<std::string> kid;
    std::string header_json;    // decoded protected header
    std::string payload;        // decoded payload (bytes)
    std::string signing_input;  // "<header>.<payload>" as received
    std::string signature;      // decoded signature bytes
};

// Splits and decodes `token` (at most 64 KiB). Errors: kMalformedToken (not three base64url parts,
// header not a JSON object, no `alg`, a `crit` member), kAlgNotAllowed (alg outside kAllowedAlgs).
core::Result<CompactJws> ParseCompactJws(std::string_view token);

// Verifies the signature of `jws` with `key`. Errors: kAlgNotAllowed when the key does not fit the
// alg, kBadSignature when the signature does not verify (or has the wrong shape).
core::Result<void> VerifySignature(const CompactJws& jws, const JsonWebKey& key);

}  // namespace mocua::adapters::oidc
