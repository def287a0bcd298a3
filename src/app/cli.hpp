#pragma once
// The `mocua` command line (CLI11): serve, migrate, check-config, seed-demo, version.
// Exit codes: 0 success, 1 runtime failure (database unreachable, port taken), 2 bad configuration
// or usage.

namespace mocua::app {

int RunCli(int argc, char** argv);

}  // namespace mocua::app
