#pragma once
// What the data commands (user, token, units, audit, catalogue, calendar) share: the options naming the
// installation (--config, --data-dir, --database), opening it (configuration as in cli.cpp: defaults <
// file < environment < flags; the database, migrated; the identity services), error output and exit
// codes (1: the installation cannot be used; 2: the input is wrong).
#include <memory>
#include <string>

#include "app/app.hpp"
#include "app/identity_stack.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/result.hpp"
#include "domain/audit/audit.hpp"

namespace CLI {
class App;
}

namespace mocua::app {

struct StoreOptions {
    std::string config_file, data_dir, database;
};

void AddStoreOptions(CLI::App* cmd, StoreOptions& o);

// Prints "mocua: error: MESSAGE" on stderr and returns `code`.
int Fail(const std::string& message, int code);
int ExitCodeFor(const core::Error& e);

// An opened installation for one command. Commands that need more services derive from it.
struct CommandContext {
    std::unique_ptr<App> app;
    core::SystemClock clock;
    std::unique_ptr<IdentityStack> identity;
    domain::audit::Actor actor;  // the command line, with a fresh request id

    CommandContext();
    virtual ~CommandContext() = default;
};

// Loads the configuration, opens and migrates the database and builds the identity services into
// `ctx`. Logs at warn (commands print their own lines) unless the configuration asks for more.
core::Result<void> OpenInstallation(const StoreOptions& o, CommandContext& ctx);

}  // namespace mocua::app
