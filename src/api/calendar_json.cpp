#include "api/calendar_json.hpp"

namespace mocua::api {

namespace cal = domain::calendar;

nlohmann::json HolidaysJson(const std::vector<cal::DayEntry>& days) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : days) {
        out.push_back({{"date", cal::FormatDate(d.date)},
                       {"name", d.name_vi},
                       {"name_en", d.name_en},
                       {"kind", cal::DayKindName(d.kind)},
                       {"occasion", cal::OccasionName(d.occasion)},
                       {"basis", cal::BasisName(d.basis)},
                       {"document", d.document},
                       {"source", d.source}});
    }
    return out;
}

nlohmann::json LunarJson(cal::Date date) {
    const cal::LunarDate l = cal::ToLunar(date);
    return {{"solar", cal::FormatDate(date)},
            {"weekday", cal::IsoWeekday(date)},
            {"lunar", {{"day", l.day}, {"month", l.month}, {"year", l.year}, {"leap", l.leap}}},
            {"year_name", cal::YearName(l.year)},
            {"month_length", cal::LunarMonthLength(date)}};
}

nlohmann::json DeadlineJson(const cal::DeadlineAnswer& answer, const cal::TimeLimit& limit) {
    nlohmann::json out = {
        {"from", cal::FormatVietnamTime(answer.deadline.received)},
        {"start", cal::FormatVietnamTime(answer.deadline.start)},
        {"due", cal::FormatVietnamTime(answer.deadline.due)},
        {"limit",
         {{"unit", cal::LimitUnitName(limit.unit)}, {"value", cal::FormatAmount(limit.thousandths)}}},
        {"unit", nullptr}};
    if (answer.unit) out["unit"] = {{"code", answer.unit->code}, {"name", answer.unit->name_vi}};
    return out;
}

}  // namespace mocua::api
