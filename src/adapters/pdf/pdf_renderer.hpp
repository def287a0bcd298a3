#pragma once
// domain::forms::DocumentRenderer on the PDF renderers of this folder.
#include "adapters/pdf/notice_pdf.hpp"
#include "adapters/pdf/process_control_pdf.hpp"
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
    core::Result<std::string> Apology(const domain::forms::ApologyData& data) const override {
        return RenderApologyPdf(data);
    }
    core::Result<std::string> StopNotice(const domain::forms::StopNoticeData& data) const override {
        return RenderStopNoticePdf(data);
    }
    core::Result<std::string> ProcessControl(const domain::forms::ProcessControlData& data) const override {
        return RenderProcessControlPdf(data);
    }
    core::Result<std::string> Register(const domain::forms::RegisterData& data) const override {
        return RenderRegisterPdf(data);
    }
};

}  // namespace mocua::adapters::pdf
