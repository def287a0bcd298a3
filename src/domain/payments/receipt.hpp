#pragma once
// The electronic receipt (biên lai) of a paid payment request: what it prints and its QR payload
// (issue 9). The PDF is drawn by the ReceiptRenderer port (adapters/pdf/payment_receipt_pdf.hpp).
//
// Decree 123/2020 and Circular 78/2021 govern receipts of fees and charges; their field list was not
// retrieved (vietnam-rules.md §8), so this receipt prints what the payment record holds and says that it
// is the system's proof of payment.
#include <string>

#include "core/result.hpp"
#include "domain/payments/model.hpp"

namespace mocua::domain::payments {

// Compact JSON for the QR code: {"t":"mocua-payment/1","ref":…,"dossier":…,"amount":…,"paid":…,"via":…}
// (keys in that order; amount in VND as a number). Precondition: request.state == kPaid.
std::string ReceiptQrPayload(const PaymentRequest& request);

class ReceiptRenderer {
public:
    virtual ~ReceiptRenderer() = default;
    // The receipt of a paid request as PDF bytes. Errors as the PDF adapter's (pdf.font_missing, …).
    virtual core::Result<std::string> Render(const PaymentRequest& request) const = 0;
};

}  // namespace mocua::domain::payments
