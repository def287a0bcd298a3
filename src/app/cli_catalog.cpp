#include "app/cli_catalog.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "adapters/catalog_io/catalog_files.hpp"
#include "app/app.hpp"
#include "app/cli_common.hpp"
#include "app/identity_stack.hpp"
#include "config/config.hpp"
#include "core/ids.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/generator.hpp"
#include "domain/catalog/validation.hpp"
#include "log/log.hpp"
#include "persistence/catalog_repository.hpp"

namespace mocua::app {

namespace {

namespace catalog = domain::catalog;
using adapters::catalog_io::Format;

struct Options : StoreOptions {
    std::vector<std::string> paths;
    std::string format, out, as_of;
    bool dry_run = false;
    catalog::GenerateOptions generate;
};

// The database and the catalogue service, configured as every command is (defaults < file <
// environment < flags).
struct Context : CommandContext {
    std::unique_ptr<persistence::SqlCatalogRepository> repository;
    std::unique_ptr<catalog::CatalogService> service;
};

core::Result<std::unique_ptr<Context>> Open(const Options& o) {
    auto ctx = std::make_unique<Context>();
    if (auto opened = OpenInstallation(o, *ctx); !opened.ok()) return opened.error();
    ctx->repository = std::make_unique<persistence::SqlCatalogRepository>(
        ctx->app->database(), ctx->identity->hasher(), ctx->clock);
    ctx->service =
        std::make_unique<catalog::CatalogService>(*ctx->repository, ctx->identity->hasher(), ctx->clock);
    return ctx;
}

std::optional<Format> ChosenFormat(const Options& o, const std::string& path) {
    if (o.format.empty()) return adapters::catalog_io::GuessFormat(path);
    return adapters::catalog_io::ParseFormat(o.format);
}

// A bar on a terminal, a line every 10% otherwise (logs, CI). Only for catalogues large enough to wait
// for.
std::function<void(int, int)> ProgressReporter() {
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    auto last_decile = std::make_shared<int>(-1);
    return [tty, last_decile](int done, int total) {
        if (total < 200) return;
        const int pct = total > 0 ? done * 100 / total : 100;
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

int PrintProblems(const std::vector<catalog::Problem>& problems) {
    for (const auto& p : problems) std::fprintf(stderr, "%s\n", catalog::Describe(p).c_str());
    return Fail(std::to_string(problems.size()) + " problem" + (problems.size() == 1 ? "" : "s") +
                    "; nothing imported",
                2);
}

int Import(const Options& o) {
    auto format = ChosenFormat(o, o.paths.front());
    if (!format) return Fail("--format must be json, csv or xlsx", 2);
    auto parsed = adapters::catalog_io::ReadCatalogue(o.paths, *format);
    if (!parsed.ok()) return Fail(parsed.error().message, 2);
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto& c = *ctx.value();
    if (!parsed->problems.empty()) {
        // The reader's problems, and every rule the rest of the file breaks, in one report.
        std::vector<std::string> known_fields;
        for (const auto& f : c.service->Fields()) known_fields.push_back(f.code);
        auto problems = parsed->problems;
        for (auto& p : catalog::ValidateCatalogue(parsed->catalogue, parsed->sources, known_fields,
                                                  c.repository->FormKeys()))
            problems.push_back(std::move(p));
        return PrintProblems(problems);
    }
    auto report = c.service->Import(parsed->catalogue, parsed->sources, c.actor,
                                    {.dry_run = o.dry_run, .progress = ProgressReporter()});
    if (!report.ok()) return Fail("catalogue import: " + report.error().message, ExitCodeFor(report.error()));
    if (!report->problems.empty()) return PrintProblems(report->problems);
    const auto& s = report->summary;
    std::printf(
        "catalogue import%s: %zu procedures: %d new, %d new versions, %d unchanged; fields: %d created, %d "
        "updated, %d "
        "unchanged; forms: %d created, %d updated, %d unchanged\n",
        o.dry_run ? " (dry run, nothing written)" : "", parsed->catalogue.procedures.size(), s.procedures_new,
        s.versions_created - s.procedures_new, s.procedures_unchanged, s.fields_created, s.fields_updated,
        s.fields_unchanged, s.forms_created, s.forms_updated, s.forms_unchanged);
    return 0;
}

int Export(const Options& o) {
    auto format = ChosenFormat(o, o.out);
    if (!format) return Fail("--format must be json, csv or xlsx", 2);
    if (!o.as_of.empty() && !catalog::IsValidDate(o.as_of))
        return Fail("--as-of must be a date YYYY-MM-DD", 2);
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto& c = *ctx.value();
    auto exported = c.service->Export(o.as_of);
    if (!exported.ok())
        return Fail("catalogue export: " + exported.error().message, ExitCodeFor(exported.error()));
    const std::size_t count = exported->procedures.size();
    if (auto written = adapters::catalog_io::WriteCatalogue(std::move(exported.value()), *format, o.out);
        !written.ok())
        return Fail(written.error().message, ExitCodeFor(written.error()));
    std::printf("catalogue export: %zu procedures in force on %s written to %s\n", count,
                (o.as_of.empty() ? c.service->Today() : o.as_of).c_str(), o.out.c_str());
    return 0;
}

int Generate(const Options& o) {
    auto format = ChosenFormat(o, o.out);
    if (!format) return Fail("--format must be json, csv or xlsx", 2);
    auto generated = catalog::GenerateCatalogue(o.generate);
    if (!generated.ok()) return Fail(generated.error().message, 2);
    if (auto written = adapters::catalog_io::WriteCatalogue(generated.value(), *format, o.out); !written.ok())
        return Fail(written.error().message, ExitCodeFor(written.error()));
    std::printf(
        "catalogue generate: %d procedures (%d district, %d commune, %d province; %d online) written to %s\n",
        o.generate.count, o.generate.district, o.generate.commune,
        o.generate.count - o.generate.district - o.generate.commune, o.generate.online, o.out.c_str());
    return 0;
}

}  // namespace

std::function<std::optional<int>()> AddCatalogCommands(CLI::App& cli) {
    auto o = std::make_shared<Options>();
    auto* cat = cli.add_subcommand("catalogue", "The procedure catalogue (TTHC): import, export, generate");
    cat->require_subcommand(1);
    auto* import = cat->add_subcommand(
        "import", "Import a catalogue (docs/catalogue-format.md); validated first, idempotent");
    AddStoreOptions(import, *o);
    import
        ->add_option("FILE", o->paths, "A JSON file, an XLSX workbook, or a folder of (or several) CSV files")
        ->required();
    import->add_option("--format", o->format, "json, csv or xlsx (default: from the path)");
    import->add_flag("--dry-run", o->dry_run, "Check and count what would change, then write nothing");
    auto* exp =
        cat->add_subcommand("export", "Export the procedures in force on a date, with their form files");
    AddStoreOptions(exp, *o);
    exp->add_option("--format", o->format, "json, csv or xlsx (default: from --out)");
    exp->add_option("--out", o->out, "Output file (json, xlsx) or folder (csv)")->required();
    exp->add_option("--as-of", o->as_of, "The date the exported versions are in force (default: today)");
    auto* gen = cat->add_subcommand("generate", "Write a synthetic, well-formed catalogue for scale tests");
    gen->add_option("--count", o->generate.count, "Number of procedures")->default_val(418);
    gen->add_option("--district", o->generate.district, "How many are district-level")->default_val(281);
    gen->add_option("--commune", o->generate.commune, "How many are commune-level (the rest: province)")
        ->default_val(137);
    gen->add_option("--online", o->generate.online, "How many are online (full or partial)")
        ->default_val(344);
    gen->add_option("--effective-from", o->generate.effective_from, "First day in force")
        ->default_val("2025-07-01");
    gen->add_option("--out", o->out, "Output file (json, xlsx) or folder (csv)")->required();
    gen->add_option("--format", o->format, "json, csv or xlsx (default: from --out)");

    return [=]() -> std::optional<int> {
        if (*import) return Import(*o);
        if (*exp) return Export(*o);
        if (*gen) return Generate(*o);
        return std::nullopt;
    };
}

}  // namespace mocua::app
