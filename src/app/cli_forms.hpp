#pragma once
// The printed-forms commands of `mocua` (CLI11):
//   forms receipt-sample --out FILE   write a Mẫu 01 receipt filled with made-up data, for looking at
//                                     the layout and testing printers (docs/adr/0052-pdf-forms.md)
//   forms supplement-sample --out FILE  the same for a Mẫu 02 supplement request
//   forms refusal-sample --out FILE     the same for a Mẫu 03 refusal
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
