#pragma once
// `mocua dossier code-pattern show|set`: the dossier code pattern of a receiving unit, as data with an
// effective date (domain/dossier/dossier_code.hpp).
#include <functional>
#include <optional>

namespace CLI {
class App;
}

namespace mocua::app {

// Adds the subcommands to `cli`. After `cli.parse`, call the returned function: it runs the dossier
// command that was chosen and returns its exit code, or nullopt when none was.
std::function<std::optional<int>()> AddDossierCommands(CLI::App& cli);

}  // namespace mocua::app
