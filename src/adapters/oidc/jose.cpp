#include "adapters/oidc/jose.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "adapters/oidc/errors.hpp"

namespace mocua::adapters::oidc {

namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxTokenBytes = 64 * 1024;
constexpr int kMinRsaBits = 2048;
constexpr std::size_t kP256CoordinateBytes = 32;

template <typename T, void (*F)(T*)>
struct Deleter {
    void operator()(T* p) const { F(p); }
};
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>>;

core::Error Err(std::string_view code) { return MakeError(code); }

// OpenSSL leaves the reasons of a failure in a per-thread queue; empty it so a refused key or
// signature cannot confuse whatever runs next on this thread.
struct ClearOpenSslErrors {
    ~ClearOpenSslErrors() { ERR_clear_error(); }
};

int DecodeChar(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
}

std::optional<std::string> StringMember(const Json& object, const char* name) {
    auto it = object.find(name);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

// A big-endian unsigned integer member (n, e), decoded from base64url.
BignumPtr BignumMember(const Json& jwk, const char* name) {
    auto text = StringMember(jwk, name);
    if (!text) return nullptr;
    auto bytes = Base64UrlDecode(*text);
    if (!bytes || bytes->empty()) return nullptr;
    return BignumPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes->data()),
                               static_cast<int>(bytes->size()), nullptr));
}

std::shared_ptr<evp_pkey_st> FromData(const char* type, OSSL_PARAM* params) {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params) != 1) {
        return nullptr;
    }
    return std::shared_ptr<evp_pkey_st>(raw, EVP_PKEY_free);
}

std::shared_ptr<evp_pkey_st> RsaKey(const Json& jwk) {
    BignumPtr n = BignumMember(jwk, "n");
    BignumPtr e = BignumMember(jwk, "e");
    if (!n || !e) return nullptr;
    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
        return nullptr;
    }
    ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
    if (!params) return nullptr;
    return FromData("RSA", params.get());
}

std::shared_ptr<evp_pkey_st> P256Key(const Json& jwk) {
    auto x_text = StringMember(jwk, "x");
    auto y_text = StringMember(jwk, "y");
    if (!x_text || !y_text) return nullptr;
    auto x = Base64UrlDecode(*x_text);
    auto y = Base64UrlDecode(*y_text);
    if (!x || !y || x->size() != kP256CoordinateBytes || y->size() != kP256CoordinateBytes) return nullptr;
    // SEC 1 uncompressed point: 0x04 || x || y.
    std::string point = "\x04" + *x + *y;
    ParamBldPtr bld(OSSL_PARAM_BLD_new());
    if (!bld ||
        OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, SN_X9_62_prime256v1, 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) !=
            1) {
        return nullptr;
    }
    ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
    if (!params) return nullptr;
    auto key = FromData("EC", params.get());
    if (!key) return nullptr;
    // The point must lie on the curve (invalid-curve attacks); fromdata alone does not promise it.
    PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
    return key;
}

// JWS ES256 signatures are r || s (32 bytes each); OpenSSL verifies DER ECDSA-Sig-Value.
std::optional<std::string> EcdsaRawToDer(std::string_view raw) {
    if (raw.size() != 2 * kP256CoordinateBytes) return std::nullopt;
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
    BignumPtr r(BN_bin2bn(bytes, kP256CoordinateBytes, nullptr));
    BignumPtr s(BN_bin2bn(bytes + kP256CoordinateBytes, kP256CoordinateBytes, nullptr));
    EcdsaSigPtr sig(ECDSA_SIG_new());
    if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) return std::nullopt;
    r.release();  // owned by sig now
    s.release();
    const int len = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (len <= 0) return std::nullopt;
    std::string der(static_cast<std::size_t>(len), '\0');
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d_ECDSA_SIG(sig.get(), &out) != len) return std::nullopt;
    return der;
}

}  // namespace

bool IsAllowedAlg(std::string_view alg) {
    return std::find(std::begin(kAllowedAlgs), std::end(kAllowedAlgs), alg) != std::end(kAllowedAlgs);
}

std::string Base64UrlEncode(std::string_view bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        out.push_back(kAlphabet[(v >> 18) & 63]);
        out.push_back(kAlphabet[(v >> 12) & 63]);
        out.push_back(kAlphabet[(v >> 6) & 63]);
        out.push_back(kAlphabet[v & 63]);
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        out.push_back(kAlphabet[(v >> 18) & 63]);
        out.push_back(kAlphabet[(v >> 12) & 63]);
    } else if (rest == 2) {
        const unsigned v =
            (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out.push_back(kAlphabet[(v >> 18) & 63]);
        out.push_back(kAlphabet[(v >> 12) & 63]);
        out.push_back(kAlphabet[(v >> 6) & 63]);
    }
    return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
    if (text.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(text.size() * 3 / 4);
    unsigned buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const int v = DecodeChar(c);
        if (v < 0) return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    // Leftover bits must be zero, so each byte string has exactly one encoding.
    if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

bool JsonWebKey::Fits(std::string_view jws_alg) const {
    if (!IsAllowedAlg(jws_alg)) return false;
    if (!alg.empty() && alg != jws_alg) return false;
    if (jws_alg == "ES256") return kty == "EC";
    return kty == "RSA";  // RS256, PS256
}

const JsonWebKey* JsonWebKeySet::Find(const std::optional<std::string>& kid, std::string_view alg) const {
    if (kid) {
        for (const auto& k : keys) {
            if (k.kid == *kid) return &k;
        }
        return nullptr;
    }
    const JsonWebKey* found = nullptr;
    for (const auto& k : keys) {
        if (!k.Fits(alg)) continue;
        if (found) return nullptr;  // ambiguous without a kid
        found = &k;
    }
    return found;
}

core::Result<JsonWebKey> ParseJwk(const nlohmann::json& jwk) {
    ClearOpenSslErrors clear;
    if (!jwk.is_object()) return Err(kBadJwks);
    JsonWebKey key;
    key.kty = StringMember(jwk, "kty").value_or("");
    key.kid = StringMember(jwk, "kid").value_or("");
    key.alg = StringMember(jwk, "alg").value_or("");
    if (key.kty == "RSA") {
        key.key = RsaKey(jwk);
        if (key.key && EVP_PKEY_get_bits(key.key.get()) < kMinRsaBits) return Err(kBadJwks);
    } else if (key.kty == "EC" && StringMember(jwk, "crv").value_or("") == "P-256") {
        key.key = P256Key(jwk);
    } else {
        return Err(kBadJwks);
    }
    if (!key.key) return Err(kBadJwks);
    return key;
}

core::Result<JsonWebKeySet> ParseJwks(std::string_view json_text) {
    Json doc = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) return Err(kBadJwks);
    auto keys = doc.find("keys");
    if (keys == doc.end() || !keys->is_array()) return Err(kBadJwks);
    JsonWebKeySet set;
    for (const auto& jwk : *keys) {
        if (!jwk.is_object()) return Err(kBadJwks);
        const std::string use = StringMember(jwk, "use").value_or("sig");
        const std::string kty = StringMember(jwk, "kty").value_or("");
        const std::string crv = StringMember(jwk, "crv").value_or("");
        const bool supported = kty == "RSA" || (kty == "EC" && crv == "P-256");
        if (use != "sig" || !supported) continue;  // encryption keys, Ed25519, P-384 …: not ours to use
        auto key = ParseJwk(jwk);
        if (!key.ok()) {
            // A short RSA key is skipped like an unsupported one; a malformed supported key is an error.
            if (kty == "RSA" && RsaKey(jwk)) continue;
            return key.error();
        }
        set.keys.push_back(std::move(key.value()));
    }
    return set;
}

core::Result<CompactJws> ParseCompactJws(std::string_view token) {
    if (token.size() > kMaxTokenBytes) return Err(kMalformedToken);
    const auto dot1 = token.find('.');
    if (dot1 == std::string_view::npos) return Err(kMalformedToken);
    const auto dot2 = token.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
        return Err(kMalformedToken);  // a JWE has five parts; anything else is not ours either
    }
    CompactJws jws;
    auto header = Base64UrlDecode(token.substr(0, dot1));
    if (!header) return Err(kMalformedToken);
    Json h = Json::parse(*header, nullptr, false);
    if (!h.is_object()) return Err(kMalformedToken);
    auto alg = StringMember(h, "alg");
    if (!alg) return Err(kMalformedToken);
    if (!IsAllowedAlg(*alg)) return Err(kAlgNotAllowed);
    if (h.contains("crit")) return Err(kMalformedToken);  // we understand no extension
    if (h.contains("kid")) {
        auto kid = StringMember(h, "kid");
        if (!kid) return Err(kMalformedToken);
        jws.kid = std::move(kid);
    }
    auto payload = Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1));
    auto signature = Base64UrlDecode(token.substr(dot2 + 1));
    if (!payload || !signature) return Err(kMalformedToken);
    jws.alg = std::move(*alg);
    jws.header_json = std::move(*header);
    jws.payload = std::move(*payload);
    jws.signing_input = std::string(token.substr(0, dot2));
    jws.signature = std::move(*signature);
    return jws;
}

core::Result<void> VerifySignature(const CompactJws& jws, const JsonWebKey& key) {
    ClearOpenSslErrors clear;
    if (!key.key || !key.Fits(jws.alg)) return Err(kAlgNotAllowed);
    // Belt and braces: the key object itself must be of the type the alg needs.
    const bool is_ec = EVP_PKEY_is_a(key.key.get(), "EC") == 1;
    const bool is_rsa = EVP_PKEY_is_a(key.key.get(), "RSA") == 1;
    if ((jws.alg == "ES256" && !is_ec) || (jws.alg != "ES256" && !is_rsa)) return Err(kAlgNotAllowed);

    std::string signature = jws.signature;
    if (jws.alg == "ES256") {
        auto der = EcdsaRawToDer(jws.signature);
        if (!der) return Err(kBadSignature);
        signature = std::move(*der);
    }
    MdCtxPtr md(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;  // owned by md
    if (!md || EVP_DigestVerifyInit(md.get(), &pctx, EVP_sha256(), nullptr, key.key.get()) != 1) {
        return Err(kBadSignature);
    }
    if (jws.alg == "PS256") {
        // RFC 7518 3.5: MGF1 with SHA-256 and a salt as long as the hash.
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
            EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1) {
            return Err(kBadSignature);
        }
    } else if (jws.alg == "RS256") {
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1) return Err(kBadSignature);
    }
    const int ok = EVP_DigestVerify(
        md.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
        reinterpret_cast<const unsigned char*>(jws.signing_input.data()), jws.signing_input.size());
    if (ok != 1) return Err(kBadSignature);
    return {};
}

}  // namespace mocua::adapters::oidc
