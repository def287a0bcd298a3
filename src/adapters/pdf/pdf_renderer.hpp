#pragma once
// domain::forms::DocumentRenderer on the PDF renderers of this folder.
#include "adapters/pdf/notice_pdf.hpp"
#include "adapters/pdf/receipt_pdf.hpp"
#include "domain/forms/renderer.hpp"

namespace mocua::adapters::pdf {

class PdfDocumentRenderer final : public domain::forms::DocumentRenderer {
public:
    core::Result<std::string> Receipt(const domain::forms::ReceiptData& data) const override {
        return RenderReceipt(data);
    }
    core::Result<std::string> SupplementRequest(const domain::forms::SupplementRequestData& data) const override {
        return RenderSupplementRequestPdf(data);
    }
    core::Result<std::string> Refusal(const domain::forms::RefusalData& data) const override {
        return RenderRefusalPdf(data);
    }
};

}  // namespace mocua::adapters::pdf
