// Decision 766 on a hand-built dataset, on SQLite and PostgreSQL: twelve dossiers imported in the national
// portal's format, each exercising a counting rule, and the figures worked out by hand below. The API
// (GET /api/v1/kpi/766) and the CLI (`mocua kpi 766 --format json`) must give the same exact JSON; a
// changed dossier moves the sums incrementally; the explanation lists give each dossier's reason.
#include <soci/soci.h>

#include <algorithm>

#include "db/migrations.hpp"
#include "domain/calendar/dates.hpp"
#include "integration/kpi_fixture.hpp"
#include "persistence/kpi_repository.hpp"

namespace mocua {
namespace {

using nlohmann::json;

// The service over the test database, for what only the pages show (the per-procedure rows).
struct KpiServiceUnderTest {
    explicit KpiServiceUnderTest(::mocua::testing::IdentityStack& s)
        : portal(s.tdb.db(), s.crypto, s.clock),
          store(s.tdb.db(), portal),
          kpi(store, domain::kpi::DefaultConfig(), [](std::string_view) { return true; }) {}
    domain::kpi::KpiService& service() { return kpi; }
    persistence::SqlPortalRepository portal;
    persistence::SqlKpiStore store;
    domain::kpi::KpiService kpi;
};

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
    ASSERT_EQ(payments.Settle(made->id, paid,
                              {TestActor(), "payment.paid", "payment_request", std::to_string(made->id), ""}),
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

// Per procedure and per field (issue 10: "per unit, per procedure and field"), with D13 (marriage, civil
// status) and D14 (land) added. The catalogue's fields: HT civil status = 1.001193 birth + 1.000894
// marriage; CT certification = 2.000815; DD land = 1.004227.
TEST_P(KpiTest, AProcedureOrAFieldNarrowsEveryFigure) {
    ImportMore();
    // 2.000815 in September: received D2, D3, D4, D6, D7, D8, D12 = 7; on time at the period's end D2,
    // D4, D6, D8, D12 = 5 → 71.43 %; online with an e-result D4 → 14.29 %; fee-bearing D2, D3, D4, D7,
    // D8, D12, paid D2, D4, D12 → 50 %. Carried over D9; in progress D7 late, D8 due soon, D6 not yet
    // due; resolved early D9, on time D2, D4, D12, late D3.
    auto api = Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30&procedure=2.000815");
    ASSERT_EQ(api.status, 200) << api.body;
    const json r = json::parse(api.body);
    EXPECT_EQ(r["procedure"], "2.000815");
    EXPECT_FALSE(r.contains("field"));
    EXPECT_EQ(r["indicators"]["2.1"]["numerator"], 5);
    EXPECT_EQ(r["indicators"]["2.1"]["denominator"], 7);
    EXPECT_EQ(Value(r, "2.1"), 71.43);
    EXPECT_EQ(Value(r, "3.3"), 14.29);
    EXPECT_EQ(Value(r, "3.6"), 50.0);
    EXPECT_EQ(r["counts"]["received"], 7);
    EXPECT_EQ(r["counts"]["carried_over"], 1);
    EXPECT_EQ(r["counts"]["in_progress"], json({{"late", 1}, {"due_soon", 1}, {"not_yet_due", 1}}));
    EXPECT_EQ(r["counts"]["resolved"], json({{"early", 1}, {"on_time", 3}, {"late", 1}}));
    // The catalogue-level ones over that procedure alone: offline (3.1 0 of 1), fee-bearing with
    // fee-bearing dossiers (3.5 1 of 1), not announced (1.1 has no denominator).
    EXPECT_EQ(r["indicators"]["3.1"]["denominator"], 1);
    EXPECT_EQ(Value(r, "3.1"), 0.0);
    EXPECT_EQ(Value(r, "3.5"), 100.0);
    EXPECT_TRUE(r["indicators"]["1.1"]["value"].is_null());
    // The CLI gives the same JSON.
    auto cli = Cli("kpi 766 --from 2025-09-01 --to 2025-09-30 --procedure 2.000815 --format json");
    ASSERT_EQ(cli.exit_code, 0) << cli.output;
    EXPECT_EQ(json::parse(cli.output), r);

    // Field HT: 1.001193 (D1 early, D5 late, D11 early) and 1.000894 (D13 early): 3 of 4 on time; online
    // with an e-result D1, D13 → 50 %; both procedures partial online (3.1 2/2) and each with an online
    // dossier (3.2 2/2).
    const json ht = json::parse(Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30&field=HT&lang=en").body);
    EXPECT_EQ(ht["field"], "HT");
    EXPECT_EQ(ht["indicators"]["2.1"]["numerator"], 3);
    EXPECT_EQ(ht["indicators"]["2.1"]["denominator"], 4);
    EXPECT_EQ(Value(ht, "2.1"), 75.0);
    EXPECT_EQ(Value(ht, "3.3"), 50.0);
    EXPECT_EQ(Value(ht, "3.1"), 100.0);
    EXPECT_EQ(Value(ht, "3.2"), 100.0);
    EXPECT_TRUE(ht["indicators"]["3.6"]["value"].is_null());  // no fee in civil status
    auto ht_cli = Cli("kpi 766 --from 2025-09-01 --to 2025-09-30 --field HT --lang en --format json");
    ASSERT_EQ(ht_cli.exit_code, 0) << ht_cli.output;
    EXPECT_EQ(json::parse(ht_cli.output), ht);

    // A unit and a procedure: commune 20194 has D1 and D5 of 1.001193 (D11 is the other commune's): 1/2.
    const json both =
        json::parse(Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30&unit=20194&procedure=1.001193").body);
    EXPECT_EQ(both["indicators"]["2.1"]["numerator"], 1);
    EXPECT_EQ(both["indicators"]["2.1"]["denominator"], 2);
    // A procedure outside the field: nothing.
    const json none =
        json::parse(Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30&field=DD&procedure=1.001193").body);
    EXPECT_EQ(none["counts"]["received"], 0);

    // The dossier list of a figure, narrowed the same way.
    const json list = json::parse(
        Get("/api/v1/kpi/766/2.1/dossiers?from=2025-09-01&to=2025-09-30&procedure=1.001193").body);
    EXPECT_EQ(list["procedure"], "1.001193");
    std::vector<std::string> codes;
    for (const auto& d : list["dossiers"]) codes.push_back(d["code"]);
    EXPECT_EQ(codes, (std::vector<std::string>{"D1", "D11", "D5"}));
    auto list_cli = Cli("kpi dossiers 2.1 --from 2025-09-01 --to 2025-09-30 --procedure 1.001193");
    ASSERT_EQ(list_cli.exit_code, 0) << list_cli.output;
    EXPECT_EQ(json::parse(list_cli.output), list);
}

TEST_P(KpiTest, TheProcedureRowsAddUpToTheUnit) {
    ImportMore();
    // Worked out by hand, every received dossier in September and every end in it:
    //   2.000815: received 7; resolved on time or early D2, D4, D9, D12 = 4, late D3; on time 5/7.
    //   1.001193: received D1, D5, D11 = 3; resolved early D1, D11, late D5; on time 2/3.
    //   1.000894: received D13; resolved early; on time 1/1.   1.004227: received D14; late; 0/1.
    struct Expected {
        std::int64_t received, resolved_on_time, resolved_late, on_time, online, paid, fee;
    };
    const std::map<std::string, Expected> expected = {{"2.000815", {7, 4, 1, 5, 1, 3, 6}},
                                                      {"1.001193", {3, 2, 1, 2, 1, 0, 0}},
                                                      {"1.000894", {1, 1, 0, 1, 1, 0, 0}},
                                                      {"1.004227", {1, 0, 1, 0, 0, 1, 1}}};
    KpiServiceUnderTest kpi(*s_);
    auto b = kpi.service().BreakDown({"2025-09-01", "2025-09-30", "", "", ""});
    ASSERT_TRUE(b.ok()) << b.error().message;
    std::vector<std::string> order;
    domain::kpi::BreakdownFigures sum;
    for (const auto& row : b->procedures) {
        order.push_back(row.code);
        ASSERT_TRUE(expected.count(row.code)) << row.code;
        const auto& e = expected.at(row.code);
        const auto& f = row.figures;
        EXPECT_EQ(f.received, e.received) << row.code;
        EXPECT_EQ(f.resolved_on_time, e.resolved_on_time) << row.code;
        EXPECT_EQ(f.resolved_late, e.resolved_late) << row.code;
        EXPECT_EQ(f.on_time, e.on_time) << row.code;
        EXPECT_EQ(f.online, e.online) << row.code;
        EXPECT_EQ(f.paid_online, e.paid) << row.code;
        EXPECT_EQ(f.fee_bearing, e.fee) << row.code;
        sum += f;
    }
    // By received, then in Vietnamese order: "Đăng ký biến động…" (1.004227) before "Thủ tục đăng ký kết
    // hôn" (1.000894), although "T" < "Đ" byte by byte.
    EXPECT_EQ(order, (std::vector<std::string>{"2.000815", "1.001193", "1.004227", "1.000894"}));
    // The rows add up to the whole report: received 10 + 2, resolved early/on time 6 + 1, late 2 + 1, on
    // time 7 + 1 of 12.
    const json all = json::parse(Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30").body);
    EXPECT_EQ(sum.received, 12);
    EXPECT_EQ(sum.received, all["counts"]["received"].get<std::int64_t>());
    EXPECT_EQ(sum.resolved_on_time, 7);
    EXPECT_EQ(sum.resolved_on_time, all["counts"]["resolved"]["early"].get<std::int64_t>() +
                                        all["counts"]["resolved"]["on_time"].get<std::int64_t>());
    EXPECT_EQ(sum.resolved_late, all["counts"]["resolved"]["late"].get<std::int64_t>());
    EXPECT_EQ(sum.on_time, all["indicators"]["2.1"]["numerator"].get<std::int64_t>());
    EXPECT_EQ(sum.on_time, 8);
    EXPECT_EQ(sum.paid_online, all["indicators"]["3.6"]["numerator"].get<std::int64_t>());
    EXPECT_EQ(sum.fee_bearing, all["indicators"]["3.6"]["denominator"].get<std::int64_t>());
    EXPECT_EQ(b->total.received, 12);

    // Per field: CT 7 (5 on time), HT 4 (3 on time; 2 online), DD 1.
    ASSERT_EQ(b->fields.size(), 3u);
    EXPECT_EQ(b->fields[0].code, "CT");
    EXPECT_EQ(b->fields[1].code, "HT");
    EXPECT_EQ(b->fields[1].name_vi, "Hộ tịch");
    EXPECT_EQ(b->fields[1].figures.received, 4);
    EXPECT_EQ(b->fields[1].figures.on_time_x100(), 7500);
    EXPECT_EQ(b->fields[1].figures.online_x100(), 5000);
    EXPECT_EQ(b->fields[2].code, "DD");
    EXPECT_EQ(b->fields[2].figures.paid_online_x100(), 10000);

    // A unit: commune 20195 has D11 (1.001193) and D14 (1.004227) only.
    auto unit = kpi.service().BreakDown({"2025-09-01", "2025-09-30", "20195", "", ""});
    ASSERT_TRUE(unit.ok());
    ASSERT_EQ(unit->procedures.size(), 2u);
    EXPECT_EQ(unit->total.received, 2);
    EXPECT_EQ(unit->total.on_time, 1);
}

TEST_P(KpiTest, AnUnknownProcedureOrFieldIsNamed) {
    auto procedure = Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30&procedure=9.999999");
    EXPECT_EQ(procedure.status, 404);
    EXPECT_EQ(json::parse(procedure.body)["error"]["rule"], "kpi.procedure");
    auto field = Get("/api/v1/kpi/766/2.1/dossiers?from=2025-09-01&to=2025-09-30&field=XX");
    EXPECT_EQ(field.status, 404);
    EXPECT_EQ(json::parse(field.body)["error"]["rule"], "kpi.field");
    EXPECT_EQ(
        json::parse(Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30&unit=khong-co").body)["error"]["rule"],
        "kpi.unit");
    EXPECT_EQ(Cli("kpi 766 --from 2025-09-01 --to 2025-09-30 --procedure 9.999999").exit_code, 2);
    EXPECT_EQ(Cli("kpi 766 --from 2025-09-01 --to 2025-09-30 --field XX").exit_code, 2);
    auto message =
        ::mocua::testing::RunCommand(std::string(MOCUA_BINARY) +
                                     " kpi 766 --from 2025-09-01 --to 2025-09-30 --field XX "
                                     "--data-dir " +
                                     s_->tdb.dir() + "/data --database '" + s_->tdb.url() + "' 2>&1");
    EXPECT_NE(message.output.find("no field has the code `XX`"), std::string::npos) << message.output;
}

// The open, carried-over and in-progress counts come from per-unit balances (migration 0018) for a whole
// unit, and from the dossiers' rows when narrowed to procedures (OpenCountsByScan, the definition). Both
// must agree on every period: one day, a partial month, months across a year's end; and the monthly sums
// (reports and trends) must give what the daily ones give. The data is the hand-built set, the two more
// dossiers, and D3 moved (its old contribution subtracted); then the tables are dropped and rebuilt by the
// migration's own statements from the projected rows, and must agree again.
std::string Describe(const domain::kpi::Inputs& in, const std::vector<domain::kpi::ProcedureFacts>& procs) {
    const auto& k = in.counts;
    std::string s = "carried " + std::to_string(k.carried_over) + " late " +
                    std::to_string(k.in_progress_late) + " soon " + std::to_string(k.in_progress_due_soon) +
                    " not due " + std::to_string(k.in_progress_not_due) + " pending " +
                    std::to_string(in.pending_on_time) + " received " + std::to_string(in.cohort.received) +
                    " on time " + std::to_string(in.cohort.final_on_time) + " resolved late " +
                    std::to_string(in.ended.resolved_late) + " completed s " +
                    std::to_string(in.ended.completed_seconds) + " |";
    for (const auto& p : procs)
        s += " " + p.code + ":" + std::to_string(p.online_dossiers) + "/" + std::to_string(p.fee_dossiers);
    return s;
}

TEST_P(KpiTest, TheBalancesAgreeWithTheDossiersOnEveryPeriod) {
    ImportMore();
    ASSERT_EQ(Import(kD3OnTime + "\n").updated, 1);
    KpiServiceUnderTest kpi(*s_);
    kpi.store.Refresh({});
    const std::vector<std::string> every_procedure = {"1.000894", "1.001193", "1.004227", "2.000815"};
    std::vector<domain::kpi::Scope> scopes;
    for (const char* from :
         {"2025-08-25", "2025-08-28", "2025-08-29", "2025-09-01", "2025-09-10", "2025-09-15", "2025-09-16",
          "2025-09-22", "2025-09-25", "2025-09-29", "2025-09-30", "2025-10-02"})
        for (int length : {0, 1, 2, 6, 14, 29, 40, 75}) {
            domain::kpi::Scope scope;
            scope.from_day = from;
            scope.to_day =
                domain::calendar::FormatDate(*domain::calendar::ParseDate(from) + std::chrono::days(length));
            scopes.push_back(scope);
        }
    for (const auto& [from, to] :
         std::vector<std::pair<std::string, std::string>>{{"2025-09-01", "2025-09-30"},
                                                          {"2025-08-01", "2025-10-31"},
                                                          {"2025-07-01", "2026-01-31"},
                                                          {"2025-09-02", "2025-09-30"},
                                                          {"2025-09-01", "2025-09-29"},
                                                          {"2025-10-01", "2025-10-31"}}) {
        domain::kpi::Scope scope;
        scope.from_day = from;
        scope.to_day = to;
        scopes.push_back(scope);
    }
    const auto province = kpi.store.Subtree("48", "2025-09-30");
    const auto centre = kpi.store.Subtree("000.00.12.H48", "2025-09-30");
    ASSERT_TRUE(province && centre);
    auto figures = [&](domain::kpi::Scope scope, const std::vector<std::int64_t>& units, bool narrowed) {
        scope.unit_ids = units;
        if (narrowed) scope.procedure_codes = every_procedure;
        std::vector<domain::kpi::ProcedureFacts> procs;
        const auto in = kpi.store.Sum(scope, procs);
        return Describe(in, procs);
    };
    std::map<std::string, std::string> projected;
    int open_somewhere = 0;
    for (const auto& scope : scopes)
        for (const auto* units : {&*province, &*centre}) {
            const std::string label =
                scope.from_day + ".." + scope.to_day + " units " + std::to_string(units->size());
            const std::string balances = figures(scope, *units, false);
            EXPECT_EQ(balances, figures(scope, *units, true)) << label;
            projected[label] = balances;
            open_somewhere += balances.rfind("carried 0 late 0 soon 0 not due 0 ", 0) != 0;
        }
    EXPECT_GT(open_somewhere, 20) << "the periods must catch dossiers open, late and due soon";
    // The monthly trend (whole months from kpi_monthly) is the daily one added up by month.
    for (const auto& scope_in : scopes) {
        auto scope = scope_in;
        scope.unit_ids = *province;
        std::map<std::string, std::vector<std::int64_t>> by_day;
        for (const auto& d : kpi.store.Series(scope, domain::kpi::TrendBucket::kDay)) {
            auto& m = by_day[d.bucket.substr(0, 7)];
            m.resize(7);
            const std::int64_t v[] = {d.received,       d.online,           d.fee_bearing,  d.paid_online,
                                      d.resolved_early, d.resolved_on_time, d.resolved_late};
            for (int i = 0; i < 7; ++i) m[i] += v[i];
        }
        std::map<std::string, std::vector<std::int64_t>> by_month;
        for (const auto& m : kpi.store.Series(scope, domain::kpi::TrendBucket::kMonth))
            by_month[m.bucket] = {m.received,       m.online,           m.fee_bearing,  m.paid_online,
                                  m.resolved_early, m.resolved_on_time, m.resolved_late};
        EXPECT_EQ(by_month, by_day) << scope.from_day << ".." << scope.to_day;
    }

    // The migration fills the tables from what was projected before it: the same figures.
    {
        db::Connection c = s_->tdb.db().Acquire();
        c.sql() << "DROP TABLE kpi_monthly";
        c.sql() << "DROP TABLE kpi_open_days";
        c.sql() << "DROP TABLE kpi_open_months";
        c.sql() << "DROP TABLE kpi_pending_units";
        const auto& migrations = db::EmbeddedMigrations(GetParam());
        const auto it = std::find_if(migrations.begin(), migrations.end(),
                                     [](const db::Migration& m) { return m.name == "kpi_balances"; });
        ASSERT_NE(it, migrations.end());
        s_->tdb.db().ExecuteScript(c.sql(), std::string(it->sql));
    }
    for (const auto& scope : scopes)
        for (const auto* units : {&*province, &*centre}) {
            const std::string label =
                scope.from_day + ".." + scope.to_day + " units " + std::to_string(units->size());
            EXPECT_EQ(figures(scope, *units, false), projected[label]) << "after the migration: " << label;
        }
}

INSTANTIATE_TEST_SUITE_P(Engines, KpiTest, ::mocua::testing::AllEngines(), ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
