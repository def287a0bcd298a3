#pragma once
// The calendar commands of `mocua` (CLI11):
//   calendar holidays YEAR [--format json|text]
//   calendar deadline --from TIME (--working-days N | --days N | --working-hours N) [--unit CODE]
//                     [--pause FROM/TO]… [--format json|text]
//   calendar lunar YYYY-MM-DD [--format json|text]
//   calendar import FILE | --bundled
// JSON output is the API's (api/calendar_json.hpp). Exit codes: 0 success; 1 runtime failure
// (database unreachable …); 2 bad usage or input (the message names the option, or the file line and
// field).
#include <functional>
#include <optional>

namespace CLI {
class App;
}

namespace mocua::app {

// Adds the subcommands to `cli`. After `cli.parse`, call the returned function: it runs the calendar
// command that was chosen and returns its exit code, or nullopt when none was.
std::function<std::optional<int>()> AddCalendarCommands(CLI::App& cli);

}  // namespace mocua::app
