#pragma once
// The receipt (biên lai) of a paid fee as an A5 PDF: the QR code of ReceiptQrPayload top-left, the
// title, the dossier, payer, fee lines, total in VND, how and when it was paid and the transaction
// reference, in Liberation Serif (docs/adr/0052-pdf-forms.md, docs/adr/0080-cashless-payments.md).
#include "adapters/pdf/form_layout.hpp"
#include "domain/payments/receipt.hpp"

namespace mocua::adapters::pdf {

class PaymentReceiptRenderer final : public domain::payments::ReceiptRenderer {
public:
    explicit PaymentReceiptRenderer(FormRenderOptions options = {}) : options_(std::move(options)) {}
    // InvalidArgument "payments.not_paid" for a request that is not paid.
    core::Result<std::string> Render(const domain::payments::PaymentRequest& request) const override;

private:
    FormRenderOptions options_;
};

}  // namespace mocua::adapters::pdf
