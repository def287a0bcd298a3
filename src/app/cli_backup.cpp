#include "app/cli_backup.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "app/app.hpp"
#include "app/backup.hpp"
#include "app/cli_common.hpp"
#include "config/config.hpp"
#include "log/log.hpp"

namespace mocua::app {

namespace {

struct Options : StoreOptions {
    std::string to, from;
    bool verify_only = false;
};

// Configuration as every command reads it: defaults < file < environment < flags.
core::Result<config::Config> LoadConfig(const Options& o) {
    auto loaded = config::Load(o.config_file, config::ProcessEnvironment());
    if (!loaded.ok()) return loaded.error();
    config::Config c = std::move(loaded.value());
    if (!o.data_dir.empty()) c.storage.data_dir = o.data_dir;
    if (!o.database.empty()) c.database.url = o.database;
    if (auto valid = config::Validate(c); !valid.ok()) return valid.error();
    return c;
}

void Progress(const std::string& line) {
    std::fprintf(stderr, "  %s\n", line.c_str());
    std::fflush(stderr);
}

int Backup(const Options& o) {
    auto c = LoadConfig(o);
    if (!c.ok()) return Fail(c.error().message, 2);
    log::Init(c->log.level == "info" ? "warn" : c->log.level);
    App app(c.value());
    // No migration: a backup copies the installation as it is.
    if (auto opened = app.Open(/*migrate=*/false); !opened.ok()) return Fail(opened.error().message, 1);
    auto manifest = CreateBackup(c.value(), app.database(), o.to, Progress);
    if (!manifest.ok()) return Fail(manifest.error().message, ExitCodeFor(manifest.error()));
    std::printf("backup of %s written to %s: %zu members, schema version %d\n",
                app.database().description().c_str(), o.to.c_str(), manifest->members.size(),
                manifest->schema_version);
    return 0;
}

int Restore(const Options& o) {
    if (o.verify_only) {
        auto manifest = VerifyBackup(o.from, Progress);
        if (!manifest.ok()) return Fail(manifest.error().message, ExitCodeFor(manifest.error()));
        std::printf("%s is intact: %zu members match its manifest\n", o.from.c_str(),
                    manifest->members.size());
        return 0;
    }
    auto c = LoadConfig(o);
    if (!c.ok()) return Fail(c.error().message, 2);
    log::Init(c->log.level == "info" ? "warn" : c->log.level);
    auto manifest = RestoreBackup(c.value(), o.from, Progress);
    if (!manifest.ok()) return Fail(manifest.error().message, ExitCodeFor(manifest.error()));
    std::printf("restored %s into %s: %zu members, schema version %d (`mocua serve` migrates it if needed)\n",
                o.from.c_str(), c->storage.data_dir.c_str(), manifest->members.size(),
                manifest->schema_version);
    return 0;
}

}  // namespace

std::function<std::optional<int>()> AddBackupCommands(CLI::App& cli) {
    auto o = std::make_shared<Options>();
    auto* backup = cli.add_subcommand(
        "backup", "Write the database, uploads and keys to one archive while the server keeps running");
    AddStoreOptions(backup, *o);
    backup->add_option("--to", o->to, "Archive to write (must not exist), e.g. mocua-2026-01-31.tar")
        ->required();
    auto* restore = cli.add_subcommand(
        "restore", "Restore an archive into an empty data directory (and an empty PostgreSQL database)");
    AddStoreOptions(restore, *o);
    restore->add_option("--from", o->from, "Archive written by `mocua backup`")->required();
    restore->add_flag("--verify-only", o->verify_only, "Only check the archive against its manifest");
    return [o, backup, restore]() -> std::optional<int> {
        if (*backup) return Backup(*o);
        if (*restore) return Restore(*o);
        return std::nullopt;
    };
}

}  // namespace mocua::app
