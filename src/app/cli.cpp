#include "app/cli.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include <spdlog/spdlog.h>

#include "app/app.hpp"
#include "app/cli_backup.hpp"
#include "app/cli_calendar.hpp"
#include "app/cli_dossier.hpp"
#include "app/cli_catalog.hpp"
#include "app/cli_forms.hpp"
#include "app/cli_portal.hpp"
#include "app/cli_payments.hpp"
#include "app/cli_kpi.hpp"
#include "app/cli_identity.hpp"
#include "app/seed_demo.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "db/database.hpp"
#include "db/migrations.hpp"
#include "log/log.hpp"

#ifndef MOCUA_VERSION
#define MOCUA_VERSION "dev"
#endif

namespace mocua::app {

namespace {

struct CommonOptions {
    std::string config_file;
    std::string data_dir;
    std::string database;
    std::string listen;
};

void AddCommonOptions(CLI::App* cmd, CommonOptions& o, bool with_listen) {
    cmd->add_option("--config", o.config_file, "TOML configuration file (see config/mocua.example.toml)");
    cmd->add_option("--data-dir", o.data_dir,
                    "Folder for the SQLite database, uploads and keys (created if missing)");
    cmd->add_option("--database", o.database,
                    "postgresql://user@host/db to use PostgreSQL instead of SQLite");
    if (with_listen) cmd->add_option("--listen", o.listen, "Address to listen on, e.g. 127.0.0.1:8080");
}

// Defaults < file < environment < flags.
core::Result<config::Config> LoadConfig(const CommonOptions& o) {
    auto loaded = config::Load(o.config_file, config::ProcessEnvironment());
    if (!loaded.ok()) return loaded.error();
    config::Config c = std::move(loaded.value());
    if (!o.data_dir.empty()) c.storage.data_dir = o.data_dir;
    if (!o.database.empty()) c.database.url = o.database;
    if (!o.listen.empty()) c.server.listen = o.listen;
    if (auto valid = config::Validate(c); !valid.ok()) return valid.error();
    return c;
}

int Fail(const std::string& message, int code) {
    std::fprintf(stderr, "mocua: error: %s\n", message.c_str());
    return code;
}

// SIGTERM/SIGINT arrive through a self-pipe: the handler only writes the signal number, and the
// main thread, blocked reading the pipe, stops the server. Any thread may take the signal
// (including threads started by libraries), so handlers, not signal masks, are what makes this safe.
int g_signal_pipe[2] = {-1, -1};

extern "C" void OnStopSignal(int signal) {
    const unsigned char byte = static_cast<unsigned char>(signal);
    [[maybe_unused]] const auto n = ::write(g_signal_pipe[1], &byte, 1);
}

bool InstallStopHandlers() {
    if (::pipe2(g_signal_pipe, O_CLOEXEC) != 0) return false;
    struct sigaction action {};
    action.sa_handler = OnStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return ::sigaction(SIGTERM, &action, nullptr) == 0 && ::sigaction(SIGINT, &action, nullptr) == 0;
}

int WaitForStopSignal() {
    unsigned char byte = 0;
    while (::read(g_signal_pipe[0], &byte, 1) < 0 && errno == EINTR) {
    }
    return byte;
}

int Serve(const CommonOptions& o) {
    auto c = LoadConfig(o);
    if (!c.ok()) return Fail(c.error().message, 2);
    if (!InstallStopHandlers()) return Fail("cannot install the SIGTERM/SIGINT handlers", 1);
    log::Init(c->log.level);

    App app(std::move(c.value()));
    if (auto started = app.Start(); !started.ok()) return Fail(started.error().message, 1);
    auto listen = config::ParseListen(app.config().server.listen);
    const bool v6 = listen->host.find(':') != std::string::npos;
    // The real port (the configured one may be 0): scripts and tests read this line.
    std::printf("mocua %s serving http://%s%s%s:%u\n", MOCUA_VERSION, v6 ? "[" : "", listen->host.c_str(),
                v6 ? "]" : "", static_cast<unsigned>(app.port()));
    std::fflush(stdout);
    const int received = WaitForStopSignal();
    log::Get("app")->info("received {}, stopping", received == SIGINT ? "SIGINT" : "SIGTERM");
    app.Stop();
    log::Shutdown();
    return 0;
}

int Migrate(const CommonOptions& o) {
    auto c = LoadConfig(o);
    if (!c.ok()) return Fail(c.error().message, 2);
    log::Init(c->log.level);
    App app(std::move(c.value()));
    if (auto opened = app.Open(/*migrate=*/false); !opened.ok()) return Fail(opened.error().message, 1);
    int count = 0;
    auto applied = db::Migrate(app.database(), [&count](const db::Migration& m) {
        std::printf("  applied %04d_%s\n", m.version, m.name.c_str());
        ++count;
    });
    if (!applied.ok()) return Fail(applied.error().message, 1);
    auto status = db::ReadSchemaStatus(app.database());
    if (!status.ok()) return Fail(status.error().message, 1);
    std::printf("%s: schema at version %d (%d applied now)\n", app.database().description().c_str(),
                status->current, count);
    return 0;
}

int CheckConfig(const CommonOptions& o) {
    auto c = LoadConfig(o);
    if (!c.ok()) return Fail(c.error().message, 2);
    std::printf("configuration is valid%s\n",
                o.config_file.empty() ? " (defaults and environment)" : (" (" + o.config_file + ")").c_str());
    return 0;
}

int Seed(const CommonOptions& o) {
    auto c = LoadConfig(o);
    if (!c.ok()) return Fail(c.error().message, 2);
    log::Init(c->log.level);
    App app(std::move(c.value()));
    if (auto opened = app.Open(/*migrate=*/true); !opened.ok()) return Fail(opened.error().message, 1);
    core::SystemClock clock;
    auto report = SeedDemo(app.database(), clock, &app.config());
    if (!report.ok()) return Fail(report.error().message, 1);
    std::printf("Demo town seeded into %s:\n", app.database().description().c_str());
    for (const auto& line : report->done) std::printf("  %s\n", line.c_str());
    if (report->logins.empty()) {
        std::printf("Demo logins: none yet (accounts arrive with the identity module).\n");
    } else {
        std::printf("Demo logins:\n");
        for (const auto& l : report->logins)
            std::printf("  %-20s %-20s %s\n", l.role.c_str(), l.username.c_str(), l.password.c_str());
        std::printf(
            "Staff set up two-step verification (an authenticator app) at their first sign-in;\n"
            "MOCUA_AUTH_REQUIRE_STAFF_TOTP=false makes it optional (trials only, never production).\n");
    }
    return 0;
}

}  // namespace

int RunCli(int argc, char** argv) {
    CLI::App cli{"Mở Cửa (mocua): e-government platform for Vietnamese local authorities"};
    cli.require_subcommand(1);
    CommonOptions serve_o, migrate_o, check_o, seed_o, version_o;

    auto* serve = cli.add_subcommand("serve", "Run the web server until SIGTERM or SIGINT");
    AddCommonOptions(serve, serve_o, true);
    auto* migrate = cli.add_subcommand("migrate", "Apply pending database migrations (idempotent)");
    AddCommonOptions(migrate, migrate_o, false);
    auto* check =
        cli.add_subcommand("check-config", "Validate the configuration and exit (non-zero on error)");
    AddCommonOptions(check, check_o, true);
    auto* seed =
        cli.add_subcommand("seed-demo", "Load the demo town (phường Quảng Trị) and print demo logins");
    AddCommonOptions(seed, seed_o, false);
    auto* version = cli.add_subcommand("version", "Print the version");
    AddCommonOptions(version, version_o, false);
    auto run_identity_command = AddIdentityCommands(cli);  // user, token, units, audit (cli_identity.hpp)
    auto run_catalog_command = AddCatalogCommands(cli);  // catalogue import/export/generate (cli_catalog.hpp)
    auto run_calendar_command = AddCalendarCommands(cli);  // calendar … (cli_calendar.hpp)
    auto run_dossier_command = AddDossierCommands(cli);    // dossier code-pattern … (cli_dossier.hpp)
    auto run_forms_command = AddFormsCommands(cli);        // forms receipt/supplement/refusal-sample (cli_forms.hpp)
    auto run_portal_command = AddPortalCommands(cli);      // import/export dossiers (cli_portal.hpp)
    auto run_payment_command = AddPaymentCommands(cli);    // sandbox-bank (cli_payments.hpp)
    auto run_backup_command = AddBackupCommands(cli);      // backup, restore (cli_backup.hpp)
    auto run_kpi_command = AddKpiCommands(cli);            // kpi 766/dossiers/refresh (cli_kpi.hpp)

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e) == 0 ? 0 : 2;
    }
    try {
        if (*serve) return Serve(serve_o);
        if (*migrate) return Migrate(migrate_o);
        if (*check) return CheckConfig(check_o);
        if (*seed) return Seed(seed_o);
        if (auto code = run_identity_command()) return *code;
        if (auto code = run_catalog_command()) return *code;
        if (auto code = run_calendar_command()) return *code;
        if (auto code = run_forms_command()) return *code;
        if (auto code = run_dossier_command()) return *code;
        if (auto code = run_portal_command()) return *code;
        if (auto code = run_payment_command()) return *code;
        if (auto code = run_backup_command()) return *code;
        if (auto code = run_kpi_command()) return *code;
        if (*version) {
            std::printf("mocua %s\n", MOCUA_VERSION);
            return 0;
        }
    } catch (const std::exception& e) {
        return Fail(e.what(), 1);
    }
    return 2;
}

}  // namespace mocua::app
