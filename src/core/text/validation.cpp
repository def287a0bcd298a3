#include "core/text/validation.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace mocua::core::text {
namespace {

Error Invalid(std::string_view code) { return Error::InvalidArgument(std::string(code)); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view s) { return std::all_of(s.begin(), s.end(), IsDigit); }

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// Province codes of the place where a birth was registered: Circular 07/2016/TT-BCA (1 Feb 2016,
// detailing Decree 137/2015/NĐ-CP Art. 13), Annex 1, "Danh mục mã tỉnh, thành phố trực thuộc trung
// ương nơi công dân đăng ký khai sinh", 63 entries. These are the pre-July-2025 provinces; identity
// numbers keep the code they were issued with after the mergers, so this table stays valid for
// checking numbers even though the provinces changed. Checked against the Annex as transcribed at
// moinhat123.blogspot.com/2021/03/ma-so-can-cuoc-cong-dan-quang-binh.html.
constexpr std::array<std::string_view, 63> kCccdProvinces = {
    "001",  // Hà Nội
    "002",  // Hà Giang
    "004",  // Cao Bằng
    "006",  // Bắc Kạn
    "008",  // Tuyên Quang
    "010",  // Lào Cai
    "011",  // Điện Biên
    "012",  // Lai Châu
    "014",  // Sơn La
    "015",  // Yên Bái
    "017",  // Hòa Bình
    "019",  // Thái Nguyên
    "020",  // Lạng Sơn
    "022",  // Quảng Ninh
    "024",  // Bắc Giang
    "025",  // Phú Thọ
    "026",  // Vĩnh Phúc
    "027",  // Bắc Ninh
    "030",  // Hải Dương
    "031",  // Hải Phòng
    "033",  // Hưng Yên
    "034",  // Thái Bình
    "035",  // Hà Nam
    "036",  // Nam Định
    "037",  // Ninh Bình
    "038",  // Thanh Hóa
    "040",  // Nghệ An
    "042",  // Hà Tĩnh
    "044",  // Quảng Bình
    "045",  // Quảng Trị
    "046",  // Thừa Thiên Huế
    "048",  // Đà Nẵng
    "049",  // Quảng Nam
    "051",  // Quảng Ngãi
    "052",  // Bình Định
    "054",  // Phú Yên
    "056",  // Khánh Hòa
    "058",  // Ninh Thuận
    "060",  // Bình Thuận
    "062",  // Kon Tum
    "064",  // Gia Lai
    "066",  // Đắk Lắk
    "067",  // Đắk Nông
    "068",  // Lâm Đồng
    "070",  // Bình Phước
    "072",  // Tây Ninh
    "074",  // Bình Dương
    "075",  // Đồng Nai
    "077",  // Bà Rịa - Vũng Tàu
    "079",  // Hồ Chí Minh
    "080",  // Long An
    "082",  // Tiền Giang
    "083",  // Bến Tre
    "084",  // Trà Vinh
    "086",  // Vĩnh Long
    "087",  // Đồng Tháp
    "089",  // An Giang
    "091",  // Kiên Giang
    "092",  // Cần Thơ
    "093",  // Hậu Giang
    "094",  // Sóc Trăng
    "095",  // Bạc Liêu
    "096",  // Cà Mau
};

// Mobile prefixes (first three digits in national form), as of 2025:
//   Viettel 032-039 (from 0162-0169), 086, 096, 097, 098;
//   VinaPhone 081-085 (from 0123/0124/0125/0127/0129), 088, 091, 094;
//   MobiFone 070, 076, 077, 078, 079 (from 0120/0126/0122/0128/0121), 089, 090, 093;
//   Vietnamobile 052, 056, 058 (from 0186/0188), 092; Gmobile 059 (from 0199), 099;
//   Itelecom 087; Reddi (Wintel) 055; 095 (formerly S-Fone) is accepted, as libphonenumber does.
// Sources: the MIC 11-to-10-digit conversion table of 2018 (as published by baonghean.vn, "Thông báo
// về việc chuyển đổi mã mạng"); lawnet.vn "current list of prefixes" (2023); Google libphonenumber
// PhoneNumberMetadata.xml (VN mobile pattern 3\d|5[689]|7[06-9]|8[1-8]|9[0-8] plus sub-ranges of 052,
// 055, 089 and 099). Operators get new ranges from time to time: when a citizen's real number is
// refused, add its prefix here.
constexpr std::array<std::string_view, 37> kMobilePrefixes = {
    "032", "033", "034", "035", "036", "037", "038", "039",         //
    "052", "055", "056", "058", "059",                              //
    "070", "076", "077", "078", "079",                              //
    "081", "082", "083", "084", "085", "086", "087", "088", "089",  //
    "090", "091", "092", "093", "094", "095", "096", "097", "098", "099",
};

// Three-digit landline area codes (after the trunk 0) in force since the 2017 area-code change
// (MIC Decision 2036/QĐ-BTTTT of 2016; knowledge, verify), one per pre-2025 province except Hà Nội
// (24) and TP HCM (28), which use two digits. Cross-checked with the libphonenumber VN fixed-line
// pattern. The July 2025 province mergers did not change area codes.
constexpr std::array<std::string_view, 61> kAreaCodes = {
    "203",  // Quảng Ninh
    "204",  // Bắc Giang
    "205",  // Lạng Sơn
    "206",  // Cao Bằng
    "207",  // Tuyên Quang
    "208",  // Thái Nguyên
    "209",  // Bắc Kạn
    "210",  // Phú Thọ
    "211",  // Vĩnh Phúc
    "212",  // Sơn La
    "213",  // Lai Châu
    "214",  // Lào Cai
    "215",  // Điện Biên
    "216",  // Yên Bái
    "218",  // Hòa Bình
    "219",  // Hà Giang
    "220",  // Hải Dương
    "221",  // Hưng Yên
    "222",  // Bắc Ninh
    "225",  // Hải Phòng
    "226",  // Hà Nam
    "227",  // Thái Bình
    "228",  // Nam Định
    "229",  // Ninh Bình
    "232",  // Quảng Bình
    "233",  // Quảng Trị
    "234",  // Thừa Thiên Huế
    "235",  // Quảng Nam
    "236",  // Đà Nẵng
    "237",  // Thanh Hóa
    "238",  // Nghệ An
    "239",  // Hà Tĩnh
    "251",  // Đồng Nai
    "252",  // Bình Thuận
    "254",  // Bà Rịa - Vũng Tàu
    "255",  // Quảng Ngãi
    "256",  // Bình Định
    "257",  // Phú Yên
    "258",  // Khánh Hòa
    "259",  // Ninh Thuận
    "260",  // Kon Tum
    "261",  // Đắk Nông
    "262",  // Đắk Lắk
    "263",  // Lâm Đồng
    "269",  // Gia Lai
    "270",  // Vĩnh Long
    "271",  // Bình Phước
    "272",  // Long An
    "273",  // Tiền Giang
    "274",  // Bình Dương
    "275",  // Bến Tre
    "276",  // Tây Ninh
    "277",  // Đồng Tháp
    "290",  // Cà Mau
    "291",  // Bạc Liêu
    "292",  // Cần Thơ
    "293",  // Hậu Giang
    "294",  // Trà Vinh
    "296",  // An Giang
    "297",  // Kiên Giang
    "299",  // Sóc Trăng
};

}  // namespace

Result<CccdInfo> ParseCccd(std::string_view id) {
    if (id.size() != 12) return Invalid(kCccdLength);
    if (!AllDigits(id)) return Invalid(kCccdDigits);
    const std::string_view province = id.substr(0, 3);
    if (!Contains(kCccdProvinces, province)) return Invalid(kCccdProvince);
    const int century_sex = id[3] - '0';
    const int year_in_century = (id[4] - '0') * 10 + (id[5] - '0');
    CccdInfo info;
    info.province_code = std::string(province);
    info.birth_year = 1900 + (century_sex / 2) * 100 + year_in_century;
    info.female = century_sex % 2 == 1;
    return info;
}

Result<void> ValidateCccd(std::string_view id, std::optional<int> birth_year, std::optional<bool> female) {
    Result<CccdInfo> parsed = ParseCccd(id);
    if (!parsed) return parsed.error();
    if (birth_year) {
        if (*birth_year < 1900 || *birth_year > 2399) return Invalid(kCccdCenturySex);
        if (parsed->birth_year / 100 != *birth_year / 100) return Invalid(kCccdCenturySex);
        if (parsed->birth_year != *birth_year) return Invalid(kCccdYear);
    }
    if (female && parsed->female != *female) return Invalid(kCccdCenturySex);
    return {};
}

Result<PhoneNumber> NormalizePhone(std::string_view input) {
    std::string digits;
    bool plus = false;
    for (char c : input) {
        if (IsDigit(c)) {
            digits.push_back(c);
        } else if (c == '+' && digits.empty() && !plus) {
            plus = true;
        } else if (c != ' ' && c != '\t' && c != '.' && c != '-' && c != '(' && c != ')') {
            return Invalid(kPhoneChars);
        }
        if (digits.size() > 20) return Invalid(kPhoneLength);  // keeps garbage input cheap
    }

    std::string national;
    std::string_view rest = digits;
    const bool international = plus || rest.starts_with("00") || rest.starts_with("84");
    if (international) {
        if (!plus && rest.starts_with("00")) rest.remove_prefix(2);  // "00" is the international prefix
        if (!rest.starts_with("84")) return Invalid(kPhoneCountry);
        rest.remove_prefix(2);
        if (rest.starts_with("0")) rest.remove_prefix(1);  // "+84 (0) 912 ...": the trunk 0 written anyway
        national = "0";
        national.append(rest);
    } else {
        national = digits;
    }
    if (national.size() < 3) return Invalid(kPhoneLength);
    if (national[0] != '0') return Invalid(kPhonePrefix);  // a national number without its trunk 0

    PhoneNumber result;
    if (national[1] == '2') {
        result.kind = PhoneKind::kLandline;
        if (national.size() != 11) return Invalid(kPhoneLength);
        const bool big_city = national[2] == '4' || national[2] == '8';  // 024 Hà Nội, 028 TP HCM
        if (!big_city && !Contains(kAreaCodes, std::string_view(national).substr(1, 3))) {
            return Invalid(kPhonePrefix);
        }
    } else {
        result.kind = PhoneKind::kMobile;
        const char lead = national[1];
        if (lead != '3' && lead != '5' && lead != '7' && lead != '8' && lead != '9') {
            return Invalid(kPhonePrefix);
        }
        if (national.size() != 10) return Invalid(kPhoneLength);
        if (!Contains(kMobilePrefixes, std::string_view(national).substr(0, 3))) return Invalid(kPhonePrefix);
    }
    result.national = std::move(national);
    return result;
}

Result<std::string> NormalizeTaxCode(std::string_view input) {
    std::string compact;
    for (char c : input) {
        if (c == ' ') continue;
        if (!IsDigit(c) && c != '-') return Invalid(kTaxCodeFormat);
        compact.push_back(c);
        if (compact.size() > 14) return Invalid(kTaxCodeFormat);
    }
    std::string digits;
    if (compact.size() == 14 && compact[10] == '-') {
        digits = compact.substr(0, 10) + compact.substr(11);
    } else {
        digits = compact;
    }
    if ((digits.size() != 10 && digits.size() != 13) || !AllDigits(digits)) return Invalid(kTaxCodeFormat);

    // Check digit, as used by the General Department of Taxation and implemented by python-stdnum
    // (stdnum/vn/mst.py): 10 − (Σ wᵢ·dᵢ mod 11). A remainder of 0 would need the digit 10, so no
    // valid code has it. Verified by hand against Vinamilk 0300588569, Viettel 0100109106 and FPT
    // 0101248141.
    static constexpr std::array<int, 9> kWeights = {31, 29, 23, 19, 17, 13, 7, 5, 3};
    int sum = 0;
    for (std::size_t i = 0; i < kWeights.size(); ++i) sum += kWeights[i] * (digits[i] - '0');
    const int check = 10 - sum % 11;
    if (check == 10 || check != digits[9] - '0') return Invalid(kTaxCodeCheckDigit);

    // Digits 3-9 are a serial number starting at 0000001 (python-stdnum rejects 0000000 too).
    if (digits.compare(2, 7, "0000000") == 0) return Invalid(kTaxCodeSerial);
    if (digits.size() == 13) {
        if (digits.compare(10, 3, "000") == 0) return Invalid(kTaxCodeBranch);
        return digits.substr(0, 10) + "-" + digits.substr(10);
    }
    return digits;
}

}  // namespace mocua::core::text
