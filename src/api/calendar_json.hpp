#pragma once
// The JSON the calendar answers with, shared by the API (calendar_routes.cpp) and `mocua calendar …
// --format json` (app/cli_calendar.cpp), so both print the same document:
//   holidays  [{"date","name","name_en","kind","occasion","basis","document","source"}, …]
//   lunar     {"solar","weekday","lunar":{"day","month","year","leap"},"year_name","month_length"}
//   deadline  {"from","start","due","limit":{"unit","value"},"unit":{"code","name"}|null}
// Times are "YYYY-MM-DDTHH:MM:SS+07:00"; dates "YYYY-MM-DD". Pure functions; thread-safe.
#include <nlohmann/json.hpp>

#include "domain/calendar/calendar_service.hpp"

namespace mocua::api {

nlohmann::json HolidaysJson(const std::vector<domain::calendar::DayEntry>& days);
nlohmann::json LunarJson(domain::calendar::Date date);
nlohmann::json DeadlineJson(const domain::calendar::DeadlineAnswer& answer,
                            const domain::calendar::TimeLimit& limit);

}  // namespace mocua::api
