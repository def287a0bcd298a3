#pragma once
// What the one-stop reception forms (Mẫu 01 receipt, Mẫu 02 supplement request, Mẫu 03 refusal) share:
// the two-column header, local times and their two spellings, the rule codes of validation, and the
// builder of the Circular 01/2023/TT-VPCP Art. 26 QR payload.
//
// Sources (copied from the project's research notes, vietnam-rules.md §1.4 and §2.2, which cite them):
//   * Circular 01/2018/TT-VPCP, Annex: forms 01–05 are designed for electronic use and printed on A5
//     (148×210 mm); Circular 03/2025/TT-VPCP, Annex I keeps 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết
//     quả", 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", 03 "Phiếu từ chối tiếp nhận giải quyết hồ sơ".
//   * Circular 01/2023/TT-VPCP Art. 26: a QR code (TCVN 7322:2009 = ISO/IEC 18004:2006) printed
//     top-left on every document the provincial system issues, carrying at least the dossier code, the
//     procedure (TTHC) code, the applicant's identifier, the document name, the issuing system's name
//     and the issue time.
//
// Thread-safety: plain data and pure functions.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace mocua::domain::forms {

// A wall-clock time in the authority's time zone (Vietnam: UTC+07:00, no daylight saving).
struct LocalDateTime {
    int year = 0;
    int month = 0;   // 1–12
    int day = 0;     // 1–31, valid for the month
    int hour = 0;    // 0–23
    int minute = 0;  // 0–59
    int utc_offset_minutes = 7 * 60;
};

// Vietnam's offset from UTC (UTC+07:00, no daylight saving): registers and spreadsheets show times in it.
inline constexpr int kVietnamUtcOffsetMinutes = 7 * 60;

// Whether a step or a dossier finished before, on or after its deadline, as printed in the "Kết quả"
// column of Mẫu 06 and next to the return date of Mẫu 07 (vietnam-rules.md §1.4: "kết quả (Trước hạn /
// Đúng hạn / Quá hạn per step)"). The caller decides the mark (the workflow knows each step's
// deadline); kNone: not finished yet, printed as an empty cell.
enum class Timeliness { kEarly, kOnTime, kLate, kNone };

// "Trước hạn", "Đúng hạn", "Quá hạn", or "" for kNone.
const char* TimelinessLabel(Timeliness mark);

// The header of a form (Decree 30/2020 Annex I layout): left the authority and its receiving section
// and the number; right Quốc hiệu, Tiêu ngữ and "<place>, ngày … tháng … năm …".
struct FormHeader {
    std::string authority_name;     // "ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG TRỊ"
    std::string receiving_section;  // "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
    std::string national_name = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    std::string motto = "Độc lập - Tự do - Hạnh phúc";
    std::string place;   // "Quảng Trị": the place in "Quảng Trị, ngày … tháng … năm …"
    std::string number;  // "125/TNHS": printed as "Số: 125/TNHS"; empty prints a dotted blank
};

// Stable rule codes, shared by the reception forms (they keep the "receipt." prefix of Mẫu 01, where
// they were first published). Errors are ErrorCode::kInvalidArgument whose message starts with the
// code, then ": " and the field in English ("receipt.missing_field: dossier_code").
inline constexpr const char* kMissingField = "receipt.missing_field";
inline constexpr const char* kBadTime = "receipt.bad_time";    // not a real date/time, or out of order
inline constexpr const char* kBadCount = "receipt.bad_count";  // a count < 1
inline constexpr const char* kBadUrl = "receipt.bad_url";      // lookup_url not http(s)://…
inline constexpr const char* kBadText = "receipt.bad_text";    // a text is not valid UTF-8

// The error `code: detail` (kInvalidArgument).
core::Error FormRuleError(const char* code, std::string_view detail);

// A field name and its value, for the checks below.
using NamedText = std::pair<const char*, const std::string*>;
using NamedTime = std::pair<const char*, const LocalDateTime*>;

// kMissingField naming the first empty text.
core::Result<void> CheckPresent(std::initializer_list<NamedText> texts);
// kBadText naming the first text that is not valid UTF-8.
core::Result<void> CheckUtf8(std::initializer_list<NamedText> texts);
// kBadTime naming the first time that is not a real date and time with an offset within ±24 h.
core::Result<void> CheckTimes(std::initializer_list<NamedTime> times);
// CheckPresent on authority_name and receiving_section, CheckUtf8 on every header text; fields named
// "header.<field>".
core::Result<void> CheckHeaderPresent(const FormHeader& header);
core::Result<void> CheckHeaderUtf8(const FormHeader& header);

// Whether `t` is a real date and time (years 1900–2999) with an offset within ±24 h.
bool IsValidLocalDateTime(const LocalDateTime& t);
// Whether instant `a` is strictly before instant `b` (offsets taken into account). Precondition: both
// valid.
bool IsBefore(const LocalDateTime& a, const LocalDateTime& b);
// Whether `url` is empty or starts with "https://" or "http://".
bool IsEmptyOrHttpUrl(std::string_view url);

// The same instant as a wall-clock time at `offset_minutes` from UTC (kVietnamUtcOffsetMinutes for
// Vietnam time). Precondition: `t` valid, and the result within years 1900–2999.
LocalDateTime ToUtcOffset(const LocalDateTime& t, int offset_minutes);

// "27/11/2026" (the short date of registers). Precondition: a valid time.
std::string FormatShortDate(const LocalDateTime& t);
// "27/11/2026 08:30". Precondition: a valid time.
std::string FormatShortDateTime(const LocalDateTime& t);

// ISO 8601 with minutes and offset: "2026-11-27T08:30+07:00". Precondition: a valid time.
std::string FormatIso8601(const LocalDateTime& t);

// The wording of the forms: "08 giờ 30 phút, ngày 27 tháng 11 năm 2026". Precondition: a valid time.
std::string FormatVietnameseDateTime(const LocalDateTime& t);

// The date line of the header: "Quảng Trị, ngày 27 tháng 11 năm 2026" (`place` as given).
// Precondition: a valid time.
std::string FormatPlaceAndDate(std::string_view place, const LocalDateTime& t);

// The members every QR payload carries (Circular 01/2023 Art. 26 minimum), in this order.
struct QrIdentity {
    std::string_view format;  // "mocua-receipt/1", "mocua-notice/1"
    std::string_view dossier_code;
    std::string_view procedure_code;
    std::string_view applicant_id;
    std::string_view document_name;
    std::string_view issuing_system;
    LocalDateTime issued_at;      // valid
    std::string_view lookup_url;  // empty: no "url" member
};

// One compact JSON object (RFC 8259, UTF-8, no spaces), every value a string:
//   {"fmt":<format>,"dossier":…,"procedure":…,"applicant":…,"doc":<document_name>,"system":…,
//    "issued":<ISO 8601>, <extra members in order>, "url":<lookup_url>}   ("url" only when set)
// Strings are escaped as RFC 8259 requires and no more: '"' and '\' with a backslash, U+0000–U+001F
// as \b \f \n \r \t or \u00XX; non-ASCII characters stay UTF-8, in NFC (core::text::ToNfc), so a
// dossier typed on a decomposing keyboard gives the same bytes. Precondition: valid UTF-8.
std::string BuildQrPayload(const QrIdentity& id,
                           const std::vector<std::pair<std::string_view, std::string>>& extra = {});

}  // namespace mocua::domain::forms
