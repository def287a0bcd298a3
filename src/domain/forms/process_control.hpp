#pragma once
// Mẫu 06 "Phiếu kiểm soát quá trình giải quyết hồ sơ" (Circular 03/2025/TT-VPCP, Annex I, as reported;
// Mẫu 05 of Circular 01/2018/TT-VPCP): the sheet that travels with a dossier and records every
// hand-over between the one-stop desk and the offices that resolve it.
//
// Sources (copied from the project's research notes, vietnam-rules.md §1.4):
//   * As implemented by provincial systems: one row per hand-over — tên cơ quan/bộ phận giao, nhận;
//     thời gian giao/nhận (HH giờ mm phút, ngày dd tháng MM năm yyyy); kết quả (Trước hạn / Đúng hạn /
//     Quá hạn per step); signatures người giao / người nhận; ghi chú. Each workflow step needs its own
//     step deadline and on-time flag (the caller computes the mark).
//   * Circular 01/2023/TT-VPCP Art. 26: the QR code top-left (form_common.hpp).
//
// Thread-safety: plain data and pure functions.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/forms/form_common.hpp"

namespace mocua::domain::forms {

// One hand-over of the dossier (a row of the sheet).
struct HandOver {
    std::string from_unit;  // "Tên cơ quan/bộ phận giao": "Bộ phận tiếp nhận và trả kết quả"
    std::string to_unit;    // "Tên cơ quan/bộ phận nhận": "Phòng Tư pháp"
    LocalDateTime at;       // when it was handed over and received
    Timeliness mark = Timeliness::kNone;  // the step's result; kNone: not finished (empty cell)
    std::string giver_name;     // optional: "Người giao" (printed above the signature space)
    std::string receiver_name;  // optional: "Người nhận"
    std::string note;           // optional: "Ghi chú"
};

struct ProcessControlData {
    FormHeader header;  // the one-stop unit, as on the receipt

    std::string dossier_code;
    std::string procedure_code;
    std::string applicant_name;
    std::string applicant_id;
    std::string request;  // the procedure's name
    LocalDateTime received_at;
    LocalDateTime appointment_at;  // after received_at

    std::vector<HandOver> hand_overs;  // at least one, in time order, none before received_at

    std::string issuing_system;
    LocalDateTime issued_at;  // not before received_at; the date printed in the header
    std::string lookup_url;   // optional
};

inline constexpr const char* kProcessControlDocumentName = "Phiếu kiểm soát quá trình giải quyết hồ sơ";

// Check everything the renderer and the QR payload rely on. Errors (rule codes of form_common.hpp):
//   kMissingField  header.authority_name, header.receiving_section, dossier_code, procedure_code,
//                  applicant_name, applicant_id, request, issuing_system; "hand_overs" when empty;
//                  "hand_overs[].from_unit", "hand_overs[].to_unit"
//   kBadTime       received_at, appointment_at, issued_at, "hand_overs[].at" not real times;
//                  "appointment_at not after received_at", "issued_at before received_at",
//                  "hand_overs[].at before received_at", "hand_overs[].at before the previous hand-over"
//   kBadUrl        lookup_url set but not http(s)://…
//   kBadText       any text not valid UTF-8
// The first failing rule is reported, in the order above.
core::Result<void> ValidateProcessControl(const ProcessControlData& data);

// The QR payload, format "mocua-notice/1" with "doc":"Phiếu kiểm soát quá trình giải quyết hồ sơ"
// (BuildQrPayload). Errors: those of ValidateProcessControl.
core::Result<std::string> ProcessControlQrPayload(const ProcessControlData& data);

}  // namespace mocua::domain::forms
