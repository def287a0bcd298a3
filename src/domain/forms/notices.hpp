#pragma once
// Mẫu 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" and Mẫu 03 "Phiếu từ chối tiếp nhận giải quyết hồ
// sơ": the two notices the one-stop desk hands out instead of a receipt; Mẫu 04 (apology and extension)
// and Mẫu 05 (stop of processing) that the resolving agency sends; and the payload of their QR codes.
//
// Sources (copied from the project's research notes, vietnam-rules.md §1.3, §1.4 and §2.2):
//   * Reception rules: check completeness; if the dossier is incomplete, guide the applicant once, in
//     writing, using the form (no verbal refusal); if it is not in scope, direct the applicant to the
//     right agency.
//   * Circular 01/2018/TT-VPCP forms 02 and 03 (kept by Circular 03/2025/TT-VPCP, Annex I), printed on
//     A5. Wording as used by provinces: Mẫu 02 "Bộ phận tiếp nhận và trả kết quả … đã tiếp nhận hồ sơ
//     của Ông/Bà …", "Nội dung yêu cầu giải quyết: …", "Yêu cầu hoàn thiện hồ sơ gồm những nội dung
//     sau:" (numbered, each with "Lý do: …"), "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc,
//     Ông/Bà liên hệ với … số điện thoại … để được hướng dẫn.", signature "NGƯỜI HƯỚNG DẪN"; Mẫu 03
//     "… tiếp nhận hồ sơ của Ông/Bà …", "Nội dung yêu cầu giải quyết: …", "Qua xem xét, … thông báo
//     không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:", the reasons, "Xin thông báo
//     cho Ông/Bà được biết và thực hiện./.", signature "NGƯỜI TIẾP NHẬN".
//   * Circular 01/2023/TT-VPCP Art. 26: the QR code top-left with dossier code, procedure code,
//     applicant's identifier, document name, issuing system and issue time (form_common.hpp).
//
// Thread-safety: plain data and pure functions.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/forms/form_common.hpp"

namespace mocua::domain::forms {

// The apology sentence of Mẫu 04 unless the agency words its own.
inline constexpr const char* kDefaultApologyText =
    "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. Chúng tôi thành thật xin lỗi Ông/Bà và mong nhận được "
    "sự thông cảm của Ông/Bà./.";

// One thing the applicant must add or correct (a line of Mẫu 02).
struct SupplementItem {
    std::string what;  // the document or information: "Bản sao Giấy chứng nhận kết hôn của cha, mẹ"
    std::string reason;  // "Lý do: …": "Hồ sơ chưa có giấy tờ chứng minh quan hệ cha, mẹ"
};

// Mẫu 02: the dossier is incomplete; what to add, why, and whom to ask.
struct SupplementRequestData {
    FormHeader header;
    // The office named in the sentences: "Bộ phận tiếp nhận và trả kết quả UBND phường Quảng Trị"
    // (the header's receiving_section is in capitals and without the authority).
    std::string receiving_office;

    std::string dossier_code;    // Circular 01/2018 Art. 19, e.g. "000.00.12.H48-261127-0001"
    std::string procedure_code;  // national TTHC code, e.g. "1.001193"
    std::string applicant_name;
    std::string applicant_id;   // CCCD number or tax code: the QR's "identifier of the applicant"
    std::string request;        // "Nội dung yêu cầu giải quyết": the procedure's name
    LocalDateTime received_at;  // when the dossier was received or submitted online

    std::vector<SupplementItem> items;  // at least one
    std::string note;                   // optional free text, printed as "Ghi chú: …"
    std::string deadline;  // optional: "Thời hạn bổ sung, hoàn thiện hồ sơ: …" ("trước ngày 04/12/2026")

    std::string officer_name;  // người hướng dẫn: named in the contact sentence and under the signature
    std::string hotline;  // the officer's phone number in "… số điện thoại …"; empty: a dotted blank
    std::string signature_title = "NGƯỜI HƯỚNG DẪN";

    // For the QR code (Circular 01/2023 Art. 26).
    std::string issuing_system;  // "Hệ thống thông tin giải quyết TTHC tỉnh Quảng Trị"
    LocalDateTime issued_at;     // not before received_at; the date printed in the header
    std::string lookup_url;      // optional; when set, an absolute http(s) URL
};

// Mẫu 03: the desk does not accept the dossier, and says why.
struct RefusalData {
    FormHeader header;
    std::string receiving_office;  // as in SupplementRequestData

    std::string dossier_code;
    std::string procedure_code;
    std::string applicant_name;
    std::string applicant_id;
    std::string request;
    LocalDateTime received_at;

    std::vector<std::string> reasons;  // at least one, each non-empty; printed numbered

    std::string officer_name;  // under the signature
    std::string hotline;       // optional small print: "Số điện thoại liên hệ: …"
    std::string signature_title = "NGƯỜI TIẾP NHẬN";

    std::string issuing_system;
    LocalDateTime issued_at;  // not before received_at; the date printed in the header
    std::string lookup_url;   // optional
};

// Mẫu 04 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết" (Circular 03/2025/TT-VPCP, Annex I,
// as reported; it replaces the 2018 "Phiếu xin lỗi và hẹn lại ngày trả kết quả"). Rules, copied from
// vietnam-rules.md §1.5: when a dossier will be late, at least one day before the due date the competent
// agency notifies the one-stop unit in writing and sends the applicant an apology stating the reason
// and the proposed new return date; re-appointment may happen at most once (Decree 61/2018, carried
// into Decree 118/2025). Contents as fixed by HCMC's implementing rule: applicant name, type of
// dossier, receipt, reason for delay, new appointment, apology text, signed by the head of the agency.
// Being overdue never gives authority to refuse returning the result.
struct ApologyData {
    // The agency that resolves the dossier: authority_name "ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG TRỊ",
    // receiving_section "PHÒNG TƯ PHÁP", number "15/XL-TP".
    FormHeader header;
    std::string agency_name;  // in the sentences: "Phòng Tư pháp thị xã Quảng Trị"

    std::string dossier_code;
    std::string procedure_code;
    std::string applicant_name;
    std::string applicant_id;
    std::string request;  // the procedure's name
    LocalDateTime received_at;
    LocalDateTime original_appointment;  // the appointment on the receipt; after received_at
    std::string reason;                  // why the dossier is late
    LocalDateTime new_appointment;       // strictly after original_appointment
    std::string apology = kDefaultApologyText;

    std::string signer_title;  // the head of the agency: "TRƯỞNG PHÒNG"
    std::string signer_name;
    std::string hotline;  // optional small print: "Số điện thoại liên hệ: …"

    std::string issuing_system;
    LocalDateTime issued_at;  // not before received_at; the date printed in the header
    std::string lookup_url;   // optional
};

// Mẫu 05 "Thông báo dừng giải quyết hồ sơ" (Circular 03/2025/TT-VPCP, Annex I, as reported: new in
// 2025; DVCQG status 8 "Dừng xử lý", vietnam-rules.md §1.2). The annex text could not be read; the
// layout follows Mẫu 03 (reasons numbered), with an optional legal basis and the agency's signer.
struct StopNoticeData {
    FormHeader header;        // as in ApologyData
    std::string agency_name;  // as in ApologyData

    std::string dossier_code;
    std::string procedure_code;
    std::string applicant_name;
    std::string applicant_id;
    std::string request;
    LocalDateTime received_at;

    std::vector<std::string> reasons;  // at least one, each non-empty; printed numbered
    std::string legal_basis;           // optional: "Căn cứ …" (the rule that allows stopping)

    std::string signer_title;  // "TRƯỞNG PHÒNG"
    std::string signer_name;
    std::string hotline;  // optional

    std::string issuing_system;
    LocalDateTime issued_at;  // not before received_at
    std::string lookup_url;   // optional
};

// The document names printed (in capitals) as titles and carried in the QR code.
inline constexpr const char* kSupplementRequestDocumentName = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ";
inline constexpr const char* kRefusalDocumentName = "Phiếu từ chối tiếp nhận giải quyết hồ sơ";

inline constexpr const char* kApologyDocumentName =
    "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết";
inline constexpr const char* kStopNoticeDocumentName = "Thông báo dừng giải quyết hồ sơ";

// The QR format of the notices (Mẫu 02–06).
inline constexpr const char* kNoticeQrFormat = "mocua-notice/1";

// Check everything the renderers and the QR payloads rely on. Errors (rule codes of form_common.hpp):
//   kMissingField  header.authority_name, header.receiving_section, receiving_office, dossier_code,
//                  procedure_code, applicant_name, applicant_id, request, officer_name, issuing_system;
//                  "items" / "reasons" when the list is empty; "items[].what", "items[].reason",
//                  "reasons[]" for an empty entry
//   kBadTime       received_at, issued_at not real times; "issued_at before received_at"
//   kBadUrl        lookup_url set but not http(s)://…
//   kBadText       any text not valid UTF-8
// The first failing rule is reported, in the order above.
core::Result<void> ValidateSupplementRequest(const SupplementRequestData& data);
core::Result<void> ValidateRefusal(const RefusalData& data);
// Mẫu 04 and 05: as above, with agency_name, signer_title and signer_name instead of receiving_office
// and officer_name; Mẫu 04 also: kMissingField "reason", "apology"; kBadTime original_appointment,
// new_appointment not real times, "original_appointment before received_at",
// "new_appointment not after original_appointment". Mẫu 05: "reasons", "reasons[]" as Mẫu 03.
core::Result<void> ValidateApology(const ApologyData& data);
core::Result<void> ValidateStopNotice(const StopNoticeData& data);

// The QR payloads (format "mocua-notice/1"), built as the receipt's (BuildQrPayload, form_common.hpp):
//   {"fmt":"mocua-notice/1","dossier":…,"procedure":…,"applicant":<applicant_id>,
//    "doc":"Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" | "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
//    "system":…,"issued":<ISO 8601 issued_at>,"url":<lookup_url>}      ("url" only when set)
// Same escaping as the receipt; values in NFC. Errors: those of the Validate function.
core::Result<std::string> SupplementQrPayload(const SupplementRequestData& data);
core::Result<std::string> RefusalQrPayload(const RefusalData& data);
// The same for Mẫu 04 and 05, "doc" being kApologyDocumentName / kStopNoticeDocumentName.
core::Result<std::string> ApologyQrPayload(const ApologyData& data);
core::Result<std::string> StopNoticeQrPayload(const StopNoticeData& data);

}  // namespace mocua::domain::forms
