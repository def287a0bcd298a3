#pragma once
// domain::forms::DocumentRenderer on the PDF renderers of this folder, and the register's spreadsheet
// (adapters/registers/; link mocua_registers with mocua_pdf where this header is used).
#include "adapters/pdf/notice_pdf.hpp"
#include "adapters/pdf/process_control_pdf.hpp"
#include "adapters/pdf/receipt_pdf.hpp"
#include "adapters/registers/register_xlsx.hpp"
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
    core::Result<std::string> RegisterSpreadsheet(const domain::forms::RegisterData& data) const override {
        return registers::RenderRegisterXlsx(data);
    }
};

}  // namespace mocua::adapters::pdf
