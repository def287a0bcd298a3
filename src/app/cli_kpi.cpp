#include "app/cli_kpi.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/app.hpp"
#include "app/calendar_stack.hpp"
#include "app/cli_common.hpp"
#include "app/identity_stack.hpp"
#include "app/kpi_stack.hpp"
#include "persistence/org_repository.hpp"

namespace mocua::app {

namespace {

namespace kpi = domain::kpi;

struct Options : StoreOptions {
    std::string from, to, unit, procedure, field, format = "json", lang = "vi", scoring, indicator;
    int offset = 0, limit = 100;
};

struct Context : CommandContext {
    std::unique_ptr<CalendarStack> calendar;
    std::unique_ptr<KpiStack> kpi;
};

core::Result<std::unique_ptr<Context>> Open(const Options& o) {
    kpi::Config config = kpi::DefaultConfig();
    if (!o.scoring.empty()) {
        std::ifstream in(o.scoring, std::ios::binary);
        if (!in) return core::Error::InvalidArgument("cannot read " + o.scoring);
        std::stringstream s;
        s << in.rdbuf();
        std::string error;
        auto parsed = kpi::ParseConfig(s.str(), &error);
        if (!parsed) return core::Error::InvalidArgument(o.scoring + ": " + error);
        config = std::move(*parsed);
    }
    auto ctx = std::make_unique<Context>();
    if (auto opened = OpenInstallation(o, *ctx); !opened.ok()) return opened.error();
    ctx->calendar = std::make_unique<CalendarStack>(ctx->app->database(), ctx->clock, ctx->identity->units(),
                                                    ctx->identity->hasher());
    ctx->kpi = std::make_unique<KpiStack>(ctx->app->database(), ctx->identity->hasher(), ctx->clock,
                                          ctx->calendar->service(), std::move(config));
    return ctx;
}

// A count on a terminal, a line per 100,000 dossiers otherwise (logs, CI).
std::function<void(std::int64_t)> Progress() {
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    auto last = std::make_shared<std::int64_t>(0);
    return [tty, last](std::int64_t done) {
        if (tty) {
            std::fprintf(stderr, "\r  projecting dossiers: %lld", static_cast<long long>(done));
        } else if (done / 100000 != *last / 100000) {
            std::fprintf(stderr, "  projecting dossiers: %lld\n", static_cast<long long>(done));
        }
        *last = done;
        std::fflush(stderr);
    };
}

int Refresh(const Options& o) {
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    const auto started = std::chrono::steady_clock::now();
    const auto n = (*ctx)->kpi->service().Refresh(Progress());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (::isatty(STDERR_FILENO) && n > 0) std::fputc('\n', stderr);
    std::printf("kpi refresh: %lld dossiers projected (%.2f s)\n", static_cast<long long>(n), seconds);
    return 0;
}

std::string Cell(const nlohmann::json& v) { return v.is_null() ? "–" : v.dump(); }

int Report(const Options& o) {
    if (o.format != "json" && o.format != "text") return Fail("--format must be json or text", 2);
    if (o.lang != "vi" && o.lang != "en") return Fail("--lang must be vi or en", 2);
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto& service = (*ctx)->kpi->service();
    auto report = service.Decision766({o.from, o.to, o.unit, o.procedure, o.field});
    if (!report.ok()) return Fail(report.error().message, 2);
    const auto j = kpi::ReportToJson(*report, service.config(), o.lang);
    if (o.format == "json") {
        std::printf("%s\n", j.dump().c_str());
        return 0;
    }
    std::printf("Decision 766, %s to %s%s%s%s%s%s%s\n", o.from.c_str(), o.to.c_str(),
                o.unit.empty() ? "" : ", unit ", o.unit.c_str(), o.field.empty() ? "" : ", field ",
                o.field.c_str(), o.procedure.empty() ? "" : ", procedure ", o.procedure.c_str());
    for (const auto& [code, v] : j["indicators"].items()) {
        std::printf("%-4s %-72s %10s  %lld/%lld  points %s of %s%s\n", code.c_str(),
                    v["name"].get<std::string>().c_str(), Cell(v["value"]).c_str(),
                    v["numerator"].get<long long>(), v["denominator"].get<long long>(),
                    Cell(v["points"]).c_str(), Cell(v["max"]).c_str(),
                    v["max_assumed"].get<bool>() ? " (assumed maximum)" : "");
    }
    for (const auto& [g, v] : j["groups"].items())
        std::printf("group %s: %s of %s points\n", g.c_str(), Cell(v["points"]).c_str(),
                    Cell(v["max"]).c_str());
    std::printf("counts: %s\n", j["counts"].dump().c_str());
    return 0;
}

int Dossiers(const Options& o) {
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto e = (*ctx)->kpi->service().Explain({o.from, o.to, o.unit, o.procedure, o.field}, o.indicator,
                                            o.offset, o.limit);
    if (!e.ok()) return Fail(e.error().message, 2);
    std::printf("%s\n", kpi::ExplanationToJson(*e).dump().c_str());
    return 0;
}

}  // namespace

std::function<std::optional<int>()> AddKpiCommands(CLI::App& cli) {
    auto o = std::make_shared<Options>();
    auto* kpi_cmd = cli.add_subcommand("kpi", "Decision 766 KPIs (docs/adr/0090-decision-766-kpis.md)");
    kpi_cmd->require_subcommand(1);
    auto* report =
        kpi_cmd->add_subcommand("766", "The Decision 766 indicators, groups, counts and scorecard");
    AddStoreOptions(report, *o);
    report->add_option("--from", o->from, "First day, YYYY-MM-DD (Vietnam time)")->required();
    report->add_option("--to", o->to, "Last day, YYYY-MM-DD (Vietnam time), inclusive")->required();
    report->add_option("--unit", o->unit, "Unit code (with the units below it); default every unit");
    report->add_option("--procedure", o->procedure, "Procedure code: that procedure's dossiers only");
    report->add_option("--field", o->field, "Field (lĩnh vực) code: its procedures in force on --to");
    report->add_option("--format", o->format, "json (default) or text");
    report->add_option("--lang", o->lang, "Language of the names: vi (default) or en");
    report->add_option("--scoring", o->scoring, "A scoring file replacing the shipped points and targets");
    auto* dossiers =
        kpi_cmd->add_subcommand("dossiers", "The dossiers one indicator counts, with the reasons");
    AddStoreOptions(dossiers, *o);
    dossiers->add_option("indicator", o->indicator, "1.4, 2.1, 2.2, 3.3, 3.6, 4.1, 4.2, 4.3, 4.4 or 4.5")
        ->required();
    dossiers->add_option("--from", o->from, "First day, YYYY-MM-DD")->required();
    dossiers->add_option("--to", o->to, "Last day, YYYY-MM-DD, inclusive")->required();
    dossiers->add_option("--unit", o->unit, "Unit code (with the units below it)");
    dossiers->add_option("--procedure", o->procedure, "Procedure code: that procedure's dossiers only");
    dossiers->add_option("--field", o->field, "Field (lĩnh vực) code: its procedures in force on --to");
    dossiers->add_option("--offset", o->offset, "Skip this many dossiers");
    dossiers->add_option("--limit", o->limit, "At most this many dossiers (1–1000)");
    auto* refresh =
        kpi_cmd->add_subcommand("refresh", "Bring the KPI sums up to date with every dossier change");
    AddStoreOptions(refresh, *o);
    return [o, report, dossiers, refresh]() -> std::optional<int> {
        if (*report) return Report(*o);
        if (*dossiers) return Dossiers(*o);
        if (*refresh) return Refresh(*o);
        return std::nullopt;
    };
}

}  // namespace mocua::app
