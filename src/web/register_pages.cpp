#include "web/register_pages.hpp"

#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "domain/calendar/dates.hpp"
#include "domain/dossier/dossier_service.hpp"
#include "domain/forms/renderer.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/org/units.hpp"
#include "http/router.hpp"
#include "web/dossier_pages_common.hpp"
#include "web/eform_view.hpp"
#include "web/forms.hpp"
#include "web/page_state.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace dossier = domain::dossier;
using nlohmann::json;

http::Response RegisterPage(const app::Services& s, http::Request& request) {
    const auto principal = DomainPrincipal(request);
    const auto caller = CallerOf(s, request, principal);
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    const auto vietnam_today = domain::calendar::ToVietnam(s.clock->Now()).date;
    const std::string today = domain::calendar::FormatDate(vietnam_today);

    // The receiving units whose dossiers the viewer may read: one-stop centres and communes.
    std::vector<domain::org::Unit> units;
    for (auto& u : s.units->ValidOn(today)) {
        const bool receiving =
            u.type == domain::org::UnitType::kOneStopCentre || u.type == domain::org::UnitType::kCommune;
        if (receiving && s.access->CanAny(principal, dossier::StaffReaderRoles(), u.id, today)) units.push_back(u);
    }

    const bool submitted = request.QueryParam("unit").has_value();
    const std::string unit_code = request.QueryParam("unit").value_or(units.empty() ? "" : units.front().code);
    // The default period: this month so far.
    const std::string from = request.QueryParam("from").value_or(today.substr(0, 8) + "01");
    const std::string to = request.QueryParam("to").value_or(today);
    const std::string format = request.QueryParam("format").value_or("pdf");

    FormErrors errors;
    if (submitted) {
        const domain::org::Unit* unit = nullptr;
        for (const auto& u : units) {
            if (u.code == unit_code) unit = &u;
        }
        if (!unit) errors.Add("unit", "register.error.unit");
        if (format != "pdf" && format != "xlsx") errors.Add("format", "register.error.format");
        if (errors.empty()) {
            auto data = s.dossiers->Register(caller, unit->id, from, to);
            if (!data.ok()) {
                if (data.error().message != "register.period") return Failure(request, data.error());
                errors.Add("from", "register.error.period");
            } else {
                auto bytes = format == "xlsx" ? s.documents->RegisterSpreadsheet(*data) : s.documents->Register(*data);
                if (!bytes.ok()) return Failure(request, core::Error::Internal(bytes.error().message));
                http::Response r = http::Response::Text(
                    200, std::move(*bytes),
                    format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                     : "application/pdf");
                r.SetHeader("Content-Disposition", "attachment; filename=\"so-theo-doi-" + unit->code + "-" + from +
                                                       "-" + to + "." + format + "\"");
                r.SetHeader("Cache-Control", "private, no-store");
                return r;
            }
        }
    }

    json data;
    json options = json::array();
    for (const auto& u : units) {
        options.push_back({{"value", u.code},
                           {"label", Localised(language, u.name_vi, u.name_en)},
                           {"selected", u.code == unit_code}});
    }
    data["units"] = std::move(options);
    data["has_units"] = !units.empty();
    std::string unit_error;
    if (const std::string* key = errors.For("unit")) unit_error = c.Get(language, *key);
    data["unit_error"] = unit_error.empty() ? json(false) : json(unit_error);
    data["from"] = InputField({.id = "from", .label_key = "register.from", .type = "date", .width = "10"}, from, errors,
                              c, language);
    data["to"] = InputField({.id = "to", .label_key = "register.to", .type = "date", .width = "10"}, to, errors, c,
                            language);
    data["format"] = ChoiceField({.id = "format", .name = "format", .legend_key = "register.format",
                                  .options = {{"pdf", "register.format_pdf"}, {"xlsx", "register.format_xlsx"}}},
                                 {format}, errors, c, language);
    data["errors"] = errors.ToJson(c, language);
    return s.web->Page(request, "processing/register", "register.title", std::move(data), errors.empty() ? 200 : 422);
}

}  // namespace

void RegisterRegisterPages(http::Router& router, const app::Services& services) {
    router.Get("/work/register", http::Access::AnyRole(StaffRoles()),
               [services](http::Request& request) { return RegisterPage(services, request); });
}

}  // namespace mocua::web
