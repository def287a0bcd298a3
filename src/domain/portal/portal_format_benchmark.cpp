// Throughput of the national-portal codec. `mocua import dossiers` must load at least 10,000 dossiers a
// second including the database (issue 7), so the codec should take a small part of 100 µs a line.
// Figures are printed, never asserted. Beside the code (not in bench/) because this branch may only add
// files under src/domain/portal/.
#include <benchmark/benchmark.h>

#include <string>

#include "domain/portal/portal_format.hpp"

namespace {

using namespace mocua::domain::portal;

// A returned dossier with fees, two files, a supplement request and six history entries (about 1.5 KB).
const std::string kLine =
    R"({"MaHoSo":"000.00.19.H48-250915-0001","MaTTHC":"1.001193","DonViXuLy":"000.00.19.H48",)"
    R"("KenhThucHien":2,"TrangThaiHoSo":10,"NgayNopHoSo":"20250915073512","NgayTiepNhan":"20250915083000",)"
    R"("NgayHenTra":"20250917170000","NgayKetThucXuLy":"20250917100500","NgayTraKetQua":"20250917143000",)"
    R"("DuocThanhToanTrucTuyen":1,"TaiKhoanDuocXacThucVoiVNeID":1,)"
    R"("DanhSachLePhi":[{"TenPhiLePhi":"Lệ phí đăng ký khai sinh","MucPhi":8000}],)"
    R"("TaiLieuNop":[{"TenTepDinhKem":"to-khai-dang-ky-khai-sinh.pdf","DuocSoHoa":1,"DuocTaiSuDung":0,"DuocLayTuKhoDMQG":0},)"
    R"({"TenTepDinhKem":"giay-chung-sinh.pdf","DuocSoHoa":1,"DuocTaiSuDung":1,"DuocLayTuKhoDMQG":1}],)"
    R"("MaKetQua":"KQ-000.00.19.H48-250915-0001","DuongDanTepTinKetQua":"https://dichvucong.hanoi.gov.vn/kq/0001.pdf",)"
    R"("YeuCauBoSung":[{"NgayYeuCau":"20250916090000","NgayHoanThanh":"20250916153000"}],)"
    R"("QuaTrinhXuLy":[{"TrangThaiHoSo":2,"ThoiDiem":"20250915083000","DonVi":"000.00.19.H48","NoiDung":"Tiếp nhận hồ sơ"},)"
    R"({"TrangThaiHoSo":4,"ThoiDiem":"20250915090000","DonVi":"000.00.19.H48","NoiDung":"Chuyển công chức tư pháp - hộ tịch"},)"
    R"({"TrangThaiHoSo":5,"ThoiDiem":"20250916090000","NoiDung":"Yêu cầu bổ sung giấy tờ"},)"
    R"({"TrangThaiHoSo":4,"ThoiDiem":"20250916153000"},)"
    R"({"TrangThaiHoSo":9,"ThoiDiem":"20250917100500"},)"
    R"({"TrangThaiHoSo":10,"ThoiDiem":"20250917143000","DonVi":"000.00.19.H48"}]})";

void BM_PortalParseLine(benchmark::State& state) {
    for (auto _ : state) {
        LineResult r = ParseLine(kLine, 1);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(kLine.size()));
}
BENCHMARK(BM_PortalParseLine);

void BM_PortalToJsonLine(benchmark::State& state) {
    const PortalDossier d = *ParseLine(kLine, 1).dossier;
    for (auto _ : state) {
        std::string line = ToJsonLine(d);
        benchmark::DoNotOptimize(line);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PortalToJsonLine);

// A 10,000-line file split and parsed, as the importer will do.
void BM_PortalFile10k(benchmark::State& state) {
    std::string file;
    for (int i = 0; i < 10000; ++i) file += kLine + "\n";
    for (auto _ : state) {
        int ok = 0;
        ForEachLine(file, [&](const InputLine& l) {
            ok += ParseLine(l.text, l.number).ok() ? 1 : 0;
            return true;
        });
        benchmark::DoNotOptimize(ok);
    }
    state.SetItemsProcessed(state.iterations() * 10000);
}
BENCHMARK(BM_PortalFile10k)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
