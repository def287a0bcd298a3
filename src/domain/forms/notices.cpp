#include "domain/forms/notices.hpp"

#include <initializer_list>

namespace mocua::domain::forms {
namespace {

// The fields Mẫu 02 and Mẫu 03 share, so that one function checks them for both.
struct CommonRefs {
    const FormHeader& header;
    const std::string& receiving_office;
    const std::string& dossier_code;
    const std::string& procedure_code;
    const std::string& applicant_name;
    const std::string& applicant_id;
    const std::string& request;
    const std::string& officer_name;
    const std::string& issuing_system;
    const LocalDateTime& received_at;
    const LocalDateTime& issued_at;
    const std::string& lookup_url;
    const std::string& hotline;
    const std::string& signature_title;
    // How the errors name the office and the officer.
    const char* office_field = "receiving_office";
    const char* officer_field = "officer_name";
};

template <typename Notice>
CommonRefs Common(const Notice& d) {
    return {d.header,       d.receiving_office, d.dossier_code, d.procedure_code, d.applicant_name,
            d.applicant_id, d.request,          d.officer_name, d.issuing_system, d.received_at,
            d.issued_at,    d.lookup_url,       d.hotline,      d.signature_title};
}

core::Result<void> CheckCommonPresent(const CommonRefs& c) {
    if (auto ok = CheckHeaderPresent(c.header); !ok) return ok;
    return CheckPresent({{c.office_field, &c.receiving_office},
                         {"dossier_code", &c.dossier_code},
                         {"procedure_code", &c.procedure_code},
                         {"applicant_name", &c.applicant_name},
                         {"applicant_id", &c.applicant_id},
                         {"request", &c.request},
                         {c.officer_field, &c.officer_name},
                         {"issuing_system", &c.issuing_system}});
}

// Times, URL and UTF-8 of the shared fields (after the form's own lists are checked).
core::Result<void> CheckCommonRest(const CommonRefs& c) {
    if (auto ok = CheckTimes({{"received_at", &c.received_at}, {"issued_at", &c.issued_at}}); !ok) return ok;
    if (IsBefore(c.issued_at, c.received_at)) return FormRuleError(kBadTime, "issued_at before received_at");
    if (!IsEmptyOrHttpUrl(c.lookup_url)) return FormRuleError(kBadUrl, "lookup_url");
    if (auto ok = CheckHeaderUtf8(c.header); !ok) return ok;
    return CheckUtf8({{c.office_field, &c.receiving_office},
                      {"dossier_code", &c.dossier_code},
                      {"procedure_code", &c.procedure_code},
                      {"applicant_name", &c.applicant_name},
                      {"applicant_id", &c.applicant_id},
                      {"request", &c.request},
                      {c.officer_field, &c.officer_name},
                      {"issuing_system", &c.issuing_system},
                      {"lookup_url", &c.lookup_url},
                      {"hotline", &c.hotline},
                      {"signature_title", &c.signature_title}});
}

// Mẫu 04 and 05 are signed by the head of the resolving agency, named in their own fields.
template <typename Letter>
CommonRefs AgencyCommon(const Letter& d) {
    return {d.header,         d.agency_name, d.dossier_code,  d.procedure_code, d.applicant_name,
            d.applicant_id,   d.request,     d.signer_name,   d.issuing_system, d.received_at,
            d.issued_at,      d.lookup_url,  d.hotline,       d.signer_title,   "agency_name",
            "signer_name"};
}

core::Result<std::string> NoticeQrPayload(const CommonRefs& c, const char* document_name) {
    return BuildQrPayload({kNoticeQrFormat, c.dossier_code, c.procedure_code, c.applicant_id, document_name,
                           c.issuing_system, c.issued_at, c.lookup_url});
}

}  // namespace

core::Result<void> ValidateSupplementRequest(const SupplementRequestData& d) {
    const CommonRefs c = Common(d);
    if (auto ok = CheckCommonPresent(c); !ok) return ok;
    if (d.items.empty()) return FormRuleError(kMissingField, "items");
    for (const auto& item : d.items) {
        if (auto ok = CheckPresent({{"items[].what", &item.what}, {"items[].reason", &item.reason}}); !ok)
            return ok;
    }
    if (auto ok = CheckCommonRest(c); !ok) return ok;
    for (const auto& item : d.items) {
        if (auto ok = CheckUtf8({{"items[].what", &item.what}, {"items[].reason", &item.reason}}); !ok)
            return ok;
    }
    return CheckUtf8({{"note", &d.note}, {"deadline", &d.deadline}});
}

core::Result<void> ValidateRefusal(const RefusalData& d) {
    const CommonRefs c = Common(d);
    if (auto ok = CheckCommonPresent(c); !ok) return ok;
    if (d.reasons.empty()) return FormRuleError(kMissingField, "reasons");
    for (const auto& reason : d.reasons) {
        if (auto ok = CheckPresent({{"reasons[]", &reason}}); !ok) return ok;
    }
    if (auto ok = CheckCommonRest(c); !ok) return ok;
    for (const auto& reason : d.reasons) {
        if (auto ok = CheckUtf8({{"reasons[]", &reason}}); !ok) return ok;
    }
    return {};
}

core::Result<void> ValidateApology(const ApologyData& d) {
    const CommonRefs c = AgencyCommon(d);
    if (auto ok = CheckCommonPresent(c); !ok) return ok;
    if (auto ok = CheckPresent({{"signer_title", &d.signer_title}, {"reason", &d.reason}, {"apology", &d.apology}});
        !ok)
        return ok;
    if (auto ok = CheckTimes({{"original_appointment", &d.original_appointment},
                              {"new_appointment", &d.new_appointment}});
        !ok)
        return ok;
    if (auto ok = CheckCommonRest(c); !ok) return ok;
    if (IsBefore(d.original_appointment, d.received_at))
        return FormRuleError(kBadTime, "original_appointment before received_at");
    // The point of the letter: the new appointment replaces a later one, never an earlier or the same.
    if (!IsBefore(d.original_appointment, d.new_appointment))
        return FormRuleError(kBadTime, "new_appointment not after original_appointment");
    return CheckUtf8({{"reason", &d.reason}, {"apology", &d.apology}});
}

core::Result<void> ValidateStopNotice(const StopNoticeData& d) {
    const CommonRefs c = AgencyCommon(d);
    if (auto ok = CheckCommonPresent(c); !ok) return ok;
    if (auto ok = CheckPresent({{"signer_title", &d.signer_title}}); !ok) return ok;
    if (d.reasons.empty()) return FormRuleError(kMissingField, "reasons");
    for (const auto& reason : d.reasons) {
        if (auto ok = CheckPresent({{"reasons[]", &reason}}); !ok) return ok;
    }
    if (auto ok = CheckCommonRest(c); !ok) return ok;
    for (const auto& reason : d.reasons) {
        if (auto ok = CheckUtf8({{"reasons[]", &reason}}); !ok) return ok;
    }
    return CheckUtf8({{"legal_basis", &d.legal_basis}});
}

core::Result<std::string> ApologyQrPayload(const ApologyData& d) {
    if (auto valid = ValidateApology(d); !valid) return valid.error();
    return NoticeQrPayload(AgencyCommon(d), kApologyDocumentName);
}

core::Result<std::string> StopNoticeQrPayload(const StopNoticeData& d) {
    if (auto valid = ValidateStopNotice(d); !valid) return valid.error();
    return NoticeQrPayload(AgencyCommon(d), kStopNoticeDocumentName);
}

core::Result<std::string> SupplementQrPayload(const SupplementRequestData& d) {
    if (auto valid = ValidateSupplementRequest(d); !valid) return valid.error();
    return NoticeQrPayload(Common(d), kSupplementRequestDocumentName);
}

core::Result<std::string> RefusalQrPayload(const RefusalData& d) {
    if (auto valid = ValidateRefusal(d); !valid) return valid.error();
    return NoticeQrPayload(Common(d), kRefusalDocumentName);
}

}  // namespace mocua::domain::forms
