#include "domain/forms/receipt.hpp"

#include <initializer_list>

#include "core/text/text.hpp"

namespace mocua::domain::forms {
core::Result<void> ValidateReceipt(const ReceiptData& d) {
    const std::initializer_list<NamedText> required = {
        {"authority_name", &d.authority_name},
        {"receiving_section", &d.receiving_section},
        {"dossier_code", &d.dossier_code},
        {"procedure_code", &d.procedure_code},
        {"applicant_name", &d.applicant_name},
        {"applicant_id", &d.applicant_id},
        {"request", &d.request},
        {"legal_time_limit", &d.legal_time_limit},
        {"result_delivery", &d.result_delivery},
        {"issuing_system", &d.issuing_system},
    };
    if (auto ok = CheckPresent(required); !ok) return ok;
    if (d.components.empty()) return FormRuleError(kMissingField, "components");
    for (const auto& c : d.components) {
        if (c.name.empty()) return FormRuleError(kMissingField, "components[].name");
        if (c.quantity < 1) return FormRuleError(kBadCount, "components[].quantity");
        if (!core::text::IsValidUtf8(c.name)) return FormRuleError(kBadText, "components[].name");
    }
    if (d.number_of_sets < 1) return FormRuleError(kBadCount, "number_of_sets");

    if (auto ok = CheckTimes({{"received_at", &d.received_at},
                              {"appointment_at", &d.appointment_at},
                              {"issued_at", &d.issued_at}});
        !ok) {
        return ok;
    }
    if (IsBefore(d.appointment_at, d.received_at)) {
        return FormRuleError(kBadTime, "appointment_at before received_at");
    }
    if (!IsEmptyOrHttpUrl(d.lookup_url)) return FormRuleError(kBadUrl, "lookup_url");

    if (auto ok = CheckUtf8(required); !ok) return ok;
    return CheckUtf8({
        {"national_name", &d.national_name},
        {"motto", &d.motto},
        {"place", &d.place},
        {"number", &d.number},
        {"address", &d.address},
        {"phone", &d.phone},
        {"email", &d.email},
        {"fees", &d.fees},
        {"register_book", &d.register_book},
        {"register_serial", &d.register_serial},
        {"applicant_signature_title", &d.applicant_signature_title},
        {"receiver_signature_title", &d.receiver_signature_title},
        {"receiver_name", &d.receiver_name},
        {"hotline", &d.hotline},
        {"lookup_url", &d.lookup_url},
    });
}

core::Result<std::string> ReceiptQrPayload(const ReceiptData& d) {
    if (auto valid = ValidateReceipt(d); !valid) return valid.error();
    return BuildQrPayload({"mocua-receipt/1", d.dossier_code, d.procedure_code, d.applicant_id,
                           kReceiptDocumentName, d.issuing_system, d.issued_at, d.lookup_url},
                          {{"appointment", FormatIso8601(d.appointment_at)}});
}

const char* CopyKindLabel(CopyKind kind) {
    switch (kind) {
        case CopyKind::kOriginal:
            return "Bản chính";
        case CopyKind::kCopy:
            return "Bản sao";
        case CopyKind::kCertifiedCopy:
            return "Bản sao chứng thực";
    }
    return "";
}

}  // namespace mocua::domain::forms
