// The operations centre's trends (issue 10) on the Decision 766 test dataset (kpi_fixture.hpp), on SQLite
// and PostgreSQL: GET /api/v1/kpi/766/trends gives per-month (per-day for a short period) counts and
// ratios worked out by hand below; the /ioc page's trend tables show the same figures, with a summary
// stating the last value and its change, in Vietnamese and English; the tables export as CSV.
#include <regex>

#include "integration/kpi_fixture.hpp"

namespace mocua {
namespace {

using nlohmann::json;

class IocTrendsTest : public KpiTest {
protected:
    // GET /ioc… as the leader in `lang`.
    ::mocua::testing::HttpReply Page(const std::string& target, const std::string& lang) {
        app::App app(::mocua::testing::InProcessAppConfig(s_->tdb), &s_->clock);
        auto started = app.Start();
        EXPECT_TRUE(started.ok()) << started.error().message;
        ::mocua::testing::HttpConnection client(app.port());
        auto r = client.Request("GET", target, "",
                                {{"Accept-Language", lang}, {"Authorization", "Bearer " + token_}});
        app.Stop();
        return r;
    }

    json Trends(const std::string& query) {
        auto r = Get("/api/v1/kpi/766/trends?" + query);
        EXPECT_EQ(r.status, 200) << r.body;
        return r.status == 200 ? json::parse(r.body) : json::object();
    }
};

// {label, cells…} of each body row of the table data-trend-table="id".
std::vector<std::vector<std::string>> TableRows(const std::string& html, const std::string& id) {
    std::vector<std::vector<std::string>> rows;
    const auto start = html.find("data-trend-table=\"" + id + "\"");
    if (start == std::string::npos) return rows;
    const std::string table = html.substr(start, html.find("</table>", start) - start);
    static const std::regex kRow(
        R"(<tr class="govuk-table__row"><th scope="row"[^>]*>([^<]*)</th>(.*?)</tr>)");
    static const std::regex kCell(R"(<td[^>]*>([^<]*)</td>)");
    for (auto it = std::sregex_iterator(table.begin(), table.end(), kRow); it != std::sregex_iterator();
         ++it) {
        std::vector<std::string> row{(*it)[1].str()};
        const std::string cells = (*it)[2].str();
        for (auto c = std::sregex_iterator(cells.begin(), cells.end(), kCell); c != std::sregex_iterator();
             ++c)
            row.push_back((*c)[1].str());
        rows.push_back(std::move(row));
    }
    return rows;
}

TEST_P(IocTrendsTest, MonthsGiveTheHandWorkedCountsAndRatios) {
    const json t = Trends("from=2025-08-01&to=2025-10-31");
    EXPECT_EQ(t["bucket"], "month");
    ASSERT_EQ(t["points"].size(), 3u);
    const json& aug = t["points"][0];
    const json& sep = t["points"][1];
    const json& oct = t["points"][2];
    EXPECT_EQ(aug["period"], "2025-08");
    EXPECT_EQ(aug["from"], "2025-08-01");
    EXPECT_EQ(aug["to"], "2025-08-31");
    // August: D9 received (offline, no fee list); nothing ended in August (D9 ended 02/09).
    EXPECT_EQ(aug["received"], 1);
    EXPECT_EQ(aug["online"], 0);
    EXPECT_EQ(aug["fee_bearing"], 0);
    EXPECT_EQ(aug["resolved"], (json{{"early", 0}, {"on_time", 0}, {"late", 0}}));
    EXPECT_TRUE(aug["on_time_rate"].is_null());         // nothing resolved
    EXPECT_EQ(aug["online_share"].get<double>(), 0.0);  // 0 of 1
    EXPECT_TRUE(aug["e_payment_share"].is_null());      // no fee-bearing dossier
    // September: received D1–D8, D11, D12 = 10; online with an e-result D1, D4; fee-bearing D2, D3, D4,
    // D7, D8, D12 (D6's fee list is all zero), paid online D2, D4, D12; ended: early D1, D9, D11, on time
    // D2, D4, D12, late D3, D5 → (3 + 3) / 8 = 75 %; 2/10 = 20 %; 3/6 = 50 %.
    EXPECT_EQ(sep["received"], 10);
    EXPECT_EQ(sep["online"], 2);
    EXPECT_EQ(sep["fee_bearing"], 6);
    EXPECT_EQ(sep["paid_online"], 3);
    EXPECT_EQ(sep["resolved"], (json{{"early", 3}, {"on_time", 3}, {"late", 2}}));
    EXPECT_EQ(sep["on_time_rate"].get<double>(), 75.0);
    EXPECT_EQ(sep["online_share"].get<double>(), 20.0);
    EXPECT_EQ(sep["e_payment_share"].get<double>(), 50.0);
    // October: nothing received; D8 ended late on 03/10 (due 01/10) → 0 of 1 on time.
    EXPECT_EQ(oct["received"], 0);
    EXPECT_EQ(oct["resolved"], (json{{"early", 0}, {"on_time", 0}, {"late", 1}}));
    EXPECT_EQ(oct["on_time_rate"].get<double>(), 0.0);
    EXPECT_TRUE(oct["online_share"].is_null());
    EXPECT_TRUE(oct["e_payment_share"].is_null());
    // The plan sets no target for the online share (a baseline only); for electronic payment the 2025
    // target (> 40 %) is the one in force on 31/10/2025.
    ASSERT_EQ(t["targets"].size(), 1u);
    EXPECT_EQ(t["targets"][0]["series"], "e_payment_share");
    EXPECT_EQ(t["targets"][0]["id"], "online_payment_2025");
    EXPECT_EQ(t["targets"][0]["target"].get<double>(), 40.0);
    EXPECT_EQ(t["targets"][0]["comparison"], ">");
    // After 2025, the 2030 target.
    const json later = Trends("from=2026-01-01&to=2026-03-31");
    ASSERT_EQ(later["targets"].size(), 1u);
    EXPECT_EQ(later["targets"][0]["id"], "online_payment_2030");
    EXPECT_EQ(later["points"].size(), 3u);
    EXPECT_EQ(later["points"][2]["received"], 0);
}

TEST_P(IocTrendsTest, AShortPeriodGoesByDayWithEveryDayPresent) {
    const json t = Trends("from=2025-09-14&to=2025-09-18");
    EXPECT_EQ(t["bucket"], "day");
    ASSERT_EQ(t["points"].size(), 5u);
    std::vector<std::string> days;
    for (const auto& p : t["points"]) days.push_back(p["period"]);
    EXPECT_EQ(days, (std::vector<std::string>{"2025-09-14", "2025-09-15", "2025-09-16", "2025-09-17",
                                              "2025-09-18"}));
    // 14/09: nothing.
    EXPECT_EQ(t["points"][0]["received"], 0);
    EXPECT_TRUE(t["points"][0]["on_time_rate"].is_null());
    // 15/09: D1–D4 received; online D1, D4; fee-bearing D2, D3, D4, paid D2, D4 → 2/3 = 66.67 %.
    EXPECT_EQ(t["points"][1]["received"], 4);
    EXPECT_EQ(t["points"][1]["online_share"].get<double>(), 50.0);
    EXPECT_EQ(t["points"][1]["e_payment_share"].get<double>(), 66.67);
    // 16/09: D5 received; D1 ended early. 17/09: D2 on time, D5 late. 18/09: D4 on time, D3 late.
    EXPECT_EQ(t["points"][2]["received"], 1);
    EXPECT_EQ(t["points"][2]["resolved"], (json{{"early", 1}, {"on_time", 0}, {"late", 0}}));
    EXPECT_EQ(t["points"][2]["on_time_rate"].get<double>(), 100.0);
    EXPECT_EQ(t["points"][3]["resolved"], (json{{"early", 0}, {"on_time", 1}, {"late", 1}}));
    EXPECT_EQ(t["points"][4]["resolved"], (json{{"early", 0}, {"on_time", 1}, {"late", 1}}));
    EXPECT_EQ(t["points"][4]["on_time_rate"].get<double>(), 50.0);
    // 62 days still go by day, 63 by month.
    EXPECT_EQ(Trends("from=2025-08-01&to=2025-10-01")["bucket"], "day");
    EXPECT_EQ(Trends("from=2025-08-01&to=2025-10-01")["points"].size(), 62u);
    EXPECT_EQ(Trends("from=2025-08-01&to=2025-10-02")["bucket"], "month");
    // A month cut by the period covers only the period's days.
    const json cut = Trends("from=2025-08-15&to=2025-10-20");  // 67 days
    EXPECT_EQ(cut["bucket"], "month");
    ASSERT_EQ(cut["points"].size(), 3u);
    EXPECT_EQ(cut["points"][0]["from"], "2025-08-15");
    EXPECT_EQ(cut["points"][0]["to"], "2025-08-31");
    EXPECT_EQ(cut["points"][2]["from"], "2025-10-01");
    EXPECT_EQ(cut["points"][2]["to"], "2025-10-20");
}

TEST_P(IocTrendsTest, AUnitCountsItsSubtreeAndBadQueriesAreRefused) {
    // Commune 20195's centre has D11 only: received and ended early on 10–11/09.
    const json t = Trends("from=2025-08-01&to=2025-10-31&unit=20195");
    EXPECT_EQ(t["points"][0]["received"], 0);
    EXPECT_EQ(t["points"][1]["received"], 1);
    EXPECT_EQ(t["points"][1]["resolved"], (json{{"early", 1}, {"on_time", 0}, {"late", 0}}));
    EXPECT_EQ(t["points"][1]["on_time_rate"].get<double>(), 100.0);
    EXPECT_EQ(Get("/api/v1/kpi/766/trends?from=2025-09-30&to=2025-09-01").status, 400);
    EXPECT_EQ(Get("/api/v1/kpi/766/trends?from=2025-09-01&to=2025-09-31").status, 400);
    EXPECT_EQ(Get("/api/v1/kpi/766/trends?from=2025-09-01&to=2025-09-30&unit=nope").status, 404);
    EXPECT_EQ(Get("/api/v1/kpi/766/trends?from=2025-09-01&to=2025-09-30", false).status, 401);
}

TEST_P(IocTrendsTest, ThePageTablesShowTheApiFiguresWithASummary) {
    const std::string q = "from=2025-07-01&to=2025-09-30";
    const json t = Trends(q);
    ASSERT_EQ(t["points"].size(), 3u);
    auto en = Page("/ioc?" + q, "en");
    ASSERT_EQ(en.status, 200) << en.body;
    // The received/resolved table: one row per month with the API's counts.
    const auto rows = TableRows(en.body, "trend-counts");
    ASSERT_EQ(rows.size(), 3u) << en.body;
    for (std::size_t i = 0; i < 3; ++i) {
        const json& p = t["points"][i];
        EXPECT_EQ(rows[i], (std::vector<std::string>{std::string(p["period"]).substr(5, 2) + "/2025",
                                                     std::to_string(p["received"].get<int>()),
                                                     std::to_string(p["resolved"]["early"].get<int>()),
                                                     std::to_string(p["resolved"]["on_time"].get<int>()),
                                                     std::to_string(p["resolved"]["late"].get<int>())}));
    }
    // The on-time table and the shares table: September 75 %, 20 %, 50 %; July and August have no
    // resolved dossier and no fee-bearing one.
    const auto on_time = TableRows(en.body, "trend-on-time");
    ASSERT_EQ(on_time.size(), 3u);
    EXPECT_EQ(on_time[2], (std::vector<std::string>{"09/2025", "8", "75,00\u00a0%"}));
    EXPECT_EQ(on_time[1], (std::vector<std::string>{"08/2025", "0", "no data yet"}));
    const auto shares = TableRows(en.body, "trend-shares");
    ASSERT_EQ(shares.size(), 3u);
    EXPECT_EQ(shares[2],
              (std::vector<std::string>{"09/2025", "10", "2", "20,00\u00a0%", "6", "3", "50,00\u00a0%"}));
    EXPECT_EQ(shares[1],
              (std::vector<std::string>{"08/2025", "1", "0", "0,00\u00a0%", "0", "0", "no data yet"}));
    // The summaries: September against August, 10 received against 1 = up 900 %.
    const std::string counts_en =
        "09/2025: 10 dossiers received, up 900\u00a0% on 08/2025; 8 resolved, 2 of them late; on-time rate "
        "75,00\u00a0%.";
    EXPECT_NE(
        en.body.find("<p class=\"govuk-body mocua-ioc-trend__summary\" data-trend-summary>" + counts_en),
        std::string::npos)
        << en.body;
    // The chart's container is labelled with the summary.
    EXPECT_NE(en.body.find("role=\"img\" aria-label=\"" + counts_en + "\""), std::string::npos);
    EXPECT_NE(en.body.find("09/2025: 75,00\u00a0% resolved on time; 08/2025: no data yet."),
              std::string::npos);
    EXPECT_NE(en.body.find("Targets: Citizens paying electronically &gt; 40,00\u00a0%."), std::string::npos);

    auto vi = Page("/ioc?" + q, "vi");
    ASSERT_EQ(vi.status, 200);
    EXPECT_NE(vi.body.find("Tháng 09/2025: 10 hồ sơ tiếp nhận, tăng 900\u00a0% so với tháng 08/2025; 8 hồ sơ "
                           "đã giải quyết, 2 trễ hạn; tỷ lệ đúng hạn 75,00\u00a0%."),
              std::string::npos)
        << vi.body;
    EXPECT_EQ(TableRows(vi.body, "trend-counts")[2][0], "Tháng 09/2025");
    // Fewer dossiers: August against July (0) and October against September.
    auto down = Page("/ioc?from=2025-08-01&to=2025-10-31", "en");
    EXPECT_NE(
        down.body.find("10/2025: 0 dossiers received, down 100\u00a0% on 09/2025; 1 resolved, 1 of them "
                       "late; on-time rate 0,00\u00a0%."),
        std::string::npos)
        << down.body;
}

TEST_P(IocTrendsTest, TrendTablesExportAsCsv) {
    auto r = Page("/ioc/export?table=trend_counts&format=csv&from=2025-08-01&to=2025-10-31", "en");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("content-type"), "text/csv; charset=utf-8");
    EXPECT_NE(r.header("content-disposition").find("ioc-trend_counts-2025-08-01-2025-10-31.csv"),
              std::string::npos);
    EXPECT_NE(r.body.find("Month,Received,Resolved early,Resolved on time,Resolved late\r\n"),
              std::string::npos)
        << r.body;
    EXPECT_NE(r.body.find("\r\n2025-09,10,3,3,2\r\n"), std::string::npos) << r.body;
    auto shares = Page("/ioc/export?table=trend_shares&format=csv&from=2025-08-01&to=2025-10-31", "en");
    ASSERT_EQ(shares.status, 200);
    // August has no fee-bearing dossier: the share is left empty.
    EXPECT_NE(shares.body.find("\r\n2025-08,1,0,0.00,0,0,\r\n"), std::string::npos) << shares.body;
    EXPECT_NE(shares.body.find("\r\n2025-09,10,2,20.00,6,3,50.00\r\n"), std::string::npos);
    EXPECT_EQ(Page("/ioc/export?table=trend_nope&format=csv&from=2025-08-01&to=2025-10-31", "en").status,
              400);
}

TEST_P(IocTrendsTest, TheWallHasATrendPanelWithItsSummary) {
    auto wall = Page("/ioc/wall?from=2025-07-01&to=2025-09-30", "en");
    ASSERT_EQ(wall.status, 200) << wall.body;
    const std::string summary =
        "09/2025: 10 dossiers received, up 900\u00a0% on 08/2025; 8 resolved, 2 of them late; on-time rate "
        "75,00\u00a0%.";
    EXPECT_NE(wall.body.find("id=\"panel-trend\""), std::string::npos) << wall.body;
    EXPECT_NE(wall.body.find("role=\"img\" aria-label=\"" + summary + "\""), std::string::npos) << wall.body;
    EXPECT_NE(wall.body.find("data-trend-summary>" + summary + "</p>"), std::string::npos);
    // The chart is drawn for the wall's dark background.
    EXPECT_NE(wall.body.find("&quot;theme&quot;:&quot;wall&quot;"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Engines, IocTrendsTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
