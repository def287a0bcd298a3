#include <gtest/gtest.h>

#include <string>

#include "core/text/validation.hpp"

// Expected values are derived by hand from the rules (Circular 07/2016/TT-BCA for CCCD, the numbering
// plan for phones, the weighted check digit for tax codes), never by running the code under test.

namespace mocua::core::text {
namespace {

// The stable rule code of a failed result, or "ok".
template <typename R>
std::string CodeOf(const R& result) {
    if (result.ok()) return "ok";
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
    return result.error().message;
}

// ---- CCCD -----------------------------------------------------------------------------------------

// 045 Quảng Trị, 0 = male born in the 1900s, 85 = 1985, then six serial digits.
constexpr std::string_view kQuangTriMan1985 = "045085123456";
// 001 Hà Nội, 3 = female born in the 2000s, 01 = 2001.
constexpr std::string_view kHaNoiWoman2001 = "001301000789";

TEST(Cccd, ReadsProvinceBirthYearAndSex) {
    const Result<CccdInfo> man = ParseCccd(kQuangTriMan1985);
    ASSERT_TRUE(man.ok());
    EXPECT_EQ(man->province_code, "045");
    EXPECT_EQ(man->birth_year, 1985);
    EXPECT_FALSE(man->female);

    const Result<CccdInfo> woman = ParseCccd(kHaNoiWoman2001);
    ASSERT_TRUE(woman.ok());
    EXPECT_EQ(woman->province_code, "001");
    EXPECT_EQ(woman->birth_year, 2001);
    EXPECT_TRUE(woman->female);

    const Result<CccdInfo> hcm_girl = ParseCccd("079316004321");  // TP HCM, female, 2016
    ASSERT_TRUE(hcm_girl.ok());
    EXPECT_EQ(hcm_girl->birth_year, 2016);
    EXPECT_TRUE(hcm_girl->female);

    const Result<CccdInfo> future = ParseCccd("096500000001");  // Cà Mau, 5 = female, 2100s
    ASSERT_TRUE(future.ok());
    EXPECT_EQ(future->birth_year, 2100);
    EXPECT_TRUE(future->female);
}

TEST(Cccd, AcceptsMatchingBirthYearAndSex) {
    EXPECT_EQ(CodeOf(ValidateCccd(kQuangTriMan1985)), "ok");
    EXPECT_EQ(CodeOf(ValidateCccd(kQuangTriMan1985, 1985)), "ok");
    EXPECT_EQ(CodeOf(ValidateCccd(kQuangTriMan1985, 1985, false)), "ok");
    EXPECT_EQ(CodeOf(ValidateCccd(kHaNoiWoman2001, 2001, true)), "ok");
    EXPECT_EQ(CodeOf(ValidateCccd(kHaNoiWoman2001, std::nullopt, true)), "ok");
    EXPECT_EQ(CodeOf(ValidateCccd("048200000001", 2000, false)), "ok");  // Đà Nẵng, male, 2000
    EXPECT_EQ(CodeOf(ValidateCccd("031199000001", 1999, true)), "ok");   // Hải Phòng, female, 1999
}

TEST(Cccd, RejectsWrongLength) {
    EXPECT_EQ(CodeOf(ParseCccd("")), "cccd.length");
    EXPECT_EQ(CodeOf(ParseCccd("04508512345")), "cccd.length");     // 11 digits
    EXPECT_EQ(CodeOf(ParseCccd("0450851234567")), "cccd.length");   // 13 digits
    EXPECT_EQ(CodeOf(ParseCccd("045085123")), "cccd.length");       // 9 digits, an old CMND length
    EXPECT_EQ(CodeOf(ParseCccd("045 085 123456")), "cccd.length");  // separators are not stripped
}

TEST(Cccd, RejectsLetters) {
    EXPECT_EQ(CodeOf(ParseCccd("04508512345A")), "cccd.digits");
    EXPECT_EQ(CodeOf(ParseCccd("O45085123456")), "cccd.digits");  // letter O for zero
    EXPECT_EQ(CodeOf(ParseCccd("045-85123456")), "cccd.digits");
}

TEST(Cccd, RejectsUnknownProvinceCodes) {
    EXPECT_EQ(CodeOf(ParseCccd("000085123456")), "cccd.province");
    EXPECT_EQ(CodeOf(ParseCccd("097085123456")), "cccd.province");  // after Cà Mau 096
    EXPECT_EQ(CodeOf(ParseCccd("003085123456")), "cccd.province");  // gap between 002 and 004
    EXPECT_EQ(CodeOf(ParseCccd("047085123456")), "cccd.province");  // gap between 046 and 048
    EXPECT_EQ(CodeOf(ParseCccd("100085123456")), "cccd.province");
    EXPECT_EQ(CodeOf(ParseCccd("999085123456")), "cccd.province");
}

TEST(Cccd, AcceptsEveryListedProvinceAtTheEdges) {
    for (std::string_view code : {"001", "002", "011", "045", "046", "048", "067", "079", "095", "096"}) {
        EXPECT_EQ(CodeOf(ParseCccd(std::string(code) + "085123456")), "ok") << code;
    }
}

TEST(Cccd, RejectsCenturyMismatch) {
    EXPECT_EQ(CodeOf(ValidateCccd(kQuangTriMan1985, 2085)), "cccd.century_sex");  // digit 0 means 1900s
    EXPECT_EQ(CodeOf(ValidateCccd("045285123456", 1985)), "cccd.century_sex");    // digit 2 means 2000s
    EXPECT_EQ(CodeOf(ValidateCccd(kHaNoiWoman2001, 1901)), "cccd.century_sex");
    EXPECT_EQ(CodeOf(ValidateCccd(kQuangTriMan1985, 1885)), "cccd.century_sex");  // not encodable
}

TEST(Cccd, RejectsYearMismatch) {
    EXPECT_EQ(CodeOf(ValidateCccd(kQuangTriMan1985, 1986)), "cccd.year");
    EXPECT_EQ(CodeOf(ValidateCccd(kQuangTriMan1985, 1958)), "cccd.year");  // transposed digits
    EXPECT_EQ(CodeOf(ValidateCccd(kHaNoiWoman2001, 2010)), "cccd.year");
}

TEST(Cccd, RejectsSexMismatch) {
    EXPECT_EQ(CodeOf(ValidateCccd(kQuangTriMan1985, 1985, true)), "cccd.century_sex");
    EXPECT_EQ(CodeOf(ValidateCccd(kHaNoiWoman2001, std::nullopt, false)), "cccd.century_sex");
}

TEST(Cccd, FormatErrorsComeBeforeConsistencyErrors) {
    EXPECT_EQ(CodeOf(ValidateCccd("097085123456", 1985, false)), "cccd.province");
    EXPECT_EQ(CodeOf(ValidateCccd("04508512345", 1990)), "cccd.length");
}

// ---- Phone numbers --------------------------------------------------------------------------------

void ExpectMobile(std::string_view input, std::string_view national) {
    const Result<PhoneNumber> r = NormalizePhone(input);
    ASSERT_TRUE(r.ok()) << input << ": " << r.error().message;
    EXPECT_EQ(r->national, national) << input;
    EXPECT_EQ(r->kind, PhoneKind::kMobile) << input;
}

void ExpectLandline(std::string_view input, std::string_view national) {
    const Result<PhoneNumber> r = NormalizePhone(input);
    ASSERT_TRUE(r.ok()) << input << ": " << r.error().message;
    EXPECT_EQ(r->national, national) << input;
    EXPECT_EQ(r->kind, PhoneKind::kLandline) << input;
}

TEST(Phone, NormalisesTheWaysPeopleWriteAMobileNumber) {
    ExpectMobile("0912345678", "0912345678");
    ExpectMobile("0912 345 678", "0912345678");
    ExpectMobile("0912.345.678", "0912345678");
    ExpectMobile("0912-345-678", "0912345678");
    ExpectMobile("+84 912345678", "0912345678");
    ExpectMobile("+84912345678", "0912345678");
    ExpectMobile("84912345678", "0912345678");
    ExpectMobile("0084 912 345 678", "0912345678");
    ExpectMobile("+84 (0) 912 345 678", "0912345678");
    ExpectMobile("  0912 345 678  ", "0912345678");
}

TEST(Phone, AcceptsEachMobileNetwork) {
    ExpectMobile("0387 654 321", "0387654321");  // Viettel, converted from 0168
    ExpectMobile("0868 123 456", "0868123456");  // Viettel
    ExpectMobile("0839 123 456", "0839123456");  // VinaPhone, converted from 0123
    ExpectMobile("0889 123 456", "0889123456");  // VinaPhone
    ExpectMobile("0702 123 456", "0702123456");  // MobiFone, converted from 0120
    ExpectMobile("0898 123 456", "0898123456");  // MobiFone
    ExpectMobile("0562 123 456", "0562123456");  // Vietnamobile, converted from 0186
    ExpectMobile("0522 123 456", "0522123456");  // Vietnamobile
    ExpectMobile("0592 123 456", "0592123456");  // Gmobile, converted from 0199
    ExpectMobile("0552 123 456", "0552123456");  // Reddi
    ExpectMobile("0877 123 456", "0877123456");  // Itelecom
    ExpectMobile("0993 123 456", "0993123456");  // Gmobile
}

TEST(Phone, NormalisesLandlines) {
    ExpectLandline("0233 3852 123", "02333852123");  // Quảng Trị
    ExpectLandline("(0233) 385 2123", "02333852123");
    ExpectLandline("+84 233 385 2123", "02333852123");
    ExpectLandline("024 3825 3536", "02438253536");  // Hà Nội, two-digit area code
    ExpectLandline("028 3829 1234", "02838291234");  // TP HCM
    ExpectLandline("0236.3821.234", "02363821234");  // Đà Nẵng
    ExpectLandline("0299 3822 123", "02993822123");  // Sóc Trăng, last code in the table
}

TEST(Phone, RejectsUnassignedPrefixes) {
    EXPECT_EQ(CodeOf(NormalizePhone("0301234567")), "phone.prefix");
    EXPECT_EQ(CodeOf(NormalizePhone("0311234567")), "phone.prefix");
    EXPECT_EQ(CodeOf(NormalizePhone("0571234567")), "phone.prefix");
    EXPECT_EQ(CodeOf(NormalizePhone("0751234567")), "phone.prefix");
    EXPECT_EQ(CodeOf(NormalizePhone("0801234567")), "phone.prefix");
    EXPECT_EQ(CodeOf(NormalizePhone("0612345678")), "phone.prefix");
    EXPECT_EQ(CodeOf(NormalizePhone("01687654321")), "phone.prefix");  // pre-2018 11-digit Viettel
    EXPECT_EQ(CodeOf(NormalizePhone("912345678")), "phone.prefix");    // trunk 0 left out
    EXPECT_EQ(CodeOf(NormalizePhone("1900 1234")), "phone.prefix");    // a service number
}

TEST(Phone, RejectsUnknownAreaCodes) {
    EXPECT_EQ(CodeOf(NormalizePhone("0201 234 5678")), "phone.prefix");
    EXPECT_EQ(CodeOf(NormalizePhone("0217 234 5678")), "phone.prefix");
    EXPECT_EQ(CodeOf(NormalizePhone("0295 234 5678")), "phone.prefix");
}

TEST(Phone, RejectsWrongLength) {
    EXPECT_EQ(CodeOf(NormalizePhone("")), "phone.length");
    EXPECT_EQ(CodeOf(NormalizePhone("091234567")), "phone.length");    // 9 digits
    EXPECT_EQ(CodeOf(NormalizePhone("09123456789")), "phone.length");  // 11 digits
    EXPECT_EQ(CodeOf(NormalizePhone("+84 91234567")), "phone.length");
    EXPECT_EQ(CodeOf(NormalizePhone("0233 385 212")), "phone.length");  // landline, 10 digits
    EXPECT_EQ(CodeOf(NormalizePhone("024 3825 35361")), "phone.length");
    EXPECT_EQ(CodeOf(NormalizePhone(std::string(200, '9'))), "phone.length");
}

TEST(Phone, RejectsForeignNumbers) {
    EXPECT_EQ(CodeOf(NormalizePhone("+1 212 555 0100")), "phone.country");
    EXPECT_EQ(CodeOf(NormalizePhone("+65 9123 4567")), "phone.country");
    EXPECT_EQ(CodeOf(NormalizePhone("0065 9123 4567")), "phone.country");
}

TEST(Phone, RejectsOtherCharacters) {
    EXPECT_EQ(CodeOf(NormalizePhone("0912 345 678 ext 2")), "phone.chars");
    EXPECT_EQ(CodeOf(NormalizePhone("09l2345678")), "phone.chars");  // letter l for one
    EXPECT_EQ(CodeOf(NormalizePhone("0912+345678")), "phone.chars");
    EXPECT_EQ(CodeOf(NormalizePhone("\xEF\xBC\x90\xEF\xBC\x99")), "phone.chars");  // full-width digits
}

// ---- Tax codes ------------------------------------------------------------------------------------

TEST(TaxCode, AcceptsRealCompanyCodes) {
    // Check digits worked by hand: Vinamilk Σ = 375, 375 mod 11 = 1, 10 − 1 = 9;
    // Viettel Σ = 114, mod 11 = 4, → 6; FPT Σ = 207, mod 11 = 9, → 1.
    EXPECT_EQ(CodeOf(NormalizeTaxCode("0300588569")), "ok");  // Vinamilk
    EXPECT_EQ(CodeOf(NormalizeTaxCode("0100109106")), "ok");  // Viettel
    EXPECT_EQ(CodeOf(NormalizeTaxCode("0101248141")), "ok");  // FPT
    EXPECT_EQ(CodeOf(NormalizeTaxCode("0100233488")), "ok");  // python-stdnum's example, Σ = 167 → 8
    EXPECT_EQ(*NormalizeTaxCode("0300588569"), "0300588569");
}

TEST(TaxCode, NormalisesDependentUnits) {
    EXPECT_EQ(*NormalizeTaxCode("0100109106-001"), "0100109106-001");
    EXPECT_EQ(*NormalizeTaxCode("0100109106001"), "0100109106-001");
    EXPECT_EQ(*NormalizeTaxCode(" 0100109106 - 001 "), "0100109106-001");
    EXPECT_EQ(*NormalizeTaxCode("0314409058-002"), "0314409058-002");  // Σ = 332 → 8
    EXPECT_EQ(*NormalizeTaxCode("0300 588 569"), "0300588569");
}

TEST(TaxCode, RejectsWrongCheckDigit) {
    EXPECT_EQ(CodeOf(NormalizeTaxCode("0300588560")), "tax_code.check_digit");
    EXPECT_EQ(CodeOf(NormalizeTaxCode("0100109107")), "tax_code.check_digit");
    EXPECT_EQ(CodeOf(NormalizeTaxCode("0101248142")), "tax_code.check_digit");
    EXPECT_EQ(CodeOf(NormalizeTaxCode("0100233480")), "tax_code.check_digit");
    EXPECT_EQ(CodeOf(NormalizeTaxCode("0100109107-001")), "tax_code.check_digit");
    EXPECT_EQ(CodeOf(NormalizeTaxCode("1003005885")), "tax_code.check_digit");  // digits shuffled
}

TEST(TaxCode, NoCheckDigitFitsWhenTheRemainderIsZero) {
    // 0 1 0 0 0 0 0 0 5: Σ = 1·29 + 5·3 = 44 = 4·11, so the check digit would have to be 10.
    for (char last = '0'; last <= '9'; ++last) {
        EXPECT_EQ(CodeOf(NormalizeTaxCode(std::string("010000005") + last)), "tax_code.check_digit") << last;
    }
}

TEST(TaxCode, RejectsZeroSerialAndZeroBranch) {
    // 0 1 0000000: Σ = 29, 29 mod 11 = 7, check digit 3 — right digit, but no serial number.
    EXPECT_EQ(CodeOf(NormalizeTaxCode("0100000003")), "tax_code.serial");
    EXPECT_EQ(CodeOf(NormalizeTaxCode("0100109106-000")), "tax_code.branch");
}

TEST(TaxCode, RejectsMalformedInput) {
    EXPECT_EQ(CodeOf(NormalizeTaxCode("")), "tax_code.format");
    EXPECT_EQ(CodeOf(NormalizeTaxCode("010010910")), "tax_code.format");      // 9 digits
    EXPECT_EQ(CodeOf(NormalizeTaxCode("01001091061")), "tax_code.format");    // 11 digits
    EXPECT_EQ(CodeOf(NormalizeTaxCode("0100109106-01")), "tax_code.format");  // 2-digit suffix
    EXPECT_EQ(CodeOf(NormalizeTaxCode("0100109106-0011")), "tax_code.format");
    EXPECT_EQ(CodeOf(NormalizeTaxCode("0100-109106")), "tax_code.format");  // dash misplaced
    EXPECT_EQ(CodeOf(NormalizeTaxCode("01001O9106")), "tax_code.format");   // letter O
    EXPECT_EQ(CodeOf(NormalizeTaxCode("0100109106/001")), "tax_code.format");
}

}  // namespace
}  // namespace mocua::core::text
