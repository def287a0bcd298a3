#pragma once
// Mẫu 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả": the one-stop receipt handed to an applicant when a
// dossier is accepted, and the payload of the QR code printed on it.
//
// Sources (copied from the project's research notes, vietnam-rules.md §1.4 and §2.2, which cite them):
//   * Circular 01/2018/TT-VPCP, Annex: forms 01–05 are designed for electronic use and printed on A5
//     (148×210 mm). Mẫu 01 keeps its number and name in Circular 03/2025/TT-VPCP, Annex I.
//   * Fields of Mẫu 01 as rendered by provincial systems: header (authority / receiving section,
//     Quốc hiệu, Tiêu ngữ), "Số …", Mã hồ sơ, "Tiếp nhận hồ sơ của: Ông/Bà", address, phone, e-mail,
//     "Nội dung yêu cầu giải quyết", 1. components (name, original/copy, quantity), 2. number of sets,
//     3. legal time limit, 4. receipt time, 5. appointment time, 6. where the result is returned,
//     7. fees (some provinces), "Vào Sổ theo dõi hồ sơ, Quyển số … Số thứ tự …", signatures of the
//     applicant and the receiving officer, feedback hotline.
//   * Circular 01/2023/TT-VPCP Art. 26: a QR code (TCVN 7322:2009 = ISO/IEC 18004:2006) printed
//     top-left on every document the provincial system issues, carrying at least the dossier code, the
//     procedure (TTHC) code, the applicant's identifier, the document name, the issuing system's name
//     and the issue time; on the receipt also the appointment time.
//
// Thread-safety: plain data and pure functions.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/forms/form_common.hpp"

namespace mocua::domain::forms {

// How a component was handed in (the "Bản chính/Bản sao" column of Mẫu 01).
enum class CopyKind { kOriginal, kCopy, kCertifiedCopy };

struct ReceiptComponent {
    std::string name;  // "Tờ khai đăng ký khai sinh"
    CopyKind kind = CopyKind::kOriginal;
    int quantity = 1;  // >= 1
};

struct ReceiptData {
    // Header, left: the authority and its receiving section; right: Quốc hiệu and Tiêu ngữ.
    std::string authority_name;     // "ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG TRỊ"
    std::string receiving_section;  // "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"
    std::string national_name = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    std::string motto = "Độc lập - Tự do - Hạnh phúc";
    std::string place;   // "Quảng Trị": the place in "Quảng Trị, ngày … tháng … năm …"
    std::string number;  // "125/TNHS": printed as "Số: 125/TNHS"

    std::string dossier_code;    // Circular 01/2018 Art. 19, e.g. "000.00.12.H48-261127-0001"
    std::string procedure_code;  // national TTHC code, e.g. "1.001193"
    std::string applicant_name;
    std::string applicant_id;  // CCCD number or tax code: the QR's "identifier of the applicant"
    std::string address;
    std::string phone;
    std::string email;    // empty: printed as a dotted blank
    std::string request;  // "Nội dung yêu cầu giải quyết": the procedure's name

    std::vector<ReceiptComponent> components;  // at least one
    int number_of_sets = 1;                    // >= 1
    std::string legal_time_limit;              // "05 ngày làm việc"
    LocalDateTime received_at;
    LocalDateTime appointment_at;  // not before received_at
    std::string result_delivery;  // "Bộ phận tiếp nhận và trả kết quả UBND thị xã Quảng Trị"
    std::string fees;             // optional: "Lệ phí: 8.000 đồng"; empty leaves item 7 out

    std::string register_book;    // "Quyển số"
    std::string register_serial;  // "Số thứ tự"

    std::string applicant_signature_title = "NGƯỜI NỘP HỒ SƠ";
    std::string receiver_signature_title = "NGƯỜI TIẾP NHẬN HỒ SƠ";
    std::string receiver_name;  // the officer, printed under the signature space
    std::string hotline;        // "Số điện thoại đường dây nóng: 0233 3861 xxx"

    // For the QR code (Circular 01/2023 Art. 26).
    std::string issuing_system;  // "Hệ thống thông tin giải quyết TTHC tỉnh Quảng Trị"
    LocalDateTime issued_at;
    std::string lookup_url;  // optional; when set, an absolute http(s) URL where the dossier can be looked up
};

// The document name printed as the title and carried in the QR code.
inline constexpr const char* kReceiptDocumentName = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả";

// Rule codes (kMissingField, kBadTime, kBadCount, kBadUrl, kBadText) and the time formats
// (FormatIso8601, FormatVietnameseDateTime): domain/forms/form_common.hpp.

// Checks everything RenderReceipt and ReceiptQrPayload rely on: required texts (authority_name,
// receiving_section, dossier_code, procedure_code, applicant_name, applicant_id, request,
// legal_time_limit, result_delivery, issuing_system; a non-empty name for each component), valid
// times, counts >= 1, the URL's scheme, UTF-8 everywhere.
core::Result<void> ValidateReceipt(const ReceiptData& data);

// The QR payload (format "mocua-receipt/1"): one compact JSON object (RFC 8259, UTF-8, no spaces),
// keys in this order, every value a string:
//   {"fmt":"mocua-receipt/1",
//    "dossier":<dossier_code>, "procedure":<procedure_code>, "applicant":<applicant_id>,
//    "doc":"Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "system":<issuing_system>,
//    "issued":<ISO 8601 issued_at>, "appointment":<ISO 8601 appointment_at>,
//    "url":<lookup_url>}            ("url" only when lookup_url is set)
// Strings are escaped as RFC 8259 requires and no more: '"' and '\' with a backslash, U+0000–U+001F
// as \b \f \n \r \t or \u00XX; non-ASCII characters stay UTF-8 (a scanner shows them as they are), in
// NFC. Built by BuildQrPayload (form_common.hpp).
// Errors: those of ValidateReceipt.
core::Result<std::string> ReceiptQrPayload(const ReceiptData& data);

// The Vietnamese label of a copy kind: "Bản chính", "Bản sao", "Bản sao chứng thực".
const char* CopyKindLabel(CopyKind kind);

}  // namespace mocua::domain::forms
