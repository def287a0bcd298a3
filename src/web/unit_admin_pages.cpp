#include "web/unit_admin_pages.hpp"

#include <chrono>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "core/clock.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/org/units.hpp"
#include "http/router.hpp"
#include "log/log.hpp"
#include "web/format.hpp"
#include "web/page_state.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace org = domain::org;

const InputSpec kCode{
    .id = "code", .label_key = "admin.unit_code", .hint_key = "admin.unit_code_hint", .width = "10"};
const InputSpec kNameVi{.id = "name_vi", .label_key = "admin.unit_name_vi"};
const InputSpec kNameEn{.id = "name_en", .label_key = "admin.unit_name_en"};
const InputSpec kParent{
    .id = "parent", .label_key = "admin.unit_parent", .hint_key = "admin.unit_parent_hint", .width = "10"};
const InputSpec kFrom{.id = "valid_from",
                      .label_key = "admin.units_from",
                      .hint_key = "admin.unit_from_hint",
                      .type = "date",
                      .width = "10"};
const InputSpec kTo{.id = "valid_to",
                    .label_key = "admin.units_to",
                    .hint_key = "admin.unit_to_hint",
                    .type = "date",
                    .width = "10"};
const InputSpec kSuccessor{.id = "successor",
                           .label_key = "admin.successor_code",
                           .hint_key = "admin.successor_code_hint",
                           .width = "10"};
const InputSpec kEffective{.id = "effective_on",
                           .label_key = "admin.succession_effective",
                           .hint_key = "admin.succession_effective_hint",
                           .type = "date",
                           .width = "10"};

ChoiceSpec TypeSpec() {
    ChoiceSpec spec{.id = "type", .name = "type", .legend_key = "admin.units_type"};
    for (const auto t : {org::UnitType::kProvince, org::UnitType::kDistrict, org::UnitType::kCommune,
                         org::UnitType::kSpecialZone, org::UnitType::kDepartment,
                         org::UnitType::kOneStopCentre, org::UnitType::kOtherAgency}) {
        const std::string name(org::UnitTypeName(t));
        spec.options.emplace_back(name, "admin.unit_type_" + name);
    }
    return spec;
}

std::string Today(const core::Clock& clock) { return org::DateOf(clock.Now() + std::chrono::hours(7)); }

std::optional<std::string> OptionalDate(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return text;
}

// May the caller change this unit (or add a unit under it)? Unit administrators within their subtree;
// system administrators within theirs.
bool MayAdminister(const app::Services& s, const http::Request& request, std::int64_t unit_id) {
    return s.access->CanAny(DomainPrincipal(request), {"unit_admin", "system_admin"}, unit_id,
                            Today(*s.clock));
}

// The form as typed (strings), for showing it again with errors.
struct UnitForm {
    std::string code, name_vi, name_en, type, parent, valid_from, valid_to;

    static UnitForm From(const FormData& f) {
        return {f.Get("code"),   f.Get("name_vi"),    f.Get("name_en"), f.Get("type"),
                f.Get("parent"), f.Get("valid_from"), f.Get("valid_to")};
    }
};

UnitForm FormOf(org::UnitRepository& units, const org::Unit& u) {
    UnitForm f{u.code,
               u.name_vi,
               u.name_en,
               std::string(org::UnitTypeName(u.type)),
               "",
               u.valid_from.value_or(""),
               u.valid_to.value_or("")};
    if (u.parent_id) {
        if (auto parent = units.Find(*u.parent_id)) f.parent = parent->code;
    }
    return f;
}

// Maps OrgService rule codes to the field they concern and the message.
void AddServiceError(FormErrors& errors, const std::string& code) {
    if (code == "unit.code") return errors.Add(kCode.id, "admin.error_unit_code");
    if (code == "unit.code_taken") return errors.Add(kCode.id, "admin.error_unit_code_taken");
    if (code == "unit.name") return errors.Add(kNameVi.id, "admin.error_unit_name");
    if (code == "unit.type") return errors.Add("type", "admin.error_unit_type");
    if (code == "unit.parent" || code == "unit.not_found")
        return errors.Add(kParent.id, "admin.error_unit_parent");
    if (code == "unit.date") return errors.Add(kFrom.id, "admin.error_date");
    if (code == "unit.period") return errors.Add(kTo.id, "admin.error_unit_period");
    errors.Add(kCode.id, "admin.error_unit_code");
}

// Resolves the parent code typed in the form, as of the unit's first day (or today).
std::optional<std::int64_t> ResolveParent(const app::Services& s, const UnitForm& form, FormErrors& errors) {
    if (form.parent.empty()) return std::nullopt;
    const std::string as_of = org::IsValidDate(form.valid_from) ? form.valid_from : Today(*s.clock);
    auto parent = s.units->FindByCode(form.parent, as_of);
    if (!parent) {
        errors.Add(kParent.id, "admin.error_unit_parent");
        return std::nullopt;
    }
    return parent->id;
}

void CheckDates(const UnitForm& form, FormErrors& errors) {
    if (!form.valid_from.empty() && !org::IsValidDate(form.valid_from))
        errors.Add(kFrom.id, "admin.error_date");
    if (!form.valid_to.empty() && !org::IsValidDate(form.valid_to)) errors.Add(kTo.id, "admin.error_date");
}

nlohmann::json UnitFields(const Shell& shell, Language language, const UnitForm& f, const FormErrors& errors,
                          bool creating) {
    const Catalog& c = shell.catalog();
    nlohmann::json form = {{"name_vi", InputField(kNameVi, f.name_vi, errors, c, language)},
                           {"name_en", InputField(kNameEn, f.name_en, errors, c, language)},
                           {"parent", InputField(kParent, f.parent, errors, c, language)},
                           {"valid_from", InputField(kFrom, f.valid_from, errors, c, language)},
                           {"valid_to", InputField(kTo, f.valid_to, errors, c, language)}};
    if (creating) {
        form["code"] = InputField(kCode, f.code, errors, c, language);
        form["type"] = ChoiceField(TypeSpec(), {f.type}, errors, c, language);
    }
    return form;
}

// ---- Add a unit ---------------------------------------------------------------------------------

http::Response NewUnitPage(const app::Services& s, const http::Request& request, const UnitForm& form,
                           const FormErrors& errors, int status) {
    const Language language = s.web->LanguageOf(request);
    nlohmann::json data;
    data["form"] = UnitFields(*s.web, language, form, errors, true);
    data["errors"] = errors.ToJson(s.web->catalog(), language);
    return s.web->Page(request, "admin/unit-new", "admin.unit_new_title", std::move(data), status);
}

http::Response PostNewUnit(const app::Services& s, http::Request& request, const FormData& data) {
    const UnitForm form = UnitForm::From(data);
    FormErrors errors;
    if (form.code.empty()) errors.Add(kCode.id, "admin.error_unit_code");
    if (form.name_vi.empty()) errors.Add(kNameVi.id, "admin.error_unit_name");
    const auto type = org::ParseUnitType(form.type);
    if (!type) errors.Add("type", "admin.error_unit_type");
    CheckDates(form, errors);
    const auto parent = ResolveParent(s, form, errors);
    if (!errors.empty()) return NewUnitPage(s, request, form, errors, 422);
    // Under a parent: the caller must administer the parent; at the top: system administrators only.
    const bool allowed =
        parent ? MayAdminister(s, request, *parent) : request.principal->HasAnyRole({"system_admin"});
    if (!allowed) return http::Response::Empty(403);
    auto created = s.org->Create(org::NewUnit{form.code, form.name_vi, form.name_en, *type, parent,
                                              OptionalDate(form.valid_from), OptionalDate(form.valid_to)},
                                 ActorOf(request));
    if (!created.ok()) {
        if (created.error().code == core::ErrorCode::kInternal) {
            log::Get("web")->error("request_id={} unit create failed: {}", request.request_id,
                                   created.error().message);
            return http::Response::Empty(500);
        }
        AddServiceError(errors, created.error().message);
        return NewUnitPage(s, request, form, errors, 422);
    }
    return s.web->Redirect(request, "/admin/units/" + std::to_string(created->id), "flash.unit_created");
}

// ---- Edit a unit --------------------------------------------------------------------------------

nlohmann::json SuccessionRows(const app::Services& s, Language language,
                              const std::vector<org::Succession>& list, bool successors) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& link : list) {
        auto other = s.units->Find(successors ? link.successor_id : link.predecessor_id);
        if (!other) continue;
        const auto day = core::ParseUtc(link.effective_on + "T00:00:00Z");
        rows.push_back(
            {{"id", other->id},
             {"code", other->code},
             {"name", language == Language::kEn && !other->name_en.empty() ? other->name_en : other->name_vi},
             {"on", day ? FormatDate(*day) : link.effective_on}});
    }
    return rows;
}

http::Response EditUnitPage(const app::Services& s, const http::Request& request, const org::Unit& unit,
                            const UnitForm& form, const FormErrors& errors, const std::string& successor,
                            const std::string& effective_on, int status) {
    const Language language = s.web->LanguageOf(request);
    const Catalog& c = s.web->catalog();
    nlohmann::json data;
    data["unit"] = {
        {"id", unit.id},
        {"code", unit.code},
        {"name", language == Language::kEn && !unit.name_en.empty() ? unit.name_en : unit.name_vi},
        {"type", c.Get(language, "admin.unit_type_" + std::string(org::UnitTypeName(unit.type)))}};
    data["form"] = UnitFields(*s.web, language, form, errors, false);
    data["form"]["successor"] = InputField(kSuccessor, successor, errors, c, language);
    data["form"]["effective_on"] = InputField(kEffective, effective_on, errors, c, language);
    const auto successors = SuccessionRows(s, language, s.units->SuccessorsOf(unit.id), true);
    const auto predecessors = SuccessionRows(s, language, s.units->PredecessorsOf(unit.id), false);
    data["has_successors"] = !successors.empty();
    data["successors"] = successors;
    data["has_predecessors"] = !predecessors.empty();
    data["predecessors"] = predecessors;
    data["errors"] = errors.ToJson(c, language);
    return s.web->Page(request, "admin/unit-edit", "admin.unit_edit_title", std::move(data), status);
}

// The unit named by the path, when the caller may administer it (else 404 / 403 in `refusal`).
std::optional<org::Unit> EditableUnit(const app::Services& s, const http::Request& request, int& refusal) {
    auto unit = s.units->Find(request.IntParam("id"));
    if (!unit) {
        refusal = 404;
        return std::nullopt;
    }
    if (!MayAdminister(s, request, unit->id)) {
        refusal = 403;
        return std::nullopt;
    }
    return unit;
}

http::Response GetEditUnit(const app::Services& s, http::Request& request) {
    int refusal = 0;
    auto unit = EditableUnit(s, request, refusal);
    if (!unit) return http::Response::Empty(refusal);
    return EditUnitPage(s, request, *unit, FormOf(*s.units, *unit), {}, "", "", 200);
}

http::Response PostEditUnit(const app::Services& s, http::Request& request, const FormData& data) {
    int refusal = 0;
    auto unit = EditableUnit(s, request, refusal);
    if (!unit) return http::Response::Empty(refusal);
    UnitForm form = UnitForm::From(data);
    form.code = unit->code;
    form.type = std::string(org::UnitTypeName(unit->type));
    FormErrors errors;
    if (form.name_vi.empty()) errors.Add(kNameVi.id, "admin.error_unit_name");
    CheckDates(form, errors);
    const auto parent = ResolveParent(s, form, errors);
    // Moving a unit under another parent needs the right to administer the new parent too.
    if (errors.empty() && parent && parent != unit->parent_id && !MayAdminister(s, request, *parent))
        return http::Response::Empty(403);
    if (errors.empty() && !parent && unit->parent_id && !request.principal->HasAnyRole({"system_admin"}))
        return http::Response::Empty(403);
    if (!errors.empty()) return EditUnitPage(s, request, *unit, form, errors, "", "", 422);
    org::Unit changed = *unit;
    changed.name_vi = form.name_vi;
    changed.name_en = form.name_en;
    changed.parent_id = parent;
    changed.valid_from = OptionalDate(form.valid_from);
    changed.valid_to = OptionalDate(form.valid_to);
    auto saved = s.org->Update(changed, ActorOf(request));
    if (!saved.ok()) {
        if (saved.error().code == core::ErrorCode::kInternal) {
            log::Get("web")->error("request_id={} unit update failed: {}", request.request_id,
                                   saved.error().message);
            return http::Response::Empty(500);
        }
        AddServiceError(errors, saved.error().message);
        return EditUnitPage(s, request, *unit, form, errors, "", "", 422);
    }
    return s.web->Redirect(request, "/admin/units/" + std::to_string(unit->id), "flash.unit_saved");
}

http::Response PostSuccession(const app::Services& s, http::Request& request, const FormData& data) {
    int refusal = 0;
    auto unit = EditableUnit(s, request, refusal);
    if (!unit) return http::Response::Empty(refusal);
    const std::string successor_code = data.Get("successor");
    const std::string effective_on = data.Get("effective_on");
    FormErrors errors;
    if (!org::IsValidDate(effective_on)) errors.Add(kEffective.id, "admin.error_date");
    std::optional<org::Unit> successor;
    if (successor_code.empty()) {
        errors.Add(kSuccessor.id, "admin.error_successor");
    } else if (errors.empty()) {
        successor = s.units->FindByCode(successor_code, effective_on);
        if (!successor) errors.Add(kSuccessor.id, "admin.error_successor");
    }
    if (errors.empty() && !MayAdminister(s, request, successor->id)) return http::Response::Empty(403);
    if (errors.empty()) {
        auto recorded = s.org->RecordSuccession(unit->id, successor->id, effective_on, ActorOf(request));
        if (recorded.ok())
            return s.web->Redirect(request, "/admin/units/" + std::to_string(unit->id),
                                   "flash.succession_recorded");
        if (recorded.error().code == core::ErrorCode::kInternal) {
            log::Get("web")->error("request_id={} succession failed: {}", request.request_id,
                                   recorded.error().message);
            return http::Response::Empty(500);
        }
        errors.Add(kSuccessor.id, "admin.error_succession");
    }
    return EditUnitPage(s, request, *unit, FormOf(*s.units, *unit), errors, successor_code, effective_on,
                        422);
}

}  // namespace

void RegisterUnitAdminPages(http::Router& router, const app::Services& services) {
    const auto admins = http::Access::AnyRole({"unit_admin", "system_admin"});
    const Shell* shell = services.web;
    router.Get("/admin/units/new", admins,
               [services](http::Request& request) { return NewUnitPage(services, request, {}, {}, 200); });
    shell->PostForm(router, "/admin/units/new", admins,
                    [services](http::Request& request, const FormData& form) {
                        return PostNewUnit(services, request, form);
                    });
    router.Get("/admin/units/{id:int}", admins,
               [services](http::Request& request) { return GetEditUnit(services, request); });
    shell->PostForm(router, "/admin/units/{id:int}", admins,
                    [services](http::Request& request, const FormData& form) {
                        return PostEditUnit(services, request, form);
                    });
    shell->PostForm(router, "/admin/units/{id:int}/succession", admins,
                    [services](http::Request& request, const FormData& form) {
                        return PostSuccession(services, request, form);
                    });
}

}  // namespace mocua::web
