// JOSE helpers (jose.hpp): base64url against RFC 4648's vectors, JWKS parsing with keys made here.
#include "adapters/oidc/jose.hpp"

#include <gtest/gtest.h>

#include "adapters/oidc/errors.hpp"
#include "adapters/oidc/test_signer.hpp"

namespace mocua::adapters::oidc {
namespace {

using nlohmann::json;
using namespace testing;  // NOLINT: test support helpers

TEST(Base64UrlTest, Rfc4648Vectors) {
    // RFC 4648 section 10, without padding.
    const std::pair<const char*, const char*> vectors[] = {
        {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},         {"foo", "Zm9v"},
        {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(Base64UrlEncode(plain), encoded);
        EXPECT_EQ(Base64UrlDecode(encoded), std::optional<std::string>(plain));
    }
    // The URL-safe alphabet: 0xfb 0xff → "-_8" (standard base64 "+/8=").
    EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
    EXPECT_EQ(Base64UrlDecode("-_8"), std::optional<std::string>("\xfb\xff"));
}

TEST(Base64UrlTest, DecodeIsStrict) {
    EXPECT_FALSE(Base64UrlDecode("Zg=="));  // padding
    EXPECT_FALSE(Base64UrlDecode("+/8"));   // standard alphabet
    EXPECT_FALSE(Base64UrlDecode("Z"));     // impossible length
    EXPECT_FALSE(Base64UrlDecode("Zh"));    // non-zero leftover bits: a second spelling of "f"
    EXPECT_FALSE(Base64UrlDecode("Zm 9v"));
}

TEST(Base64UrlTest, MatchesOpenSslForRandomBytes) {
    std::string bytes;
    for (int i = 0; i < 300; ++i) {
        bytes.push_back(static_cast<char>((i * 131 + 7) & 0xFF));
        EXPECT_EQ(Base64UrlEncode(bytes), B64Url(bytes));
        EXPECT_EQ(Base64UrlDecode(B64Url(bytes)), std::optional<std::string>(bytes));
    }
}

TEST(JwksTest, ParsesRsaAndEcSigningKeysAndSkipsOthers) {
    const PkeyPtr rsa = NewRsaKey();
    const PkeyPtr ec = NewEcKey();
    const PkeyPtr p384 = NewEcKey("P-384");
    json enc = PublicJwk(rsa.get(), "enc-1");
    enc["use"] = "enc";
    json p384_jwk = {{"kty", "EC"}, {"crv", "P-384"}, {"kid", "p384"}, {"x", "AAAA"}, {"y", "AAAA"}};
    json okp = {{"kty", "OKP"},
                {"crv", "Ed25519"},
                {"kid", "ed"},
                {"x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}};
    json jwks = {{"keys", json::array({PublicJwk(rsa.get(), "rsa-1", "RS256"), PublicJwk(ec.get(), "ec-1"),
                                       enc, p384_jwk, okp})}};
    auto set = ParseJwks(jwks.dump());
    ASSERT_TRUE(set.ok()) << set.error().message;
    ASSERT_EQ(set->keys.size(), 2u);
    EXPECT_EQ(set->keys[0].kid, "rsa-1");
    EXPECT_EQ(set->keys[0].kty, "RSA");
    EXPECT_TRUE(set->keys[0].Fits("RS256"));
    EXPECT_FALSE(set->keys[0].Fits("PS256"));  // the key declares RS256
    EXPECT_FALSE(set->keys[0].Fits("ES256"));
    EXPECT_EQ(set->keys[1].kty, "EC");
    EXPECT_TRUE(set->keys[1].Fits("ES256"));
    EXPECT_FALSE(set->keys[1].Fits("RS256"));
    EXPECT_EQ(set->Find(std::string("ec-1"), "ES256"), &set->keys[1]);
    EXPECT_EQ(set->Find(std::string("enc-1"), "RS256"), nullptr);
    EXPECT_EQ(set->Find(std::nullopt, "ES256"), &set->keys[1]);
}

TEST(JwksTest, SkipsShortRsaKeys) {
    const PkeyPtr weak = NewRsaKey(1024);
    auto set = ParseJwks(json{{"keys", json::array({PublicJwk(weak.get(), "weak")})}}.dump());
    ASSERT_TRUE(set.ok());
    EXPECT_TRUE(set->keys.empty());
    EXPECT_EQ(ParseJwk(PublicJwk(weak.get(), "weak")).error().message, kBadJwks);
}

TEST(JwksTest, RefusesMalformedDocumentsAndKeys) {
    EXPECT_EQ(ParseJwks("not json").error().message, kBadJwks);
    EXPECT_EQ(ParseJwks("{}").error().message, kBadJwks);
    EXPECT_EQ(ParseJwks(R"({"keys": {}})").error().message, kBadJwks);
    EXPECT_EQ(ParseJwks(R"({"keys": [{"kty": "RSA", "kid": "x", "e": "AQAB"}]})").error().message, kBadJwks);

    // An EC point that is not on P-256 (invalid-curve attack).
    const PkeyPtr ec = NewEcKey();
    json off_curve = PublicJwk(ec.get(), "ec-1");
    std::string y = *Base64UrlDecode(off_curve["y"].get<std::string>());
    y[31] = static_cast<char>(y[31] ^ 1);
    off_curve["y"] = B64Url(y);
    EXPECT_EQ(ParseJwks(json{{"keys", json::array({off_curve})}}.dump()).error().message, kBadJwks);

    // Coordinates of the wrong length.
    json short_x = PublicJwk(ec.get(), "ec-1");
    short_x["x"] = B64Url("short");
    EXPECT_EQ(ParseJwks(json{{"keys", json::array({short_x})}}.dump()).error().message, kBadJwks);
}

TEST(AllowListTest, OnlyAsymmetricAlgs) {
    EXPECT_TRUE(IsAllowedAlg("RS256"));
    EXPECT_TRUE(IsAllowedAlg("PS256"));
    EXPECT_TRUE(IsAllowedAlg("ES256"));
    for (const char* alg : {"none", "None", "HS256", "HS512", "RS384", "ES384", "EdDSA", ""}) {
        EXPECT_FALSE(IsAllowedAlg(alg)) << alg;
    }
}

}  // namespace
}  // namespace mocua::adapters::oidc
