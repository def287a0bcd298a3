#include "web/calendar_pages.hpp"

#include <array>
#include <charconv>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "domain/calendar/calendar_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "http/router.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace cal = domain::calendar;
using http::Request;
using http::Response;

constexpr const char* kPath = "/admin/calendar";

const InputSpec kYear{.id = "year",
                      .label_key = "calendar.field_year",
                      .hint_key = "calendar.field_year_hint",
                      .inputmode = "numeric",
                      .width = "4"};
const InputSpec kDate{.id = "override-date",
                      .name = "date",
                      .label_key = "calendar.field_date",
                      .hint_key = "calendar.field_date_hint",
                      .width = "10"};
const InputSpec kNameVi{
    .id = "name-vi", .name = "name_vi", .label_key = "calendar.field_name_vi", .width = "30"};
const InputSpec kNameEn{
    .id = "name-en", .name = "name_en", .label_key = "calendar.field_name_en", .width = "30"};
const InputSpec kDocument{.id = "document",
                          .label_key = "calendar.field_document",
                          .hint_key = "calendar.field_document_hint",
                          .width = "30"};
const InputSpec kSource{.id = "source",
                        .label_key = "calendar.field_source",
                        .hint_key = "calendar.field_source_hint",
                        .width = "30"};
const InputSpec kUnit{
    .id = "unit", .label_key = "calendar.field_unit", .hint_key = "calendar.field_unit_hint", .width = "20"};
const InputSpec kValidFrom{.id = "valid-from",
                           .name = "valid_from",
                           .label_key = "calendar.field_valid_from",
                           .hint_key = "calendar.field_date_hint",
                           .width = "10"};
const InputSpec kValidTo{.id = "valid-to",
                         .name = "valid_to",
                         .label_key = "calendar.field_valid_to",
                         .hint_key = "calendar.field_valid_to_hint",
                         .width = "10"};

const ChoiceSpec& KindSpec() {
    static const ChoiceSpec kSpec{.id = "kind",
                                  .name = "kind",
                                  .legend_key = "calendar.field_kind",
                                  .options = {{"holiday", "calendar.kind_holiday"},
                                              {"compensatory", "calendar.kind_compensatory"},
                                              {"swap-off", "calendar.kind_swap_off"},
                                              {"swap-work", "calendar.kind_swap_work"}}};
    return kSpec;
}

const ChoiceSpec& OccasionSpec() {
    static const ChoiceSpec kSpec{
        .id = "occasion",
        .name = "occasion",
        .legend_key = "calendar.field_occasion",
        .hint_key = "calendar.field_occasion_hint",
        .options = {{"new_year", "calendar.occasion_new_year"},
                    {"tet", "calendar.occasion_tet"},
                    {"hung_kings", "calendar.occasion_hung_kings"},
                    {"reunification_labour", "calendar.occasion_reunification_labour"},
                    {"national_day", "calendar.occasion_national_day"},
                    {"other", "calendar.occasion_other"}}};
    return kSpec;
}

InputSpec HoursSpec(int weekday) {
    const std::string code(cal::WeekdayCode(weekday));
    return InputSpec{.id = "hours-" + code,
                     .name = "hours_" + code,
                     .label_key = "calendar.weekday_" + std::to_string(weekday),
                     .hint_key = weekday == 1 ? "calendar.field_hours_hint" : "",
                     .width = "20"};
}

struct OverrideInput {
    std::string date, kind, occasion, name_vi, name_en, document, source;
};

struct HoursInput {
    std::string unit, valid_from, valid_to;
    std::array<std::string, 7> hours;
};

// "dd/MM/yyyy", the pages' date format (web/format.hpp).
std::string Dmy(cal::Date d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", cal::DayOf(d) % 100, cal::MonthOf(d) % 100,
                  cal::YearOf(d) % 10000);
    return buf;
}

std::string KindKey(cal::DayKind kind) {
    std::string key(cal::DayKindName(kind));
    for (char& c : key)
        if (c == '-') c = '_';
    return "calendar.kind_" + key;
}

std::optional<int> ParseYear(const std::string& text) {
    int year = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
    if (ec != std::errc() || end != text.data() + text.size() || year < 1900 || year > 2100)
        return std::nullopt;
    return year;
}

int ThisYear(const Shell& shell) { return cal::YearOf(cal::ToVietnam(shell.clock().Now()).date); }

bool IsSystemAdmin(const Request& request) {
    return request.principal && request.principal->HasAnyRole({"system_admin"});
}

domain::audit::Actor ActorOf(const Request& request) {
    domain::audit::Actor actor;
    if (request.principal) actor.account_id = request.principal->account_id;
    actor.ip = request.remote_address;
    actor.request_id = request.request_id;
    return actor;
}

// A system_admin manages every unit's hours; a unit_admin those within the units where they hold the role.
bool MayManageUnit(const app::Services& services, const Request& request, std::int64_t unit_id) {
    if (IsSystemAdmin(request)) return true;
    if (!request.principal) return false;
    domain::identity::Principal principal;
    principal.account_id = request.principal->account_id;
    principal.grants = services.accounts->Grants(principal.account_id);
    const std::string today = cal::FormatDate(cal::ToVietnam(services.web->clock().Now()).date);
    return services.access->Can(principal, "unit_admin", unit_id, today);
}

nlohmann::json DayRows(const Shell& shell, Language language, const std::vector<cal::DayEntry>& days,
                       bool can_edit) {
    const Catalog& catalog = shell.catalog();
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& d : days) {
        const cal::LunarDate l = cal::ToLunar(d.date);
        rows.push_back(
            {{"date", Dmy(d.date)},
             {"iso", cal::FormatDate(d.date)},
             {"weekday",
              catalog.Get(language, "calendar.weekday_" + std::to_string(cal::IsoWeekday(d.date)))},
             {"lunar", catalog.Format(language, l.leap ? "calendar.lunar_leap" : "calendar.lunar",
                                      {{"day", std::to_string(l.day)}, {"month", std::to_string(l.month)}})},
             {"name", language == Language::kEn && !d.name_en.empty() ? d.name_en : d.name_vi},
             {"kind", catalog.Get(language, KindKey(d.kind))},
             {"day_off", cal::IsDayOff(d.kind)},
             {"basis", catalog.Get(language, "calendar.basis_" + std::string(cal::BasisName(d.basis)))},
             {"document", d.document},
             {"removable", can_edit && d.basis == cal::Basis::kDecision}});
    }
    return rows;
}

nlohmann::json HoursRows(const app::Services& services, const Request& request, Language language) {
    const Catalog& catalog = services.web->catalog();
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& entry : services.calendar->OfficeHoursList()) {
        nlohmann::json week = nlohmann::json::array();
        for (int d = 1; d <= 7; ++d) {
            const auto& hours = entry.hours.week.On(d);
            week.push_back({{"day", catalog.Get(language, "calendar.weekday_" + std::to_string(d))},
                            {"hours", hours.empty() ? catalog.Get(language, "calendar.closed")
                                                    : cal::FormatDayHours(hours)}});
        }
        const std::string name = language == Language::kEn && !entry.unit.name_en.empty()
                                     ? entry.unit.name_en
                                     : entry.unit.name_vi;
        rows.push_back({{"unit", catalog.Format(language, "calendar.unit_label",
                                                {{"code", entry.unit.code}, {"name", name}})},
                        {"unit_id", entry.unit.id},
                        {"from", Dmy(entry.hours.valid_from)},
                        {"from_iso", cal::FormatDate(entry.hours.valid_from)},
                        {"to", entry.hours.valid_to ? Dmy(*entry.hours.valid_to)
                                                    : catalog.Get(language, "calendar.open_ended")},
                        {"week", std::move(week)},
                        {"removable", MayManageUnit(services, request, entry.unit.id)}});
    }
    return rows;
}

Response Page(const app::Services& services, const Request& request, const std::string& year_text,
              const OverrideInput& override_in, const HoursInput& hours_in, const FormErrors& errors,
              int status) {
    const Shell& shell = *services.web;
    const Language language = shell.LanguageOf(request);
    const Catalog& catalog = shell.catalog();
    const bool can_edit = IsSystemAdmin(request);
    FormErrors all = errors;
    const auto year = ParseYear(year_text);
    if (!year) all.Add(kYear.id, "calendar.error_year");
    nlohmann::json data;
    data["form"] = {
        {"year", InputField(kYear, year_text, all, catalog, language)},
        {"date", InputField(kDate, override_in.date, all, catalog, language)},
        {"kind", ChoiceField(KindSpec(), {override_in.kind}, all, catalog, language)},
        {"occasion", ChoiceField(OccasionSpec(), {override_in.occasion}, all, catalog, language)},
        {"name_vi", InputField(kNameVi, override_in.name_vi, all, catalog, language)},
        {"name_en", InputField(kNameEn, override_in.name_en, all, catalog, language)},
        {"document", InputField(kDocument, override_in.document, all, catalog, language)},
        {"source", InputField(kSource, override_in.source, all, catalog, language)},
        {"unit", InputField(kUnit, hours_in.unit, all, catalog, language)},
        {"valid_from", InputField(kValidFrom, hours_in.valid_from, all, catalog, language)},
        {"valid_to", InputField(kValidTo, hours_in.valid_to, all, catalog, language)},
    };
    nlohmann::json hours = nlohmann::json::array();
    for (int d = 1; d <= 7; ++d)
        hours.push_back(InputField(HoursSpec(d), hours_in.hours[static_cast<std::size_t>(d - 1)], all,
                                   catalog, language));
    data["form"]["hours"] = std::move(hours);
    data["errors"] = all.ToJson(catalog, language);
    data["can_edit"] = can_edit;
    data["year"] = year ? std::to_string(*year) : std::to_string(ThisYear(shell));
    data["shown"] = year.has_value();
    if (year) {
        auto days = services.calendar->Holidays(*year);
        const auto& list = days.ok() ? days.value() : std::vector<cal::DayEntry>{};
        int off = 0;
        bool estimated = false;
        for (const auto& d : list) {
            off += cal::IsDayOff(d.kind) ? 1 : 0;
            estimated = estimated || d.basis == cal::Basis::kEstimate;
        }
        data["heading"] = catalog.Format(language, "calendar.year_heading",
                                         {{"year", std::to_string(*year)}, {"count", std::to_string(off)}});
        data["lunar_year"] =
            catalog.Format(language, "calendar.lunar_year",
                           {{"name", cal::YearName(*year)}, {"tet", Dmy(cal::LunarNewYear(*year))}});
        data["estimated"] = estimated;
        data["rows"] = DayRows(shell, language, list, can_edit);
        data["previous"] = *year > 1900 ? nlohmann::json(std::to_string(*year - 1)) : nlohmann::json(false);
        data["next"] = *year < 2100 ? nlohmann::json(std::to_string(*year + 1)) : nlohmann::json(false);
    }
    data["office_hours"] = HoursRows(services, request, language);
    data["has_office_hours"] = !data["office_hours"].empty();
    static const std::array<std::string_view, 4> kDone = {"override_saved", "override_removed", "hours_saved",
                                                          "hours_removed"};
    data["done"] = false;
    if (const auto done = request.QueryParam("done"); done && status == 200) {
        for (const auto& k : kDone)
            if (*done == k) data["done"] = catalog.Get(language, "calendar.done_" + std::string(k));
    }
    return shell.Page(request, "admin/calendar", "calendar.title", std::move(data),
                      all.empty() ? status : 422);
}

Response Done(const Shell& shell, const Request& request, const std::string& year, std::string_view what) {
    return shell.Redirect(request, std::string(kPath) + "?year=" + year + "&done=" + std::string(what));
}

Response PostOverride(const app::Services& services, Request& request, const FormData& form) {
    const Shell& shell = *services.web;
    if (!IsSystemAdmin(request)) return shell.ErrorPage(request, 403, "forbidden");
    OverrideInput in{form.Get("date"),    form.Get("kind"),     form.Get("occasion"), form.Get("name_vi"),
                     form.Get("name_en"), form.Get("document"), form.Get("source")};
    FormErrors errors;
    cal::Override o;
    const auto date = cal::ParseDate(in.date);
    if (!date || cal::YearOf(*date) < 1900 || cal::YearOf(*date) > 2100)
        errors.Add(kDate.id, "calendar.error_date");
    const auto kind = cal::ParseDayKind(in.kind);
    if (!kind) errors.Add(KindSpec().id, "calendar.error_kind");
    const auto occasion = cal::ParseOccasion(in.occasion);
    if (!occasion) errors.Add(OccasionSpec().id, "calendar.error_occasion");
    if (date && kind && occasion) {
        o = cal::Override{*date, *kind, *occasion, in.name_vi, in.name_en, in.document, in.source};
        for (const auto& [field, message] : cal::CheckOverride(o)) {
            if (field == "name_vi") errors.Add(kNameVi.id, "calendar.error_name_vi");
            if (field == "name_en") errors.Add(kNameEn.id, "calendar.error_name_en");
            if (field == "document") errors.Add(kDocument.id, "calendar.error_document");
            if (field == "source") errors.Add(kSource.id, "calendar.error_source");
            if (field == "kind") errors.Add(KindSpec().id, "calendar.error_swap_work");
            if (field == "date") errors.Add(kDate.id, "calendar.error_date");
        }
    } else if (in.name_vi.empty()) {
        errors.Add(kNameVi.id, "calendar.error_name_vi");
    }
    const std::string year = date ? std::to_string(cal::YearOf(*date)) : form.Get("year");
    if (!errors.empty()) return Page(services, request, year, in, {}, errors, 422);
    auto saved = services.calendar->PutOverride(o, ActorOf(request));
    if (!saved.ok()) return shell.ErrorPage(request, 400, "invalid");
    return Done(shell, request, year, "override_saved");
}

Response PostRemoveOverride(const app::Services& services, Request& request, const FormData& form) {
    const Shell& shell = *services.web;
    if (!IsSystemAdmin(request)) return shell.ErrorPage(request, 403, "forbidden");
    const auto date = cal::ParseDate(form.Get("date"));
    if (!date) return shell.ErrorPage(request, 400, "invalid");
    auto removed = services.calendar->RemoveOverride(*date, ActorOf(request));
    if (!removed.ok()) return shell.ErrorPage(request, 404, "not_found");
    return Done(shell, request, std::to_string(cal::YearOf(*date)), "override_removed");
}

Response PostOfficeHours(const app::Services& services, Request& request, const FormData& form) {
    const Shell& shell = *services.web;
    HoursInput in{form.Get("unit"), form.Get("valid_from"), form.Get("valid_to"), {}};
    for (int d = 1; d <= 7; ++d) in.hours[static_cast<std::size_t>(d - 1)] = form.Get(HoursSpec(d).name);
    const std::string year = form.Get("year");
    FormErrors errors;
    cal::OfficeHours hours;
    const auto from = cal::ParseDate(in.valid_from);
    if (!from || cal::YearOf(*from) < 1900 || cal::YearOf(*from) > 2100) {
        errors.Add(kValidFrom.id, "calendar.error_date");
    } else {
        hours.valid_from = *from;
    }
    if (!in.valid_to.empty()) {
        const auto to = cal::ParseDate(in.valid_to);
        if (!to || (from && *to < *from)) {
            errors.Add(kValidTo.id, "calendar.error_valid_to");
        } else {
            hours.valid_to = *to;
        }
    }
    for (int d = 1; d <= 7; ++d) {
        const auto parsed = cal::ParseDayHours(in.hours[static_cast<std::size_t>(d - 1)]);
        if (!parsed) {
            errors.Add(HoursSpec(d).id, "calendar.error_hours");
        } else {
            hours.week.days[static_cast<std::size_t>(d - 1)] = *parsed;
        }
    }
    if (errors.empty() && hours.week.Closed()) errors.Add(HoursSpec(1).id, "calendar.error_hours_closed");
    std::optional<domain::org::Unit> unit;
    if (in.unit.empty()) {
        errors.Add(kUnit.id, "calendar.error_unit");
    } else if (from) {
        unit = services.units->FindByCode(in.unit, cal::FormatDate(*from));
        if (!unit) errors.Add(kUnit.id, "calendar.error_unit");
    }
    int status = 422;
    if (unit && !MayManageUnit(services, request, unit->id)) {
        errors.Add(kUnit.id, "calendar.error_unit_forbidden");
        status = 403;
    }
    if (!errors.empty()) {
        Response r = Page(services, request, year.empty() ? std::to_string(ThisYear(shell)) : year, {}, in,
                          errors, status);
        r.status = status;
        return r;
    }
    hours.unit_id = unit->id;
    auto saved = services.calendar->PutOfficeHours(hours, ActorOf(request));
    if (!saved.ok()) return shell.ErrorPage(request, 400, "invalid");
    return Done(shell, request, year.empty() ? std::to_string(ThisYear(shell)) : year, "hours_saved");
}

Response PostRemoveOfficeHours(const app::Services& services, Request& request, const FormData& form) {
    const Shell& shell = *services.web;
    std::int64_t unit_id = 0;
    const std::string unit_text = form.Get("unit_id");
    const auto [end, ec] = std::from_chars(unit_text.data(), unit_text.data() + unit_text.size(), unit_id);
    const auto from = cal::ParseDate(form.Get("valid_from"));
    if (ec != std::errc() || end != unit_text.data() + unit_text.size() || !from)
        return shell.ErrorPage(request, 400, "invalid");
    if (!MayManageUnit(services, request, unit_id)) return shell.ErrorPage(request, 403, "forbidden");
    auto removed = services.calendar->RemoveOfficeHours(unit_id, *from, ActorOf(request));
    if (!removed.ok()) return shell.ErrorPage(request, 404, "not_found");
    const std::string year = form.Get("year");
    return Done(shell, request, year.empty() ? std::to_string(ThisYear(shell)) : year, "hours_removed");
}

}  // namespace

void RegisterCalendarPages(http::Router& router, const app::Services& services) {
    const auto admins = http::Access::AnyRole({"unit_admin", "system_admin"});
    router.Get(kPath, admins, [services](Request& request) {
        const auto year = request.QueryParam("year");
        return Page(services, request, year ? *year : std::to_string(ThisYear(*services.web)), {}, {}, {},
                    200);
    });
    const Shell& shell = *services.web;
    shell.PostForm(
        router, "/admin/calendar/overrides", admins,
        [services](Request& request, const FormData& form) { return PostOverride(services, request, form); });
    shell.PostForm(router, "/admin/calendar/overrides/remove", admins,
                   [services](Request& request, const FormData& form) {
                       return PostRemoveOverride(services, request, form);
                   });
    shell.PostForm(router, "/admin/calendar/office-hours", admins,
                   [services](Request& request, const FormData& form) {
                       return PostOfficeHours(services, request, form);
                   });
    shell.PostForm(router, "/admin/calendar/office-hours/remove", admins,
                   [services](Request& request, const FormData& form) {
                       return PostRemoveOfficeHours(services, request, form);
                   });
}

}  // namespace mocua::web
