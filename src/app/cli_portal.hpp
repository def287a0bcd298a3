#pragma once
// `mocua import dossiers FILE.jsonl [--dry-run]` and `mocua export dossiers --from DATE --to DATE [--out
// FILE]`: dossiers in the national portal's JSON Lines format (domain/portal/portal_import.hpp,
// docs/portal-import.md). Exit codes: 0 done; 1 the installation cannot be used; 2 bad input, or some
// line was refused (import) or some dossier could not be written (export).
#include <functional>
#include <optional>

namespace CLI {
class App;
}

namespace mocua::app {

// Adds the subcommands to `cli`. After `cli.parse`, call the returned function: it runs the command
// that was chosen and returns its exit code, or nullopt when none was.
std::function<std::optional<int>()> AddPortalCommands(CLI::App& cli);

}  // namespace mocua::app
