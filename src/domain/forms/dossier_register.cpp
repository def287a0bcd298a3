#include "domain/forms/dossier_register.hpp"

#include <tuple>

namespace mocua::domain::forms {
namespace {

std::tuple<int, int, int> DateOf(const LocalDateTime& t) { return {t.year, t.month, t.day}; }

}  // namespace

std::string RegisterAddressAndPhone(const RegisterRow& row) {
    if (row.address.empty()) return row.phone;
    if (row.phone.empty()) return row.address;
    return row.address + "; " + row.phone;
}

std::string RegisterPeriodLine(const RegisterData& d) {
    return "Từ ngày " + FormatShortDate(d.period_from) + " đến ngày " + FormatShortDate(d.period_to);
}

core::Result<void> ValidateRegister(const RegisterData& d) {
    if (auto ok = CheckPresent({{"authority_name", &d.authority_name}, {"unit_name", &d.unit_name}}); !ok)
        return ok;
    for (const auto& r : d.rows) {
        if (auto ok = CheckPresent({{"rows[].dossier_code", &r.dossier_code},
                                    {"rows[].procedure_name", &r.procedure_name},
                                    {"rows[].applicant_name", &r.applicant_name},
                                    {"rows[].lead_agency", &r.lead_agency}});
            !ok)
            return ok;
        if (r.number_of_sets < 1) return FormRuleError(kBadCount, "rows[].number_of_sets");
    }
    if (auto ok = CheckTimes(
            {{"period_from", &d.period_from}, {"period_to", &d.period_to}, {"printed_at", &d.printed_at}});
        !ok)
        return ok;
    if (DateOf(d.period_to) < DateOf(d.period_from)) return FormRuleError(kBadTime, "period_to before period_from");
    for (const auto& r : d.rows) {
        if (auto ok = CheckTimes({{"rows[].received_at", &r.received_at}, {"rows[].appointment_at", &r.appointment_at}});
            !ok)
            return ok;
        if (!IsBefore(r.received_at, r.appointment_at))
            return FormRuleError(kBadTime, "rows[].appointment_at not after received_at");
        const std::pair<const char*, const std::optional<LocalDateTime>*> later[] = {
            {"rows[].transferred_at", &r.transferred_at},
            {"rows[].result_at", &r.result_at},
            {"rows[].returned_at", &r.returned_at}};
        for (const auto& [name, t] : later) {
            if (!t->has_value()) continue;
            if (!IsValidLocalDateTime(**t)) return FormRuleError(kBadTime, name);
            if (IsBefore(**t, r.received_at)) return FormRuleError(kBadTime, std::string(name) + " before received_at");
        }
    }
    if (auto ok = CheckUtf8({{"authority_name", &d.authority_name}, {"unit_name", &d.unit_name}}); !ok) return ok;
    for (const auto& r : d.rows) {
        if (auto ok = CheckUtf8({{"rows[].dossier_code", &r.dossier_code},
                                 {"rows[].procedure_name", &r.procedure_name},
                                 {"rows[].applicant_name", &r.applicant_name},
                                 {"rows[].address", &r.address},
                                 {"rows[].phone", &r.phone},
                                 {"rows[].lead_agency", &r.lead_agency},
                                 {"rows[].note", &r.note}});
            !ok)
            return ok;
    }
    return {};
}

}  // namespace mocua::domain::forms
