#include "app/cli_common.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>

#include "config/config.hpp"
#include "core/ids.hpp"
#include "db/database.hpp"
#include "log/log.hpp"

namespace mocua::app {

void AddStoreOptions(CLI::App* cmd, StoreOptions& o) {
    cmd->add_option("--config", o.config_file, "TOML configuration file (see config/mocua.example.toml)");
    cmd->add_option("--data-dir", o.data_dir,
                    "Folder for the SQLite database, uploads and keys (created if missing)");
    cmd->add_option("--database", o.database,
                    "postgresql://user@host/db to use PostgreSQL instead of SQLite");
}

int Fail(const std::string& message, int code) {
    std::fprintf(stderr, "mocua: error: %s\n", message.c_str());
    return code;
}

int ExitCodeFor(const core::Error& e) {
    return e.code == core::ErrorCode::kUnavailable || e.code == core::ErrorCode::kInternal ? 1 : 2;
}

CommandContext::CommandContext() : actor(domain::audit::Actor::CommandLine("cli-" + core::NewRequestId())) {}

core::Result<void> OpenInstallation(const StoreOptions& o, CommandContext& ctx) {
    auto loaded = config::Load(o.config_file, config::ProcessEnvironment());
    if (!loaded.ok()) return loaded.error();
    config::Config c = std::move(loaded.value());
    if (!o.data_dir.empty()) c.storage.data_dir = o.data_dir;
    if (!o.database.empty()) c.database.url = o.database;
    if (auto valid = config::Validate(c); !valid.ok()) return valid.error();
    log::Init(c.log.level == "info" ? "warn" : c.log.level);  // commands print their own lines
    ctx.app = std::make_unique<App>(std::move(c));
    if (auto opened = ctx.app->Open(/*migrate=*/true); !opened.ok())
        return core::Error::Unavailable(opened.error().message);
    auto identity = IdentityStack::Create(ctx.app->database(), ctx.clock, ctx.app->config());
    if (!identity.ok()) return identity.error();
    ctx.identity = std::move(identity.value());
    return {};
}

}  // namespace mocua::app
