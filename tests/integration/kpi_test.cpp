// Decision 766 on a hand-built dataset, on SQLite and PostgreSQL: twelve dossiers imported in the national
// portal's format, each exercising a counting rule, and the figures worked out by hand below. The API
// (GET /api/v1/kpi/766) and the CLI (`mocua kpi 766 --format json`) must give the same exact JSON; a
// changed dossier moves the sums incrementally; the explanation lists give each dossier's reason.
#include "integration/kpi_fixture.hpp"

namespace mocua {
namespace {

using nlohmann::json;

double Value(const json& report, const char* indicator) {
    return report["indicators"][indicator]["value"].get<double>();
}

TEST_P(KpiTest, TheApiAndTheCliGiveTheHandWorkedFigures) {
    auto api = Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30");
    ASSERT_EQ(api.status, 200) << api.body;
    const json r = json::parse(api.body);

    // Received in September: D1–D8, D11, D12 = 10 (D9 in August, D10 never received).
    const auto& i = r["indicators"];
    EXPECT_EQ(i["1.4"]["numerator"], 10);
    EXPECT_EQ(i["1.4"]["denominator"], 10);
    EXPECT_EQ(Value(r, "1.4"), 100.0);
    // 2.1 on time at the period's end: D1, D2, D4, D6, D8, D11, D12 (late: D3, D5, D7) = 7/10.
    EXPECT_EQ(i["2.1"]["numerator"], 7);
    EXPECT_EQ(i["2.1"]["denominator"], 10);
    EXPECT_EQ(Value(r, "2.1"), 70.0);
    EXPECT_EQ(i["2.1"]["points"].get<double>(), 14.0);  // 20 × 70 %
    // 2.2 completed in September: D1 26 h, D2 56, D3 74, D4 54, D5 24, D9 122, D11 24, D12 240 = 620 h / 8
    // = 77.5 h = 3.229… days.
    EXPECT_EQ(i["2.2"]["denominator"], 8);
    EXPECT_EQ(i["2.2"]["numerator"], 620 * 3600);
    EXPECT_EQ(Value(r, "2.2"), 3.23);
    EXPECT_EQ(i["2.2"]["unit"], "days");
    // 3.3 online with an e-result: D1, D4 (D11 has none) = 2/10.
    EXPECT_EQ(Value(r, "3.3"), 20.0);
    EXPECT_EQ(i["3.3"]["points"].get<double>(), 1.76);  // 4.4 × 20/50
    // 3.6 fee-bearing with a non-zero list: D2, D3, D4, D7, D8, D12 (D6's list is all zero); paid D2, D4,
    // D12.
    EXPECT_EQ(i["3.6"]["numerator"], 3);
    EXPECT_EQ(i["3.6"]["denominator"], 6);
    EXPECT_EQ(Value(r, "3.6"), 50.0);
    // 4.1 e-result among paper results: D1, D4 = 2/10; 4.2 files and e-result: D1, D4; 4.3 digitised or
    // reused file: D1, D4; 4.4 from the store: D1; 4.5 VNeID: D1, D11.
    EXPECT_EQ(Value(r, "4.1"), 20.0);
    EXPECT_EQ(Value(r, "4.2"), 20.0);
    EXPECT_EQ(Value(r, "4.3"), 20.0);
    EXPECT_EQ(Value(r, "4.4"), 10.0);
    EXPECT_EQ(Value(r, "4.5"), 20.0);
    // Catalogue: 1.1 the one announcement was issued 20/06, at least 5 working days before 01/07 (24/06);
    // 1.2 published 25/06, within 5 working days of 20/06 (27/06); 1.3 every procedure complete; 3.1 three
    // of four online; 3.2 one of those three with an online dossier (1.001193: D1); 3.5 one of two
    // fee-bearing procedures with fee-bearing dossiers (2.000815).
    EXPECT_EQ(Value(r, "1.1"), 100.0);
    EXPECT_EQ(Value(r, "1.2"), 100.0);
    EXPECT_EQ(Value(r, "1.3"), 100.0);
    EXPECT_EQ(Value(r, "3.1"), 75.0);
    EXPECT_EQ(i["3.1"]["points"].get<double>(), 4.13);  // 4.4 × 75/80 = 4.125 → 4.13
    EXPECT_EQ(Value(r, "3.2"), 33.33);
    EXPECT_EQ(Value(r, "3.5"), 50.0);
    EXPECT_EQ(r["full_online"].get<double>(), 0.0);
    // Groups: 2 = 14.00 (2.2 carries no points); 3 = 4.13 + 1.47 + 1.76 + 2.75 + 2.20 = 12.31;
    // 4 = 0.88 + 1.10 + 1.10 + 0.44 + 0.88 = 4.40; 1 = 4.67 + 4 + 4.67 + 4.66 = 18; 5 not applicable.
    EXPECT_EQ(r["groups"]["2"]["points"].get<double>(), 14.0);
    EXPECT_EQ(r["groups"]["2"]["max"], 20);
    EXPECT_EQ(r["groups"]["3"]["points"].get<double>(), 12.31);
    EXPECT_EQ(r["groups"]["4"]["points"].get<double>(), 4.4);
    EXPECT_EQ(r["groups"]["1"]["points"].get<double>(), 18.0);
    EXPECT_TRUE(r["groups"]["5"]["points"].is_null());
    EXPECT_TRUE(i["5.4"]["value"].is_null());
    EXPECT_EQ(i["5.4"]["unit"], "not_applicable");
    EXPECT_TRUE(i["3.1"]["max_assumed"].get<bool>());
    EXPECT_FALSE(i["2.1"]["max_assumed"].get<bool>());

    // Daily counts: carried over D9; in progress at 30/09: D7 late, D8 due soon, D6 not yet due (waiting
    // for the applicant); resolved in September: early D1, D9, D11; on time D2, D4, D12; late D3, D5;
    // not collected D3. Late rate (1 + 2) / (10 + 1) = 27.27 %.
    const auto& c = r["counts"];
    EXPECT_EQ(c["received"], 10);
    EXPECT_EQ(c["carried_over"], 1);
    EXPECT_EQ(c["to_process"], 11);
    EXPECT_EQ(c["in_progress"], json({{"late", 1}, {"due_soon", 1}, {"not_yet_due", 1}}));
    EXPECT_EQ(c["resolved"], json({{"early", 3}, {"on_time", 3}, {"late", 2}}));
    EXPECT_EQ(c["resolved_not_collected"], 1);
    EXPECT_EQ(c["late_rate"].get<double>(), 27.27);
    EXPECT_EQ(c["on_time_rate"].get<double>(), 72.73);

    // The scorecard: electronic payment 50 % > 40 % (2025) but not > 50 % (2030).
    std::map<std::string, json> targets;
    for (const auto& t : r["scorecard"]) targets[t["id"]] = t;
    EXPECT_EQ(targets["online_payment_2025"]["met"], true);
    EXPECT_EQ(targets["online_payment_2030"]["met"], false);
    EXPECT_EQ(targets["online_dossiers"]["baseline"].get<double>(), 28.2);
    EXPECT_TRUE(targets["online_dossiers"]["met"].is_null());

    // The CLI prints the same JSON.
    auto cli = Cli("kpi 766 --from 2025-09-01 --to 2025-09-30 --format json");
    ASSERT_EQ(cli.exit_code, 0) << cli.output;
    EXPECT_EQ(json::parse(cli.output), r);
}

TEST_P(KpiTest, AUnitCountsItsSubtreeOnly) {
    // Commune 20194 holds centre 000.00.12.H48: every dossier but D11. 2.1: 6 of 9 = 66.67 %.
    auto api = Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30&unit=20194&lang=en");
    ASSERT_EQ(api.status, 200) << api.body;
    const json r = json::parse(api.body);
    EXPECT_EQ(r["unit"], "20194");
    EXPECT_EQ(r["indicators"]["2.1"]["numerator"], 6);
    EXPECT_EQ(r["indicators"]["2.1"]["denominator"], 9);
    EXPECT_EQ(Value(r, "2.1"), 66.67);
    EXPECT_EQ(r["indicators"]["2.1"]["name"], "Dossiers processed early or on time");
    EXPECT_EQ(Value(r, "4.5"), 11.11);  // D1 only: 1/9
    auto cli = Cli("kpi 766 --from 2025-09-01 --to 2025-09-30 --unit 20194 --lang en --format json");
    ASSERT_EQ(cli.exit_code, 0) << cli.output;
    EXPECT_EQ(json::parse(cli.output), r);
    // The other commune: D11 alone, on time; no fee-bearing dossier, so 3.6 is not applicable.
    const json other = json::parse(Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30&unit=20195").body);
    EXPECT_EQ(Value(other, "2.1"), 100.0);
    EXPECT_TRUE(other["indicators"]["3.6"]["value"].is_null());
    EXPECT_EQ(other["indicators"]["3.6"]["denominator"], 0);
}

TEST_P(KpiTest, AChangedDossierMovesTheSums) {
    ASSERT_EQ(
        json::parse(
            Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30").body)["indicators"]["2.1"]["numerator"],
        7);
    // D3 re-imported as processed on time (17/09 15:00, 55 h) and returned: 2.1 8/10; resolved late only
    // D5; nothing left uncollected; 2.2 = (620 − 74 + 55) h / 8 = 601 h / 8 = 75.125 h = 3.130… → 3.13 days.
    ASSERT_EQ(Import(kD3OnTime + "\n").updated, 1);
    const json r = json::parse(Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30").body);
    EXPECT_EQ(r["indicators"]["2.1"]["numerator"], 8);
    EXPECT_EQ(Value(r, "2.1"), 80.0);
    EXPECT_EQ(r["counts"]["resolved"], json({{"early", 3}, {"on_time", 4}, {"late", 1}}));
    EXPECT_EQ(r["counts"]["resolved_not_collected"], 0);
    EXPECT_EQ(Value(r, "2.2"), 3.13);
    // Projecting again finds nothing new; the sums stay.
    auto refresh = Cli("kpi refresh");
    ASSERT_EQ(refresh.exit_code, 0) << refresh.output;
    EXPECT_NE(refresh.output.find("0 dossiers projected"), std::string::npos) << refresh.output;
    EXPECT_EQ(json::parse(Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30").body), r);
}

TEST_P(KpiTest, APaymentAloneMovesThePaidOnlineShare) {
    // D7 (fee-bearing, in progress) pays its 2,000 VND through the gateway. The payment writes only the
    // dossier's portal facts, not its row (migration 0017 records that as a change of the dossier):
    // 3.6 goes from 3/6 to 4/6 = 66.666… → 66.67 %.
    persistence::SqlPaymentRepository payments(s_->tdb.db(), s_->crypto, s_->clock);
    domain::payments::NewRequest request{.dossier_code = "D7",
                                         .lines = {{"Lệ phí", "Fee", 2000}},
                                         .payer_name = "Người nộp",
                                         .purpose = "D7",
                                         .created_at = "2025-09-24T02:00:00.000Z",
                                         .expires_at = "2025-09-25T02:00:00.000Z"};
    auto made = payments.Create(request, TestActor());
    ASSERT_TRUE(made.ok()) << made.error().message;
    domain::payments::Settlement paid{.method = domain::payments::Method::kGateway,
                                      .at = "2025-09-24T02:05:00.000Z",
                                      .transaction_no = "14000001",
                                      .response_code = "00",
                                      .online_payment_flag = 2};
    ASSERT_EQ(payments.Settle(made->id, paid, {TestActor(), "payment.paid", "payment_request",
                                               std::to_string(made->id), ""}),
              domain::payments::SettleOutcome::kApplied);
    const json r = json::parse(Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30").body);
    EXPECT_EQ(r["indicators"]["3.6"]["numerator"], 4);
    EXPECT_EQ(r["indicators"]["3.6"]["denominator"], 6);
    EXPECT_EQ(Value(r, "3.6"), 66.67);
}

TEST_P(KpiTest, AHistoricalPeriodJudgesOpenDossiersAtItsEnd) {
    // Up to 16/09: received D1–D5 (D5 on 16/09), D11, D12. At 17/09 00:00 D3 (due 17/09 17:00, processed
    // 18/09) and D4 were still open and not yet due: on time; D5's two requests make it late. 6/7.
    const json r = json::parse(Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-16").body);
    EXPECT_EQ(r["indicators"]["2.1"]["numerator"], 6);
    EXPECT_EQ(r["indicators"]["2.1"]["denominator"], 7);
    EXPECT_EQ(Value(r, "2.1"), 85.71);
}

TEST_P(KpiTest, EveryFigureListsItsDossiersWithTheReason) {
    auto api = Get("/api/v1/kpi/766/2.1/dossiers?from=2025-09-01&to=2025-09-30");
    ASSERT_EQ(api.status, 200) << api.body;
    const json e = json::parse(api.body);
    std::map<std::string, json> by_code;
    for (const auto& d : e["dossiers"]) by_code[d["code"]] = d;
    ASSERT_EQ(by_code.size(), 10u);
    EXPECT_EQ(by_code["D1"]["reason"], "ended_early");
    EXPECT_EQ(by_code["D2"]["reason"], "ended_on_time");
    EXPECT_EQ(by_code["D3"]["reason"], "ended_late");
    EXPECT_EQ(by_code["D3"]["in_numerator"], false);
    EXPECT_EQ(by_code["D4"]["reason"], "ended_on_time");
    EXPECT_EQ(by_code["D5"]["reason"], "more_than_one_supplement");
    EXPECT_EQ(by_code["D6"]["reason"], "one_open_supplement");
    EXPECT_EQ(by_code["D7"]["reason"], "open_overdue");
    EXPECT_EQ(by_code["D8"]["reason"], "open_not_yet_due");
    EXPECT_EQ(by_code["D8"]["in_numerator"], true);
    EXPECT_EQ(by_code["D12"]["reason"], "no_deadline");
    int numerator = 0;
    for (const auto& [code, d] : by_code) numerator += d["in_numerator"].get<bool>();
    EXPECT_EQ(numerator, 7);  // the report's numerator

    const json online = json::parse(Get("/api/v1/kpi/766/3.3/dossiers?from=2025-09-01&to=2025-09-30").body);
    for (const auto& d : online["dossiers"]) {
        if (d["code"] == "D11") {
            EXPECT_EQ(d["reason"], "no_electronic_result");
        }
        if (d["code"] == "D7") {
            EXPECT_EQ(d["reason"], "not_online_channel");
        }
    }
    auto cli = Cli("kpi dossiers 2.1 --from 2025-09-01 --to 2025-09-30");
    ASSERT_EQ(cli.exit_code, 0) << cli.output;
    EXPECT_EQ(json::parse(cli.output), e);
}

TEST_P(KpiTest, BadQueriesGetClearAnswers) {
    EXPECT_EQ(Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30", false).status, 401);
    auto bad_date = Get("/api/v1/kpi/766?from=2025-02-30&to=2025-09-30");
    EXPECT_EQ(bad_date.status, 400);
    EXPECT_NE(json::parse(bad_date.body)["error"]["message"].get<std::string>().find("`from`"),
              std::string::npos);
    EXPECT_EQ(Get("/api/v1/kpi/766?from=2025-09-30&to=2025-09-01").status, 400);
    EXPECT_EQ(Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30&unit=khong-co").status, 404);
    EXPECT_EQ(Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30&lang=fr").status, 400);
    EXPECT_EQ(Get("/api/v1/kpi/766/3.1/dossiers?from=2025-09-01&to=2025-09-30").status, 400);
    EXPECT_EQ(Get("/api/v1/kpi/766/2.1/dossiers?from=2025-09-01&to=2025-09-30&limit=0").status, 400);
    EXPECT_EQ(Cli("kpi 766 --from 2025-09-01 --to 2025-13-01").exit_code, 2);
    EXPECT_EQ(Cli("kpi 766 --from 2025-09-01 --to 2025-09-30 --unit khong-co").exit_code, 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, KpiTest, ::mocua::testing::AllEngines(), ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
