#pragma once
// Validators for Vietnamese identifiers typed into forms: the 12-digit personal identification number
// printed on the CCCD / căn cước card, phone numbers, and enterprise tax codes (mã số thuế).
//
// Errors: every failure is a core::Error with code ErrorCode::kInvalidArgument (HTTP 400) whose
// `message` is one of the stable rule codes below ("cccd.length", "phone.prefix", ...). The codes are
// part of the API: UI layers map them to text in the user's language, and tests compare them. They
// never contain the input, so they are safe to log (identifiers are personal data).
//
// Cost: inputs are short form fields; over-long input is refused after a few dozen characters, so
// hostile input costs little.
//
// Thread-safety: all functions are pure and may be called concurrently.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace mocua::core::text {

// ---- Personal identification number (CCCD) ----------------------------------------------------

// Rule codes. kCccdCenturySex: digit 4 disagrees with the birth year's century or with the sex.
inline constexpr std::string_view kCccdLength = "cccd.length";           // not exactly 12 characters
inline constexpr std::string_view kCccdDigits = "cccd.digits";           // a character other than 0-9
inline constexpr std::string_view kCccdProvince = "cccd.province";       // digits 1-3 name no province
inline constexpr std::string_view kCccdCenturySex = "cccd.century_sex";  // see above
inline constexpr std::string_view kCccdYear = "cccd.year";               // digits 5-6 disagree with the year

// What the first six digits of a valid number say.
struct CccdInfo {
    std::string province_code;  // "001".."096": where the birth was registered (pre-2025 code table)
    int birth_year = 0;         // 1900..2399, from digit 4 (century) and digits 5-6
    bool female = false;        // from digit 4
};

// Reads a personal identification number: exactly 12 ASCII digits, no spaces (strip separators
// before calling). Digits 1-3 must be one of the 63 province codes of Circular 07/2016/TT-BCA,
// Annex 1 (the table in force before the July 2025 province mergers; numbers already issued keep
// their codes). Digit 4 gives century and sex (0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s,
// 6/7 = 2200s, 8/9 = 2300s), digits 5-6 the last two digits of the birth year. There is no check
// digit, so a number that passes may still not exist.
// Errors: kCccdLength, kCccdDigits, kCccdProvince.
Result<CccdInfo> ParseCccd(std::string_view id);

// ParseCccd, then, when given, checks that the number agrees with the holder's birth year (both the
// century in digit 4 and digits 5-6) and sex (the parity of digit 4).
// Errors: as ParseCccd, plus kCccdCenturySex (wrong century, or wrong sex, or a birth year outside
// 1900..2399, which no digit can encode) and kCccdYear (right century, wrong two-digit year).
Result<void> ValidateCccd(std::string_view id, std::optional<int> birth_year = {},
                          std::optional<bool> female = {});

// ---- Phone numbers ------------------------------------------------------------------------------

inline constexpr std::string_view kPhoneChars = "phone.chars";      // not digits, spaces, ". - ( )", "+"
inline constexpr std::string_view kPhoneCountry = "phone.country";  // international, but not +84
inline constexpr std::string_view kPhoneLength = "phone.length";    // wrong digit count for the kind
inline constexpr std::string_view kPhonePrefix = "phone.prefix";    // no such mobile prefix / area code

enum class PhoneKind {
    kMobile,    // 10 digits: 03x, 05x, 07x, 08x, 09x
    kLandline,  // 11 digits: 02 + area code + subscriber number
};

struct PhoneNumber {
    std::string national;  // digits only, with the leading 0: "0912345678", "02333852123"
    PhoneKind kind = PhoneKind::kMobile;
};

// Accepts a Vietnamese mobile or landline number as people write it and returns it in national
// form. Accepted: "0912 345 678", "0912.345.678", "0912-345-678", "(0233) 385 2123", "+84 912345678",
// "+84 (0) 912 345 678", "0084912345678", "84912345678". Separators are ASCII spaces, tabs, dots,
// hyphens and parentheses; "+" only first. A number starting with 84 is read as international
// (national numbers always start with 0).
// Mobile: 10 digits with a prefix assigned to a mobile network (list and sources in the .cpp).
// Landline: 11 digits, 024 (Hà Nội) or 028 (TP HCM) + 8 digits, or 02 + one of the 61 other
// three-digit area codes in force since 2017 + 7 digits (e.g. 0233 for Quảng Trị).
// Short codes (113, 1900 ...), toll-free 1800 numbers and foreign numbers are rejected.
// Errors: kPhoneChars, kPhoneCountry, kPhoneLength, kPhonePrefix.
Result<PhoneNumber> NormalizePhone(std::string_view input);

// ---- Tax codes (mã số thuế) -------------------------------------------------------------------

// Rule codes. kTaxCodeFormat: not 10 digits, 13 digits, or 10 digits "-" 3 digits.
inline constexpr std::string_view kTaxCodeFormat = "tax_code.format";
inline constexpr std::string_view kTaxCodeCheckDigit = "tax_code.check_digit";  // digit 10 is wrong
inline constexpr std::string_view kTaxCodeSerial = "tax_code.serial";           // digits 3-9 all zero
inline constexpr std::string_view kTaxCodeBranch = "tax_code.branch";           // unit suffix "000"

// Validates an enterprise or organisation tax code and returns it in canonical form:
// "0100109106" (10 digits) or "0100109106-001" (a dependent unit: the parent's 10 digits, "-", 3
// digits). Accepts 10 digits, 13 digits, or 10 digits "-" 3 digits; surrounding and inner ASCII spaces
// are ignored. The 10th digit must equal 10 − (Σ wᵢ·dᵢ mod 11) with weights 31, 29, 23, 19, 17, 13,
// 7, 5, 3 over digits 1-9; when that gives 10 no valid code exists. A valid code may still be
// unregistered: only the tax authority's lookup says whether it exists.
// Individuals: from 1 July 2025 a person's 12-digit identification number serves as their tax code
// (Circular 86/2024/TT-BTC; verify). Forms that accept individuals should also accept ParseCccd.
// Errors: kTaxCodeFormat, kTaxCodeCheckDigit, kTaxCodeSerial, kTaxCodeBranch.
Result<std::string> NormalizeTaxCode(std::string_view input);

}  // namespace mocua::core::text
