#pragma once
// The identity commands of `mocua` (CLI11):
//   user add --kind citizen|business|staff --email E [--name N] [--cccd C] [--tax-code T] [--phone P]
//            [--unit CODE --role ROLE] [--password-stdin]
//   user reset-password --email E      user disable --email E      user enable --email E
//   user list [--kind K] [--query Q]   user grant --email E --role R --unit CODE
//   user reset-totp --email E
//   token create --email E [--expires DAYS] [--label L]
//   units import FILE.csv [--valid-from YYYY-MM-DD]
//   audit verify
// Exit codes: 0 success; 1 runtime failure (database unreachable …); 2 bad usage, configuration or
// input (the message names the field or file line); 3 `audit verify` found the chain broken.
#include <functional>
#include <optional>

namespace CLI {
class App;
}

namespace mocua::app {

// Adds the subcommands to `cli`. After `cli.parse`, call the returned function: it runs the identity
// command that was chosen and returns its exit code, or nullopt when none was.
std::function<std::optional<int>()> AddIdentityCommands(CLI::App& cli);

}  // namespace mocua::app
