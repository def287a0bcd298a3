#pragma once
// The Decision 766 test dataset (issue 10), shared by the KPI tests (kpi_test.cpp: API and CLI) and the
// operations-centre pages' tests (ioc_pages_test.cpp): the small catalogue, five units and twelve dossiers
// in the national portal's format, each exercising a counting rule, with the figures worked out by hand
// in kpi_test.cpp. Everything is in an anonymous namespace: each test file has its own copy.
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
#include "persistence/payment_repository.hpp"
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
// Two more dossiers for the per-field and per-procedure figures (kpi_test.cpp, ioc_drill_test.cpp), imported
// by ImportMore() only, so the figures above stay as they are:
// D13 civil status (HT), marriage 1.000894 at centre 12: online with an e-result, processed early 11/09.
// D14 land (DD), 1.004227 at centre 14: at the counter, fee 50,000 VND paid online, due 10/09 17:00,
//     processed late 12/09 09:00.
const std::vector<std::string> kMoreDossiers = {
    R"({"MaHoSo":"D13","MaTTHC":"1.000894",)" C12 R"("KenhThucHien":2,"TrangThaiHoSo":10,)"
    R"("NgayNopHoSo":"20250910070000","NgayTiepNhan":"20250910080000","NgayHenTra":"20250912170000",)"
    R"("NgayKetThucXuLy":"20250911100000","NgayTraKetQua":"20250911110000","MaKetQua":"KQ-13",)"
    R"("DuongDanTepTinKetQua":"https://dvc.example.vn/kq/13.pdf",)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250910080000"},{"TrangThaiHoSo":9,"ThoiDiem":"20250911100000"},)"
    R"({"TrangThaiHoSo":10,"ThoiDiem":"20250911110000"}]})",
    R"({"MaHoSo":"D14","MaTTHC":"1.004227","DonViXuLy":"000.00.14.H48","KenhThucHien":1,"TrangThaiHoSo":10,)"
    R"("NgayNopHoSo":"20250908070000","NgayTiepNhan":"20250908080000","NgayHenTra":"20250910170000",)"
    R"("NgayKetThucXuLy":"20250912090000","NgayTraKetQua":"20250912100000","DuocThanhToanTrucTuyen":1,)"
    R"("DanhSachLePhi":[{"TenPhiLePhi":"Lệ phí","MucPhi":50000}],)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250908080000"},{"TrangThaiHoSo":9,"ThoiDiem":"20250912090000"},)"
    R"({"TrangThaiHoSo":10,"ThoiDiem":"20250912100000"}]})",
};
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

    void ImportMore() { ASSERT_EQ(Import(Lines(kMoreDossiers)).imported, 2); }

    // A signed-in account of `kind` with `role` on the province ("" = none); returns its API token.
    std::string Account(const std::string& email, domain::identity::AccountKind kind,
                        const std::string& role) {
        auto made = s_->accounts.Create({kind, email, email, {}, {}, {}}, "ngựa vàng nhảy qua hàng rào",
                                        ::mocua::testing::TestActor());
        EXPECT_TRUE(made.ok());
        if (!made.ok()) return "";
        if (!role.empty()) {
            const auto province = s_->unit_repo.FindByCode("48", "2025-09-30");
            EXPECT_TRUE(province.has_value());
            EXPECT_TRUE(
                s_->accounts.GrantRole(made->account.id, role, province->id, ::mocua::testing::TestActor())
                    .ok());
        }
        return s_->sessions
            .CreateApiToken(made->account.id, "t", std::nullopt, ::mocua::testing::TestActor())
            ->token;
    }

    // GET as the bearer of `token` ("" = anonymous) in `lang`, on a server started for the call.
    ::mocua::testing::HttpReply Fetch(const std::string& target, const std::string& token,
                                      const std::string& lang = "en") {
        app::App app(::mocua::testing::InProcessAppConfig(s_->tdb), &s_->clock);
        auto started = app.Start();
        EXPECT_TRUE(started.ok()) << started.error().message;
        ::mocua::testing::HttpConnection client(app.port());
        std::map<std::string, std::string> headers{{"Accept-Language", lang}};
        if (!token.empty()) headers["Authorization"] = "Bearer " + token;
        auto r = client.Request("GET", target, "", headers);
        app.Stop();
        return r;
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

}  // namespace
}  // namespace mocua
