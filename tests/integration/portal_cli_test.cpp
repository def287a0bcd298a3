// `mocua import dossiers` and `mocua export dossiers` as the IT officer runs them, against the real binary
// on SQLite and PostgreSQL, in the demo town (seed-demo: procedure 1.001193, one-stop centre
// 19360-TTPVHCC): refused lines named with file and line, exit code 2, re-import unchanged, dry run,
// export to a file and its round trip, bad dates, and a clean audit chain.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/cli_runner.hpp"
#include "support/test_database.hpp"

namespace mocua {
namespace {

using ::mocua::testing::CliRun;
using ::mocua::testing::Has;

CliRun Mocua(const std::string& args) {
    return ::mocua::testing::RunCommand(std::string(MOCUA_BINARY) + " " + args + " 2>&1");
}

const std::string kReturned =
    R"({"MaHoSo":"19360-TTPVHCC-250915-0001","MaTTHC":"1.001193","DonViXuLy":"19360-TTPVHCC","KenhThucHien":2,)"
    R"("TrangThaiHoSo":10,"NgayNopHoSo":"20250915073512","NgayTiepNhan":"20250915083000",)"
    R"("NgayHenTra":"20250917170000","NgayKetThucXuLy":"20250917100500","NgayTraKetQua":"20250917143000",)"
    R"("DuocThanhToanTrucTuyen":1,"TaiKhoanDuocXacThucVoiVNeID":1,)"
    R"("DanhSachLePhi":[{"TenPhiLePhi":"Lệ phí đăng ký khai sinh","MucPhi":8000}],)"
    R"("TaiLieuNop":[{"TenTepDinhKem":"giay-chung-sinh.pdf","DuocSoHoa":1,"DuocTaiSuDung":0,"DuocLayTuKhoDMQG":1}],)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250915083000","DonVi":"19360-TTPVHCC"},)"
    R"({"TrangThaiHoSo":10,"ThoiDiem":"20250917143000"}]})";
const std::string kNew =
    R"({"MaHoSo":"19360-TTPVHCC-250916-0002","MaTTHC":"1.001193","DonViXuLy":"19360-TTPVHCC","KenhThucHien":1,)"
    R"("TrangThaiHoSo":1,"NgayNopHoSo":"20250916100000","DuocThanhToanTrucTuyen":0,"TaiKhoanDuocXacThucVoiVNeID":0})";
const std::string kUnknownUnit =
    R"({"MaHoSo":"X-3","MaTTHC":"1.001193","DonViXuLy":"khong-co","TrangThaiHoSo":1,"NgayNopHoSo":"20250916100000"})";

class PortalCliTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        tdb_ = std::make_unique<::mocua::testing::TestDatabase>(GetParam(), /*migrate=*/false);
        where_ = " --data-dir " + tdb_->dir() + "/data --database '" + tdb_->url() + "'";
        auto seeded = M("seed-demo");
        ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
    }
    CliRun M(const std::string& args) { return Mocua(args + where_); }
    std::string Path(const std::string& name) { return tdb_->dir() + "/" + name; }
    std::string Write(const std::string& name, const std::string& text) {
        std::ofstream(Path(name), std::ios::binary) << text;
        return Path(name);
    }
    std::string Read(const std::string& name) {
        std::ifstream in(Path(name), std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }

    std::unique_ptr<::mocua::testing::TestDatabase> tdb_;
    std::string where_;
};

TEST(PortalCli, EveryCommandHasHelp) {
    auto import = Mocua("import dossiers --help");
    EXPECT_EQ(import.exit_code, 0);
    EXPECT_TRUE(Has(import, "--dry-run")) << import.output;
    auto exported = Mocua("export dossiers --help");
    EXPECT_EQ(exported.exit_code, 0);
    EXPECT_TRUE(Has(exported, "--from")) << exported.output;
}

TEST_P(PortalCliTest, ImportsReportsRefusedLinesAndRoundTrips) {
    const std::string file = Write("ho-so.jsonl", kReturned + "\n" + kUnknownUnit + "\n" + kNew + "\n");

    auto dry = M("import dossiers " + file + " --dry-run");
    EXPECT_EQ(dry.exit_code, 2) << dry.output;
    EXPECT_TRUE(Has(dry, "(dry run, nothing written): 3 lines: 2 imported")) << dry.output;

    auto first = M("import dossiers " + file);
    EXPECT_EQ(first.exit_code, 2) << first.output;
    EXPECT_TRUE(Has(first, "3 lines: 2 imported, 0 updated, 0 unchanged, 1 skipped, 0 conflicts"))
        << first.output;
    EXPECT_TRUE(Has(first,
                    "ho-so.jsonl:2: DonViXuLy: no unit has the code `khong-co` on 2025-09-16 "
                    "[import.unit.unknown]"))
        << first.output;
    EXPECT_TRUE(Has(first, "1 line refused")) << first.output;

    auto again = M("import dossiers " + file);
    EXPECT_TRUE(Has(again, "3 lines: 0 imported, 0 updated, 2 unchanged, 1 skipped")) << again.output;

    auto exported = M("export dossiers --from 2025-09-15 --to 2025-09-16 --out " + Path("out.jsonl"));
    ASSERT_EQ(exported.exit_code, 0) << exported.output;
    EXPECT_TRUE(Has(exported, "2 dossiers submitted 2025-09-15 to 2025-09-16 written")) << exported.output;
    const std::string out = Read("out.jsonl");
    EXPECT_EQ(out, kReturned + "\n" + kNew + "\n");  // both lines are already canonical
    EXPECT_FALSE(std::filesystem::exists(Path("out.jsonl.tmp")));

    // The export imported again changes nothing.
    auto back = M("import dossiers " + Path("out.jsonl"));
    EXPECT_EQ(back.exit_code, 0) << back.output;
    EXPECT_TRUE(Has(back, "2 lines: 0 imported, 0 updated, 2 unchanged, 0 skipped")) << back.output;
    // From a pipe (no size to read ahead): the same lines, read whole.
    auto piped = ::mocua::testing::RunCommand("cat " + Path("out.jsonl") + " | " + std::string(MOCUA_BINARY) +
                                              " import dossiers /dev/stdin" + where_ + " 2>&1");
    EXPECT_EQ(piped.exit_code, 0) << piped.output;
    EXPECT_TRUE(Has(piped, "2 lines: 0 imported, 0 updated, 2 unchanged, 0 skipped")) << piped.output;

    EXPECT_EQ(M("export dossiers --from 2025-02-30 --to 2025-09-16").exit_code, 2);
    EXPECT_EQ(M("export dossiers --from 2025-09-16 --to 2025-09-15").exit_code, 2);
    EXPECT_EQ(M("import dossiers " + Path("missing.jsonl")).exit_code, 2);
    auto verify = M("audit verify");
    EXPECT_EQ(verify.exit_code, 0) << verify.output;
}

INSTANTIATE_TEST_SUITE_P(Engines, PortalCliTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
