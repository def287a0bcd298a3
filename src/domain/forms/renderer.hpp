#pragma once
// The port through which pages and the API print forms (adapters/pdf/pdf_renderer.hpp renders PDF).
// Implementations may be called concurrently; rendering is CPU-bound (tens of milliseconds), so call it
// from a worker thread.
#include <string>

#include "core/result.hpp"
#include "domain/forms/notices.hpp"
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
};

}  // namespace mocua::domain::forms
