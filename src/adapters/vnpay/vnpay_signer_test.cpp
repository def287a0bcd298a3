// The HMAC-SHA512 signer (libsodium) against OpenSSL's HMAC computed here, independently, over a
// canonical string written out by hand; verification in either case, and refusals.
#include "adapters/vnpay/vnpay_signer.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace mocua::adapters {
namespace {

std::string OpenSslHex(const std::string& key, const std::string& data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_sha512(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < len; ++i) {
        hex += kHex[out[i] >> 4];
        hex += kHex[out[i] & 0x0F];
    }
    return hex;
}

// A 32-character secret such as gateways issue, and the string a payment URL signs.
const std::string kSecret = "SANDBOXSECRETKEY0123456789ABCDEF";
const std::string kCanonical =
    "vnp_Amount=800000&vnp_Command=pay&vnp_CreateDate=20261127093000&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1&"
    "vnp_Locale=vn&vnp_OrderInfo=L%E1%BB%87+ph%C3%AD+h%E1%BB%99+t%E1%BB%8Bch&vnp_OrderType=other&"
    "vnp_ReturnUrl=http%3A%2F%2F127.0.0.1%3A8080%2Fpayments%2Freturn&vnp_TmnCode=MOCUA001&"
    "vnp_TxnRef=MC202611270000000001&vnp_Version=2.1.0";

TEST(VnpaySigner, MatchesAnIndependentHmacSha512) {
    VnpayHmacSigner signer(kSecret);
    const std::string expected = OpenSslHex(kSecret, kCanonical);
    ASSERT_EQ(expected.size(), 128u);
    EXPECT_EQ(signer.Sign(kCanonical), expected);
}

TEST(VnpaySigner, MatchesRfc4231TestCase2) {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    VnpayHmacSigner signer("Jefe");
    EXPECT_EQ(signer.Sign("what do ya want for nothing?"),
              "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6"
              "fdcaeab1a3"
              "4d4a6b4b636e070a38bce737");
}

TEST(VnpaySigner, VerifiesEitherCaseAndRefusesChangedOrMalformedSignatures) {
    VnpayHmacSigner signer(kSecret);
    std::string sig = OpenSslHex(kSecret, kCanonical);
    EXPECT_TRUE(signer.Verify(kCanonical, sig));
    std::string upper = sig;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_TRUE(signer.Verify(kCanonical, upper));

    std::string flipped = sig;
    flipped[10] = flipped[10] == '0' ? '1' : '0';
    EXPECT_FALSE(signer.Verify(kCanonical, flipped));
    EXPECT_FALSE(signer.Verify(kCanonical, sig.substr(0, 127)));
    EXPECT_FALSE(signer.Verify(kCanonical, ""));
    EXPECT_FALSE(signer.Verify(kCanonical, std::string(128, 'g')));
    // The amount changed from 8,000 to 80,000 VND: the old signature no longer fits.
    std::string tampered = kCanonical;
    tampered.replace(tampered.find("800000"), 6, "8000000");
    EXPECT_FALSE(signer.Verify(tampered, sig));
    // Another secret.
    EXPECT_FALSE(VnpayHmacSigner("another secret").Verify(kCanonical, sig));
}

TEST(VnpaySigner, RefusesAnEmptySecret) { EXPECT_THROW(VnpayHmacSigner(""), std::invalid_argument); }

}  // namespace
}  // namespace mocua::adapters
