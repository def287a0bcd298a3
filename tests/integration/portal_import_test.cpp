// Import, export and sync of dossiers in the national portal's format (domain/portal/portal_import.hpp,
// persistence/portal_import.hpp) on both engines: counts, refused lines with their reasons, re-importing
// the same file, a changed line, a dossier received here never overwritten, the export round trip and
// the sync cursor.
//
// The unit tree: province 48 → Phường An Phú (20194) → its one-stop centre 000.00.12.H48, all from
// 2025-07-01, and a second centre 000.00.13.H48 from 2025-10-01; the catalogue is
// tests/data/catalogue/small.json (procedures in force from 2025-07-01).
#include <gtest/gtest.h>

#include <soci/soci.h>

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

// A full returned dossier: online, paid on the portal, one supplement, three history entries (the
// second names a unit by name, not code).
const std::string kFull =
    R"({"MaHoSo":"000.00.12.H48-250915-0001","MaTTHC":"1.001193","DonViXuLy":"000.00.12.H48","KenhThucHien":2,)"
    R"("TrangThaiHoSo":10,"NgayNopHoSo":"20250915073512","NgayTiepNhan":"20250915083000","NgayHenTra":"20250917170000",)"
    R"("NgayKetThucXuLy":"20250917100500","NgayTraKetQua":"20250917143000","DuocThanhToanTrucTuyen":1,)"
    R"("TaiKhoanDuocXacThucVoiVNeID":1,"DanhSachLePhi":[{"TenPhiLePhi":"Lệ phí đăng ký khai sinh","MucPhi":8000}],)"
    R"("TaiLieuNop":[{"TenTepDinhKem":"giay-chung-sinh.pdf","DuocSoHoa":1,"DuocTaiSuDung":0,"DuocLayTuKhoDMQG":1},)"
    R"({"TenTepDinhKem":"to-khai.pdf","DuocSoHoa":0,"DuocTaiSuDung":1,"DuocLayTuKhoDMQG":0}],"MaKetQua":"KQ-0001",)"
    R"("DuongDanTepTinKetQua":"https://dvc.example.vn/kq/0001.pdf",)"
    R"("YeuCauBoSung":[{"NgayYeuCau":"20250916090000","NgayHoanThanh":"20250916153000"}],)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250915083000","DonVi":"000.00.12.H48","NoiDung":"Tiếp nhận hồ sơ"},)"
    R"({"TrangThaiHoSo":4,"ThoiDiem":"20250915090000","DonVi":"Phòng Tư pháp"},{"TrangThaiHoSo":10,"ThoiDiem":"20250917143000"}]})";
// A minimal new dossier, with loose spellings (a state as a string, an empty time).
const std::string kMinimal =
    R"({"MaHoSo":"000.00.12.H48-250916-0002","MaTTHC":"2.000815","DonViXuLy":"000.00.12.H48","TrangThaiHoSo":"1",)"
    R"("NgayNopHoSo":"20250916100000","NgayTiepNhan":""})";
// The same dossier accepted the next morning, with an open supplement request.
const std::string kMinimalChanged =
    R"({"MaHoSo":"000.00.12.H48-250916-0002","MaTTHC":"2.000815","DonViXuLy":"000.00.12.H48","TrangThaiHoSo":5,)"
    R"("NgayNopHoSo":"20250916100000","NgayTiepNhan":"20250917080000",)"
    R"("YeuCauBoSung":[{"NgayYeuCau":"20250917100000"}]})";
const std::string kUnknownProcedure =
    R"({"MaHoSo":"X-3","MaTTHC":"9.999999","DonViXuLy":"000.00.12.H48","TrangThaiHoSo":1,"NgayNopHoSo":"20250916100000"})";
const std::string kUnknownUnit =
    R"({"MaHoSo":"X-4","MaTTHC":"1.001193","DonViXuLy":"000.00.99.H48","TrangThaiHoSo":1,"NgayNopHoSo":"20250916100000"})";
// The unit exists, but only from 2025-10-01.
const std::string kUnitNotYet =
    R"({"MaHoSo":"X-5","MaTTHC":"1.001193","DonViXuLy":"000.00.13.H48","TrangThaiHoSo":1,"NgayNopHoSo":"20250930100000"})";
const std::string kNativeCode = "000.00.12.H48-250920-0009";

std::string File(std::initializer_list<std::string> lines) {
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    return text;
}

std::string Canonical(const std::string& line) {
    auto parsed = portal::ParseLine(line, 1);
    EXPECT_TRUE(parsed.ok()) << line;
    return parsed.ok() ? portal::ToJsonLine(*parsed.dossier) : "";
}

// One installation: units, catalogue, the portal store and an importer.
class Installation {
public:
    explicit Installation(db::Engine engine)
        : stack(engine),
          catalog_repo(stack.tdb.db(), stack.crypto, stack.clock),
          catalog(catalog_repo, stack.crypto, stack.clock),
          store(stack.tdb.db(), stack.crypto, stack.clock),
          lookup(catalog, stack.unit_repo) {
        stack.clock.Set(*core::ParseUtc("2026-11-27T02:00:00.000Z"));
        json j = json::parse(ReadFile(std::string(MOCUA_SOURCE_DIR) + "/tests/data/catalogue/small.json"));
        j.erase("forms");
        for (auto& p : j["procedures"])
            for (auto& c : p["components"]) c.erase("form");
        auto parsed = domain::catalog::ParseCatalogueJson(j.dump(), "test.json");
        EXPECT_TRUE(parsed.problems.empty());
        auto imported = catalog.Import(parsed.catalogue, parsed.sources, TestActor(), {});
        EXPECT_TRUE(imported.ok()) << imported.error().message;
        const std::optional<std::string> from = "2025-07-01";
        province = Unit({"48", "Tỉnh Quảng Trị", "", UnitType::kProvince, {}, from, {}});
        commune = Unit({"20194", "Phường An Phú", "", UnitType::kCommune, province, from, {}});
        centre = Unit({"000.00.12.H48",
                       "Trung tâm phục vụ hành chính công phường An Phú",
                       "",
                       UnitType::kOneStopCentre,
                       commune,
                       from,
                       {}});
        Unit({"000.00.13.H48",
              "Trung tâm phục vụ hành chính công phường Đông Hà",
              "",
              UnitType::kOneStopCentre,
              province,
              std::optional<std::string>("2025-10-01"),
              {}});
    }

    std::int64_t Unit(domain::org::NewUnit u) {
        auto created = stack.org.Create(std::move(u), TestActor());
        EXPECT_TRUE(created.ok()) << created.error().message;
        return created.ok() ? created->id : 0;
    }

    portal::ImportSummary Import(const std::string& text, bool dry_run = false) {
        portal::PortalImporter importer(lookup, store, stack.crypto);
        return importer.Run(text, "/tmp/ho-so.jsonl", TestActor(), {.dry_run = dry_run});
    }

    std::string Export(const char* from, const char* to) {
        std::string out;
        auto s = portal::ExportDossiers(store, *portal::VietnamDayStart(from),
                                        *portal::VietnamDayStart(to) + std::chrono::hours(24),
                                        [&](std::string_view line) { out += line; });
        EXPECT_TRUE(s.refused.empty());
        return out;
    }

    // A dossier received here (no sync facts): inserted as intake would, with an applicant's name.
    void InsertNative() {
        auto version = catalog.VersionInForceOn("1.001193", "2025-09-20");
        ASSERT_TRUE(version.ok());
        long long v = version->id, u = centre, u2 = centre;
        db::Connection c = stack.tdb.db().Acquire();
        c.sql()
            << "INSERT INTO dossiers (code, procedure_code, procedure_version_id, applicant_kind, "
               "applicant_name, "
               "channel, state, receiving_unit_id, competent_unit_id, submitted_at, created_at, updated_at) "
               "VALUES (:code, '1.001193', :v, 'citizen', 'Nguyễn Văn An', 1, 1, :u, :u2, "
               "'2025-09-20T02:00:00.000Z', '2025-09-20T02:00:00.000Z', '2025-09-20T02:00:00.000Z')",
            soci::use(kNativeCode, "code"), soci::use(v, "v"), soci::use(u, "u"), soci::use(u2, "u2");
    }

    long long Count(const std::string& query) {
        db::Connection c = stack.tdb.db().Acquire();
        long long n = 0;
        c.sql() << query, soci::into(n);
        return n;
    }

    ::mocua::testing::IdentityStack stack;
    persistence::SqlCatalogRepository catalog_repo;
    domain::catalog::CatalogService catalog;
    persistence::SqlPortalRepository store;
    portal::ServiceLookup lookup;
    std::int64_t province = 0, commune = 0, centre = 0;
};

class PortalImportTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        a_ = std::make_unique<Installation>(GetParam());
    }
    std::unique_ptr<Installation> a_;
};

TEST_P(PortalImportTest, ImportsGoodLinesAndReportsEachRefusedOne) {
    const std::string text =
        File({kFull, kMinimal, kUnknownProcedure, kUnknownUnit, "{not json", "", kUnitNotYet,
              // line 8: the first dossier's code again
              R"({"MaHoSo":"000.00.12.H48-250915-0001",)"
              R"("MaTTHC":"1.001193","DonViXuLy":"000.00.12.H48","TrangThaiHoSo":1,)"
              R"("NgayNopHoSo":"20250916100000"})"});
    auto s = a_->Import(text);
    EXPECT_EQ(s.lines, 7);
    EXPECT_EQ(s.imported, 2);
    EXPECT_EQ(s.updated + s.unchanged + s.conflicts, 0);
    EXPECT_EQ(s.skipped, 5);
    ASSERT_EQ(s.refused.size(), 5u);
    const std::vector<std::pair<int, std::string>> expected = {{3, "[import.procedure.unknown]"},
                                                               {4, "[import.unit.unknown]"},
                                                               {5, "[portal.json.syntax]"},
                                                               {7, "[import.unit.unknown]"},
                                                               {8, "[import.code.repeated]"}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(s.refused[i].file, "/tmp/ho-so.jsonl");
        EXPECT_EQ(s.refused[i].line, expected[i].first);
        EXPECT_NE(s.refused[i].reason.find(expected[i].second), std::string::npos) << s.refused[i].reason;
    }
    EXPECT_NE(s.refused[0].reason.find("9.999999"), std::string::npos);
    EXPECT_NE(s.refused[3].reason.find("2025-09-30"), std::string::npos) << s.refused[3].reason;
    EXPECT_NE(s.refused[4].reason.find("line 1"), std::string::npos);

    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM dossiers"), 2);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM dossier_components"), 2);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM dossier_components WHERE from_national_store = 1"), 1);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM dossier_history"), 3);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM dossier_pauses WHERE completed_at IS NOT NULL"), 1);
    EXPECT_EQ(
        a_->Count("SELECT COUNT(*) FROM dossier_sync_facts WHERE source = 'import' AND online_payment = 1"),
        1);
    // The times as the portal gives them, Vietnam time → UTC; the appointment is also the due time.
    {
        db::Connection c = a_->stack.tdb.db().Acquire();
        std::string submitted, received, appointment, due, resolved, returned;
        long long receiving = 0, competent = 0;
        c.sql()
            << "SELECT submitted_at, received_at, appointment_at, due_at, resolved_at, returned_at, "
               "receiving_unit_id, competent_unit_id FROM dossiers WHERE code = '000.00.12.H48-250915-0001'",
            soci::into(submitted), soci::into(received), soci::into(appointment), soci::into(due),
            soci::into(resolved), soci::into(returned), soci::into(receiving), soci::into(competent);
        EXPECT_EQ(submitted, "2025-09-15T00:35:12.000Z");
        EXPECT_EQ(received, "2025-09-15T01:30:00.000Z");
        EXPECT_EQ(appointment, "2025-09-17T10:00:00.000Z");
        EXPECT_EQ(due, appointment);
        EXPECT_EQ(resolved, "2025-09-17T03:05:00.000Z");
        EXPECT_EQ(returned, "2025-09-17T07:30:00.000Z");
        EXPECT_EQ(receiving, a_->centre);
        EXPECT_EQ(competent, a_->centre);
    }
    // One audit entry for the run, with the counts.
    domain::audit::Filter f;
    f.action_prefix = "dossier.import";
    auto entries = a_->stack.audit.Search(f);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].target_id, "ho-so.jsonl");
    EXPECT_EQ(entries[0].details, "lines=7 imported=2 updated=0 unchanged=0 skipped=5 conflicts=0");
}

TEST_P(PortalImportTest, EachDossierGetsTheProcedureVersionInForceOnItsDay) {
    // 1.000894 gets a second version from 2025-10-01 (published on 2025-09-01, so from a later day).
    a_->stack.clock.Set(*core::ParseUtc("2025-09-01T02:00:00.000Z"));
    auto first = a_->catalog.Current("1.000894");
    ASSERT_TRUE(first.ok());
    domain::catalog::Procedure draft = first->procedure;
    draft.name_vi += " (sửa đổi)";
    draft.effective_from = "2025-10-01";
    auto second = a_->catalog.Publish(draft, TestActor());
    ASSERT_TRUE(second.ok()) << second.error().message;
    auto line = [](const char* code, const char* submitted) {
        return std::string(R"({"MaHoSo":")") + code +
               R"(","MaTTHC":"1.000894","DonViXuLy":"000.00.12.H48","TrangThaiHoSo":1,"NgayNopHoSo":")" +
               submitted + R"("})";
    };
    // Vietnam days: 30/09 23:00 is still September; 01/10 00:30 is October; 30/06 is before the first
    // version.
    auto s = a_->Import(File({line("V-1", "20250930230000"), line("V-2", "20251001003000"),
                              line("V-3", "20250915100000"), line("V-4", "20250630100000")}));
    EXPECT_EQ(s.imported, 3);
    ASSERT_EQ(s.refused.size(), 1u);
    EXPECT_EQ(s.refused[0].line, 4);
    auto version_of = [&](const std::string& code) {
        return a_->Count("SELECT procedure_version_id FROM dossiers WHERE code = '" + code + "'");
    };
    EXPECT_EQ(version_of("V-1"), first->id);
    EXPECT_EQ(version_of("V-2"), second->id);
    EXPECT_EQ(version_of("V-3"), first->id);
}

TEST_P(PortalImportTest, ReimportingTheSameFileChangesNothingAndAChangedLineIsUpdated) {
    ASSERT_EQ(a_->Import(File({kFull, kMinimal})).imported, 2);
    const std::string before = a_->Export("2025-09-01", "2025-09-30");
    const long long changes = a_->Count("SELECT COUNT(*) FROM dossier_changes");

    auto again = a_->Import(File({kFull, kMinimal}));
    EXPECT_EQ(again.unchanged, 2);
    EXPECT_EQ(again.imported + again.updated + again.skipped, 0);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM dossier_changes"), changes);
    EXPECT_EQ(a_->Export("2025-09-01", "2025-09-30"), before);

    // A dry run of a changed line counts it and writes nothing.
    auto dry = a_->Import(File({kFull, kMinimalChanged}), true);
    EXPECT_EQ(dry.updated, 1);
    EXPECT_EQ(dry.unchanged, 1);
    EXPECT_EQ(a_->Export("2025-09-01", "2025-09-30"), before);

    auto changed = a_->Import(File({kFull, kMinimalChanged}));
    EXPECT_EQ(changed.updated, 1);
    EXPECT_EQ(changed.unchanged, 1);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM dossiers"), 2);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM dossier_pauses WHERE completed_at IS NULL"), 1);
    EXPECT_EQ(a_->Count("SELECT state FROM dossiers WHERE code = '000.00.12.H48-250916-0002'"), 5);
    EXPECT_EQ(a_->Count("SELECT version FROM dossiers WHERE code = '000.00.12.H48-250916-0002'"), 2);
    EXPECT_EQ(a_->Export("2025-09-01", "2025-09-30"),
              Canonical(kFull) + "\n" + Canonical(kMinimalChanged) + "\n");
}

TEST_P(PortalImportTest, NeverOverwritesADossierReceivedHere) {
    a_->InsertNative();
    const std::string line = R"({"MaHoSo":")" + kNativeCode +
                             R"(","MaTTHC":"1.001193","DonViXuLy":"000.00.12.H48","TrangThaiHoSo":3,)"
                             R"("NgayNopHoSo":"20250920090000"})";
    auto s = a_->Import(File({line, kMinimal}));
    EXPECT_EQ(s.conflicts, 1);
    EXPECT_EQ(s.imported, 1);
    EXPECT_TRUE(s.any_refused());
    ASSERT_EQ(s.refused.size(), 1u);
    EXPECT_EQ(s.refused[0].line, 1);
    EXPECT_NE(s.refused[0].reason.find("[import.conflict.native]"), std::string::npos);
    EXPECT_EQ(a_->Count("SELECT state FROM dossiers WHERE code = '" + kNativeCode + "'"), 1);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM dossier_sync_facts f JOIN dossiers d ON d.id = f.dossier_id "
                        "WHERE d.code = '" +
                        kNativeCode + "'"),
              0);
}

TEST_P(PortalImportTest, ExportRoundTripsThroughAnEmptyDatabase) {
    a_->InsertNative();
    ASSERT_EQ(a_->Import(File({kFull, kMinimalChanged})).imported, 2);
    const std::string exported = a_->Export("2025-09-01", "2025-09-30");
    // In submission order; the dossier received here is built from its tables.
    EXPECT_EQ(exported,
              Canonical(kFull) + "\n" + Canonical(kMinimalChanged) + "\n" + R"({"MaHoSo":")" + kNativeCode +
                  R"(","MaTTHC":"1.001193","DonViXuLy":"000.00.12.H48","KenhThucHien":1,"TrangThaiHoSo":1,)"
                  R"("NgayNopHoSo":"20250920090000","DuocThanhToanTrucTuyen":0,)"
                  R"("TaiKhoanDuocXacThucVoiVNeID":0})" +
                  "\n");
    // The period is inclusive, in Vietnam days: 2025-09-15 07:35 is on the 15th.
    EXPECT_EQ(a_->Export("2025-09-15", "2025-09-15"), Canonical(kFull) + "\n");
    EXPECT_EQ(a_->Export("2025-09-16", "2025-09-19"), Canonical(kMinimalChanged) + "\n");
    EXPECT_EQ(a_->Export("2025-10-01", "2025-10-31"), "");

    Installation b(GetParam());
    auto s = b.Import(exported);
    EXPECT_EQ(s.imported, 3);
    EXPECT_TRUE(s.refused.empty());
    EXPECT_EQ(b.Export("2025-09-01", "2025-09-30"), exported);
}

TEST_P(PortalImportTest, SyncServesChangesAfterACursor) {
    a_->InsertNative();
    ASSERT_EQ(a_->Import(File({kFull, kMinimal})).imported, 2);

    auto first = portal::ChangesSince(a_->store, 0, 2);
    ASSERT_EQ(first.dossiers.size(), 2u);
    EXPECT_EQ(first.dossiers[0].code, kNativeCode);
    EXPECT_EQ(first.dossiers[1].code, "000.00.12.H48-250915-0001");
    auto second = portal::ChangesSince(a_->store, first.next_cursor, 100);
    ASSERT_EQ(second.dossiers.size(), 1u);
    EXPECT_EQ(portal::ToJsonLine(second.dossiers[0]), Canonical(kMinimal));
    auto none = portal::ChangesSince(a_->store, second.next_cursor, 100);
    EXPECT_TRUE(none.dossiers.empty());
    EXPECT_EQ(none.next_cursor, second.next_cursor);

    // An updated dossier comes again, once, after the cursor; the unchanged one does not.
    ASSERT_EQ(a_->Import(File({kFull, kMinimalChanged})).updated, 1);
    auto after = portal::ChangesSince(a_->store, second.next_cursor, 100);
    ASSERT_EQ(after.dossiers.size(), 1u);
    EXPECT_EQ(after.dossiers[0].code, "000.00.12.H48-250916-0002");
    EXPECT_GT(after.next_cursor, second.next_cursor);
    // From the start, each dossier once, in the order of its last change.
    auto all = portal::ChangesSince(a_->store, 0, 100);
    ASSERT_EQ(all.dossiers.size(), 3u);
    EXPECT_EQ(all.dossiers[2].code, "000.00.12.H48-250916-0002");
}

// More lines than one batch (kBatchLines): batches are written while the next is parsed; the counts,
// the refused lines of every batch and the one audit entry still add up.
TEST_P(PortalImportTest, ManyBatchesAddUp) {
    a_->InsertNative();
    std::string text;
    const int n = static_cast<int>(portal::kBatchLines) * 2 + 500;
    for (int i = 1; i <= n; ++i) {
        if (i == 1200) {
            text += "{not json\n";
            continue;
        }
        if (i == 2300) {  // the native dossier's code, in the third batch
            text +=
                R"({"MaHoSo":")" + kNativeCode +
                R"(","MaTTHC":"1.001193","DonViXuLy":"000.00.12.H48","TrangThaiHoSo":1,"NgayNopHoSo":"20250920090000"})"
                "\n";
            continue;
        }
        char code[32];
        std::snprintf(code, sizeof code, "B-%05d", i);
        text +=
            R"({"MaHoSo":")" + std::string(code) +
            R"(","MaTTHC":"1.001193","DonViXuLy":"000.00.12.H48","TrangThaiHoSo":1,"NgayNopHoSo":"20250917100000"})"
            "\n";
    }
    auto s = a_->Import(text);
    EXPECT_EQ(s.lines, n);
    EXPECT_EQ(s.imported, n - 2);
    EXPECT_EQ(s.skipped, 1);
    EXPECT_EQ(s.conflicts, 1);
    ASSERT_EQ(s.refused.size(), 2u);
    EXPECT_EQ(s.refused[0].line, 1200);
    EXPECT_EQ(s.refused[1].line, 2300);
    EXPECT_EQ(a_->Count("SELECT COUNT(*) FROM dossiers"), n - 1);
    domain::audit::Filter f;
    f.action_prefix = "dossier.import";
    auto entries = a_->stack.audit.Search(f);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].details, "lines=" + std::to_string(n) + " imported=" + std::to_string(n - 2) +
                                      " updated=0 unchanged=0 skipped=1 conflicts=1");
    auto again = a_->Import(text, true);
    EXPECT_EQ(again.unchanged, n - 2);
    EXPECT_EQ(again.conflicts, 1);
}

// GET /api/v1/sync/dossiers over HTTP: who may call it, pages with the cursor, 400 for a bad cursor.
TEST_P(PortalImportTest, SyncApiServesPagesToTheProvinceOnly) {
    a_->InsertNative();
    ASSERT_EQ(a_->Import(File({kFull, kMinimal})).imported, 2);
    auto& s = a_->stack;
    auto account = [&](const std::string& email, const std::string& role, std::int64_t unit) {
        auto made = s.accounts.Create({domain::identity::AccountKind::kStaff, email, email, {}, {}, {}},
                                      "ngựa vàng nhảy qua hàng rào", TestActor());
        EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error().message);
        EXPECT_TRUE(s.accounts.GrantRole(made->account.id, role, unit, TestActor()).ok());
        return s.sessions.CreateApiToken(made->account.id, "sync", std::nullopt, TestActor())->token;
    };
    const std::string province = account("tinh@example.vn", "leader", a_->province);
    const std::string commune = account("phuong@example.vn", "onestop_officer", a_->centre);

    app::App app(::mocua::testing::InProcessAppConfig(s.tdb), &s.clock);
    auto started = app.Start();
    ASSERT_TRUE(started.ok()) << started.error().message;
    ::mocua::testing::HttpConnection client(app.port());
    auto get = [&](const std::string& target, const std::string& token) {
        std::map<std::string, std::string> headers;
        if (!token.empty()) headers["Authorization"] = "Bearer " + token;
        return client.Request("GET", target, "", headers);
    };

    EXPECT_EQ(get("/api/v1/sync/dossiers", "").status, 401);
    EXPECT_EQ(get("/api/v1/sync/dossiers", commune).status, 403);

    auto first = get("/api/v1/sync/dossiers?limit=2", province);
    ASSERT_EQ(first.status, 200) << first.body;
    const json one = json::parse(first.body);
    ASSERT_EQ(one["dossiers"].size(), 2u);
    EXPECT_EQ(one["dossiers"][0]["MaHoSo"], kNativeCode);
    EXPECT_EQ(one["dossiers"][1], json::parse(Canonical(kFull)));
    // The objects are the export's lines byte for byte, keys in the format's order.
    EXPECT_NE(first.body.find(Canonical(kFull)), std::string::npos) << first.body;
    EXPECT_EQ(one["more"], true);
    auto second =
        get("/api/v1/sync/dossiers?limit=2&since=" + one["next_cursor"].get<std::string>(), province);
    ASSERT_EQ(second.status, 200) << second.body;
    const json two = json::parse(second.body);
    ASSERT_EQ(two["dossiers"].size(), 1u);
    EXPECT_EQ(two["dossiers"][0], json::parse(Canonical(kMinimal)));
    EXPECT_EQ(two["more"], false);
    auto third = get("/api/v1/sync/dossiers?since=" + two["next_cursor"].get<std::string>(), province);
    ASSERT_EQ(third.status, 200);
    EXPECT_TRUE(json::parse(third.body)["dossiers"].empty());
    EXPECT_EQ(json::parse(third.body)["next_cursor"], two["next_cursor"]);

    auto bad = get("/api/v1/sync/dossiers?since=abc", province);
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(json::parse(bad.body)["error"]["rule"], "sync.cursor");
    EXPECT_EQ(json::parse(get("/api/v1/sync/dossiers?limit=0", province).body)["error"]["rule"],
              "sync.limit");
    app.Stop();
}

TEST(PortalCursor, ParsesOnlyPlainNumbers) {
    EXPECT_EQ(portal::ParseCursor(""), 0);
    EXPECT_EQ(portal::ParseCursor("42"), 42);
    EXPECT_FALSE(portal::ParseCursor("-1"));
    EXPECT_FALSE(portal::ParseCursor("4x"));
    EXPECT_FALSE(portal::ParseCursor("1234567890123456789"));
}

INSTANTIATE_TEST_SUITE_P(Engines, PortalImportTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
