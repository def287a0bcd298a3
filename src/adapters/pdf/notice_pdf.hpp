#pragma once
// Mẫu 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ" and Mẫu 03 "Phiếu từ chối tiếp nhận giải quyết hồ
// sơ" as A5 PDFs (Circular 01/2018/TT-VPCP; kept by Circular 03/2025/TT-VPCP), laid out like the
// receipt (form_layout.hpp) with the Circular 01/2023/TT-VPCP Art. 26 QR code top-left. Field list,
// wording and sources: domain/forms/notices.hpp. Font choice: docs/adr/0052-pdf-forms.md.
//
// Thread-safety: both functions may be called concurrently. They are CPU-bound (tens of milliseconds):
// call them from the worker pool, never on an I/O thread.
#include <string>

#include "adapters/pdf/form_layout.hpp"
#include "core/result.hpp"
#include "domain/forms/notices.hpp"

namespace mocua::adapters::pdf {

// The titles printed on the notices (the document names in capitals).
inline constexpr const char* kSupplementRequestTitle = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ";
inline constexpr const char* kRefusalTitle = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ";
inline constexpr const char* kApologyTitle = "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT";
inline constexpr const char* kStopNoticeTitle = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ";

// Render the notice and return the PDF bytes: A5 portrait (419.53 × 595.28 pt), fonts embedded
// (subsets), texts in NFC, the QR code (payload: domain::forms::SupplementQrPayload / RefusalQrPayload)
// as vector squares in the top-left corner of the first page, dated issued_at in the header, metadata
// title "<document name> <dossier code>" and creation date issued_at, so the same data gives the same
// bytes. Numbered items (Mẫu 02: what and its reason; Mẫu 03: the reasons) have a hanging indent; an item
// that does not fit at the bottom of a page moves whole to the next one, so long lists continue on a
// second page.
// Errors: the rule codes of domain::forms::ValidateSupplementRequest / ValidateRefusal
// (kInvalidArgument), and pdf.font_missing (kUnavailable), pdf.qr_failed, pdf.cairo from
// adapters/pdf/pdf_document.hpp.
core::Result<std::string> RenderSupplementRequestPdf(const domain::forms::SupplementRequestData& data,
                                                     const FormRenderOptions& options = {});
core::Result<std::string> RenderRefusalPdf(const domain::forms::RefusalData& data,
                                           const FormRenderOptions& options = {});

// Mẫu 04 "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết" and Mẫu 05 "Thông báo dừng giải
// quyết hồ sơ" (Circular 03/2025/TT-VPCP, Annex I, as reported), A5 portrait like Mẫu 01–03: a letter
// of a few paragraphs fits A5, and the desk prints all its forms on the same paper. The same layout as
// above ("Kính gửi: Ông/Bà …", the sentences, the reasons numbered), signed on the right by the head of
// the agency ("(Ký, ghi rõ họ tên và đóng dấu)"), hotline in small print. A long reason or list
// continues on a second page. Errors: those of ValidateApology / ValidateStopNotice and of the
// renderer, as above.
core::Result<std::string> RenderApologyPdf(const domain::forms::ApologyData& data,
                                           const FormRenderOptions& options = {});
core::Result<std::string> RenderStopNoticePdf(const domain::forms::StopNoticeData& data,
                                              const FormRenderOptions& options = {});

}  // namespace mocua::adapters::pdf
