// ID-token verification (id_token.hpp) with keys generated here by OpenSSL and tokens signed here
// (test_signer.hpp): one valid token of each accepted alg, then one refusal per rule.
#include "adapters/oidc/id_token.hpp"

#include <gtest/gtest.h>

#include "adapters/oidc/errors.hpp"
#include "adapters/oidc/test_signer.hpp"

namespace mocua::adapters::oidc {
namespace {

using nlohmann::json;
using namespace testing;  // NOLINT: test support helpers

constexpr long long kNow = 1751356800;  // 2025-07-01T08:00:00Z
const core::TimePoint kNowTp{std::chrono::seconds(kNow)};

class IdTokenTest : public ::testing::Test {
protected:
    void SetUp() override {
        json jwks = {{"keys", json::array({PublicJwk(Rsa(), "rsa-1"), PublicJwk(Ec(), "ec-1"),
                                           PublicJwk(RsaPss(), "rsa-pss", "PS256")})}};
        auto parsed = ParseJwks(jwks.dump());
        ASSERT_TRUE(parsed.ok()) << parsed.error().message;
        keys_ = parsed.value();
        expected_ = {"https://id.example.vn", "mocua-client", "n-0S6_WzA2Mj", std::chrono::seconds(60), {}};
    }

    // Keys are made once per process: RSA generation is slow.
    static EVP_PKEY* Rsa() {
        static PkeyPtr k = NewRsaKey();
        return k.get();
    }
    static EVP_PKEY* RsaPss() {
        static PkeyPtr k = NewRsaKey();
        return k.get();
    }
    static EVP_PKEY* Ec() {
        static PkeyPtr k = NewEcKey();
        return k.get();
    }

    json Claims() const {
        return {{"iss", "https://id.example.vn"},
                {"aud", "mocua-client"},
                {"sub", "citizen-42"},
                {"exp", kNow + 300},
                {"iat", kNow - 5},
                {"nonce", "n-0S6_WzA2Mj"},
                {"cccd", "045085000123"}};
    }
    std::string Token(const json& claims, const std::string& alg = "RS256", const std::string& kid = "rsa-1",
                      EVP_PKEY* key = nullptr) const {
        if (!key) key = alg == "ES256" ? Ec() : (alg == "PS256" ? RsaPss() : Rsa());
        json header = {{"alg", alg}, {"typ", "JWT"}};
        if (!kid.empty()) header["kid"] = kid;
        return MakeJws(header, claims, key);
    }
    core::Result<VerifiedIdToken> Verify(const std::string& token) const {
        return VerifyIdToken(token, keys_, expected_, kNowTp);
    }
    static std::string Code(const core::Result<VerifiedIdToken>& r) {
        return r.ok() ? "ok" : r.error().message;
    }

    JsonWebKeySet keys_;
    IdTokenExpectations expected_;
};

TEST_F(IdTokenTest, AcceptsValidTokenOfEachAlg) {
    for (const auto& [alg, kid] : std::vector<std::pair<std::string, std::string>>{
             {"RS256", "rsa-1"}, {"ES256", "ec-1"}, {"PS256", "rsa-pss"}}) {
        auto r = Verify(Token(Claims(), alg, kid));
        ASSERT_TRUE(r.ok()) << alg << ": " << r.error().message;
        EXPECT_EQ(r->subject, "citizen-42");
        EXPECT_EQ(r->alg, alg);
        EXPECT_EQ(r->kid, kid);
        EXPECT_EQ(r->claims.at("cccd"), "045085000123");
        EXPECT_EQ(r->expires_at, core::TimePoint(std::chrono::seconds(kNow + 300)));
    }
}

TEST_F(IdTokenTest, AcceptsTokenWithoutKidWhenOneKeyFits) {
    json jwks = {{"keys", json::array({PublicJwk(Ec(), "")})}};
    keys_ = ParseJwks(jwks.dump()).value();
    EXPECT_EQ(Code(Verify(Token(Claims(), "ES256", ""))), "ok");
}

TEST_F(IdTokenTest, RefusesTamperedPayload) {
    const std::string token = Token(Claims());
    json other = Claims();
    other["sub"] = "citizen-43";
    const auto dot1 = token.find('.');
    const auto dot2 = token.rfind('.');
    const std::string tampered = token.substr(0, dot1 + 1) + B64Url(other.dump()) + token.substr(dot2);
    EXPECT_EQ(Code(Verify(tampered)), kBadSignature);
}

TEST_F(IdTokenTest, RefusesTamperedSignature) {
    for (const auto& [alg, kid] : std::vector<std::pair<std::string, std::string>>{
             {"RS256", "rsa-1"}, {"ES256", "ec-1"}, {"PS256", "rsa-pss"}}) {
        std::string token = Token(Claims(), alg, kid);
        const auto dot2 = token.rfind('.');
        // Change one character in the middle of the signature (keeping the base64url alphabet).
        char& c = token[dot2 + (token.size() - dot2) / 2];
        c = c == 'A' ? 'B' : 'A';
        EXPECT_EQ(Code(Verify(token)), kBadSignature) << alg;
    }
    // An ES256 signature one byte short of r || s.
    const std::string input =
        B64Url(json{{"alg", "ES256"}, {"kid", "ec-1"}}.dump()) + "." + B64Url(Claims().dump());
    EXPECT_EQ(Code(Verify(input + "." + B64Url(Sign("ES256", Ec(), input).substr(1)))), kBadSignature);
}

TEST_F(IdTokenTest, RefusesAlgNone) {
    const std::string unsigned_token =
        B64Url(json{{"alg", "none"}}.dump()) + "." + B64Url(Claims().dump()) + ".";
    EXPECT_EQ(Code(Verify(unsigned_token)), kAlgNotAllowed);
    const std::string with_kid =
        B64Url(json{{"alg", "none"}, {"kid", "rsa-1"}}.dump()) + "." + B64Url(Claims().dump()) + ".";
    EXPECT_EQ(Code(Verify(with_kid)), kAlgNotAllowed);
}

TEST_F(IdTokenTest, RefusesHs256WithThePublicKeyAsSecret) {
    // The classic confusion: the verifier takes the RSA public key as an HMAC secret.
    for (const std::string& secret : {PublicPem(Rsa()), PublicJwk(Rsa(), "rsa-1").dump()}) {
        const std::string input =
            B64Url(json{{"alg", "HS256"}, {"kid", "rsa-1"}}.dump()) + "." + B64Url(Claims().dump());
        EXPECT_EQ(Code(Verify(input + "." + B64Url(HmacSha256(secret, input)))), kAlgNotAllowed);
    }
}

TEST_F(IdTokenTest, RefusesAlgTheKeyDoesNotMatch) {
    // ES256 header naming the RSA key, RS256 header naming the EC key.
    EXPECT_EQ(Code(Verify(Token(Claims(), "ES256", "rsa-1", Ec()))), kAlgNotAllowed);
    EXPECT_EQ(Code(Verify(Token(Claims(), "RS256", "ec-1", Rsa()))), kAlgNotAllowed);
    // The key declares PS256; an RS256 signature by the same key is refused.
    EXPECT_EQ(Code(Verify(Token(Claims(), "RS256", "rsa-pss", RsaPss()))), kAlgNotAllowed);
    // Other allowed-looking algs are still outside the allow-list.
    EXPECT_EQ(Code(Verify(Token(Claims(), "RS512", "rsa-1", Rsa()))), kAlgNotAllowed);
}

TEST_F(IdTokenTest, RefusesAlgTheProviderDoesNotAdvertise) {
    expected_.provider_algs = {"RS256"};
    EXPECT_EQ(Code(Verify(Token(Claims(), "ES256", "ec-1"))), kAlgNotAllowed);
    EXPECT_EQ(Code(Verify(Token(Claims(), "RS256", "rsa-1"))), "ok");
}

TEST_F(IdTokenTest, RefusesUnknownKid) {
    EXPECT_EQ(Code(Verify(Token(Claims(), "RS256", "rsa-2"))), kUnknownKey);
}

TEST_F(IdTokenTest, RefusesKnownKidSignedByAnotherKey) {
    const PkeyPtr intruder = NewRsaKey();
    EXPECT_EQ(Code(Verify(Token(Claims(), "RS256", "rsa-1", intruder.get()))), kBadSignature);
}

TEST_F(IdTokenTest, RefusesWrongIssuer) {
    for (const char* iss : {"https://evil.example.vn", "https://id.example.vn/", "https://ID.example.vn"}) {
        json c = Claims();
        c["iss"] = iss;
        EXPECT_EQ(Code(Verify(Token(c))), kWrongIssuer) << iss;
    }
    json c = Claims();
    c.erase("iss");
    EXPECT_EQ(Code(Verify(Token(c))), kWrongIssuer);
}

TEST_F(IdTokenTest, RefusesWrongAudience) {
    json c = Claims();
    c["aud"] = "another-client";
    EXPECT_EQ(Code(Verify(Token(c))), kWrongAudience);
    c["aud"] = json::array({"another-client", "mocua-client"});  // several, no azp
    EXPECT_EQ(Code(Verify(Token(c))), kWrongAudience);
    c["azp"] = "another-client";
    EXPECT_EQ(Code(Verify(Token(c))), kWrongAudience);
    c["azp"] = "mocua-client";
    EXPECT_EQ(Code(Verify(Token(c))), "ok");
    c.erase("aud");
    EXPECT_EQ(Code(Verify(Token(c))), kWrongAudience);
}

TEST_F(IdTokenTest, RefusesExpiredTokenBeyondLeeway) {
    json c = Claims();
    c["exp"] = kNow - 61;
    EXPECT_EQ(Code(Verify(Token(c))), kExpired);
    c["exp"] = kNow - 30;  // within the 60 s leeway
    EXPECT_EQ(Code(Verify(Token(c))), "ok");
}

TEST_F(IdTokenTest, RefusesTokenIssuedInTheFuture) {
    json c = Claims();
    c["iat"] = kNow + 61;
    EXPECT_EQ(Code(Verify(Token(c))), kIssuedInFuture);
    c["iat"] = kNow + 30;  // within the leeway
    EXPECT_EQ(Code(Verify(Token(c))), "ok");
    c["nbf"] = kNow + 120;
    EXPECT_EQ(Code(Verify(Token(c))), kIssuedInFuture);
}

TEST_F(IdTokenTest, RefusesWrongOrMissingNonce) {
    json c = Claims();
    c["nonce"] = "replayed-nonce";
    EXPECT_EQ(Code(Verify(Token(c))), kNonceMismatch);
    c.erase("nonce");
    EXPECT_EQ(Code(Verify(Token(c))), kNonceMismatch);
    expected_.nonce = "";
    c["nonce"] = "";
    EXPECT_EQ(Code(Verify(Token(c))), kNonceMismatch);
}

TEST_F(IdTokenTest, RefusesMissingRequiredClaims) {
    for (const char* name : {"sub", "exp", "iat"}) {
        json c = Claims();
        c.erase(name);
        EXPECT_EQ(Code(Verify(Token(c))), kMissingClaim) << name;
    }
    json c = Claims();
    c["exp"] = "tomorrow";
    EXPECT_EQ(Code(Verify(Token(c))), kMissingClaim);
}

TEST_F(IdTokenTest, RefusesMalformedTokens) {
    const std::string good = Token(Claims());
    EXPECT_EQ(Code(Verify("")), kMalformedToken);
    EXPECT_EQ(Code(Verify("abc")), kMalformedToken);
    EXPECT_EQ(Code(Verify(good.substr(0, good.rfind('.')))), kMalformedToken);  // two parts
    EXPECT_EQ(Code(Verify(good + ".x.y")), kMalformedToken);                    // five parts (JWE)
    EXPECT_EQ(Code(Verify("!!!." + good.substr(good.find('.') + 1))), kMalformedToken);
    // A critical header extension we do not understand.
    EXPECT_EQ(Code(Verify(MakeJws(
                  json{{"alg", "RS256"}, {"kid", "rsa-1"}, {"crit", json::array({"exp"})}, {"exp", 1}},
                  Claims(), Rsa()))),
              kMalformedToken);
    // A payload that is not a JSON object, validly signed.
    const std::string input = B64Url(json{{"alg", "RS256"}, {"kid", "rsa-1"}}.dump()) + "." + B64Url("[1,2]");
    EXPECT_EQ(Code(Verify(input + "." + B64Url(Sign("RS256", Rsa(), input)))), kMalformedToken);
}

TEST(SecretsEqualTest, ComparesWholeStrings) {
    EXPECT_TRUE(SecretsEqual("abc", "abc"));
    EXPECT_FALSE(SecretsEqual("abc", "abd"));
    EXPECT_FALSE(SecretsEqual("abc", "abcd"));
    EXPECT_FALSE(SecretsEqual("", "a"));
}

}  // namespace
}  // namespace mocua::adapters::oidc
