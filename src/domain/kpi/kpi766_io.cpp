// The facts' JSON form (what kpi_dossier_facts keeps, so an old contribution can be subtracted exactly as
// it was added) and the catalogue side of the indicators.
#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "domain/catalog/model.hpp"
#include "domain/catalog/validation.hpp"
#include "domain/kpi/kpi766.hpp"

namespace mocua::domain::kpi {

namespace {

using nlohmann::json;

json Time(const std::optional<core::TimePoint>& t) { return t ? json(core::FormatUtc(*t)) : json(nullptr); }

std::optional<core::TimePoint> ReadTime(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return core::ParseUtc(it->get<std::string>());
}

std::optional<std::chrono::sys_days> ParseDay(std::string_view s) {
    int y = 0;
    unsigned m = 0, d = 0;
    if (s.size() != 10 || std::sscanf(std::string(s).c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3)
        return std::nullopt;
    std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::sys_days(ymd);
}

std::string FormatDay(std::chrono::sys_days d) {
    const std::chrono::year_month_day ymd{d};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

}  // namespace

std::string FactsToJson(const DossierFacts& f) {
    json j = {{"received", f.received},
              {"received_day", f.received_day},
              {"received_at", Time(f.received_at)},
              {"end_at", Time(f.end_at)},
              {"completed", f.completed},
              {"not_collected", f.result_not_collected},
              {"judged_end_at", Time(f.judged_end_at)},
              {"supplements", f.supplement_requests},
              {"supplement_s", f.supplement_time.count()},
              {"due_at", Time(f.effective_due_at)},
              {"resolution_s", f.resolution_time.count()},
              {"channel", static_cast<int>(f.channel)},
              {"online", f.online},
              {"fee_bearing", f.fee_bearing},
              {"paid_online", f.paid_online},
              {"paper_result", f.paper_result},
              {"e_result", f.e_result},
              {"digitised", f.digitised},
              {"reused", f.reused},
              {"from_store", f.from_store},
              {"vneid", f.vneid},
              {"synced", f.synced}};
    return j.dump();
}

std::optional<DossierFacts> FactsFromJson(std::string_view text) {
    auto j = json::parse(text, nullptr, false);
    if (!j.is_object()) return std::nullopt;
    try {
        DossierFacts f;
        f.received = j.at("received").get<bool>();
        f.received_day = j.at("received_day").get<std::string>();
        f.received_at = ReadTime(j, "received_at");
        f.end_at = ReadTime(j, "end_at");
        f.completed = j.at("completed").get<bool>();
        f.result_not_collected = j.at("not_collected").get<bool>();
        f.judged_end_at = ReadTime(j, "judged_end_at");
        f.supplement_requests = j.at("supplements").get<int>();
        f.supplement_time = std::chrono::seconds(j.at("supplement_s").get<std::int64_t>());
        f.effective_due_at = ReadTime(j, "due_at");
        f.resolution_time = std::chrono::seconds(j.at("resolution_s").get<std::int64_t>());
        f.channel = static_cast<portal::Channel>(j.at("channel").get<int>());
        f.online = j.at("online").get<bool>();
        f.fee_bearing = j.at("fee_bearing").get<bool>();
        f.paid_online = j.at("paid_online").get<bool>();
        f.paper_result = j.at("paper_result").get<bool>();
        f.e_result = j.at("e_result").get<bool>();
        f.digitised = j.at("digitised").get<bool>();
        f.reused = j.at("reused").get<bool>();
        f.from_store = j.at("from_store").get<bool>();
        f.vneid = j.at("vneid").get<bool>();
        f.synced = j.at("synced").get<bool>();
        return f;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

ProcedureInfo ProcedureInfoOf(const catalog::Procedure& p) {
    ProcedureInfo info;
    info.paper_result = p.result.paper;
    info.fee_bearing =
        std::any_of(p.fees.begin(), p.fees.end(), [](const catalog::Fee& f) { return f.amount_vnd > 0; });
    if (p.time_limit.unit == catalog::TimeUnit::kDays)
        info.legal_time = std::chrono::hours(24 * p.time_limit.value);
    else if (p.time_limit.unit == catalog::TimeUnit::kHours)
        info.legal_time = std::chrono::hours(p.time_limit.value);
    return info;
}

std::string AddWorkingDays(std::string_view day, int n,
                           const std::function<bool(std::string_view)>& is_working_day) {
    auto d = ParseDay(day);
    if (!d) return "";
    const int step = n < 0 ? -1 : 1;
    // A year without a working day is not a calendar; stop rather than loop for ever.
    for (int moved = 0, guard = 0; moved != n && guard < 3660; ++guard) {
        *d += std::chrono::days(step);
        if (is_working_day(FormatDay(*d))) moved += step;
    }
    return FormatDay(*d);
}

ProcedureFacts CatalogueFactsOf(const catalog::Procedure& p,
                                const std::function<bool(std::string_view)>& is_working_day) {
    ProcedureFacts f;
    f.code = p.code;
    if (p.announcement && !p.announcement->issued_on.empty()) {
        const auto& a = *p.announcement;
        f.announced = true;
        const std::string applies = a.in_force_on.empty() ? p.effective_from : a.in_force_on;
        const std::string latest = AddWorkingDays(applies, -5, is_working_day);
        f.announced_on_time = !latest.empty() && a.issued_on <= latest;
        const std::string publish_by = AddWorkingDays(a.issued_on, 5, is_working_day);
        f.published_on_time = !a.published_on.empty() && !publish_by.empty() && a.published_on <= publish_by;
    }
    // Decree 63/2010 Art. 8(2) lists the parts an applicant needs; the announcing decision is not one of
    // them (1.1 and 1.2 judge it), so only the other missing parts count against 1.3.
    const auto missing = catalog::FactsOf(p).missing;
    f.complete =
        std::all_of(missing.begin(), missing.end(), [](const std::string& m) { return m == "announcement"; });
    f.online_service = p.mode != catalog::ServiceMode::kOffline;
    f.full_online = p.mode == catalog::ServiceMode::kFullOnline;
    f.fee_bearing =
        std::any_of(p.fees.begin(), p.fees.end(), [](const catalog::Fee& fee) { return fee.amount_vnd > 0; });
    return f;
}

}  // namespace mocua::domain::kpi
