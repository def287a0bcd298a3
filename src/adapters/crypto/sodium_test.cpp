#include "adapters/crypto/dev_signer.hpp"
#include "adapters/crypto/sodium.hpp"
#include "core/strings.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "domain/identity/totp.hpp"

namespace mocua::adapters {
namespace {

using core::ToHex;
using domain::identity::Hotp;
using domain::identity::MatchTotp;
using domain::identity::TotpStep;

const std::string kKey(32, 'k');
const std::string kRfcSecret = "12345678901234567890";  // RFC 4226 / RFC 6238 (SHA-1) test key

core::TimePoint At(long long unix_seconds) { return core::TimePoint(std::chrono::seconds(unix_seconds)); }

TEST(Sodium, Sha256AndHmacSha1KnownAnswers) {
    SodiumCrypto crypto(kKey);
    EXPECT_EQ(ToHex(crypto.Sha256("abc")),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // RFC 2202 test case 2.
    EXPECT_EQ(ToHex(crypto.HmacSha1("Jefe", "what do ya want for nothing?")),
              "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

// RFC 4226 Appendix D.
TEST(Sodium, HotpRfc4226Vectors) {
    SodiumCrypto crypto(kKey);
    const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                              "254676", "287922", "162583", "399871", "520489"};
    for (int i = 0; i < 10; ++i) EXPECT_EQ(Hotp(crypto, kRfcSecret, i), expected[i]) << "counter " << i;
}

// RFC 6238 Appendix B, SHA-1 rows (8 digits).
TEST(Sodium, TotpRfc6238Vectors) {
    SodiumCrypto crypto(kKey);
    const std::pair<long long, const char*> rows[] = {
        {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
        {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000LL, "65353130"},
    };
    for (const auto& [t, code] : rows) EXPECT_EQ(Hotp(crypto, kRfcSecret, TotpStep(At(t)), 8), code) << t;
}

TEST(Sodium, TotpWindowAndNoReuse) {
    SodiumCrypto crypto(kKey);
    const auto now = At(1111111111);
    const std::int64_t step = TotpStep(now);
    const std::string current = Hotp(crypto, kRfcSecret, step);
    const std::string previous = Hotp(crypto, kRfcSecret, step - 1);
    const std::string next = Hotp(crypto, kRfcSecret, step + 1);
    const std::string old = Hotp(crypto, kRfcSecret, step - 2);
    EXPECT_EQ(MatchTotp(crypto, kRfcSecret, current, now, -1), step);
    EXPECT_EQ(MatchTotp(crypto, kRfcSecret, previous, now, -1), step - 1);
    EXPECT_EQ(MatchTotp(crypto, kRfcSecret, next, now, -1), step + 1);
    EXPECT_FALSE(MatchTotp(crypto, kRfcSecret, old, now, -1));
    // A step already used (or an earlier one) is refused.
    EXPECT_FALSE(MatchTotp(crypto, kRfcSecret, current, now, step));
    EXPECT_FALSE(MatchTotp(crypto, kRfcSecret, previous, now, step));
    EXPECT_EQ(MatchTotp(crypto, kRfcSecret, next, now, step), step + 1);
    EXPECT_FALSE(MatchTotp(crypto, kRfcSecret, "12345", now, -1));
    EXPECT_FALSE(MatchTotp(crypto, kRfcSecret, "12345a", now, -1));
}

TEST(Sodium, SealedSecretsNeedTheKey) {
    SodiumCrypto crypto(kKey);
    const std::string sealed = crypto.Seal("totp secret");
    EXPECT_TRUE(sealed.starts_with("v1:"));
    EXPECT_EQ(sealed.find("totp secret"), std::string::npos);
    EXPECT_NE(crypto.Seal("totp secret"), sealed);  // a fresh nonce each time
    EXPECT_EQ(crypto.Open(sealed), "totp secret");
    SodiumCrypto other(std::string(32, 'x'));
    EXPECT_FALSE(other.Open(sealed));
    std::string altered = sealed;
    altered[10] = altered[10] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(crypto.Open(altered));
    EXPECT_FALSE(crypto.Open("v1:"));
    EXPECT_FALSE(crypto.Open("garbage"));
    EXPECT_THROW(SodiumCrypto("short"), std::invalid_argument);
}

TEST(Sodium, Argon2idPasswords) {
    SodiumPasswordHasher hasher(SodiumPasswordHasher::Strength::kTestOnly);
    const std::string hash = hasher.Hash("ngựa vàng nhảy qua");
    EXPECT_TRUE(hash.starts_with("$argon2id$"));
    EXPECT_TRUE(hasher.Verify(hash, "ngựa vàng nhảy qua"));
    EXPECT_FALSE(hasher.Verify(hash, "ngua vang nhay qua"));
    EXPECT_FALSE(hasher.Verify("", "x"));
    EXPECT_FALSE(hasher.NeedsRehash(hash));
    // Production strength asks for test-strength hashes to be redone.
    SodiumPasswordHasher production;
    EXPECT_TRUE(production.NeedsRehash(hash));
}

TEST(Sodium, QrCodeSvg) {
    QrEncodeRenderer qr;
    const std::string svg = qr.Svg("otpauth://totp/Mo%20Cua:an@example.vn?secret=ABC");
    EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    EXPECT_NE(svg.find("<path"), std::string::npos);
    EXPECT_TRUE(svg.ends_with("</svg>"));
}

TEST(Sodium, SecretKeyFileIsCreatedOnceAndChecked) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("mocua-key-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    auto first = LoadOrCreateSecretKey(dir.string(), "totp.key");
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->size(), 32u);
    const auto perms = std::filesystem::status(dir / "keys" / "totp.key").permissions();
    EXPECT_EQ(perms & std::filesystem::perms::group_all, std::filesystem::perms::none);
    EXPECT_EQ(perms & std::filesystem::perms::others_all, std::filesystem::perms::none);
    auto second = LoadOrCreateSecretKey(dir.string(), "totp.key");
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(*first, *second);
    std::ofstream(dir / "keys" / "totp.key", std::ios::trunc) << "damaged";
    EXPECT_FALSE(LoadOrCreateSecretKey(dir.string(), "totp.key").ok());
    std::filesystem::remove_all(dir);
}

TEST(DevelopmentSigner, SignsSoThatOnlyTheSameBytesAndKeyVerify) {
    const DevelopmentSigner signer(std::string(32, 'a'));
    const std::string file = "%PDF-1.7 giấy khai sinh bản điện tử";
    auto signature = signer.Sign(file, "Hoàng Văn Dũng");
    ASSERT_TRUE(signature.ok());
    EXPECT_EQ(signature->scheme, "dev-ed25519");
    EXPECT_EQ(signature->signer, "Hoàng Văn Dũng");
    EXPECT_EQ(signature->value.size(), 128u);  // 64 bytes, hex
    EXPECT_TRUE(signer.Verify(file, *signature));
    // One byte changed, another key, a damaged signature: refused.
    EXPECT_FALSE(signer.Verify(file + " ", *signature));
    EXPECT_FALSE(DevelopmentSigner(std::string(32, 'b')).Verify(file, *signature));
    auto damaged = *signature;
    damaged.value[0] = damaged.value[0] == '0' ? '1' : '0';
    EXPECT_FALSE(signer.Verify(file, damaged));
    damaged.value = "zz";
    EXPECT_FALSE(signer.Verify(file, damaged));
    // The same seed gives the same key (the key file is the identity of the installation).
    EXPECT_TRUE(DevelopmentSigner(std::string(32, 'a')).Verify(file, *signature));
    EXPECT_THROW(DevelopmentSigner(std::string(31, 'a')), std::invalid_argument);
}

}  // namespace
}  // namespace mocua::adapters
