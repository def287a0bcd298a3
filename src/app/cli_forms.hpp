#pragma once
// The printed-forms commands of `mocua` (CLI11):
//   forms receipt-sample --out FILE   write a Mẫu 01 receipt filled with made-up data, for looking at
//                                     the layout and testing printers (docs/adr/0052-pdf-forms.md)
//   forms supplement-sample --out FILE  the same for a Mẫu 02 supplement request
//   forms refusal-sample --out FILE     the same for a Mẫu 03 refusal
//   forms apology-sample --out FILE     Mẫu 04 apology and extension request
//   forms stop-sample --out FILE        Mẫu 05 notice of stopping processing
//   forms control-sample --out FILE     Mẫu 06 process-control sheet (A4 landscape)
//   forms register-sample --out FILE [--format pdf|xlsx]   Mẫu 07 register of 30 dossiers
// Exit codes: 0 success; 1 runtime failure (font missing, file not writable).
#include <functional>
#include <optional>

namespace CLI {
class App;
}

namespace mocua::app {

// Adds the subcommands to `cli`. After `cli.parse`, call the returned function: it runs the forms
// command that was chosen and returns its exit code, or nullopt when none was.
std::function<std::optional<int>()> AddFormsCommands(CLI::App& cli);

}  // namespace mocua::app
