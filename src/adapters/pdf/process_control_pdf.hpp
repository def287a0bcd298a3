#pragma once
// Mẫu 06 "Phiếu kiểm soát quá trình giải quyết hồ sơ" and Mẫu 07 "Sổ theo dõi hồ sơ" as A4 landscape
// PDFs (Circular 01/2018/TT-VPCP prints the register on A4; the control sheet's seven columns of names
// and times do not fit A5, and landscape keeps each hand-over on one or two lines). Field lists and
// sources: domain/forms/process_control.hpp, domain/forms/dossier_register.hpp.
//
// Thread-safety: the functions may be called concurrently; CPU-bound, call them from the worker pool.
#include <string>

#include "adapters/pdf/form_layout.hpp"
#include "core/result.hpp"
#include "domain/forms/dossier_register.hpp"
#include "domain/forms/process_control.hpp"

namespace mocua::adapters::pdf {

inline constexpr const char* kProcessControlTitle = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ";
inline constexpr const char* kRegisterTitle = "SỔ THEO DÕI HỒ SƠ";

// The column headings of the control sheet's table.
inline constexpr const char* kHandOverColumnTitles[] = {
    "Tên cơ quan/bộ phận giao",
    "Tên cơ quan/bộ phận nhận",
    "Thời gian giao/nhận (HH giờ mm phút, ngày dd tháng MM năm yyyy)",
    "Kết quả (Trước hạn/Đúng hạn/Quá hạn)",
    "Người giao",
    "Người nhận",
    "Ghi chú",
};

// Mẫu 06: the QR code (ProcessControlQrPayload) top-left of page 1, the header dated issued_at, the
// title and dossier code, the dossier's lines (applicant, procedure, received, appointment), then the
// table, one row per hand-over, with room to sign under each name; rows that do not fit continue on the
// next page under a repeated header row. Pages are numbered "Trang n/N". Metadata title "<document
// name> <dossier code>", creation date issued_at (reproducible). Errors: those of
// ValidateProcessControl (kInvalidArgument), pdf.font_missing, pdf.qr_failed, pdf.cairo.
core::Result<std::string> RenderProcessControlPdf(const domain::forms::ProcessControlData& data,
                                                  const FormRenderOptions& options = {});

// Mẫu 07: the authority and the unit, the title, the period, then the register table
// (kRegisterColumnTitles; the return date with its mark "(Đúng hạn)" below it; times in Vietnam time),
// its header row repeated on every page, "Trang n/N" at the foot of every page. No QR code: the register
// is the unit's own book, not a document issued to an applicant. Metadata title "Sổ theo dõi hồ sơ
// <unit> <period>", creation date printed_at. Errors: those of ValidateRegister, pdf.font_missing,
// pdf.cairo.
core::Result<std::string> RenderRegisterPdf(const domain::forms::RegisterData& data,
                                            const FormRenderOptions& options = {});

}  // namespace mocua::adapters::pdf
