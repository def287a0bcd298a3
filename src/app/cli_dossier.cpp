#include "app/cli_dossier.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "app/cli_common.hpp"
#include "domain/dossier/dossier_code.hpp"
#include "domain/org/units.hpp"
#include "persistence/dossier_repository.hpp"
#include "persistence/org_repository.hpp"

namespace mocua::app {

namespace {

struct Options : StoreOptions {
    std::string unit, from, pattern;
};

struct Context : CommandContext {
    std::unique_ptr<persistence::SqlDossierRepository> repository;
};

core::Result<std::unique_ptr<Context>> Open(const Options& o) {
    auto ctx = std::make_unique<Context>();
    if (auto opened = OpenInstallation(o, *ctx); !opened.ok()) return opened.error();
    ctx->repository = std::make_unique<persistence::SqlDossierRepository>(ctx->app->database(),
                                                                          ctx->identity->hasher(), ctx->clock, nullptr);
    return ctx;
}

int Show(const Options& o) {
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto& c = *ctx.value();
    const std::string today = domain::org::DateOf(c.clock.Now() + std::chrono::hours(7));
    auto unit = c.identity->units().FindByCode(o.unit, today);
    if (!unit) return Fail("no unit has the code `" + o.unit + "` today", 2);
    const auto patterns = c.repository->CodePatterns(unit->id);
    if (patterns.empty()) {
        std::printf("%s  (default)  %s\n", unit->code.c_str(),
                    std::string(domain::dossier::kDefaultCodePattern).c_str());
    }
    for (const auto& [from, pattern] : patterns) std::printf("%s  from %s  %s\n", unit->code.c_str(), from.c_str(), pattern.c_str());
    auto example = domain::dossier::FormatDossierCode(
        patterns.empty() ? std::string(domain::dossier::kDefaultCodePattern) : patterns.back().second, unit->code,
        today, 1);
    if (example.ok()) std::printf("the first dossier received today would be %s\n", example->c_str());
    return 0;
}

int Set(const Options& o) {
    if (!domain::org::IsValidDate(o.from)) return Fail("--from must be a date YYYY-MM-DD", 2);
    if (auto valid = domain::dossier::ValidateCodePattern(o.pattern); !valid.ok()) {
        return Fail(valid.error().message, 2);
    }
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto& c = *ctx.value();
    auto unit = c.identity->units().FindByCode(o.unit, o.from);
    if (!unit) return Fail("no unit has the code `" + o.unit + "` on " + o.from, 2);
    auto example = domain::dossier::FormatDossierCode(o.pattern, unit->code, o.from, 1);
    if (!example.ok()) return Fail(example.error().message, 2);
    c.repository->PutCodePattern(unit->id, o.from, o.pattern,
                                 {c.actor, "dossier.code_pattern.set", "unit", std::to_string(unit->id),
                                  "from=" + o.from + " pattern=" + o.pattern});
    std::printf("%s: from %s dossier codes look like %s\n", unit->code.c_str(), o.from.c_str(), example->c_str());
    return 0;
}

}  // namespace

std::function<std::optional<int>()> AddDossierCommands(CLI::App& cli) {
    auto o = std::make_shared<Options>();
    auto* dossier = cli.add_subcommand("dossier", "Dossier intake settings");
    dossier->require_subcommand(1);
    auto* pattern = dossier->add_subcommand("code-pattern", "The dossier code pattern of a receiving unit");
    pattern->require_subcommand(1);
    auto* show = pattern->add_subcommand("show", "Show a unit's patterns and today's first code");
    AddStoreOptions(show, *o);
    show->add_option("--unit", o->unit, "The receiving unit's code")->required();
    auto* set = pattern->add_subcommand(
        "set", "Set a unit's pattern from a date: placeholders {unit} {YYYY} {YY} {MM} {DD} {YYMMDD} {NNNN}");
    AddStoreOptions(set, *o);
    set->add_option("--unit", o->unit, "The receiving unit's code")->required();
    set->add_option("--from", o->from, "First day the pattern applies, YYYY-MM-DD")->required();
    set->add_option("--pattern", o->pattern, "e.g. \"000.00.12.H48-{YYMMDD}-{NNNN}\"")->required();
    return [o, show, set]() -> std::optional<int> {
        if (*show) return Show(*o);
        if (*set) return Set(*o);
        return std::nullopt;
    };
}

}  // namespace mocua::app
