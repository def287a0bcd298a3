// The operations-centre pages (issue 10, part 2) on the Decision 766 test dataset (kpi_fixture.hpp), on
// SQLite and PostgreSQL: /ioc shows exactly the figures GET /api/v1/kpi/766 gives for the same query and
// the hand-worked ones of kpi_test.cpp; the drill-down by unit; the dossier list of a figure with each
// reason; who may see them; bad input answered in the reader's language.
#include <unistd.h>
#include <cstdio>
#include <regex>

#include "adapters/catalog_io/xlsx.hpp"
#include "integration/kpi_fixture.hpp"
#include "support/sse_client.hpp"

namespace mocua {
namespace {

using nlohmann::json;

class IocPagesTest : public KpiTest {
protected:
    void SetUp() override {
        KpiTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        viewer_token_ = Account("ioc@example.vn", domain::identity::AccountKind::kStaff, "ioc_viewer");
        citizen_token_ = Account("dan@example.vn", domain::identity::AccountKind::kCitizen, "");
    }

    std::string viewer_token_, citizen_token_;
};

// The text of the element marked data-figure="name" (the first link inside it, if any).
std::string Figure(const std::string& html, const std::string& name) {
    const std::regex re("data-figure=\"" + std::regex_replace(name, std::regex(R"([.])"), R"(\.)") +
                        R"("[^>]*>(?:<a [^>]*>)?([^<]*)<)");
    std::smatch m;
    if (!std::regex_search(html, m, re)) return "<" + name + " missing>";
    return m[1];
}

// A figure of the API (a JSON number with at most 2 decimals) written the way the pages write numbers:
// two decimals after a comma (a percentage then takes a no-break space and "%").
std::string Shown(const json& v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v.get<double>());
    std::string s = buf;
    s[s.find('.')] = ',';
    return s;
}

// A count as the pages write it: dots between thousands ("2.232.000").
std::string Grouped(std::int64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    return out;
}

TEST_P(IocPagesTest, TheDashboardShowsTheApisFigures) {
    const std::string q = "from=2025-09-01&to=2025-09-30";
    auto api = Get("/api/v1/kpi/766?" + q + "&lang=en");
    ASSERT_EQ(api.status, 200) << api.body;
    const json r = json::parse(api.body);
    auto page = Fetch("/ioc?" + q, token_);
    ASSERT_EQ(page.status, 200) << page.body;
    const std::string& html = page.body;

    // Every indicator: value, numerator and denominator as the API has them.
    int checked = 0;
    for (const auto& [code, i] : r["indicators"].items()) {
        std::string id = "i" + code;
        id[2] = '_';
        const std::string value = Figure(html, id + "-value");
        if (i["value"].is_null()) {
            EXPECT_EQ(value, "Not applicable") << code;
        } else {
            EXPECT_EQ(value, Shown(i["value"]) + (i["unit"] == "days" ? " days" : "\u00A0%")) << code;
        }
        EXPECT_EQ(Figure(html, id + "-numerator"), Grouped(i["numerator"].get<std::int64_t>())) << code;
        EXPECT_EQ(Figure(html, id + "-denominator"), Grouped(i["denominator"].get<std::int64_t>())) << code;
        if (i["points"].is_number()) {
            EXPECT_EQ(Figure(html, id + "-points"), Shown(i["points"])) << code;
        }
        ++checked;
    }
    EXPECT_GE(checked, 18);
    // And the hand-worked figures (kpi_test.cpp): 2.1 7 of 10 = 70 %, 14 points of 20; 2.2 3.23 days;
    // groups 18 + 14 + 12.31 + 4.40 = 48.71 points; group 5 not applicable.
    EXPECT_EQ(Figure(html, "i2_1-value"), "70,00\u00A0%");
    EXPECT_EQ(Figure(html, "i2_1-numerator"), "7");
    EXPECT_EQ(Figure(html, "i2_1-points"), "14,00");
    EXPECT_EQ(Figure(html, "i2_2-value"), "3,23 days");
    EXPECT_EQ(Figure(html, "i2_2-numerator"), "2.232.000");  // 620 h in seconds
    EXPECT_EQ(Figure(html, "i5_4-value"), "Not applicable");
    EXPECT_EQ(Figure(html, "group-3"), "12,31");
    EXPECT_EQ(Figure(html, "total"), "48,71");
    // The numerator links to the dossiers it counts, for the same unit and period.
    EXPECT_NE(html.find("href=\"/ioc/766/2.1?unit=&amp;from=2025-09-01&amp;to=2025-09-30\""),
              std::string::npos)
        << html;
    // A good query marks no field as wrong.
    EXPECT_EQ(html.find("govuk-form-group--error"), std::string::npos);
    // 3.1's maximum is our assumption, and the page says so.
    EXPECT_NE(html.find("(assumed)"), std::string::npos);

    // The daily counts: carried over D9; in progress late D7, due soon D8, not yet due D6; resolved early
    // D1, D9, D11, on time D2, D4, D12, late D3, D5; D3 not collected; late rate 3 / 11 = 27.27 %.
    EXPECT_EQ(Figure(html, "count-received"), "10");
    EXPECT_EQ(Figure(html, "count-carried_over"), "1");
    EXPECT_EQ(Figure(html, "count-to_process"), "11");
    EXPECT_EQ(Figure(html, "count-in_progress_late"), "1");
    EXPECT_EQ(Figure(html, "count-in_progress_due_soon"), "1");
    EXPECT_EQ(Figure(html, "count-in_progress_not_yet_due"), "1");
    EXPECT_EQ(Figure(html, "count-resolved_early"), "3");
    EXPECT_EQ(Figure(html, "count-resolved_on_time"), "3");
    EXPECT_EQ(Figure(html, "count-resolved_late"), "2");
    EXPECT_EQ(Figure(html, "count-resolved_not_collected"), "1");
    EXPECT_EQ(Figure(html, "count-late_rate"), "27,27\u00A0%");
    EXPECT_EQ(Figure(html, "count-late_rate"), Shown(r["counts"]["late_rate"]) + "\u00A0%");

    // The scorecard: online payment 50 % (3 of 6) meets "> 40 %" by 2025, not "> 50 %" by 2030.
    EXPECT_EQ(Figure(html, "target-online_payment_2025"), "50,00\u00A0%");
    EXPECT_EQ(Figure(html, "met-online_payment_2025"), "Met");
    EXPECT_EQ(Figure(html, "met-online_payment_2030"), "Not met");
    EXPECT_NE(html.find("28,20\u00A0% (2022)"), std::string::npos);  // the online-dossier baseline

    // Without a unit, the one top unit (the province) is the drill-down's first row.
    EXPECT_EQ(Figure(html, "unit-48-received"), "10");
    EXPECT_EQ(Figure(html, "unit-48-on_time"), "70,00");
    EXPECT_EQ(Figure(html, "unit-48-points"), "48,71");
}

TEST_P(IocPagesTest, DrillingDownGoesUnitByUnit) {
    // The province's communes: 20194 holds every dossier but D11 (2.1: 6 of 9), 20195 D11 alone (on time).
    auto page = Fetch("/ioc?unit=48&from=2025-09-01&to=2025-09-30", token_, "vi");
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_EQ(Figure(page.body, "unit-20194-received"), "9");
    EXPECT_EQ(Figure(page.body, "unit-20194-on_time"), "66,67");
    EXPECT_EQ(Figure(page.body, "unit-20195-received"), "1");
    EXPECT_EQ(Figure(page.body, "unit-20195-on_time"), "100,00");
    EXPECT_NE(page.body.find("href=\"/ioc?unit=20194&amp;from=2025-09-01&amp;to=2025-09-30\""),
              std::string::npos);
    EXPECT_NE(page.body.find("Phường An Phú"), std::string::npos);
    // One level down, the page agrees with the API for that unit, in Vietnamese.
    auto down = Fetch("/ioc?unit=20194&from=2025-09-01&to=2025-09-30", token_, "vi");
    ASSERT_EQ(down.status, 200);
    const json r = json::parse(Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30&unit=20194").body);
    EXPECT_EQ(Figure(down.body, "i2_1-value"), Shown(r["indicators"]["2.1"]["value"]) + "\u00A0%");
    EXPECT_EQ(Figure(down.body, "i2_1-value"), "66,67\u00A0%");
    EXPECT_EQ(Figure(down.body, "i4_5-value"), "11,11\u00A0%");
    EXPECT_EQ(Figure(down.body, "unit-000.00.12.H48-received"), "9");
}

TEST_P(IocPagesTest, AFiguresDossiersComeWithTheirReasons) {
    auto page = Fetch("/ioc/766/2.1?from=2025-09-01&to=2025-09-30", token_);
    ASSERT_EQ(page.status, 200) << page.body;
    const std::string& html = page.body;
    int rows = 0;
    for (std::size_t at = html.find("data-dossier="); at != std::string::npos;
         at = html.find("data-dossier=", at + 1))
        ++rows;
    EXPECT_EQ(rows, 10);  // received in September: D1–D8, D11, D12
    std::smatch m;
    ASSERT_TRUE(std::regex_search(html, m, std::regex(R"(data-dossier="D3"[\s\S]*?</tr>)")));
    const std::string d3 = m[0];
    EXPECT_NE(d3.find("Ended after the due time"), std::string::npos) << d3;
    EXPECT_NE(d3.find("<td class=\"govuk-table__cell\">No</td>"), std::string::npos) << d3;  // not on time
    // A leader opens the dossier's staff page.
    EXPECT_NE(d3.find("href=\"/work/dossiers/D3\""), std::string::npos) << d3;
    ASSERT_TRUE(std::regex_search(html, m, std::regex(R"(data-dossier="D5"[\s\S]*?</tr>)")));
    EXPECT_NE(std::string(m[0]).find("More than one supplement request: counted late"), std::string::npos);

    // An IOC viewer, who may not read dossiers, gets the operations centre's own dossier page instead.
    auto viewer = Fetch("/ioc/766/2.1?from=2025-09-01&to=2025-09-30", viewer_token_, "vi");
    ASSERT_EQ(viewer.status, 200) << viewer.body;
    EXPECT_NE(viewer.body.find("data-dossier=\"D3\""), std::string::npos);
    EXPECT_EQ(viewer.body.find("/work/dossiers/"), std::string::npos);
    EXPECT_NE(viewer.body.find("href=\"/ioc/dossiers/D3?unit=&amp;from=2025-09-01&amp;to=2025-09-30\""),
              std::string::npos);
    EXPECT_NE(viewer.body.find("Xử lý xong quá hạn"), std::string::npos);
}

TEST_P(IocPagesTest, OnlyTheOperationsCentreMaySee) {
    EXPECT_EQ(Fetch("/ioc?from=2025-09-01&to=2025-09-30", viewer_token_).status, 200);
    EXPECT_EQ(Fetch("/ioc?from=2025-09-01&to=2025-09-30", citizen_token_).status, 403);
    EXPECT_EQ(Fetch("/ioc/766/2.1?from=2025-09-01&to=2025-09-30", citizen_token_).status, 403);
    EXPECT_EQ(Fetch("/ioc?from=2025-09-01&to=2025-09-30", "").status, 401);
}

TEST_P(IocPagesTest, BadInputIsExplainedInTheReadersLanguage) {
    auto bad_date = Fetch("/ioc?from=30/02/2025&to=30/09/2025", token_, "en");
    EXPECT_EQ(bad_date.status, 422);
    EXPECT_NE(bad_date.body.find("Enter a date as day/month/year"), std::string::npos);
    EXPECT_NE(bad_date.body.find("href=\"#from\""), std::string::npos);  // the summary links to the field
    EXPECT_NE(bad_date.body.find("govuk-form-group govuk-form-group--error"), std::string::npos);
    auto order = Fetch("/ioc?from=30/09/2025&to=01/09/2025", token_, "vi");
    EXPECT_EQ(order.status, 422);
    EXPECT_NE(order.body.find("Ngày kết thúc không được trước ngày bắt đầu"), std::string::npos);
    auto unit = Fetch("/ioc?unit=khong-co&from=01/09/2025&to=30/09/2025", token_, "vi");
    EXPECT_EQ(unit.status, 422);
    EXPECT_NE(unit.body.find("Không có cơ quan nào mang mã này"), std::string::npos);
    EXPECT_EQ(Fetch("/ioc/766/3.1?from=2025-09-01&to=2025-09-30", token_).status, 404);  // no dossier list
    EXPECT_EQ(Fetch("/ioc/766/2.1?from=2025-09-01&to=2025-09-30&offset=-1", token_).status, 400);
}

TEST_P(IocPagesTest, TablesExportAsCsvWithTheSameFigures) {
    const std::string q = "from=2025-09-01&to=2025-09-30";
    auto counts = Fetch("/ioc/export?table=counts&format=csv&" + q, token_);
    ASSERT_EQ(counts.status, 200) << counts.body;
    EXPECT_EQ(counts.header("content-type"), "text/csv; charset=utf-8");
    EXPECT_NE(counts.header("content-disposition").find("ioc-counts-2025-09-01-2025-09-30.csv"),
              std::string::npos);
    // A byte-order mark for Excel, the column names, then numbers without grouping or decimal comma.
    EXPECT_EQ(counts.body.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_EQ(counts.body.substr(3, 14), "Figure,Value\r\n");
    EXPECT_NE(counts.body.find("\r\nReceived in the period,10\r\n"), std::string::npos) << counts.body;
    EXPECT_NE(counts.body.find("\r\nCarried over,1\r\n"), std::string::npos);
    EXPECT_NE(counts.body.find("\r\nLate rate,27.27\r\n"), std::string::npos);

    // The indicators: 2.1 is 7 of 10 = 70 %, 14 of 20 points, an official maximum; 2.2's numerator is
    // 620 h in seconds.
    auto indicators = Fetch("/ioc/export?table=indicators&format=csv&" + q, token_);
    ASSERT_EQ(indicators.status, 200);
    EXPECT_NE(indicators.body.find(
                  "\r\n2.1,Dossiers processed early or on time,70.00,percent,7,10,14.00,20.00,No\r\n"),
              std::string::npos)
        << indicators.body;
    EXPECT_NE(indicators.body.find(",2232000,8,"), std::string::npos);

    // The communes below the province, in Vietnamese: 20194 has 9 received, 6 of 9 on time.
    auto units = Fetch("/ioc/export?table=units&format=csv&unit=48&" + q, token_, "vi");
    ASSERT_EQ(units.status, 200);
    EXPECT_NE(units.body.find("\r\n20194,Phường An Phú,9,66.67,"), std::string::npos) << units.body;
    EXPECT_NE(units.body.find("\r\n20195,Phường Đông Hà,1,100.00,"), std::string::npos);

    // A figure's dossiers: the header and one line per dossier of the denominator.
    auto list = Fetch("/ioc/766/2.1?format=csv&" + q, token_);
    ASSERT_EQ(list.status, 200);
    int lines = 0;
    for (char c : list.body) lines += c == '\n';
    EXPECT_EQ(lines, 1 + 10);
    EXPECT_NE(list.body.find("\r\nD3,No,Yes,Ended after the due time\r\n"), std::string::npos) << list.body;

    EXPECT_EQ(Fetch("/ioc/export?table=nothing&format=csv&" + q, token_).status, 400);
    EXPECT_EQ(Fetch("/ioc/export?table=counts&format=pdf&" + q, token_).status, 400);
    EXPECT_EQ(Fetch("/ioc/export?table=counts&format=csv&from=2025-09-31&to=2025-09-30", token_).status, 400);
    EXPECT_EQ(Fetch("/ioc/export?table=counts&format=csv&" + q, citizen_token_).status, 403);
}

TEST_P(IocPagesTest, TablesExportAsXlsxThatASpreadsheetReads) {
    auto x = Fetch("/ioc/export?table=counts&format=xlsx&from=2025-09-01&to=2025-09-30", token_);
    ASSERT_EQ(x.status, 200);
    EXPECT_EQ(x.header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    // Read back with the catalogue's XLSX reader (libzip + libxml2, independent of libxlsxwriter).
    char path[] = "/tmp/ioc-export-XXXXXX";
    const int fd = ::mkstemp(path);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, x.body.data(), x.body.size()), static_cast<ssize_t>(x.body.size()));
    ::close(fd);
    std::vector<domain::catalog::Problem> problems;
    auto tables = adapters::catalog_io::ReadXlsx(path, problems);
    ::unlink(path);
    ASSERT_TRUE(problems.empty());
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_EQ(tables[0].columns, (std::vector<std::string>{"Figure", "Value"}));
    std::map<std::string, std::string> values;
    for (const auto& row : tables[0].rows)
        if (row.size() == 2) values[row[0]] = row[1];
    EXPECT_EQ(values["Received in the period"], "10");
    EXPECT_EQ(values["Resolved late"], "2");
    EXPECT_EQ(values["Late rate"], "27.27");
}

TEST_P(IocPagesTest, TheFeedIsTheReportWithItsVersionAndTime) {
    const std::string q = "from=2025-09-01&to=2025-09-30&unit=20194";
    auto feed = Fetch("/api/v1/ioc/feed?" + q, viewer_token_);
    ASSERT_EQ(feed.status, 200) << feed.body;
    json f = json::parse(feed.body);
    EXPECT_EQ(f["feed"], "mocua.ioc.v1");
    EXPECT_EQ(f["generated_at"], "2026-11-27T02:00:00.000Z");  // the test clock
    EXPECT_EQ(f["counts"]["received"], 9);
    EXPECT_EQ(f["indicators"]["2.1"]["numerator"], 6);
    EXPECT_EQ(f["scorecard"].size(), 5u);
    f.erase("feed");
    f.erase("generated_at");
    EXPECT_EQ(f, json::parse(Get("/api/v1/kpi/766?" + q).body));  // the KPI API's JSON, nothing else
    EXPECT_EQ(Fetch("/api/v1/ioc/feed?" + q, citizen_token_).status, 403);
    EXPECT_EQ(Fetch("/api/v1/ioc/feed?" + q, "").status, 401);
    EXPECT_EQ(Fetch("/api/v1/ioc/feed?from=2025-09-01&to=2025-09-30&unit=khong-co", token_).status, 404);
    auto bad = Fetch("/api/v1/ioc/feed?from=2025-13-01&to=2025-09-30", token_);
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(json::parse(bad.body)["error"]["message"].get<std::string>().find("`from`"), std::string::npos);
}

TEST_P(IocPagesTest, TheWallsStreamFollowsADossierChange) {
    using namespace std::chrono_literals;
    auto config = ::mocua::testing::InProcessAppConfig(s_->tdb);
    config.events.poll_interval_ms = 200;  // the import is another writer: its change is found by polling
    app::App app(config, &s_->clock);
    ASSERT_TRUE(app.Start().ok());
    ::mocua::testing::SseClient client(app.port(), "/ioc/events?from=2025-09-01&to=2025-09-30&lang=en",
                                       "Authorization: Bearer " + viewer_token_ + "\r\n");
    // The current figures first: D3 and D5 resolved late.
    const auto first = client.WaitFor("\"count-resolved_late\":\"2\"", 10s);
    ASSERT_NE(first, std::string::npos) << client.received();
    EXPECT_EQ(client.status(), 200);
    EXPECT_NE(client.received().find("\"i2_1-value\":\"70,00\u00A0%\""), std::string::npos);
    // D3 processed on time after all: 2.1 becomes 8 of 10, one resolved late.
    ASSERT_EQ(Import(kD3OnTime + "\n").updated, 1);
    const auto at = client.WaitFor("\"count-resolved_late\":\"1\"", 5s, first);
    EXPECT_NE(at, std::string::npos) << client.received();
    EXPECT_NE(client.received().find("\"i2_1-value\":\"80,00\u00A0%\"", first), std::string::npos);
    app.Stop();

    // A citizen may not open the stream.
    app::App again(config, &s_->clock);
    ASSERT_TRUE(again.Start().ok());
    ::mocua::testing::SseClient refused(again.port(), "/ioc/events",
                                        "Authorization: Bearer " + citizen_token_ + "\r\n");
    refused.WaitFor("\r\n", 5s);
    EXPECT_EQ(refused.status(), 403);
    again.Stop();
}

INSTANTIATE_TEST_SUITE_P(Engines, IocPagesTest, ::mocua::testing::AllEngines(), ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
