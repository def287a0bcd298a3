// The operations centre's drill-down unit → field → procedure → dossier (issue 10) on the Decision 766
// dataset (kpi_fixture.hpp) with D13 and D14 added, on SQLite and PostgreSQL: the per-field and
// per-procedure tables with the figures worked out by hand in kpi_test.cpp, the same dashboard filtered
// by a field or a procedure (the API's figures), their exports, unknown codes in the reader's language,
// and /ioc/dossiers/{code}: the reasons without the applicant's data, for the operations centre only.
#include <soci/soci.h>

#include <regex>

#include "integration/kpi_fixture.hpp"

namespace mocua {
namespace {

using nlohmann::json;

class IocDrillTest : public KpiTest {
protected:
    void SetUp() override {
        KpiTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        ImportMore();
        viewer_token_ = Account("ioc@example.vn", domain::identity::AccountKind::kStaff, "ioc_viewer");
        officer_token_ =
            Account("mot-cua@example.vn", domain::identity::AccountKind::kStaff, "onestop_officer");
        citizen_token_ = Account("dan@example.vn", domain::identity::AccountKind::kCitizen, "");
    }

    std::string viewer_token_, officer_token_, citizen_token_;
};

// The text of the element marked data-figure="name" (the first link inside it, if any).
std::string Figure(const std::string& html, const std::string& name) {
    const std::regex re("data-figure=\"" + std::regex_replace(name, std::regex(R"([.])"), R"(\.)") +
                        R"("[^>]*>(?:<a [^>]*>)?([^<]*)<)");
    std::smatch m;
    if (!std::regex_search(html, m, re)) return "<" + name + " missing>";
    return m[1];
}

// "75,00 %" as the pages write a rate (a no-break space before the sign).
std::string Rate(const std::string& digits) { return digits + "\u00a0%"; }

std::size_t At(const std::string& html, const std::string& what) {
    const auto at = html.find(what);
    EXPECT_NE(at, std::string::npos) << what;
    return at;
}

TEST_P(IocDrillTest, TheDashboardSplitsTheFiguresPerFieldAndProcedure) {
    auto page = Fetch("/ioc?from=2025-09-01&to=2025-09-30", viewer_token_, "vi");
    ASSERT_EQ(page.status, 200) << page.body;
    const std::string& html = page.body;
    // Per field (kpi_test.cpp, TheProcedureRowsAddUpToTheUnit): CT 7 received, 4 resolved early or on
    // time, 1 late, 5/7 on time, 1/7 online, 3/6 paid online; HT 4, 3, 1, 3/4, 2/4, no fee; DD 1, 0, 1,
    // 0/1, 0/1, 1/1.
    EXPECT_EQ(Figure(html, "field-CT-received"), "7");
    EXPECT_EQ(Figure(html, "field-CT-resolved_on_time"), "4");
    EXPECT_EQ(Figure(html, "field-CT-resolved_late"), "1");
    EXPECT_EQ(Figure(html, "field-CT-on_time"), Rate("71,43"));
    EXPECT_EQ(Figure(html, "field-CT-online"), Rate("14,29"));
    EXPECT_EQ(Figure(html, "field-CT-paid_online"), Rate("50,00"));
    EXPECT_EQ(Figure(html, "field-HT-received"), "4");
    EXPECT_EQ(Figure(html, "field-HT-on_time"), Rate("75,00"));
    EXPECT_EQ(Figure(html, "field-HT-online"), Rate("50,00"));
    EXPECT_EQ(Figure(html, "field-HT-paid_online"), "\u2014");
    EXPECT_EQ(Figure(html, "field-DD-on_time"), Rate("0,00"));
    EXPECT_EQ(Figure(html, "field-DD-paid_online"), Rate("100,00"));
    // Most received first, then Vietnamese order of the names.
    EXPECT_LT(At(html, "data-row=\"field-CT\""), At(html, "data-row=\"field-HT\""));
    EXPECT_LT(At(html, "data-row=\"field-HT\""), At(html, "data-row=\"field-DD\""));
    EXPECT_LT(At(html, "data-row=\"proc-2.000815\""), At(html, "data-row=\"proc-1.001193\""));
    EXPECT_LT(At(html, "data-row=\"proc-1.001193\""), At(html, "data-row=\"proc-1.004227\""));
    EXPECT_LT(At(html, "data-row=\"proc-1.004227\""), At(html, "data-row=\"proc-1.000894\""));
    EXPECT_EQ(Figure(html, "proc-1.001193-on_time"), Rate("66,67"));
    // Each name opens the same dashboard filtered; each rate the dossiers it counts.
    At(html, "href=\"/ioc?unit=&amp;from=2025-09-01&amp;to=2025-09-30&amp;field=HT\"");
    At(html, "href=\"/ioc/766/2.1?unit=&amp;from=2025-09-01&amp;to=2025-09-30&amp;procedure=1.001193\"");
    EXPECT_EQ(html.find("id=\"remove-filter\""), std::string::npos);  // no filter yet
}

TEST_P(IocDrillTest, AFieldsPageAndAProceduresPageShowTheApisFigures) {
    auto field = Fetch("/ioc?unit=&from=2025-09-01&to=2025-09-30&field=HT", viewer_token_, "en");
    ASSERT_EQ(field.status, 200) << field.body;
    const json api = json::parse(Get("/api/v1/kpi/766?from=2025-09-01&to=2025-09-30&field=HT").body);
    EXPECT_EQ(Figure(field.body, "i2_1-numerator"),
              std::to_string(api["indicators"]["2.1"]["numerator"].get<int>()));
    EXPECT_EQ(Figure(field.body, "i2_1-numerator"), "3");
    EXPECT_EQ(Figure(field.body, "i2_1-value"), Rate("75,00"));
    // The active filter as a heading, a way back, and the field's procedures only.
    const auto filter = At(field.body, "id=\"filter\"");
    EXPECT_NE(field.body.substr(filter, At(field.body, "id=\"remove-filter\"") - filter).find("Civil status"),
              std::string::npos);
    At(field.body, "id=\"remove-filter\" href=\"/ioc?unit=&amp;from=2025-09-01&amp;to=2025-09-30\"");
    EXPECT_NE(field.body.find("data-row=\"proc-1.000894\""), std::string::npos);
    EXPECT_EQ(field.body.find("data-row=\"proc-2.000815\""), std::string::npos);
    EXPECT_EQ(field.body.find("id=\"fields\""), std::string::npos);
    // The figure links carry the filter on to the dossier lists.
    At(field.body, "href=\"/ioc/766/2.1?unit=&amp;from=2025-09-01&amp;to=2025-09-30&amp;field=HT\"");

    auto proc =
        Fetch("/ioc?unit=20194&from=2025-09-01&to=2025-09-30&procedure=1.001193", viewer_token_, "vi");
    ASSERT_EQ(proc.status, 200) << proc.body;
    EXPECT_EQ(Figure(proc.body, "i2_1-numerator"), "1");  // D1 of D1, D5
    EXPECT_EQ(Figure(proc.body, "i2_1-denominator"), "2");
    EXPECT_EQ(Figure(proc.body, "i2_1-value"), Rate("50,00"));
    const auto heading = At(proc.body, "id=\"filter\"");
    EXPECT_NE(proc.body.substr(heading, At(proc.body, "id=\"remove-filter\"") - heading)
                  .find("1.001193 \u2014 Thủ tục đăng ký khai sinh"),
              std::string::npos);
    auto list =
        Fetch("/ioc/766/2.1?unit=20194&from=2025-09-01&to=2025-09-30&procedure=1.001193", viewer_token_);
    ASSERT_EQ(list.status, 200);
    int rows = 0;
    for (auto at = list.body.find("data-dossier="); at != std::string::npos;
         at = list.body.find("data-dossier=", at + 1))
        ++rows;
    EXPECT_EQ(rows, 2);
    // The viewer's codes open the operations centre's own dossier page, with the period.
    At(list.body,
       "href=\"/ioc/dossiers/D5?unit=20194&amp;from=2025-09-01&amp;to=2025-09-30&amp;procedure=1.001193\"");
}

TEST_P(IocDrillTest, TheTablesExport) {
    auto csv = Fetch("/ioc/export?table=procedures&format=csv&from=2025-09-01&to=2025-09-30", viewer_token_);
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_NE(csv.body.find("2.000815,"), std::string::npos);
    EXPECT_NE(csv.body.find(",7,4,1,71.43,14.29,50.00"), std::string::npos) << csv.body;
    EXPECT_NE(csv.body.find("1.004227,"), std::string::npos);
    auto fields = Fetch("/ioc/export?table=fields&format=csv&from=2025-09-01&to=2025-09-30", viewer_token_);
    ASSERT_EQ(fields.status, 200);
    EXPECT_NE(fields.body.find("HT,Civil status,4,3,1,75.00,50.00,"), std::string::npos) << fields.body;
}

TEST_P(IocDrillTest, AnUnknownProcedureOrFieldIsExplainedInTheReadersLanguage) {
    auto vi = Fetch("/ioc?from=01/09/2025&to=30/09/2025&procedure=9.999999", viewer_token_, "vi");
    EXPECT_EQ(vi.status, 422);
    EXPECT_NE(vi.body.find("Không có thủ tục nào mang mã này"), std::string::npos);
    EXPECT_NE(vi.body.find("href=\"#procedure\""), std::string::npos);
    auto en = Fetch("/ioc?from=01/09/2025&to=30/09/2025&field=XX", viewer_token_, "en");
    EXPECT_EQ(en.status, 422);
    EXPECT_NE(en.body.find("No field has this code"), std::string::npos);
    EXPECT_NE(en.body.find("href=\"#field\""), std::string::npos);
    auto list = Fetch("/ioc/766/2.1?from=2025-09-01&to=2025-09-30&field=XX", viewer_token_, "vi");
    EXPECT_EQ(list.status, 422);
    EXPECT_NE(list.body.find("Không có lĩnh vực nào mang mã này"), std::string::npos);
}

TEST_P(IocDrillTest, TheViewersDossierPageExplainsWithoutPersonalData) {
    // The applicant of D5, as a native dossier would have it.
    {
        auto c = s_->tdb.db().Acquire();
        c.sql() << "UPDATE dossiers SET applicant_name = 'Trần Thị Bí Mật', applicant_id_number = "
                   "'079188000123', applicant_address = '99 Đường Kín, Đông Hà', applicant_phone = "
                   "'0987654321' WHERE code = 'D5'";
        // And a wait for fees (12:00 → 13:30 Vietnam time, 16/09), which the page lists apart.
        c.sql()
            << "INSERT INTO dossier_pauses (dossier_id, seq, kind, from_state, requested_at, completed_at) "
               "SELECT id, 99, 'payment', 4, '2025-09-16T05:00:00.000Z', '2025-09-16T06:30:00.000Z' FROM "
               "dossiers WHERE code = 'D5'";
    }
    auto page = Fetch("/ioc/dossiers/D5?from=2025-09-01&to=2025-09-30", viewer_token_, "en");
    ASSERT_EQ(page.status, 200) << page.body;
    const std::string& html = page.body;
    EXPECT_NE(html.find("More than one supplement request: counted late"), std::string::npos);
    EXPECT_NE(html.find("data-reason=\"3.3\">Not submitted online"), std::string::npos);  // at the counter
    EXPECT_NE(html.find("1.001193"), std::string::npos);
    EXPECT_NE(html.find("Trung tâm An Phú"), std::string::npos);
    std::smatch m;
    ASSERT_TRUE(std::regex_search(html, m, std::regex(R"(id="supplements"[\s\S]*?</table>)")));
    int requests = 0;
    for (auto at = std::string(m[0]).find("<th scope=\"row\""); at != std::string::npos;
         at = std::string(m[0]).find("<th scope=\"row\"", at + 1))
        ++requests;
    EXPECT_EQ(requests, 2);
    ASSERT_TRUE(std::regex_search(html, m, std::regex(R"(id="payment-waits"[\s\S]*?</table>)")));
    EXPECT_NE(std::string(m[0]).find("<td class=\"govuk-table__cell\">12:00 16/09/2025</td><td "
                                     "class=\"govuk-table__cell\">13:30 16/09/2025</td>"),
              std::string::npos)
        << m[0];
    for (const char* secret : {"Trần Thị Bí Mật", "079188000123", "99 Đường Kín", "0987654321"})
        EXPECT_EQ(html.find(secret), std::string::npos) << secret;
    EXPECT_EQ(html.find("/work/dossiers/"), std::string::npos);  // the viewer has no staff page
    // The same dossier's figures in Vietnamese; a leader also gets the staff page.
    auto vi = Fetch("/ioc/dossiers/D5?from=2025-09-01&to=2025-09-30", viewer_token_, "vi");
    EXPECT_EQ(vi.status, 200);
    auto leader = Fetch("/ioc/dossiers/D5?from=2025-09-01&to=2025-09-30", token_, "en");
    EXPECT_NE(leader.body.find("href=\"/work/dossiers/D5\""), std::string::npos);

    EXPECT_EQ(Fetch("/ioc/dossiers/D5", citizen_token_).status, 403);
    EXPECT_EQ(Fetch("/ioc/dossiers/D5", officer_token_).status, 403);
    EXPECT_EQ(Fetch("/ioc/dossiers/D5", "").status, 401);
    auto missing = Fetch("/ioc/dossiers/KHONG-CO", viewer_token_, "vi");
    EXPECT_EQ(missing.status, 404);
    EXPECT_NE(missing.body.find("Không tìm thấy trang"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Engines, IocDrillTest, ::mocua::testing::AllEngines(), ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
