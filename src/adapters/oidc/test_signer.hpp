#pragma once
// Test support (tests only): RSA and EC P-256 keys made by OpenSSL at run time, their public JWKs,
// and compact JWS signed here with OpenSSL directly, so the tests never trust the code under test to
// produce what it then checks.
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mocua::adapters::oidc::testing {

using PkeyPtr = std::shared_ptr<EVP_PKEY>;

// Base64url without padding, from OpenSSL's base64 (an implementation independent of jose.cpp).
inline std::string B64Url(std::string_view bytes) {
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(static_cast<std::size_t>(n));
    while (!out.empty() && out.back() == '=') out.pop_back();
    for (char& c : out) {
        if (c == '+') c = '-';
        if (c == '/') c = '_';
    }
    return out;
}

inline PkeyPtr NewRsaKey(unsigned bits = 2048) {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits));
    if (!key) throw std::runtime_error("RSA keygen failed");
    return PkeyPtr(key, EVP_PKEY_free);
}

inline PkeyPtr NewEcKey(const char* curve = "P-256") {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve);
    if (!key) throw std::runtime_error("EC keygen failed");
    return PkeyPtr(key, EVP_PKEY_free);
}

inline std::string BignumParam(EVP_PKEY* key, const char* name, int pad_to = 0) {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) throw std::runtime_error("no key parameter");
    const int len = std::max(pad_to, BN_num_bytes(bn));
    std::string out(static_cast<std::size_t>(len), '\0');
    BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), len);
    BN_free(bn);
    return out;
}

// The public JWK of `key` (RSA or EC P-256).
inline nlohmann::json PublicJwk(EVP_PKEY* key, const std::string& kid, const std::string& alg = "") {
    nlohmann::json jwk;
    if (EVP_PKEY_is_a(key, "RSA")) {
        jwk = {{"kty", "RSA"},
               {"n", B64Url(BignumParam(key, OSSL_PKEY_PARAM_RSA_N))},
               {"e", B64Url(BignumParam(key, OSSL_PKEY_PARAM_RSA_E))}};
    } else {
        jwk = {{"kty", "EC"},
               {"crv", "P-256"},
               {"x", B64Url(BignumParam(key, OSSL_PKEY_PARAM_EC_PUB_X, 32))},
               {"y", B64Url(BignumParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32))}};
    }
    if (!kid.empty()) jwk["kid"] = kid;
    if (!alg.empty()) jwk["alg"] = alg;
    jwk["use"] = "sig";
    return jwk;
}

// Raw JWS signature bytes of `input` under `alg` (RS256, PS256, ES256 as r||s).
inline std::string Sign(std::string_view alg, EVP_PKEY* key, std::string_view input) {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    if (EVP_DigestSignInit(md, &pctx, EVP_sha256(), nullptr, key) != 1) throw std::runtime_error("sign init");
    if (alg == "PS256") {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
    }
    size_t len = 0;
    EVP_DigestSign(md, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    std::string sig(len, '\0');
    if (EVP_DigestSign(md, reinterpret_cast<unsigned char*>(sig.data()), &len,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
        throw std::runtime_error("sign");
    }
    EVP_MD_CTX_free(md);
    sig.resize(len);
    if (alg != "ES256") return sig;
    // DER ECDSA-Sig-Value → r || s, 32 bytes each.
    const unsigned char* p = reinterpret_cast<const unsigned char*>(sig.data());
    ECDSA_SIG* ecdsa = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
    std::string raw(64, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(ecdsa), reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(ecdsa), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(ecdsa);
    return raw;
}

inline std::string HmacSha256(std::string_view key, std::string_view input) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), out, &len);
    return std::string(reinterpret_cast<const char*>(out), len);
}

// A compact JWS of `payload` with `header`, signed with `key` under header["alg"].
inline std::string MakeJws(const nlohmann::json& header, const nlohmann::json& payload, EVP_PKEY* key) {
    const std::string input = B64Url(header.dump()) + "." + B64Url(payload.dump());
    return input + "." + B64Url(Sign(header.at("alg").get<std::string>(), key, input));
}

// The PEM SubjectPublicKeyInfo of `key` (what a confused verifier might use as an HMAC secret).
inline std::string PublicPem(EVP_PKEY* key) {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, key);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(n));
    BIO_free(bio);
    return pem;
}

}  // namespace mocua::adapters::oidc::testing
