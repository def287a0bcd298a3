// Decision 766 on a hand-built dataset, on SQLite and PostgreSQL: twelve dossiers imported in the national
// portal's format, each exercising a counting rule, and the figures worked out by hand below. The API
// (GET /api/v1/kpi/766) and the CLI (`mocua kpi 766 --format json`) must give the same exact JSON; a
// changed dossier moves the sums incrementally; the explanation lists give each dossier's reason.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/json_codec.hpp"
#include "domain/portal/portal_import.hpp"
#include "integration/identity_fixture.hpp"
#include "persistence/catalog_repository.hpp"
#include "persistence/portal_import.hpp"
#include "support/app_config.hpp"
#include "support/cli_runner.hpp"
#include "support/http_client.hpp"

namespace mocua {
namespace {

namespace portal = domain::portal;
using domain::org::UnitType;
using ::mocua::testing::TestActor;
using nlohmann::json;

std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << path;
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The catalogue (tests/data/catalogue/small.json), in force from 2025-07-01:
//   1.001193 partial online, no fee, paper result, announced 1234/QĐ-UBND (issued 2025-06-20, published
//            2025-06-25, applies 2025-07-01), every part published;
//   1.000894 partial online, no fee;  2.000815 offline, fee 2,000 VND;  1.004227 partial online, fee 50,000.
// Every result is a paper document. Units: province 48 → commune 20194 → centre 000.00.12.H48, and
// province 48 → commune 20195 → centre 000.00.14.H48.
//
// The dossiers (times Vietnam time; period 2025-09-01..2025-09-30):
#define C12 R"("DonViXuLy":"000.00.12.H48",)"
const std::vector<std::string> kDossiers = {
    // D1 early: online with an e-result, a digitised file from the personal store, VNeID. Processed 16/09
    //    10:00 (26 h), due 17/09 17:00, returned.
    R"({"MaHoSo":"D1","MaTTHC":"1.001193",)" C12 R"("KenhThucHien":2,"TrangThaiHoSo":10,)"
    R"("NgayNopHoSo":"20250915070000","NgayTiepNhan":"20250915080000","NgayHenTra":"20250917170000",)"
    R"("NgayKetThucXuLy":"20250916100000","NgayTraKetQua":"20250916140000","TaiKhoanDuocXacThucVoiVNeID":1,)"
    R"("TaiLieuNop":[{"TenTepDinhKem":"a.pdf","DuocSoHoa":1,"DuocLayTuKhoDMQG":1}],"MaKetQua":"KQ-1",)"
    R"("DuongDanTepTinKetQua":"https://dvc.example.vn/kq/1.pdf",)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250915080000"},{"TrangThaiHoSo":9,"ThoiDiem":"20250916100000"},)"
    R"({"TrangThaiHoSo":10,"ThoiDiem":"20250916140000"}]})",
    // D2 on time on the due day (17/09 16:00, 56 h), fee paid via the provincial gateway, a plain file.
    R"({"MaHoSo":"D2","MaTTHC":"2.000815",)" C12 R"("KenhThucHien":1,"TrangThaiHoSo":10,)"
    R"("NgayNopHoSo":"20250915070000","NgayTiepNhan":"20250915080000","NgayHenTra":"20250917170000",)"
    R"("NgayKetThucXuLy":"20250917160000","NgayTraKetQua":"20250918090000","DuocThanhToanTrucTuyen":2,)"
    R"("DanhSachLePhi":[{"TenPhiLePhi":"Lệ phí","MucPhi":2000}],"TaiLieuNop":[{"TenTepDinhKem":"b.pdf"}],)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250915080000"},{"TrangThaiHoSo":9,"ThoiDiem":"20250917160000"},)"
    R"({"TrangThaiHoSo":10,"ThoiDiem":"20250918090000"}]})",
    // D3 late: processed 18/09 10:00 (74 h) after the due 17/09 17:00, result not collected; fee unpaid.
    R"({"MaHoSo":"D3","MaTTHC":"2.000815",)" C12 R"("KenhThucHien":1,"TrangThaiHoSo":9,)"
    R"("NgayNopHoSo":"20250915070000","NgayTiepNhan":"20250915080000","NgayHenTra":"20250917170000",)"
    R"("NgayKetThucXuLy":"20250918100000","DanhSachLePhi":[{"TenPhiLePhi":"Lệ phí","MucPhi":2000}],)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250915080000"},{"TrangThaiHoSo":9,"ThoiDiem":"20250918100000"}]})",
    // D4 supplement subtracted: 20 h with the applicant (16/09 09:00 → 17/09 05:00) moves the due time to
    //    18/09 13:00; processed 18/09 10:00: on time (on the due day). 74 h − 20 h = 54 h. Online with an
    //    e-result, a reused file, paid on the national portal.
    R"({"MaHoSo":"D4","MaTTHC":"2.000815",)" C12 R"("KenhThucHien":2,"TrangThaiHoSo":10,)"
    R"("NgayNopHoSo":"20250915070000","NgayTiepNhan":"20250915080000","NgayHenTra":"20250917170000",)"
    R"("NgayKetThucXuLy":"20250918100000","NgayTraKetQua":"20250918110000","DuocThanhToanTrucTuyen":1,)"
    R"("DanhSachLePhi":[{"TenPhiLePhi":"Lệ phí","MucPhi":2000}],"TaiLieuNop":[{"TenTepDinhKem":"c.pdf","DuocTaiSuDung":1}],)"
    R"("MaKetQua":"KQ-4","DuongDanTepTinKetQua":"https://dvc.example.vn/kq/4.pdf",)"
    R"("YeuCauBoSung":[{"NgayYeuCau":"20250916090000","NgayHoanThanh":"20250917050000"}],)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250915080000"},{"TrangThaiHoSo":9,"ThoiDiem":"20250918100000"},)"
    R"({"TrangThaiHoSo":10,"ThoiDiem":"20250918110000"}]})",
    // D5 two supplement requests: overdue although processed early (17/09 10:00; 26 h − 2 h = 24 h).
    R"({"MaHoSo":"D5","MaTTHC":"1.001193",)" C12 R"("KenhThucHien":1,"TrangThaiHoSo":10,)"
    R"("NgayNopHoSo":"20250916070000","NgayTiepNhan":"20250916080000","NgayHenTra":"20250918170000",)"
    R"("NgayKetThucXuLy":"20250917100000","NgayTraKetQua":"20250917110000",)"
    R"("YeuCauBoSung":[{"NgayYeuCau":"20250916090000","NgayHoanThanh":"20250916100000"},)"
    R"({"NgayYeuCau":"20250916110000","NgayHoanThanh":"20250916120000"}],)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250916080000"},{"TrangThaiHoSo":9,"ThoiDiem":"20250917100000"},)"
    R"({"TrangThaiHoSo":10,"ThoiDiem":"20250917110000"}]})",
    // D6 one open supplement request (23/09 10:00, before the due 24/09 17:00): judged at the request, on
    //    time; still in progress at the period's end, not late. An all-zero fee list (out of 3.6).
    R"({"MaHoSo":"D6","MaTTHC":"2.000815",)" C12 R"("KenhThucHien":1,"TrangThaiHoSo":5,)"
    R"("NgayNopHoSo":"20250922070000","NgayTiepNhan":"20250922080000","NgayHenTra":"20250924170000",)"
    R"("DanhSachLePhi":[{"TenPhiLePhi":"Lệ phí","MucPhi":0}],"YeuCauBoSung":[{"NgayYeuCau":"20250923100000"}],)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250922080000"},{"TrangThaiHoSo":5,"ThoiDiem":"20250923100000"}]})",
    // D7 by post, open at the period's end and past its due (29/09 17:00): late, in progress late.
    R"({"MaHoSo":"D7","MaTTHC":"2.000815",)" C12 R"("KenhThucHien":3,"TrangThaiHoSo":4,)"
    R"("NgayNopHoSo":"20250925070000","NgayTiepNhan":"20250925080000","NgayHenTra":"20250929170000",)"
    R"("DanhSachLePhi":[{"TenPhiLePhi":"Lệ phí","MucPhi":2000}],)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250925080000"},{"TrangThaiHoSo":4,"ThoiDiem":"20250925090000"}]})",
    // D8 due 01/10 17:00, processed late on 03/10: open and not yet due at the period's end (on time),
    //    due soon (within 2 days after 30/09).
    R"({"MaHoSo":"D8","MaTTHC":"2.000815",)" C12 R"("KenhThucHien":1,"TrangThaiHoSo":10,)"
    R"("NgayNopHoSo":"20250929070000","NgayTiepNhan":"20250929080000","NgayHenTra":"20251001170000",)"
    R"("NgayKetThucXuLy":"20251003100000","NgayTraKetQua":"20251003110000",)"
    R"("DanhSachLePhi":[{"TenPhiLePhi":"Lệ phí","MucPhi":2000}],)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250929080000"},{"TrangThaiHoSo":9,"ThoiDiem":"20251003100000"},)"
    R"({"TrangThaiHoSo":10,"ThoiDiem":"20251003110000"}]})",
    // D9 received in August (carried over), processed early on 02/09 (due 03/09; 5 d 2 h = 122 h).
    R"({"MaHoSo":"D9","MaTTHC":"2.000815",)" C12 R"("KenhThucHien":1,"TrangThaiHoSo":10,)"
    R"("NgayNopHoSo":"20250828070000","NgayTiepNhan":"20250828080000","NgayHenTra":"20250903170000",)"
    R"("NgayKetThucXuLy":"20250902100000","NgayTraKetQua":"20250902110000",)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250828080000"},{"TrangThaiHoSo":9,"ThoiDiem":"20250902100000"},)"
    R"({"TrangThaiHoSo":10,"ThoiDiem":"20250902110000"}]})",
    // D10 submitted, never received: counted nowhere.
    R"({"MaHoSo":"D10","MaTTHC":"1.001193",)" C12
    R"("KenhThucHien":2,"TrangThaiHoSo":1,"NgayNopHoSo":"20250920070000"})",
    // D11 the other commune's centre: online without an e-result (not "online" for 3.3), VNeID, processed
    //    early 11/09 08:00 (24 h).
    R"({"MaHoSo":"D11","MaTTHC":"1.001193","DonViXuLy":"000.00.14.H48","KenhThucHien":2,"TrangThaiHoSo":10,)"
    R"("NgayNopHoSo":"20250910070000","NgayTiepNhan":"20250910080000","NgayHenTra":"20250912170000",)"
    R"("NgayKetThucXuLy":"20250911080000","NgayTraKetQua":"20250911090000","TaiKhoanDuocXacThucVoiVNeID":1,)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250910080000"},{"TrangThaiHoSo":9,"ThoiDiem":"20250911080000"},)"
    R"({"TrangThaiHoSo":10,"ThoiDiem":"20250911090000"}]})",
    // D12 no NgayHenTra and a limit in working days: no deadline, on time; 10 days (240 h); fee paid.
    R"({"MaHoSo":"D12","MaTTHC":"2.000815",)" C12 R"("KenhThucHien":1,"TrangThaiHoSo":10,)"
    R"("NgayNopHoSo":"20250910070000","NgayTiepNhan":"20250910080000",)"
    R"("NgayKetThucXuLy":"20250920080000","NgayTraKetQua":"20250920090000","DuocThanhToanTrucTuyen":1,)"
    R"("DanhSachLePhi":[{"TenPhiLePhi":"Lệ phí","MucPhi":2000}],)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250910080000"},{"TrangThaiHoSo":9,"ThoiDiem":"20250920080000"},)"
    R"({"TrangThaiHoSo":10,"ThoiDiem":"20250920090000"}]})",
};
// D3 again, now processed on time (17/09 15:00) and returned.
const std::string kD3OnTime =
    R"({"MaHoSo":"D3","MaTTHC":"2.000815",)" C12 R"("KenhThucHien":1,"TrangThaiHoSo":10,)"
    R"("NgayNopHoSo":"20250915070000","NgayTiepNhan":"20250915080000","NgayHenTra":"20250917170000",)"
    R"("NgayKetThucXuLy":"20250917150000","NgayTraKetQua":"20250917160000","DanhSachLePhi":[{"TenPhiLePhi":"Lệ phí","MucPhi":2000}],)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250915080000"},{"TrangThaiHoSo":9,"ThoiDiem":"20250917150000"},)"
    R"({"TrangThaiHoSo":10,"ThoiDiem":"20250917160000"}]})";
#undef C12

std::string Lines(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    return text;
}

class KpiTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        s_ = std::make_unique<::mocua::testing::IdentityStack>(GetParam());
        s_->clock.Set(*core::ParseUtc("2026-11-27T02:00:00.000Z"));
        catalog_repo_ =
            std::make_unique<persistence::SqlCatalogRepository>(s_->tdb.db(), s_->crypto, s_->clock);
        catalog_ = std::make_unique<domain::catalog::CatalogService>(*catalog_repo_, s_->crypto, s_->clock);
        json j = json::parse(ReadFile(std::string(MOCUA_SOURCE_DIR) + "/tests/data/catalogue/small.json"));
        j.erase("forms");
        for (auto& p : j["procedures"])
            for (auto& c : p["components"]) c.erase("form");
        auto parsed = domain::catalog::ParseCatalogueJson(j.dump(), "test.json");
        ASSERT_TRUE(parsed.problems.empty());
        ASSERT_TRUE(catalog_->Import(parsed.catalogue, parsed.sources, TestActor(), {}).ok());
        const std::optional<std::string> from = "2025-07-01";
        const auto province = Unit({"48", "Tỉnh Quảng Trị", "", UnitType::kProvince, {}, from, {}});
        const auto c1 = Unit({"20194", "Phường An Phú", "", UnitType::kCommune, province, from, {}});
        const auto c2 = Unit({"20195", "Phường Đông Hà", "", UnitType::kCommune, province, from, {}});
        Unit({"000.00.12.H48", "Trung tâm An Phú", "", UnitType::kOneStopCentre, c1, from, {}});
        Unit({"000.00.14.H48", "Trung tâm Đông Hà", "", UnitType::kOneStopCentre, c2, from, {}});
        ASSERT_EQ(Import(Lines(kDossiers)).imported, 12);

        auto made = s_->accounts.Create(
            {domain::identity::AccountKind::kStaff, "lanh-dao@example.vn", "lanh-dao@example.vn", {}, {}, {}},
            "ngựa vàng nhảy qua hàng rào", TestActor());
        ASSERT_TRUE(made.ok());
        ASSERT_TRUE(s_->accounts.GrantRole(made->account.id, "leader", province, TestActor()).ok());
        token_ = s_->sessions.CreateApiToken(made->account.id, "kpi", std::nullopt, TestActor())->token;
    }

    std::int64_t Unit(domain::org::NewUnit u) {
        auto created = s_->org.Create(std::move(u), TestActor());
        EXPECT_TRUE(created.ok()) << created.error().message;
        return created.ok() ? created->id : 0;
    }

    portal::ImportSummary Import(const std::string& text) {
        persistence::SqlPortalRepository store(s_->tdb.db(), s_->crypto, s_->clock);
        portal::ServiceLookup lookup(*catalog_, s_->unit_repo);
        portal::PortalImporter importer(lookup, store, s_->crypto);
        auto summary = importer.Run(text, "ho-so.jsonl", TestActor());
        for (const auto& r : summary.refused) ADD_FAILURE() << r.line << ": " << r.reason;
        return summary;
    }

    // GET on a server started for the call (it reads the same database).
    ::mocua::testing::HttpReply Get(const std::string& target, bool signed_in = true) {
        app::App app(::mocua::testing::InProcessAppConfig(s_->tdb), &s_->clock);
        auto started = app.Start();
        EXPECT_TRUE(started.ok()) << started.error().message;
        ::mocua::testing::HttpConnection client(app.port());
        std::map<std::string, std::string> headers;
        if (signed_in) headers["Authorization"] = "Bearer " + token_;
        auto r = client.Request("GET", target, "", headers);
        app.Stop();
        return r;
    }

    // Standard output only (the JSON); messages on standard error are dropped.
    ::mocua::testing::CliRun Cli(const std::string& args) {
        return ::mocua::testing::RunCommand(std::string(MOCUA_BINARY) + " " + args + " --data-dir " +
                                            s_->tdb.dir() + "/data --database '" + s_->tdb.url() +
                                            "' 2>/dev/null");
    }

    std::unique_ptr<::mocua::testing::IdentityStack> s_;
    std::unique_ptr<persistence::SqlCatalogRepository> catalog_repo_;
    std::unique_ptr<domain::catalog::CatalogService> catalog_;
    std::string token_;
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
