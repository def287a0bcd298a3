#pragma once
// What the tests of the national-portal format share (portal_format_test.cpp: times, reading, the rules
// of single fields, malformed JSON; portal_consistency_test.cpp: the rules between fields;
// portal_write_test.cpp: writing, round trips and the line splitter): two hand-written records, helpers
// over a line's problems and a generator of random valid dossiers.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "domain/portal/portal_format.hpp"

namespace mocua::domain::portal {

// GoogleTest prints a dossier as its line, not as bytes.
inline void PrintTo(const PortalDossier& d, std::ostream* os) { *os << ToJsonLine(d); }

namespace format_test {

using nlohmann::json;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

inline core::TimePoint Utc(std::string_view text) {
    const auto t = core::ParseUtc(text);
    EXPECT_TRUE(t.has_value()) << text;
    return t.value_or(core::TimePoint{});
}

// A birth-registration dossier received at a commune centre of Hà Nội, processed with one supplement
// request and returned with an electronic result. Written by hand; times are Vietnam time.
inline constexpr std::string_view kReturned =
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

// A dossier submitted at the counter, still with the specialist, written the way some provincial
// systems do: numbers as strings, empty times, no channel, an extra key.
inline constexpr std::string_view kInProgressLoose =
    R"({"MaHoSo":"000.00.12.H48-251002-0042","MaTTHC":"2.001218.000.00.00.H38","DonViXuLy":"000.00.12.H48",)"
    R"("TrangThaiHoSo":"4","NgayNopHoSo":"20251002141500","NgayTiepNhan":"20251002141500",)"
    R"("NgayHenTra":"20251009170000","NgayKetThucXuLy":"","NgayTraKetQua":null,"DuocThanhToanTrucTuyen":"0",)"
    R"("DanhSachLePhi":[{"TenPhiLePhi":"Phí thẩm định","MucPhi":"150000"}],"ThoiGianGiaiQuyet":5})";

inline LineResult Parse(std::string_view line) { return ParseLine(line, 7); }

// The problems with `rule`, as "field" strings, for readable failures.
inline std::vector<std::string> FieldsWith(const LineResult& r, std::string_view rule) {
    std::vector<std::string> fields;
    for (const Problem& p : r.problems) {
        if (p.rule == rule) fields.push_back(p.field);
    }
    return fields;
}

inline std::string AllProblems(const LineResult& r) {
    std::string out;
    for (const Problem& p : r.problems) out += Describe(p) + "\n";
    return out;
}

inline bool HasError(const LineResult& r, std::string_view rule, std::string_view field) {
    for (const Problem& p : r.problems) {
        if (p.rule == rule && p.field == field && p.severity == Severity::kError) return true;
    }
    return false;
}

inline bool HasWarning(const LineResult& r, std::string_view rule, std::string_view field) {
    for (const Problem& p : r.problems) {
        if (p.rule == rule && p.field == field && p.severity == Severity::kWarning) return true;
    }
    return false;
}

// kReturned with a change applied.
inline std::string Edited(const std::function<void(json&)>& edit) {
    json j = json::parse(kReturned);
    edit(j);
    return j.dump();
}

// Random dossiers that pass every error rule (warnings allowed), with whole-second times.
class Generator {
public:
    explicit Generator(unsigned seed) : rng_(seed) {}

    PortalDossier Next() {
        PortalDossier d;
        d.code = "000.00." + Digits(2) + ".H" + Digits(2) + "-25" + Digits(4) + "-" + Digits(4);
        d.procedure_code = (Coin() ? "1." : "2.") + Digits(6) + (Coin() ? "" : ".000.00.00.H38");
        d.unit_code = "000.00." + Digits(2) + ".H48";
        const int state = Int(1, 10);
        d.state = static_cast<DossierState>(state);
        d.channel = static_cast<Channel>(Int(1, 3));
        d.online_payment = static_cast<OnlinePayment>(Int(0, 2));
        d.vneid_verified = Coin();
        core::TimePoint t{seconds{Int(1'500'000'000, 1'900'000'000)}};
        d.submitted_at = t;
        const bool received = state == 2 || state == 4 || state == 5 || state == 6 || state >= 9 ||
                              ((state == 7 || state == 8) && Coin());
        if (received) d.received_at = t = Later(t);
        if (received && Coin()) d.due_at = Later(t);
        if (state >= 9 || ((state == 3 || state == 7 || state == 8) && Coin()))
            d.processing_end_at = t = Later(t);
        if (state == 10) d.returned_at = Later(t);
        for (int i = Int(0, 3); i > 0; --i) d.fees.push_back({Text(), Int(0, 5) * 50000LL});
        for (int i = Int(0, 4); i > 0; --i) d.files.push_back({Text() + ".pdf", Coin(), Coin(), Coin()});
        if (Coin()) {
            d.result_code = "KQ-" + Digits(6);
            d.result_url = "https://dichvucong.gov.vn/kq/" + Digits(8) + ".pdf";
        }
        for (int i = Int(0, 2); i > 0; --i) {
            SupplementRequest s{Later(d.submitted_at), std::nullopt};
            if (Coin()) s.completed_at = Later(s.requested_at);
            d.supplements.push_back(s);
        }
        core::TimePoint h = d.submitted_at;
        for (int i = Int(0, 6); i > 0; --i) {
            d.history.push_back({static_cast<DossierState>(Int(1, 10)), h = Later(h),
                                 Coin() ? d.unit_code : "", Coin() ? Text() : ""});
        }
        return d;
    }

private:
    long long Int(long long lo, long long hi) {
        return std::uniform_int_distribution<long long>(lo, hi)(rng_);
    }
    bool Coin() { return Int(0, 1) == 1; }
    core::TimePoint Later(core::TimePoint t) { return t + seconds{Int(0, 30 * 86400)}; }
    std::string Digits(int n) {
        std::string s;
        for (int i = 0; i < n; ++i) s += static_cast<char>('0' + Int(0, 9));
        return s;
    }
    std::string Text() {
        static const char* const kWords[] = {"Lệ phí",  "hộ tịch",       "Giấy",       "khai sinh",
                                             "bản sao", "\"trích lục\"", "đất đai",    "xây dựng",
                                             "a\\b",    "Tờ khai",       "chứng thực", "x\ty"};
        std::string s = kWords[Int(0, 11)];
        for (int i = Int(0, 3); i > 0; --i) s += std::string(" ") + kWords[Int(0, 11)];
        return s;
    }
    std::mt19937 rng_;
};

}  // namespace format_test
}  // namespace mocua::domain::portal
