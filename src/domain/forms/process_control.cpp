#include "domain/forms/process_control.hpp"

#include "domain/forms/notices.hpp"

namespace mocua::domain::forms {

core::Result<void> ValidateProcessControl(const ProcessControlData& d) {
    if (auto ok = CheckHeaderPresent(d.header); !ok) return ok;
    if (auto ok = CheckPresent({{"dossier_code", &d.dossier_code},
                                {"procedure_code", &d.procedure_code},
                                {"applicant_name", &d.applicant_name},
                                {"applicant_id", &d.applicant_id},
                                {"request", &d.request},
                                {"issuing_system", &d.issuing_system}});
        !ok)
        return ok;
    if (d.hand_overs.empty()) return FormRuleError(kMissingField, "hand_overs");
    for (const auto& h : d.hand_overs) {
        if (auto ok = CheckPresent({{"hand_overs[].from_unit", &h.from_unit}, {"hand_overs[].to_unit", &h.to_unit}});
            !ok)
            return ok;
    }
    if (auto ok = CheckTimes(
            {{"received_at", &d.received_at}, {"appointment_at", &d.appointment_at}, {"issued_at", &d.issued_at}});
        !ok)
        return ok;
    for (const auto& h : d.hand_overs) {
        if (auto ok = CheckTimes({{"hand_overs[].at", &h.at}}); !ok) return ok;
    }
    if (!IsBefore(d.received_at, d.appointment_at))
        return FormRuleError(kBadTime, "appointment_at not after received_at");
    if (IsBefore(d.issued_at, d.received_at)) return FormRuleError(kBadTime, "issued_at before received_at");
    const LocalDateTime* previous = &d.received_at;
    for (const auto& h : d.hand_overs) {
        if (IsBefore(h.at, *previous)) {
            return FormRuleError(kBadTime, previous == &d.received_at
                                               ? "hand_overs[].at before received_at"
                                               : "hand_overs[].at before the previous hand-over");
        }
        previous = &h.at;
    }
    if (!IsEmptyOrHttpUrl(d.lookup_url)) return FormRuleError(kBadUrl, "lookup_url");
    if (auto ok = CheckHeaderUtf8(d.header); !ok) return ok;
    if (auto ok = CheckUtf8({{"dossier_code", &d.dossier_code},
                             {"procedure_code", &d.procedure_code},
                             {"applicant_name", &d.applicant_name},
                             {"applicant_id", &d.applicant_id},
                             {"request", &d.request},
                             {"issuing_system", &d.issuing_system},
                             {"lookup_url", &d.lookup_url}});
        !ok)
        return ok;
    for (const auto& h : d.hand_overs) {
        if (auto ok = CheckUtf8({{"hand_overs[].from_unit", &h.from_unit},
                                 {"hand_overs[].to_unit", &h.to_unit},
                                 {"hand_overs[].giver_name", &h.giver_name},
                                 {"hand_overs[].receiver_name", &h.receiver_name},
                                 {"hand_overs[].note", &h.note}});
            !ok)
            return ok;
    }
    return {};
}

core::Result<std::string> ProcessControlQrPayload(const ProcessControlData& d) {
    if (auto valid = ValidateProcessControl(d); !valid) return valid.error();
    return BuildQrPayload({kNoticeQrFormat, d.dossier_code, d.procedure_code, d.applicant_id,
                           kProcessControlDocumentName, d.issuing_system, d.issued_at, d.lookup_url});
}

}  // namespace mocua::domain::forms
