#include "app/cli_calendar.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "api/calendar_json.hpp"
#include "app/app.hpp"
#include "app/calendar_stack.hpp"
#include "app/cli_common.hpp"
#include "app/identity_stack.hpp"
#include "config/config.hpp"
#include "core/ids.hpp"
#include "domain/calendar/calendar_service.hpp"
#include "log/log.hpp"
#include "persistence/org_repository.hpp"

namespace mocua::app {

namespace {

namespace cal = domain::calendar;

struct Options : StoreOptions {
    std::string format = "text";
    int year = 0;
    std::string date, from, working_days, days, working_hours, unit, file;
    std::vector<std::string> pauses;
    bool bundled = false;
};

void AddFormat(CLI::App* cmd, Options& o) {
    cmd->add_option("--format", o.format, "json (the API's document) or text")
        ->check(CLI::IsMember({"json", "text"}))
        ->default_val("text");
}

struct Context : CommandContext {
    std::unique_ptr<CalendarStack> calendar;
};

// The installation (cli_common.hpp) and the calendar service.
core::Result<std::unique_ptr<Context>> Open(const Options& o) {
    auto ctx = std::make_unique<Context>();
    if (auto opened = OpenInstallation(o, *ctx); !opened.ok()) return opened.error();
    ctx->calendar = std::make_unique<CalendarStack>(ctx->app->database(), ctx->clock, ctx->identity->units(),
                                                    ctx->identity->hasher());
    return ctx;
}

void PrintJson(const nlohmann::json& j) { std::printf("%s\n", j.dump(2).c_str()); }

int Holidays(const Options& o) {
    if (o.year < 1900 || o.year > 2100) return Fail("YEAR must be from 1900 to 2100", 2);
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto days = ctx.value()->calendar->service().Holidays(o.year);
    if (!days.ok()) return Fail(cal::DescribeError(days.error()), ExitCodeFor(days.error()));
    if (o.format == "json") {
        PrintJson(api::HolidaysJson(days.value()));
        return 0;
    }
    for (const auto& d : days.value()) {
        const cal::LunarDate l = cal::ToLunar(d.date);
        std::printf("%s  %-3s  %2d/%2d%s  %-12s  %-8s  %s\n", cal::FormatDate(d.date).c_str(),
                    std::string(cal::WeekdayCode(cal::IsoWeekday(d.date))).c_str(), l.day, l.month,
                    l.leap ? "+" : " ", std::string(cal::DayKindName(d.kind)).c_str(),
                    std::string(cal::BasisName(d.basis)).c_str(), d.name_vi.c_str());
    }
    std::printf("%zu days (lunar day/month; + = leap month; basis: law, decision or estimate)\n",
                days->size());
    return 0;
}

int Deadline(const Options& o) {
    const auto from = cal::ParseInstant(o.from);
    if (!from) return Fail("--from must be an ISO 8601 time such as 2026-03-02T10:00:00+07:00", 2);
    std::optional<cal::TimeLimit> limit;
    int given = 0;
    for (const auto& [text, unit, flag] :
         {std::tuple{o.working_days, cal::LimitUnit::kWorkingDays, "--working-days"},
          std::tuple{o.days, cal::LimitUnit::kDays, "--days"},
          std::tuple{o.working_hours, cal::LimitUnit::kWorkingHours, "--working-hours"}}) {
        if (text.empty()) continue;
        ++given;
        const auto amount = cal::ParseAmount(text);
        if (!amount || *amount > cal::MaxThousandths(unit) ||
            (unit == cal::LimitUnit::kDays && *amount % 1000))
            return Fail(
                std::string(flag) + ": " + cal::DescribeError(core::Error::InvalidArgument("calendar.limit")),
                2);
        limit = cal::TimeLimit{unit, *amount};
    }
    if (given != 1) return Fail("give exactly one of --working-days, --days or --working-hours", 2);
    cal::DeadlineRequest request{*from, *limit, o.unit, {}};
    for (const auto& text : o.pauses) {
        const auto pause = cal::ParsePause(text);
        if (!pause) return Fail("--pause must be FROM/TO, two ISO 8601 times; got " + text, 2);
        request.pauses.push_back(*pause);
    }
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    auto answer = ctx.value()->calendar->service().ComputeDeadline(request);
    if (!answer.ok()) return Fail(cal::DescribeError(answer.error()), ExitCodeFor(answer.error()));
    if (o.format == "json") {
        PrintJson(api::DeadlineJson(answer.value(), *limit));
        return 0;
    }
    std::printf("received  %s\ncounts from %s\ndue       %s\n",
                cal::FormatVietnamTime(answer->deadline.received).c_str(),
                cal::FormatVietnamTime(answer->deadline.start).c_str(),
                cal::FormatVietnamTime(answer->deadline.due).c_str());
    return 0;
}

int Lunar(const Options& o) {
    const auto date = cal::ParseDate(o.date);
    if (!date || cal::YearOf(*date) < 1900 || cal::YearOf(*date) > 2100)
        return Fail("DATE must be YYYY-MM-DD from 1900 to 2100", 2);
    if (o.format == "json") {
        PrintJson(api::LunarJson(*date));
        return 0;
    }
    const cal::LunarDate l = cal::ToLunar(*date);
    std::printf("%s = %d/%d%s/%d (năm %s)\n", cal::FormatDate(*date).c_str(), l.day, l.month,
                l.leap ? " nhuận" : "", l.year, cal::YearName(l.year).c_str());
    return 0;
}

int Import(const Options& o) {
    std::string text;
    std::string name = o.file;
    if (o.bundled) {
        if (!o.file.empty()) return Fail("give FILE or --bundled, not both", 2);
        text = BundledCalendarData();
        name = "data/calendar/vn-holidays.json (built in)";
    } else {
        if (o.file.empty()) return Fail("give FILE, or --bundled for the decisions built into mocua", 2);
        std::ifstream in(o.file, std::ios::binary);
        if (!in) return Fail("cannot read " + o.file, 2);
        std::stringstream s;
        s << in.rdbuf();
        text = s.str();
    }
    const auto parsed = cal::ParseCalendarFile(text);
    if (!parsed.problems.empty()) {
        for (const auto& p : parsed.problems)
            std::fprintf(stderr, "%s:%d:%s%s %s\n", name.c_str(), p.line, p.field.empty() ? "" : " ",
                         p.field.c_str(), p.message.c_str());
        return Fail(name + ": " + std::to_string(parsed.problems.size()) + " problem(s); nothing imported",
                    2);
    }
    auto ctx = Open(o);
    if (!ctx.ok()) return Fail(ctx.error().message, ExitCodeFor(ctx.error()));
    std::string unknown;
    auto summary = ctx.value()->calendar->service().Import(parsed, ctx.value()->actor, &unknown);
    if (!summary.ok()) {
        if (summary.error().message == "calendar.unit")
            return Fail(
                name + ": no unit has the code " + unknown + " on its valid_from date; nothing imported", 2);
        return Fail(cal::DescribeError(summary.error()), ExitCodeFor(summary.error()));
    }
    std::printf(
        "calendar import: %zu decision days (%d created, %d updated, %d unchanged), %zu office-hour "
        "schedules (%d "
        "created, %d updated, %d unchanged)\n",
        parsed.overrides.size(), summary->overrides_created, summary->overrides_updated,
        summary->overrides_unchanged, parsed.office_hours.size(), summary->office_hours_created,
        summary->office_hours_updated, summary->office_hours_unchanged);
    return 0;
}

}  // namespace

std::function<std::optional<int>()> AddCalendarCommands(CLI::App& cli) {
    auto o = std::make_shared<Options>();
    auto* calendar = cli.add_subcommand(
        "calendar", "Working-day calendar: holidays, deadlines, lunar dates, import of yearly decisions");
    calendar->require_subcommand(1);

    auto* holidays =
        calendar->add_subcommand("holidays", "List a year's holidays, swapped and compensatory days");
    AddStoreOptions(holidays, *o);
    AddFormat(holidays, *o);
    holidays->add_option("YEAR", o->year, "Gregorian year, 1900–2100")->required();

    auto* deadline = calendar->add_subcommand("deadline", "Compute the appointment time of a dossier");
    AddStoreOptions(deadline, *o);
    AddFormat(deadline, *o);
    deadline->add_option("--from", o->from, "Receipt time, ISO 8601 (2026-03-02T10:00:00+07:00)")->required();
    deadline->add_option("--working-days", o->working_days,
                         "Time limit in working days (decimals allowed: 0.5)");
    deadline->add_option("--days", o->days, "Time limit in calendar days (whole)");
    deadline->add_option("--working-hours", o->working_hours, "Time limit in working hours");
    deadline->add_option("--unit", o->unit, "Unit code whose office hours apply (default hours if omitted)");
    deadline->add_option("--pause", o->pauses,
                         "FROM/TO while the dossier waits for the applicant (repeatable)");

    auto* lunar = calendar->add_subcommand("lunar", "Convert a date to the Vietnamese lunar calendar");
    AddFormat(lunar, *o);
    lunar->add_option("DATE", o->date, "YYYY-MM-DD, 1900–2100")->required();

    auto* import = calendar->add_subcommand(
        "import", "Import yearly decisions and office hours (JSON or CSV; validated; idempotent; audited)");
    AddStoreOptions(import, *o);
    import->add_option("FILE", o->file, "mocua-calendar/1 JSON, or CSV (see docs/operations.md)");
    import->add_flag("--bundled", o->bundled, "Import the decisions built into this version of mocua");

    return [=]() -> std::optional<int> {
        if (*holidays) return Holidays(*o);
        if (*deadline) return Deadline(*o);
        if (*lunar) return Lunar(*o);
        if (*import) return Import(*o);
        return std::nullopt;
    };
}

}  // namespace mocua::app
