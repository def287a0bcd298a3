// `mocua calendar …` as the IT officer runs it, against the real binary, on SQLite and PostgreSQL:
// JSON output as the issue specifies, import of JSON and CSV files (problems named by line and field,
// nothing imported; idempotent), and clear errors for bad options.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

#include "support/cli_runner.hpp"
#include "support/test_database.hpp"

namespace mocua {
namespace {

using json = nlohmann::json;

// Each command runs twice: once for standard output alone (the JSON), once with errors too.
struct CalendarRun {
    int exit_code = -1;
    std::string out;  // standard output only
    std::string all;  // standard output and error
};

CalendarRun Mocua(const std::string& args) {
    const std::string cmd = std::string(MOCUA_BINARY) + " " + args;
    const auto out = ::mocua::testing::RunCommand(cmd + " 2>/dev/null");
    const auto all = ::mocua::testing::RunCommand(cmd + " 2>&1");
    return {all.exit_code, out.output, all.output};
}

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class CalendarCliTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        tdb_ = std::make_unique<::mocua::testing::TestDatabase>(GetParam(), /*migrate=*/false);
        where_ = " --data-dir " + tdb_->dir() + "/data --database '" + tdb_->url() + "'";
    }
    CalendarRun M(const std::string& args) { return Mocua(args + where_); }
    std::string Write(const std::string& name, const std::string& text) {
        const std::string path = tdb_->dir() + "/" + name;
        std::ofstream(path, std::ios::binary) << text;
        return path;
    }

    std::unique_ptr<::mocua::testing::TestDatabase> tdb_;
    std::string where_;
};

TEST(CalendarCli, EveryCommandHasHelp) {
    for (const char* cmd : {"calendar holidays", "calendar deadline", "calendar lunar", "calendar import"}) {
        const auto r = Mocua(std::string(cmd) + " --help");
        EXPECT_EQ(r.exit_code, 0) << cmd;
        EXPECT_TRUE(Has(r.out, "--format") || Has(r.out, "--bundled")) << cmd << ": " << r.out;
    }
}

TEST(CalendarCli, LunarNeedsNoDatabase) {
    const auto r = Mocua("calendar lunar 2026-02-17 --format json");
    ASSERT_EQ(r.exit_code, 0) << r.all;
    EXPECT_EQ(json::parse(r.out)["lunar"], (json{{"day", 1}, {"month", 1}, {"year", 2026}, {"leap", false}}));
    // Tết 1985 in Vietnam, a month before China's.
    EXPECT_EQ(json::parse(Mocua("calendar lunar 1985-01-21 --format json").out)["lunar"]["month"], 1);
    const auto text = Mocua("calendar lunar 2026-02-17");
    EXPECT_TRUE(Has(text.out, "1/1/2026")) << text.out;
    EXPECT_TRUE(Has(text.out, "Bính Ngọ")) << text.out;
    const auto bad = Mocua("calendar lunar 17/02/2026");
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_TRUE(Has(bad.all, "DATE must be YYYY-MM-DD")) << bad.all;
}

TEST_P(CalendarCliTest, HolidaysAfterImportingTheBundledDecisions) {
    // Before any decision: 2026 is all law and estimate.
    auto r = M("calendar holidays 2026 --format json");
    ASSERT_EQ(r.exit_code, 0) << r.all;
    for (const auto& d : json::parse(r.out)) EXPECT_NE(d["basis"], "decision");

    r = M("calendar import --bundled");
    ASSERT_EQ(r.exit_code, 0) << r.all;
    EXPECT_TRUE(Has(r.out, "19 decision days (19 created, 0 updated, 0 unchanged)")) << r.out;
    r = M("calendar import --bundled");
    EXPECT_TRUE(Has(r.out, "(0 created, 0 updated, 19 unchanged)")) << r.out;

    r = M("calendar holidays 2025 --format json");
    ASSERT_EQ(r.exit_code, 0) << r.all;
    const json days = json::parse(r.out);
    std::vector<std::string> off;
    for (const auto& d : days)
        if (d["kind"] != "swap-work") off.push_back(d["date"]);
    // 2025 as announced: 1/1; Tết 27–31/1; Hùng Kings 7/4; 30/4, 1/5 and 2/5 (swapped with 26/4); 1–2/9.
    EXPECT_EQ(off, (std::vector<std::string>{"2025-01-01", "2025-01-27", "2025-01-28", "2025-01-29",
                                             "2025-01-30", "2025-01-31", "2025-04-07", "2025-04-30",
                                             "2025-05-01", "2025-05-02", "2025-09-01", "2025-09-02"}));
    for (const auto& d : days) {
        EXPECT_TRUE(d.contains("name")) << d.dump();
        EXPECT_TRUE(d["kind"] == "holiday" || d["kind"] == "compensatory" || d["kind"] == "swap-off" ||
                    d["kind"] == "swap-work");
    }
    const auto text = M("calendar holidays 2026");
    EXPECT_TRUE(Has(text.out, "2026-02-17  tue   1/ 1")) << text.out;
    EXPECT_EQ(M("calendar holidays 1899").exit_code, 2);
}

TEST_P(CalendarCliTest, Deadlines) {
    auto r = M("calendar deadline --from 2026-03-02T10:00:00+07:00 --working-days 5 --format json");
    ASSERT_EQ(r.exit_code, 0) << r.all;
    json j = json::parse(r.out);
    EXPECT_EQ(j["from"], "2026-03-02T10:00:00+07:00");
    EXPECT_EQ(j["due"], "2026-03-09T10:00:00+07:00");
    r = M("calendar deadline --from 2026-03-02T10:00:00+07:00 --working-hours 4 --format json");
    EXPECT_EQ(json::parse(r.out)["due"], "2026-03-02T16:00:00+07:00");
    r = M("calendar deadline --from 2026-03-02T10:00:00+07:00 --days 10 --format json");
    EXPECT_EQ(json::parse(r.out)["due"], "2026-03-12T17:00:00+07:00");
    r =
        M("calendar deadline --from 2026-03-02T10:00:00+07:00 --working-days 5 "
          "--pause 2026-03-04T09:00:00+07:00/2026-03-05T09:00:00+07:00 --format json");
    EXPECT_EQ(json::parse(r.out)["due"], "2026-03-10T10:00:00+07:00");
    r = M("calendar deadline --from 2026-03-02T18:30:00+07:00 --working-days 1");
    EXPECT_TRUE(Has(r.out, "counts from 2026-03-03T07:00:00+07:00")) << r.out;

    r = M("calendar deadline --from 2026-03-02T10:00:00+07:00 --working-days 5 --days 2");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(Has(r.all, "exactly one of --working-days, --days or --working-hours")) << r.all;
    r = M("calendar deadline --from tomorrow --working-days 5");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(Has(r.all, "--from must be an ISO 8601 time")) << r.all;
    r = M("calendar deadline --from 2026-03-02T10:00:00+07:00 --working-days 5 --unit NO-SUCH-UNIT");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(Has(r.all, "no unit has that code")) << r.all;
}

TEST_P(CalendarCliTest, ImportNamesEveryProblemAndImportsNothing) {
    const std::string csv = Write("decisions.csv",
                                  "date,kind,occasion,name_vi,name_en,document,source\n"
                                  "2027-02-05,holiday,tet,Tết Âm lịch,,Thông báo thử,\n"
                                  "2027-02-30,holiday,tet,Tết Âm lịch,,,\n"
                                  "2027-02-08,swap-work,tet,Làm bù,,,\n");
    auto r = M("calendar import " + csv);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(Has(r.all, "decisions.csv:3: date")) << r.all;
    EXPECT_TRUE(Has(r.all, "decisions.csv:4: kind")) << r.all;
    EXPECT_TRUE(Has(r.all, "2 problem(s); nothing imported")) << r.all;
    r = M("calendar holidays 2027 --format json");
    for (const auto& d : json::parse(r.out)) EXPECT_NE(d["basis"], "decision");

    const std::string good = Write("good.csv",
                                   "date,kind,occasion,name_vi,name_en,document,source\n"
                                   "2027-02-05,holiday,tet,Tết Âm lịch (30 tháng Chạp),,Thông báo thử,\n");
    r = M("calendar import " + good);
    ASSERT_EQ(r.exit_code, 0) << r.all;
    r = M("calendar holidays 2027 --format json");
    int tet = 0;
    for (const auto& d : json::parse(r.out))
        if (d["occasion"] == "tet") ++tet;
    EXPECT_EQ(tet, 1) << "the decision is the whole answer for Tết 2027";

    const std::string hours = Write("hours.json", R"({"format": "mocua-calendar/1",
      "office_hours": [{"unit": "NO-SUCH-UNIT", "valid_from": "2025-07-01", "week": {"mon": "07:00-11:00"}}]})");
    r = M("calendar import " + hours);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_TRUE(Has(r.all, "no unit has the code NO-SUCH-UNIT")) << r.all;
    EXPECT_EQ(M("calendar import /no/such/file.json").exit_code, 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, CalendarCliTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
