#include "web/admin_pages.hpp"

#include <charconv>
#include <chrono>

#include <nlohmann/json.hpp>

#include "app/services.hpp"
#include "core/clock.hpp"
#include "core/text/text.hpp"
#include "domain/audit/audit.hpp"
#include "domain/org/units.hpp"
#include "http/router.hpp"
#include "web/format.hpp"
#include "web/shell.hpp"

namespace mocua::web {

namespace {

namespace org = domain::org;

constexpr int kAuditRows = 100;

const InputSpec kDate{.id = "date",
                      .label_key = "admin.units_date",
                      .hint_key = "admin.units_date_hint",
                      .type = "date",
                      .width = "10"};
const InputSpec kAction{
    .id = "action", .label_key = "admin.audit_action", .hint_key = "admin.audit_action_hint", .width = "20"};
const InputSpec kAccount{
    .id = "account", .label_key = "admin.audit_account", .inputmode = "numeric", .width = "10"};

// Today in Vietnam (UTC+7), "YYYY-MM-DD".
std::string TodayInVietnam(core::TimePoint now) { return org::DateOf(now + std::chrono::hours(7)); }

std::string ShowDate(const std::optional<std::string>& iso) {
    if (!iso) return "";
    const auto t = core::ParseUtc(*iso + "T00:00:00Z");
    return t ? FormatDate(*t) : *iso;
}

void Flatten(const std::vector<org::TreeNode>& nodes, int level, Language language, const Catalog& catalog,
             nlohmann::json& rows) {
    for (const auto& node : nodes) {
        const auto& u = node.unit;
        rows.push_back(
            {{"level", level},
             {"id", u.id},
             {"code", u.code},
             {"name", language == Language::kEn && !u.name_en.empty() ? u.name_en : u.name_vi},
             {"type", catalog.Get(language, "admin.unit_type_" + std::string(org::UnitTypeName(u.type)))},
             {"from", ShowDate(u.valid_from)},
             {"to", ShowDate(u.valid_to)}});
        Flatten(node.children, level + 1, language, catalog, rows);
    }
}

http::Response UnitsPage(const app::Services& services, http::Request& request) {
    const Shell& shell = *services.web;
    const Language language = shell.LanguageOf(request);
    const auto query = request.QueryParam("date");
    std::string date = query ? core::text::CleanInput(*query) : TodayInVietnam(shell.clock().Now());
    FormErrors errors;
    if (!org::IsValidDate(date)) errors.Add(kDate.id, "admin.error_date");
    nlohmann::json data;
    data["form"] = {{"date", InputField(kDate, date, errors, shell.catalog(), language)}};
    data["errors"] = errors.ToJson(shell.catalog(), language);
    nlohmann::json rows = nlohmann::json::array();
    if (errors.empty()) {
        Flatten(services.org->TreeAsOf(date), 1, language, shell.catalog(), rows);
        data["heading"] =
            shell.catalog().Format(language, "admin.units_as_of",
                                   {{"date", ShowDate(date)}, {"count", std::to_string(rows.size())}});
    }
    data["has_rows"] = !rows.empty();
    data["rows"] = std::move(rows);
    data["searched"] = errors.empty();
    return shell.Page(request, "admin/units", "admin.units_title", std::move(data),
                      errors.empty() ? 200 : 422);
}

http::Response AuditPage(const app::Services& services, http::Request& request) {
    const Shell& shell = *services.web;
    const Language language = shell.LanguageOf(request);
    const std::string action = core::text::CleanInput(request.QueryParam("action").value_or(""));
    const std::string account = core::text::CleanInput(request.QueryParam("account").value_or(""));
    FormErrors errors;
    domain::audit::Filter filter;
    filter.action_prefix = action;
    filter.limit = kAuditRows;
    if (!account.empty()) {
        std::int64_t id = 0;
        const auto [end, ec] = std::from_chars(account.data(), account.data() + account.size(), id);
        if (ec != std::errc() || end != account.data() + account.size() || id <= 0) {
            errors.Add(kAccount.id, "admin.error_account");
        } else {
            filter.actor_account_id = id;
        }
    }
    nlohmann::json data;
    data["form"] = {{"action", InputField(kAction, action, errors, shell.catalog(), language)},
                    {"account", InputField(kAccount, account, errors, shell.catalog(), language)}};
    data["errors"] = errors.ToJson(shell.catalog(), language);
    nlohmann::json rows = nlohmann::json::array();
    if (errors.empty()) {
        for (const auto& e : services.audit->Search(filter)) {
            const auto at = core::ParseUtc(e.at);
            rows.push_back(
                {{"seq", e.seq},
                 {"at", at ? FormatDateTime(*at) : e.at},
                 {"account", e.actor_account_id ? std::to_string(*e.actor_account_id)
                                                : shell.catalog().Get(language, "admin.audit_no_account")},
                 {"action", e.action},
                 {"target", e.target_type.empty() ? "" : e.target_type + " " + e.target_id},
                 {"ip", e.ip}});
        }
    }
    data["has_rows"] = !rows.empty();
    data["rows"] = std::move(rows);
    return shell.Page(request, "admin/audit", "admin.audit_title", std::move(data),
                      errors.empty() ? 200 : 422);
}

}  // namespace

void RegisterAdminPages(http::Router& router, const app::Services& services) {
    router.Get("/admin/units", http::Access::AnyRole({"unit_admin", "system_admin"}),
               [services](http::Request& request) { return UnitsPage(services, request); });
    router.Get("/admin/audit", http::Access::AnyRole({"security_admin", "system_admin"}),
               [services](http::Request& request) { return AuditPage(services, request); });
}

}  // namespace mocua::web
