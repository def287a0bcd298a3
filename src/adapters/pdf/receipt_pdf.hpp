#pragma once
// Mẫu 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" as a one-page A5 PDF (Circular 01/2018/TT-VPCP;
// kept by Circular 03/2025/TT-VPCP), with the Circular 01/2023/TT-VPCP Art. 26 QR code top-left.
// Field list and sources: domain/forms/receipt.hpp. Font choice: docs/adr/0052-pdf-forms.md.
//
// Thread-safety: RenderReceipt may be called concurrently. It is CPU-bound (tens of milliseconds): call it
// from the worker pool, never on an I/O thread.
#include <string>

#include "adapters/pdf/form_layout.hpp"
#include "core/result.hpp"
#include "domain/forms/receipt.hpp"

namespace mocua::adapters::pdf {

// The receipt's options are those of every form (font family and its package): form_layout.hpp.
using ReceiptRenderOptions = FormRenderOptions;

// The title printed on the receipt (the document name in capitals).
inline constexpr const char* kReceiptTitle = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ";

// Renders the receipt and returns the PDF bytes: A5 portrait (419.53 × 595.28 pt), fonts embedded
// (subsets), the QR code (payload: domain::forms::ReceiptQrPayload) as vector squares in the top-left
// corner, metadata title "Giấy tiếp nhận hồ sơ và hẹn trả kết quả <dossier code>" and creation date
// issued_at, so the same data gives the same bytes. More components than fit on one page continue on a
// second page.
// Errors: the rule codes of domain::forms::ValidateReceipt (kInvalidArgument), and pdf.font_missing
// (kUnavailable), pdf.qr_failed, pdf.cairo from adapters/pdf/pdf_document.hpp.
core::Result<std::string> RenderReceipt(const domain::forms::ReceiptData& data,
                                        const ReceiptRenderOptions& options = {});

}  // namespace mocua::adapters::pdf
