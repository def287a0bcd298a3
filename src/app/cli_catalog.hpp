#pragma once
// The procedure catalogue commands of `mocua` (CLI11):
//   catalogue import FILE|DIR... [--format json|csv|xlsx] [--dry-run]
//   catalogue export --format json|csv|xlsx --out PATH [--as-of YYYY-MM-DD]
//   catalogue generate [--count 418 --district 281 --commune 137 --online 344] --out FILE [--format F]
// Import problems are printed one a line, "file:line: field: message [rule]", and nothing is written.
// Exit codes: 0 success; 1 runtime failure (database unreachable …); 2 bad usage or invalid input.
#include <functional>
#include <optional>

namespace CLI {
class App;
}

namespace mocua::app {

// Adds the subcommands to `cli`. After `cli.parse`, call the returned function: it runs the catalogue
// command that was chosen and returns its exit code, or nullopt when none was.
std::function<std::optional<int>()> AddCatalogCommands(CLI::App& cli);

}  // namespace mocua::app
