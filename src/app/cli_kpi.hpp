#pragma once
// `mocua kpi 766 --from DATE --to DATE [--unit CODE] [--format json|text] [--lang vi|en] [--scoring FILE]`,
// `mocua kpi dossiers INDICATOR --from DATE --to DATE [--unit CODE] [--offset N] [--limit N]` and
// `mocua kpi refresh`: Decision 766 figures (domain/kpi/kpi_service.hpp). The JSON is the API's, byte for
// byte. Exit codes: 0 done; 1 the installation cannot be used; 2 bad input (dates, unit, indicator, file).
#include <functional>
#include <optional>

namespace CLI {
class App;
}

namespace mocua::app {

// Adds the subcommands to `cli`; after `cli.parse`, the returned function runs the chosen one.
std::function<std::optional<int>()> AddKpiCommands(CLI::App& cli);

}  // namespace mocua::app
