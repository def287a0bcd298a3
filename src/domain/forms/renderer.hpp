#pragma once
// The port through which pages and the API print forms (adapters/pdf/pdf_renderer.hpp renders PDF).
// Implementations may be called concurrently; rendering is CPU-bound (tens of milliseconds), so call it
// from a worker thread.
#include <string>

#include "core/result.hpp"
#include "domain/forms/dossier_register.hpp"
#include "domain/forms/notices.hpp"
#include "domain/forms/process_control.hpp"
#include "domain/forms/receipt.hpp"

namespace mocua::domain::forms {

class DocumentRenderer {
public:
    virtual ~DocumentRenderer() = default;
    // Mẫu 01. Errors: those of ValidateReceipt and of the renderer.
    virtual core::Result<std::string> Receipt(const ReceiptData& data) const = 0;
    // Mẫu 02 and Mẫu 03.
    virtual core::Result<std::string> SupplementRequest(const SupplementRequestData& data) const = 0;
    virtual core::Result<std::string> Refusal(const RefusalData& data) const = 0;

    // Mẫu 04–07 (Circular 03/2025/TT-VPCP, Annex I). Errors: those of ValidateApology,
    // ValidateStopNotice, ValidateProcessControl, ValidateRegister and of the renderer. A renderer that
    // does not print a form (test doubles written before these forms existed) keeps the default, which
    // returns kInternal "forms.not_supported: <form>".
    virtual core::Result<std::string> Apology(const ApologyData& data) const;
    virtual core::Result<std::string> StopNotice(const StopNoticeData& data) const;
    virtual core::Result<std::string> ProcessControl(const ProcessControlData& data) const;
    virtual core::Result<std::string> Register(const RegisterData& data) const;
    // Mẫu 07 as an XLSX workbook, for units that keep the book as a spreadsheet.
    virtual core::Result<std::string> RegisterSpreadsheet(const RegisterData& data) const;
};

inline core::Result<std::string> DocumentRenderer::Apology(const ApologyData&) const {
    return core::Error::Internal("forms.not_supported: 04");
}
inline core::Result<std::string> DocumentRenderer::StopNotice(const StopNoticeData&) const {
    return core::Error::Internal("forms.not_supported: 05");
}
inline core::Result<std::string> DocumentRenderer::ProcessControl(const ProcessControlData&) const {
    return core::Error::Internal("forms.not_supported: 06");
}
inline core::Result<std::string> DocumentRenderer::Register(const RegisterData&) const {
    return core::Error::Internal("forms.not_supported: 07");
}
inline core::Result<std::string> DocumentRenderer::RegisterSpreadsheet(const RegisterData&) const {
    return core::Error::Internal("forms.not_supported: 07 xlsx");
}

}  // namespace mocua::domain::forms
