#include "app/cli_portal.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>

#include "app/cli_common.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/portal/portal_import.hpp"
#include "persistence/catalog_repository.hpp"
#include "persistence/org_repository.hpp"
#include "persistence/portal_import.hpp"

namespace mocua::app {

namespace {

namespace portal = domain::portal;

struct Options : StoreOptions {
    std::string file, from, to, out;
    bool dry_run = false;
};

struct Context : CommandContext {
    std::unique_ptr<persistence::SqlCatalogRepository> catalog_repository;
    std::unique_ptr<domain::catalog::CatalogService> catalog;
    std::unique_ptr<persistence::SqlPortalRepository> store;
};

core::Result<std::unique_ptr<Context>> Open(const Options& o) {
    auto ctx = std::make_unique<Context>();
    if (auto opened = OpenInstallation(o, *ctx); !opened.ok()) return opened.error();
    ctx->catalog_repository = std::make_unique<persistence::SqlCatalogRepository>(
        ctx->app->database(), ctx->identity->hasher(), ctx->clock);
    ctx->catalog = std::make_unique<domain::catalog::CatalogService>(*ctx->catalog_repository,
                                                                     ctx->identity->hasher(), ctx->clock);
    ctx->store = std::make_unique<persistence::SqlPortalRepository>(ctx->app->database(),
                                                                    ctx->identity->hasher(), ctx->clock);
    return ctx;
}

// A bar on a terminal, a line every 10% otherwise (logs, CI), as `mocua catalogue import` does.
std::function<void(int, int)> ProgressReporter() {
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    auto last_decile = std::make_shared<int>(-1);
    return [tty, last_decile](int done, int total) {
        if (total < 2000) return;
        const int pct = total > 0 ? static_cast<int>(static_cast<long long>(done) * 100 / total) : 100;
        if (tty) {
            const int width = 30;
            const int filled = pct * width / 100;
            std::fprintf(stderr, "\r  importing [%s%s] %d/%d (%d%%)",
                         std::string(static_cast<std::size_t>(filled), '#').c_str(),
                         std::string(static_cast<std::size_t>(width - filled), ' ').c_str(), done, total,
                         pct);
            if (done == total) std::fputc('\n', stderr);
        } else if (pct / 10 != *last_decile) {
            *last_decile = pct / 10;
            std::fprintf(stderr, "  importing: %d/%d (%d%%)\n", done, total, pct);
        }
        std::fflush(stderr);
    };
}

int Import(const Options& o) {
    std::ifstream in(o.file, std::ios::binary);
    if (!in) return Fail("cannot read " + o.file, 2);
    // Read once into a string of the file's size: a stringstream held the file twice (12 GB of memory
    // for the 6 GB of a 10,000,000-dossier province).
    // A pipe has no size: read it in pieces.
    std::string text;
    in.seekg(0, std::ios::end);
    if (const auto size = in.tellg(); in && size >= 0) {
        text.resize(static_cast<std::size_t>(size));
        in.seekg(0);
        if (!in.read(text.data(), static_cast<std::streamsize>(text.size())))
            return Fail("cannot read " + o.file, 2);
    } else {
        in.clear();
        char piece[1 << 16];
        while (in.read(piece, sizeof piece) || in.gcount() > 0)
            text.append(piece, static_cast<std::size_t>(in.gcount()));
    }
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto& c = *ctx.value();
    portal::ServiceLookup lookup(*c.catalog, c.identity->units());
    portal::PortalImporter importer(lookup, *c.store, c.identity->hasher());
    const auto started = std::chrono::steady_clock::now();
    auto s = importer.Run(text, o.file, c.actor, {.dry_run = o.dry_run, .progress = ProgressReporter()});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (const auto& w : s.warnings)
        std::fprintf(stderr, "%s:%d: %s\n", w.file.c_str(), w.line, w.reason.c_str());
    for (const auto& r : s.refused)
        std::fprintf(stderr, "%s:%d: %s\n", r.file.c_str(), r.line, r.reason.c_str());
    std::printf(
        "dossier import%s: %d lines: %d imported, %d updated, %d unchanged, %d skipped, %d conflicts with "
        "dossiers received here, %zu warnings (%.2f s, %.0f lines/s)\n",
        o.dry_run ? " (dry run, nothing written)" : "", s.lines, s.imported, s.updated, s.unchanged,
        s.skipped, s.conflicts, s.warnings.size(), seconds, seconds > 0 ? s.lines / seconds : 0.0);
    if (s.any_refused()) {
        return Fail(
            std::to_string(s.skipped + s.conflicts) + " line" + (s.skipped + s.conflicts == 1 ? "" : "s") +
                " refused (listed above); the other lines were " + (o.dry_run ? "checked" : "imported"),
            2);
    }
    return 0;
}

int Export(const Options& o) {
    auto from = portal::VietnamDayStart(o.from);
    auto to = portal::VietnamDayStart(o.to);
    if (!from) return Fail("--from must be a date YYYY-MM-DD", 2);
    if (!to) return Fail("--to must be a date YYYY-MM-DD", 2);
    if (*to < *from) return Fail("--to must not be before --from", 2);
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto& c = *ctx.value();
    // Written to FILE.tmp and renamed at the end, so a failed export never leaves half a file.
    std::FILE* out = stdout;
    const std::string tmp = o.out.empty() ? "" : o.out + ".tmp";
    if (!o.out.empty()) {
        out = std::fopen(tmp.c_str(), "wb");
        if (!out) return Fail("cannot write " + tmp, 2);
    }
    bool write_failed = false;
    portal::ExportSummary s;
    try {
        s = portal::ExportDossiers(*c.store, *from, *to + std::chrono::hours(24), [&](std::string_view line) {
            if (std::fwrite(line.data(), 1, line.size(), out) != line.size()) write_failed = true;
        });
    } catch (...) {
        if (out != stdout) {
            std::fclose(out);
            std::remove(tmp.c_str());
        }
        throw;
    }
    if (out != stdout) {
        if (std::fclose(out) != 0) write_failed = true;
        if (write_failed || std::rename(tmp.c_str(), o.out.c_str()) != 0) {
            std::remove(tmp.c_str());
            return Fail("cannot write " + o.out, 1);
        }
    } else {
        std::fflush(stdout);
    }
    for (const auto& r : s.refused) std::fprintf(stderr, "%s: %s\n", r.file.c_str(), r.reason.c_str());
    std::fprintf(stderr, "dossier export: %d dossiers submitted %s to %s written%s%s\n", s.written,
                 o.from.c_str(), o.to.c_str(), o.out.empty() ? "" : " to ", o.out.c_str());
    if (!s.refused.empty())
        return Fail(std::to_string(s.refused.size()) + " dossier" + (s.refused.size() == 1 ? "" : "s") +
                        " not written: inconsistent (listed above)",
                    2);
    return 0;
}

}  // namespace

std::function<std::optional<int>()> AddPortalCommands(CLI::App& cli) {
    auto o = std::make_shared<Options>();
    auto* import = cli.add_subcommand("import", "Import data from other systems");
    import->require_subcommand(1);
    auto* import_dossiers = import->add_subcommand(
        "dossiers", "Import dossiers in the national portal's JSON Lines format (docs/portal-import.md)");
    AddStoreOptions(import_dossiers, *o);
    import_dossiers->add_option("file", o->file, "The .jsonl file")->required();
    import_dossiers->add_flag("--dry-run", o->dry_run, "Check and count, write nothing");
    auto* export_ = cli.add_subcommand("export", "Export data for other systems");
    export_->require_subcommand(1);
    auto* export_dossiers = export_->add_subcommand(
        "dossiers", "Export the dossiers submitted in a period in the national portal's JSON Lines format");
    AddStoreOptions(export_dossiers, *o);
    export_dossiers->add_option("--from", o->from, "First day, YYYY-MM-DD (Vietnam time)")->required();
    export_dossiers->add_option("--to", o->to, "Last day, YYYY-MM-DD (Vietnam time), inclusive")->required();
    export_dossiers->add_option("--out", o->out, "The file to write (default: standard output)");
    return [o, import_dossiers, export_dossiers]() -> std::optional<int> {
        if (*import_dossiers) return Import(*o);
        if (*export_dossiers) return Export(*o);
        return std::nullopt;
    };
}

}  // namespace mocua::app
