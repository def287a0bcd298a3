#pragma once
// `mocua backup --to FILE` and `mocua restore --from FILE [--verify-only]` (app/backup.hpp,
// docs/operations.md). Progress lines go to stderr, the summary to stdout. Exit codes: 0 done; 1 the
// installation, the database or a tool (pg_dump, pg_restore) failed; 2 the archive or the target was
// refused (damaged or tampered archive, non-empty data directory or database, wrong engine).
#include <functional>
#include <optional>

namespace CLI {
class App;
}

namespace mocua::app {

// Adds the subcommands to `cli`. After `cli.parse`, call the returned function: it runs the command
// that was chosen and returns its exit code, or nullopt when none was.
std::function<std::optional<int>()> AddBackupCommands(CLI::App& cli);

}  // namespace mocua::app
