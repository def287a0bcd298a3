// Tests of the national-portal dossier format (docs/portal-format.md): hand-written records, every rule,
// round trips on generated records, the time zone, malformed and truncated lines, and the line splitter.
#include "domain/portal/portal_format.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace mocua::domain::portal {

// GoogleTest prints a dossier as its line, not as bytes.
void PrintTo(const PortalDossier& d, std::ostream* os) { *os << ToJsonLine(d); }

namespace {

using nlohmann::json;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

core::TimePoint Utc(std::string_view text) {
    const auto t = core::ParseUtc(text);
    EXPECT_TRUE(t.has_value()) << text;
    return t.value_or(core::TimePoint{});
}

// A birth-registration dossier received at a commune centre of Hà Nội, processed with one supplement
// request and returned with an electronic result. Written by hand; times are Vietnam time.
constexpr std::string_view kReturned =
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
constexpr std::string_view kInProgressLoose =
    R"({"MaHoSo":"000.00.12.H48-251002-0042","MaTTHC":"2.001218.000.00.00.H38","DonViXuLy":"000.00.12.H48",)"
    R"("TrangThaiHoSo":"4","NgayNopHoSo":"20251002141500","NgayTiepNhan":"20251002141500",)"
    R"("NgayHenTra":"20251009170000","NgayKetThucXuLy":"","NgayTraKetQua":null,"DuocThanhToanTrucTuyen":"0",)"
    R"("DanhSachLePhi":[{"TenPhiLePhi":"Phí thẩm định","MucPhi":"150000"}],"ThoiGianGiaiQuyet":5})";

LineResult Parse(std::string_view line) { return ParseLine(line, 7); }

// The problems with `rule`, as "field" strings, for readable failures.
std::vector<std::string> FieldsWith(const LineResult& r, std::string_view rule) {
    std::vector<std::string> fields;
    for (const Problem& p : r.problems) {
        if (p.rule == rule) fields.push_back(p.field);
    }
    return fields;
}

std::string AllProblems(const LineResult& r) {
    std::string out;
    for (const Problem& p : r.problems) out += Describe(p) + "\n";
    return out;
}

bool HasError(const LineResult& r, std::string_view rule, std::string_view field) {
    for (const Problem& p : r.problems) {
        if (p.rule == rule && p.field == field && p.severity == Severity::kError) return true;
    }
    return false;
}

bool HasWarning(const LineResult& r, std::string_view rule, std::string_view field) {
    for (const Problem& p : r.problems) {
        if (p.rule == rule && p.field == field && p.severity == Severity::kWarning) return true;
    }
    return false;
}

// kReturned with a change applied.
std::string Edited(const std::function<void(json&)>& edit) {
    json j = json::parse(kReturned);
    edit(j);
    return j.dump();
}

// ---------------------------------------------------------------------------------------------------
// Times

TEST(PortalTime, VietnamTimeIsUtcPlusSeven) {
    // 2026-11-27 08:30:00 in Hà Nội is 01:30:00 UTC.
    EXPECT_EQ(ParseTime("20261127083000"), Utc("2026-11-27T01:30:00Z"));
    // Before 07:00 local time the UTC day is the day before, and the year too on 1 January.
    EXPECT_EQ(ParseTime("20260101063059"), Utc("2025-12-31T23:30:59Z"));
    EXPECT_EQ(ParseTime("20250301000000"), Utc("2025-02-28T17:00:00Z"));
    EXPECT_EQ(ParseTime("20240229235959"), Utc("2024-02-29T16:59:59Z"));  // leap day
    EXPECT_EQ(FormatTime(Utc("2026-11-27T01:30:00Z")), "20261127083000");
    EXPECT_EQ(FormatTime(Utc("2025-12-31T17:00:00Z")), "20260101000000");
    EXPECT_EQ(FormatTime(Utc("2025-12-31T16:59:59Z")), "20251231235959");
    // Milliseconds are dropped, rounding down.
    EXPECT_EQ(FormatTime(Utc("2026-11-27T01:30:00.999Z")), "20261127083000");
}

TEST(PortalTime, RefusesWhatIsNotARealTime) {
    for (const char* bad : {"20261332083000", "20261300083000", "20261232083000", "20250229083000",
                            "20250915240000", "20250915236000", "20250915235960", "2025091508300",
                            "202509150830000", "2025-09-15 08:30", "2025-09-15T08:30:00", "20250915O83000",
                            "18991231235959", "30000101000000", "", "+2025091508300", " 20250915083000"}) {
        EXPECT_FALSE(ParseTime(bad).has_value()) << bad;
    }
    EXPECT_TRUE(ParseTime("19000101000000").has_value());
    EXPECT_TRUE(ParseTime("29991231235959").has_value());
}

TEST(PortalTime, FormatThenParseIsIdentityToTheSecond) {
    std::mt19937_64 rng(20250915);
    std::uniform_int_distribution<long long> secs(-2'208'988'800LL + 86400, 32'503'680'000LL - 86400);
    for (int i = 0; i < 20000; ++i) {
        const core::TimePoint t{seconds{secs(rng)}};
        const std::string text = FormatTime(t);
        ASSERT_EQ(ParseTime(text), t) << text;
    }
}

// ---------------------------------------------------------------------------------------------------
// Hand-written records

TEST(PortalParse, ReadsAReturnedDossier) {
    const LineResult r = Parse(kReturned);
    ASSERT_TRUE(r.ok()) << AllProblems(r);
    EXPECT_TRUE(r.problems.empty()) << AllProblems(r);
    const PortalDossier& d = *r.dossier;
    EXPECT_EQ(d.code, "000.00.19.H48-250915-0001");
    EXPECT_EQ(d.procedure_code, "1.001193");
    EXPECT_EQ(d.unit_code, "000.00.19.H48");
    EXPECT_EQ(d.channel, Channel::kOnline);
    EXPECT_EQ(d.state, DossierState::kResultReturned);
    EXPECT_EQ(d.submitted_at, Utc("2025-09-15T00:35:12Z"));
    EXPECT_EQ(d.received_at, Utc("2025-09-15T01:30:00Z"));
    EXPECT_EQ(d.due_at, Utc("2025-09-17T10:00:00Z"));
    EXPECT_EQ(d.processing_end_at, Utc("2025-09-17T03:05:00Z"));
    EXPECT_EQ(d.returned_at, Utc("2025-09-17T07:30:00Z"));
    EXPECT_EQ(d.online_payment, OnlinePayment::kNationalPortal);
    EXPECT_TRUE(d.vneid_verified);
    ASSERT_EQ(d.fees.size(), 1u);
    EXPECT_EQ(d.fees[0], (Fee{"Lệ phí đăng ký khai sinh", 8000}));
    ASSERT_EQ(d.files.size(), 2u);
    EXPECT_EQ(d.files[0], (SubmittedFile{"to-khai-dang-ky-khai-sinh.pdf", true, false, false}));
    EXPECT_EQ(d.files[1], (SubmittedFile{"giay-chung-sinh.pdf", true, true, true}));
    EXPECT_EQ(d.result_code, "KQ-000.00.19.H48-250915-0001");
    EXPECT_EQ(d.result_url, "https://dichvucong.hanoi.gov.vn/kq/0001.pdf");
    ASSERT_EQ(d.supplements.size(), 1u);
    EXPECT_EQ(d.supplements[0].requested_at, Utc("2025-09-16T02:00:00Z"));
    EXPECT_EQ(d.supplements[0].completed_at, Utc("2025-09-16T08:30:00Z"));
    ASSERT_EQ(d.history.size(), 6u);
    EXPECT_EQ(d.history[1], (HistoryEntry{DossierState::kInProgress, Utc("2025-09-15T02:00:00Z"),
                                          "000.00.19.H48", "Chuyển công chức tư pháp - hộ tịch"}));
    EXPECT_EQ(d.history[3], (HistoryEntry{DossierState::kInProgress, Utc("2025-09-16T08:30:00Z"), "", ""}));
}

TEST(PortalParse, ToleratesNumbersAsStringsEmptyTimesAndAbsentDefaults) {
    const LineResult r = Parse(kInProgressLoose);
    ASSERT_TRUE(r.ok()) << AllProblems(r);
    const PortalDossier& d = *r.dossier;
    EXPECT_EQ(d.state, DossierState::kInProgress);
    EXPECT_EQ(d.channel, Channel::kDirect);  // absent counts as direct (Decision 766, 3.3)
    EXPECT_EQ(d.online_payment, OnlinePayment::kNone);
    EXPECT_FALSE(d.vneid_verified);
    EXPECT_FALSE(d.processing_end_at.has_value());
    EXPECT_FALSE(d.returned_at.has_value());
    ASSERT_EQ(d.fees.size(), 1u);
    EXPECT_EQ(d.fees[0].amount_vnd, 150000);
    // The unknown key is a warning, nothing more.
    ASSERT_EQ(r.problems.size(), 1u) << AllProblems(r);
    EXPECT_TRUE(HasWarning(r, "portal.unknown_key", "ThoiGianGiaiQuyet"));
    EXPECT_EQ(r.problems[0].line, 7);
}

TEST(PortalParse, WholeNumbersInOtherShapes) {
    const LineResult r = Parse(Edited([](json& j) {
        j["KenhThucHien"] = 3.0;
        j["TrangThaiHoSo"] = "+10";
        j["DanhSachLePhi"][0]["MucPhi"] = "0";
        j["TaiLieuNop"][0]["DuocSoHoa"] = "1";
        j["QuaTrinhXuLy"][0]["TrangThaiHoSo"] = "2";
    }));
    ASSERT_TRUE(r.ok()) << AllProblems(r);
    EXPECT_EQ(r.dossier->channel, Channel::kPostal);
    EXPECT_EQ(r.dossier->state, DossierState::kResultReturned);
    EXPECT_EQ(r.dossier->fees[0].amount_vnd, 0);
}

TEST(PortalParse, NullMeansAbsentForOptionalKeys) {
    const LineResult r = Parse(
        R"({"MaHoSo":"X-1","MaTTHC":"1.001193","DonViXuLy":"U1","NgayNopHoSo":"20250915073512","TrangThaiHoSo":1,)"
        R"("KenhThucHien":null,"NgayTiepNhan":null,"DanhSachLePhi":null,"TaiLieuNop":null,"MaKetQua":null,)"
        R"("YeuCauBoSung":null,"QuaTrinhXuLy":null,"DuocThanhToanTrucTuyen":"","TaiKhoanDuocXacThucVoiVNeID":null})");
    ASSERT_TRUE(r.ok()) << AllProblems(r);
    EXPECT_TRUE(r.problems.empty()) << AllProblems(r);
    EXPECT_EQ(r.dossier->channel, Channel::kDirect);
    EXPECT_TRUE(r.dossier->fees.empty());
}

TEST(PortalParse, ReadsTheFeeListUnderTheFormulaSpellingToo) {
    const LineResult r = Parse(Edited([](json& j) {
        j["DanhSachPhiLePhi"] = j["DanhSachLePhi"];
        j.erase("DanhSachLePhi");
    }));
    ASSERT_TRUE(r.ok()) << AllProblems(r);
    EXPECT_EQ(r.dossier->fees, (std::vector<Fee>{{"Lệ phí đăng ký khai sinh", 8000}}));

    const LineResult both = Parse(Edited([](json& j) { j["DanhSachPhiLePhi"] = j["DanhSachLePhi"]; }));
    EXPECT_FALSE(both.ok());
    EXPECT_TRUE(HasError(both, "portal.fee.twice", "DanhSachPhiLePhi")) << AllProblems(both);
}

TEST(PortalParse, UnknownKeysAreWarningsEverywhere) {
    const LineResult r = Parse(Edited([](json& j) {
        j["HoSoCoThanhPhanSoHoa"] = 1;
        j["TaiLieuNop"][1]["KichThuoc"] = 1024;
        j["QuaTrinhXuLy"][2]["NguoiXuLy"] = "cb01";
        j["YeuCauBoSung"][0]["LyDo"] = "thiếu giấy chứng sinh";
        j["DanhSachLePhi"][0]["DonVi"] = "VND";
    }));
    ASSERT_TRUE(r.ok()) << AllProblems(r);
    EXPECT_EQ(
        FieldsWith(r, "portal.unknown_key"),
        (std::vector<std::string>{"HoSoCoThanhPhanSoHoa", "DanhSachLePhi[0].DonVi", "TaiLieuNop[1].KichThuoc",
                                  "YeuCauBoSung[0].LyDo", "QuaTrinhXuLy[2].NguoiXuLy"}));
}

// ---------------------------------------------------------------------------------------------------
// Every error rule of a single field

TEST(PortalRules, RequiredKeys) {
    for (const char* key : {"MaHoSo", "MaTTHC", "DonViXuLy", "NgayNopHoSo", "TrangThaiHoSo"}) {
        const LineResult missing = Parse(Edited([&](json& j) { j.erase(key); }));
        EXPECT_FALSE(missing.ok()) << key;
        EXPECT_TRUE(HasError(missing, "portal.required", key)) << AllProblems(missing);
        const LineResult null = Parse(Edited([&](json& j) { j[key] = nullptr; }));
        EXPECT_TRUE(HasError(null, "portal.required", key)) << AllProblems(null);
        const LineResult empty = Parse(Edited([&](json& j) { j[key] = ""; }));
        EXPECT_TRUE(HasError(empty, "portal.required", key)) << AllProblems(empty);
    }
    EXPECT_TRUE(HasError(Parse(Edited([](json& j) { j["MaHoSo"] = "   "; })), "portal.required", "MaHoSo"));
    // Inside lists.
    EXPECT_TRUE(HasError(Parse(Edited([](json& j) { j["DanhSachLePhi"][0].erase("MucPhi"); })),
                         "portal.required", "DanhSachLePhi[0].MucPhi"));
    EXPECT_TRUE(HasError(Parse(Edited([](json& j) { j["DanhSachLePhi"][0]["TenPhiLePhi"] = ""; })),
                         "portal.required", "DanhSachLePhi[0].TenPhiLePhi"));
    EXPECT_TRUE(HasError(Parse(Edited([](json& j) { j["TaiLieuNop"][1].erase("TenTepDinhKem"); })),
                         "portal.required", "TaiLieuNop[1].TenTepDinhKem"));
    EXPECT_TRUE(HasError(Parse(Edited([](json& j) { j["YeuCauBoSung"][0]["NgayYeuCau"] = ""; })),
                         "portal.required", "YeuCauBoSung[0].NgayYeuCau"));
    EXPECT_TRUE(HasError(Parse(Edited([](json& j) { j["QuaTrinhXuLy"][3].erase("ThoiDiem"); })),
                         "portal.required", "QuaTrinhXuLy[3].ThoiDiem"));
    EXPECT_TRUE(HasError(Parse(Edited([](json& j) { j["QuaTrinhXuLy"][3].erase("TrangThaiHoSo"); })),
                         "portal.required", "QuaTrinhXuLy[3].TrangThaiHoSo"));
}

TEST(PortalRules, WrongTypes) {
    const std::vector<std::pair<std::function<void(json&)>, std::string>> cases = {
        {[](json& j) { j["MaHoSo"] = 123; }, "MaHoSo"},
        {[](json& j) { j["MaTTHC"] = json::array({"1.001193"}); }, "MaTTHC"},
        {[](json& j) { j["DonViXuLy"] = true; }, "DonViXuLy"},
        {[](json& j) { j["TrangThaiHoSo"] = true; }, "TrangThaiHoSo"},
        {[](json& j) { j["TrangThaiHoSo"] = "mười"; }, "TrangThaiHoSo"},
        {[](json& j) { j["TrangThaiHoSo"] = "10a"; }, "TrangThaiHoSo"},
        {[](json& j) { j["TrangThaiHoSo"] = " 10"; }, "TrangThaiHoSo"},
        {[](json& j) { j["KenhThucHien"] = 2.5; }, "KenhThucHien"},
        {[](json& j) { j["KenhThucHien"] = json::object(); }, "KenhThucHien"},
        {[](json& j) { j["NgayNopHoSo"] = 20250915073512LL; }, "NgayNopHoSo"},
        {[](json& j) { j["NgayTiepNhan"] = false; }, "NgayTiepNhan"},
        {[](json& j) { j["DanhSachLePhi"] = json::object(); }, "DanhSachLePhi"},
        {[](json& j) { j["TaiLieuNop"] = "giay-chung-sinh.pdf"; }, "TaiLieuNop"},
        {[](json& j) { j["TaiLieuNop"][0] = "giay-chung-sinh.pdf"; }, "TaiLieuNop[0]"},
        {[](json& j) { j["TaiLieuNop"][0]["DuocSoHoa"] = true; }, "TaiLieuNop[0].DuocSoHoa"},
        {[](json& j) { j["DanhSachLePhi"][0]["MucPhi"] = "8.000 đồng"; }, "DanhSachLePhi[0].MucPhi"},
        {[](json& j) { j["DanhSachLePhi"][0]["MucPhi"] = 8000.5; }, "DanhSachLePhi[0].MucPhi"},
        {[](json& j) { j["DanhSachLePhi"][0]["MucPhi"] = 18446744073709551615ULL; },
         "DanhSachLePhi[0].MucPhi"},
        {[](json& j) { j["DanhSachLePhi"][0]["MucPhi"] = "99999999999999999999"; },
         "DanhSachLePhi[0].MucPhi"},
        {[](json& j) { j["DanhSachLePhi"][0]["MucPhi"] = 1e300; }, "DanhSachLePhi[0].MucPhi"},
        {[](json& j) { j["MaKetQua"] = 42; }, "MaKetQua"},
        {[](json& j) { j["QuaTrinhXuLy"][0]["NoiDung"] = json::array(); }, "QuaTrinhXuLy[0].NoiDung"},
        {[](json& j) { j["YeuCauBoSung"] = json::array({1}); }, "YeuCauBoSung[0]"},
    };
    for (const auto& [edit, field] : cases) {
        const LineResult r = Parse(Edited(edit));
        EXPECT_FALSE(r.ok()) << field;
        EXPECT_TRUE(HasError(r, "portal.type", field)) << field << "\n" << AllProblems(r);
    }
}

TEST(PortalRules, BadTimes) {
    for (const char* field :
         {"NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTraKetQua"}) {
        const LineResult r = Parse(Edited([&](json& j) { j[field] = "20261332083000"; }));
        EXPECT_FALSE(r.ok());
        EXPECT_TRUE(HasError(r, "portal.time.format", field)) << AllProblems(r);
    }
    const LineResult iso = Parse(Edited([](json& j) { j["NgayTiepNhan"] = "2025-09-15T08:30:00+07:00"; }));
    ASSERT_EQ(iso.problems.size(), 1u) << AllProblems(iso);
    EXPECT_EQ(iso.problems[0].message,
              "\"2025-09-15T08:30:00+07:00\" is not a time written yyyyMMddHHmmss (Vietnam time), e.g. "
              "\"20250915083000\"");
    EXPECT_TRUE(
        HasError(Parse(Edited([](json& j) { j["YeuCauBoSung"][0]["NgayHoanThanh"] = "20250931090000"; })),
                 "portal.time.format", "YeuCauBoSung[0].NgayHoanThanh"));
    EXPECT_TRUE(HasError(Parse(Edited([](json& j) { j["QuaTrinhXuLy"][5]["ThoiDiem"] = "20250917"; })),
                         "portal.time.format", "QuaTrinhXuLy[5].ThoiDiem"));
}

TEST(PortalRules, StatesOutsideOneToTen) {
    for (const json& v : {json(0), json(11), json(-1), json("11"), json(100)}) {
        const LineResult r = Parse(Edited([&](json& j) { j["TrangThaiHoSo"] = v; }));
        EXPECT_FALSE(r.ok()) << v;
        EXPECT_TRUE(HasError(r, "portal.state.range", "TrangThaiHoSo")) << AllProblems(r);
    }
    EXPECT_TRUE(HasError(Parse(Edited([](json& j) { j["QuaTrinhXuLy"][2]["TrangThaiHoSo"] = 12; })),
                         "portal.state.range", "QuaTrinhXuLy[2].TrangThaiHoSo"));
}

TEST(PortalRules, ChannelPaymentAndFlags) {
    for (const json& v : {json(0), json(4), json("5")}) {
        EXPECT_TRUE(HasError(Parse(Edited([&](json& j) { j["KenhThucHien"] = v; })), "portal.channel.unknown",
                             "KenhThucHien"))
            << v;
    }
    EXPECT_TRUE(HasError(Parse(Edited([](json& j) { j["DuocThanhToanTrucTuyen"] = 3; })),
                         "portal.payment.unknown", "DuocThanhToanTrucTuyen"));
    EXPECT_TRUE(HasError(Parse(Edited([](json& j) { j["DuocThanhToanTrucTuyen"] = -1; })),
                         "portal.payment.unknown", "DuocThanhToanTrucTuyen"));
    EXPECT_TRUE(HasError(Parse(Edited([](json& j) { j["TaiKhoanDuocXacThucVoiVNeID"] = 2; })),
                         "portal.flag.range", "TaiKhoanDuocXacThucVoiVNeID"));
    for (const char* flag : {"DuocSoHoa", "DuocTaiSuDung", "DuocLayTuKhoDMQG"}) {
        EXPECT_TRUE(HasError(Parse(Edited([&](json& j) { j["TaiLieuNop"][1][flag] = "2"; })),
                             "portal.flag.range", std::string("TaiLieuNop[1].") + flag));
    }
}

TEST(PortalRules, NegativeFees) {
    for (const json& v : {json(-8000), json("-8000"), json(-1.0)}) {
        const LineResult r = Parse(Edited([&](json& j) { j["DanhSachLePhi"][0]["MucPhi"] = v; }));
        EXPECT_FALSE(r.ok());
        EXPECT_TRUE(HasError(r, "portal.fee.negative", "DanhSachLePhi[0].MucPhi")) << AllProblems(r);
    }
}

TEST(PortalRules, ReportsEveryProblemOfALineAtOnce) {
    const LineResult r = Parse(Edited([](json& j) {
        j.erase("MaHoSo");
        j["TrangThaiHoSo"] = 11;
        j["NgayTiepNhan"] = "hôm qua";
        j["DanhSachLePhi"][0]["MucPhi"] = -5;
    }));
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.problems.size(), 4u) << AllProblems(r);
    for (const Problem& p : r.problems) EXPECT_EQ(p.line, 7);
}

// ---------------------------------------------------------------------------------------------------
// Malformed JSON

TEST(PortalJson, MalformedLines) {
    for (const char* bad :
         {"", "{", "}", "{\"MaHoSo\":}", "MaHoSo=1", "{\"MaHoSo\":\"a\",}", "{'MaHoSo':'a'}",
          "{\"MaHoSo\":\"a\"} {\"MaHoSo\":\"b\"}", "{\"MaHoSo\":\"\xC3\x28\"}", "nul", "{\"a\":NaN}"}) {
        const LineResult r = Parse(bad);
        EXPECT_FALSE(r.ok()) << bad;
        ASSERT_EQ(r.problems.size(), 1u) << bad;
        EXPECT_EQ(r.problems[0].rule, "portal.json.syntax") << bad;
        EXPECT_EQ(r.problems[0].message.rfind("not valid JSON: parse error at line 1, column", 0), 0u)
            << r.problems[0].message;
    }
    // A number too large for a double is nlohmann's out_of_range, not a parse_error: it once escaped.
    for (const char* huge : {"1111111E1111", "{\"MaHoSo\":\"a\",\"PhiLePhi\":1E999}", "[-1e400]"}) {
        const LineResult r = Parse(huge);
        ASSERT_EQ(r.problems.size(), 1u) << huge;
        EXPECT_EQ(r.problems[0].rule, "portal.json.syntax") << huge;
        EXPECT_NE(r.problems[0].message.find("number overflow"), std::string::npos) << r.problems[0].message;
    }
    for (const char* other : {"[]", "[{\"MaHoSo\":\"a\"}]", "42", "\"MaHoSo\"", "null", "true"}) {
        const LineResult r = Parse(other);
        EXPECT_FALSE(r.ok()) << other;
        EXPECT_TRUE(HasError(r, "portal.json.not_object", "")) << other << AllProblems(r);
    }
}

TEST(PortalJson, RefusesDeepNestingAndHugeLinesWithoutParsing) {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    EXPECT_TRUE(HasError(Parse(deep), "portal.json.too_deep", ""));
    // Brackets inside strings do not count.
    const LineResult in_string =
        Parse(Edited([](json& j) { j["QuaTrinhXuLy"][0]["NoiDung"] = std::string(500, '['); }));
    EXPECT_TRUE(in_string.ok()) << AllProblems(in_string);

    const std::string huge = "{\"MaHoSo\":\"" + std::string(kMaxLineBytes, 'x') + "\"}";
    const LineResult r = Parse(huge);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].rule, "portal.line.too_long");
}

TEST(PortalJson, TruncationsOfAValidLineNeverCrashAndAreRefused) {
    const std::string_view full = kReturned;
    for (std::size_t n = 0; n < full.size(); ++n) {
        const LineResult r = Parse(full.substr(0, n));
        EXPECT_FALSE(r.ok()) << n;
        EXPECT_FALSE(r.problems.empty()) << n;
    }
    EXPECT_TRUE(Parse(full).ok());
}

TEST(PortalJson, RandomByteChangesNeverCrash) {
    std::mt19937 rng(766);
    const std::string base(kReturned);
    std::uniform_int_distribution<std::size_t> pos(0, base.size() - 1);
    std::uniform_int_distribution<int> byte(0, 255);
    int refused = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string line = base;
        for (int k = 0; k < 1 + i % 4; ++k) line[pos(rng)] = static_cast<char>(byte(rng));
        const LineResult r = Parse(line);
        EXPECT_EQ(r.ok(), r.dossier.has_value());
        if (!r.ok()) {
            ++refused;
            EXPECT_FALSE(r.problems.empty());
        } else {
            // Whatever was accepted writes back into a line that reads the same.
            const LineResult again = Parse(ToJsonLine(*r.dossier));
            ASSERT_TRUE(again.ok()) << line << "\n" << AllProblems(again);
            EXPECT_EQ(*again.dossier, *r.dossier);
        }
    }
    EXPECT_GT(refused, 1000);
}

// ---------------------------------------------------------------------------------------------------
// Consistency rules

TEST(PortalConsistency, MilestonesInOrderAreErrors) {
    const LineResult received = Parse(Edited([](json& j) { j["NgayTiepNhan"] = "20250915073511"; }));
    EXPECT_FALSE(received.ok());
    EXPECT_TRUE(HasError(received, "portal.time.order", "NgayTiepNhan")) << AllProblems(received);
    // Equal times are fine: a dossier submitted at the counter is received at once.
    EXPECT_TRUE(Parse(Edited([](json& j) { j["NgayTiepNhan"] = "20250915073512"; })).ok());

    const LineResult ended = Parse(Edited([](json& j) { j["NgayKetThucXuLy"] = "20250915082959"; }));
    EXPECT_TRUE(HasError(ended, "portal.time.order", "NgayKetThucXuLy")) << AllProblems(ended);
    EXPECT_EQ(ended.problems.front().message,
              "NgayKetThucXuLy 20250915082959 is before NgayTiepNhan 20250915083000");

    const LineResult returned = Parse(Edited([](json& j) { j["NgayTraKetQua"] = "20250917100459"; }));
    EXPECT_TRUE(HasError(returned, "portal.time.order", "NgayTraKetQua")) << AllProblems(returned);

    // A missing milestone is skipped: a stopped dossier (8) never received, ended before submission.
    const LineResult skipped = Parse(
        R"({"MaHoSo":"X-2","MaTTHC":"1.001193","DonViXuLy":"U1","NgayNopHoSo":"20250915073512","TrangThaiHoSo":8,)"
        R"("NgayKetThucXuLy":"20250915073000"})");
    EXPECT_TRUE(HasError(skipped, "portal.time.order", "NgayKetThucXuLy")) << AllProblems(skipped);
    EXPECT_EQ(skipped.problems.front().message,
              "NgayKetThucXuLy 20250915073000 is before NgayNopHoSo 20250915073512");
}

TEST(PortalConsistency, DueBeforeReceptionIsAWarning) {
    const LineResult r = Parse(Edited([](json& j) { j["NgayHenTra"] = "20250915080000"; }));
    ASSERT_TRUE(r.ok()) << AllProblems(r);
    EXPECT_TRUE(HasWarning(r, "portal.time.due_early", "NgayHenTra")) << AllProblems(r);
}

TEST(PortalConsistency, StatesNeedTheirTimes) {
    const LineResult returned = Parse(Edited([](json& j) { j.erase("NgayTraKetQua"); }));
    EXPECT_FALSE(returned.ok());
    EXPECT_TRUE(HasError(returned, "portal.state.needs_time", "NgayTraKetQua")) << AllProblems(returned);

    for (int state : {9, 10}) {
        const LineResult r = Parse(Edited([&](json& j) {
            j["TrangThaiHoSo"] = state;
            j.erase("NgayKetThucXuLy");
        }));
        EXPECT_TRUE(HasError(r, "portal.state.needs_time", "NgayKetThucXuLy")) << state << AllProblems(r);
    }
    for (int state : {2, 4, 5, 6, 9, 10}) {
        const LineResult r = Parse(Edited([&](json& j) {
            j["TrangThaiHoSo"] = state;
            j.erase("NgayTiepNhan");
        }));
        EXPECT_TRUE(HasError(r, "portal.state.needs_time", "NgayTiepNhan")) << state << AllProblems(r);
    }
    // Refusal, withdrawal and stop can come before acceptance.
    for (int state : {1, 3, 7, 8}) {
        const LineResult r = Parse(
            R"({"MaHoSo":"X-3","MaTTHC":"1.001193","DonViXuLy":"U1","NgayNopHoSo":"20250915073512","TrangThaiHoSo":)" +
            std::to_string(state) + "}");
        EXPECT_TRUE(r.ok()) << state << AllProblems(r);
        EXPECT_TRUE(r.problems.empty()) << state << AllProblems(r);
    }
}

TEST(PortalConsistency, TimesNotYetReachedAreWarnings) {
    const LineResult r = Parse(Edited([](json& j) {
        j["TrangThaiHoSo"] = 1;
        j["QuaTrinhXuLy"] = json::array();
    }));
    ASSERT_TRUE(r.ok()) << AllProblems(r);
    EXPECT_TRUE(HasWarning(r, "portal.state.time_not_reached", "NgayTiepNhan"));
    EXPECT_TRUE(HasWarning(r, "portal.state.time_not_reached", "NgayKetThucXuLy"));
    EXPECT_TRUE(HasWarning(r, "portal.state.time_not_reached", "NgayTraKetQua"));
    const LineResult processed = Parse(Edited([](json& j) { j["TrangThaiHoSo"] = 9; }));
    EXPECT_EQ(FieldsWith(processed, "portal.state.time_not_reached"),
              std::vector<std::string>{"NgayTraKetQua"});
}

TEST(PortalConsistency, SupplementRequests) {
    const LineResult backwards =
        Parse(Edited([](json& j) { j["YeuCauBoSung"][0]["NgayHoanThanh"] = "20250916085959"; }));
    EXPECT_FALSE(backwards.ok());
    EXPECT_TRUE(HasError(backwards, "portal.supplement.order", "YeuCauBoSung[0].NgayHoanThanh"))
        << AllProblems(backwards);

    const LineResult early =
        Parse(Edited([](json& j) { j["YeuCauBoSung"][0]["NgayYeuCau"] = "20250915080000"; }));
    ASSERT_TRUE(early.ok()) << AllProblems(early);
    EXPECT_TRUE(HasWarning(early, "portal.supplement.early", "YeuCauBoSung[0].NgayYeuCau"))
        << AllProblems(early);

    const LineResult open = Parse(Edited([](json& j) { j["YeuCauBoSung"][0].erase("NgayHoanThanh"); }));
    ASSERT_TRUE(open.ok()) << AllProblems(open);
    EXPECT_TRUE(HasWarning(open, "portal.supplement.open", "YeuCauBoSung[0].NgayHoanThanh"))
        << AllProblems(open);

    const LineResult waiting = Parse(Edited([](json& j) {
        j["TrangThaiHoSo"] = 5;
        j.erase("NgayKetThucXuLy");
        j.erase("NgayTraKetQua");
        j["QuaTrinhXuLy"] = json::array();
    }));
    ASSERT_TRUE(waiting.ok()) << AllProblems(waiting);
    EXPECT_EQ(FieldsWith(waiting, "portal.supplement.missing"), std::vector<std::string>{"TrangThaiHoSo"});
    const LineResult waiting_open = Parse(Edited([](json& j) {
        j["TrangThaiHoSo"] = 5;
        j.erase("NgayKetThucXuLy");
        j.erase("NgayTraKetQua");
        j["QuaTrinhXuLy"] = json::array();
        j["YeuCauBoSung"][0]["NgayHoanThanh"] = "";
    }));
    ASSERT_TRUE(waiting_open.ok()) << AllProblems(waiting_open);
    EXPECT_TRUE(waiting_open.problems.empty()) << AllProblems(waiting_open);
}

TEST(PortalConsistency, History) {
    const LineResult unordered =
        Parse(Edited([](json& j) { std::swap(j["QuaTrinhXuLy"][1], j["QuaTrinhXuLy"][2]); }));
    ASSERT_TRUE(unordered.ok()) << AllProblems(unordered);
    EXPECT_EQ(FieldsWith(unordered, "portal.history.order"),
              std::vector<std::string>{"QuaTrinhXuLy[2].ThoiDiem"});

    const LineResult last = Parse(Edited([](json& j) { j["QuaTrinhXuLy"].erase(5); }));
    ASSERT_TRUE(last.ok()) << AllProblems(last);
    EXPECT_EQ(FieldsWith(last, "portal.history.last_state"), std::vector<std::string>{"QuaTrinhXuLy"});

    const LineResult early =
        Parse(Edited([](json& j) { j["QuaTrinhXuLy"][0]["ThoiDiem"] = "20250914083000"; }));
    EXPECT_EQ(FieldsWith(early, "portal.history.early"),
              std::vector<std::string>{"QuaTrinhXuLy[0].ThoiDiem"});
}

TEST(PortalConsistency, PaymentAndResult) {
    const LineResult free = Parse(Edited([](json& j) { j["DanhSachLePhi"][0]["MucPhi"] = 0; }));
    ASSERT_TRUE(free.ok());
    EXPECT_EQ(FieldsWith(free, "portal.payment.no_fee"), std::vector<std::string>{"DuocThanhToanTrucTuyen"});
    const LineResult none = Parse(Edited([](json& j) {
        j.erase("DanhSachLePhi");
        j["DuocThanhToanTrucTuyen"] = 2;
    }));
    EXPECT_EQ(FieldsWith(none, "portal.payment.no_fee"), std::vector<std::string>{"DuocThanhToanTrucTuyen"});

    const LineResult no_link = Parse(Edited([](json& j) { j["DuongDanTepTinKetQua"] = ""; }));
    ASSERT_TRUE(no_link.ok());
    EXPECT_EQ(FieldsWith(no_link, "portal.result.incomplete"),
              std::vector<std::string>{"DuongDanTepTinKetQua"});
    const LineResult no_code = Parse(Edited([](json& j) { j.erase("MaKetQua"); }));
    EXPECT_EQ(FieldsWith(no_code, "portal.result.incomplete"), std::vector<std::string>{"MaKetQua"});
}

TEST(PortalConsistency, CheckConsistencyStandsAlone) {
    PortalDossier d = *Parse(kReturned).dossier;
    EXPECT_TRUE(CheckConsistency(d, 3).empty());
    d.returned_at.reset();
    const auto problems = CheckConsistency(d, 3);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(
        Describe(problems[0]),
        "line 3: NgayTraKetQua: state 10 (result returned) needs NgayTraKetQua [portal.state.needs_time]");
    d.state = DossierState::kProcessed;
    const auto warnings = CheckConsistency(d, 0);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(Describe(warnings[0]),
              "warning: QuaTrinhXuLy: the last entry's state 10 differs from TrangThaiHoSo 9 "
              "[portal.history.last_state]");
}

// ---------------------------------------------------------------------------------------------------
// Writing and round trips

TEST(PortalWrite, WritesTheHandWrittenRecordBackByteForByte) {
    // kReturned is written in the canonical key order with every default present.
    EXPECT_EQ(ToJsonLine(*Parse(kReturned).dossier), kReturned);
}

TEST(PortalWrite, CanonicalFormOfALooseLine) {
    const std::string canonical = ToJsonLine(*Parse(kInProgressLoose).dossier);
    EXPECT_EQ(
        canonical,
        R"({"MaHoSo":"000.00.12.H48-251002-0042","MaTTHC":"2.001218.000.00.00.H38","DonViXuLy":"000.00.12.H48",)"
        R"("KenhThucHien":1,"TrangThaiHoSo":4,"NgayNopHoSo":"20251002141500","NgayTiepNhan":"20251002141500",)"
        R"("NgayHenTra":"20251009170000","DuocThanhToanTrucTuyen":0,"TaiKhoanDuocXacThucVoiVNeID":0,)"
        R"("DanhSachLePhi":[{"TenPhiLePhi":"Phí thẩm định","MucPhi":150000}]})");
    // Canonical lines are fixed points.
    EXPECT_EQ(ToJsonLine(*Parse(canonical).dossier), canonical);
}

TEST(PortalWrite, MinimalDossier) {
    PortalDossier d;
    d.code = "000.00.19.H48-250915-0002";
    d.procedure_code = "1.001193";
    d.unit_code = "000.00.19.H48";
    d.submitted_at = Utc("2026-11-27T01:30:00Z");
    EXPECT_EQ(
        ToJsonLine(d),
        R"({"MaHoSo":"000.00.19.H48-250915-0002","MaTTHC":"1.001193","DonViXuLy":"000.00.19.H48",)"
        R"("KenhThucHien":1,"TrangThaiHoSo":1,"NgayNopHoSo":"20261127083000","DuocThanhToanTrucTuyen":0,)"
        R"("TaiKhoanDuocXacThucVoiVNeID":0})");
}

TEST(PortalWrite, EscapesAndInvalidUtf8) {
    PortalDossier d = *Parse(kReturned).dossier;
    d.history[0].note = "dòng 1\ndòng \"2\"\t\\";
    const std::string line = ToJsonLine(d);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(*Parse(line).dossier, d);
    d.history[0].note = "bad \xC3\x28 byte";
    const LineResult r = Parse(ToJsonLine(d));  // must not throw
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.dossier->history[0].note, "bad \xEF\xBF\xBD( byte");
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

TEST(PortalWrite, ParseOfWriteIsIdentityOnGeneratedDossiers) {
    Generator gen(7);
    for (int i = 0; i < 5000; ++i) {
        const PortalDossier d = gen.Next();
        const std::string line = ToJsonLine(d);
        const LineResult r = ParseLine(line, i + 1);
        ASSERT_TRUE(r.ok()) << line << "\n" << AllProblems(r);
        ASSERT_EQ(*r.dossier, d) << line;
        // And the written line is canonical: writing what was read gives the same bytes.
        ASSERT_EQ(ToJsonLine(*r.dossier), line);
    }
}

// ---------------------------------------------------------------------------------------------------
// The line splitter

std::vector<std::pair<int, std::string>> Lines(std::string_view text) {
    std::vector<std::pair<int, std::string>> out;
    ForEachLine(text, [&](const InputLine& l) {
        out.emplace_back(l.number, l.problem ? "!" + l.problem->rule : std::string(l.text));
        return true;
    });
    return out;
}

TEST(PortalLines, SplitsOnLfAndCrlfAndSkipsBlankLines) {
    using L = std::vector<std::pair<int, std::string>>;
    EXPECT_EQ(Lines("a\nb\r\nc"), (L{{1, "a"}, {2, "b"}, {3, "c"}}));
    EXPECT_EQ(Lines("a\r\n\r\n  \t\r\nb\r\n"), (L{{1, "a"}, {4, "b"}}));
    EXPECT_EQ(Lines("\xEF\xBB\xBF{\"x\":1}\n{\"y\":2}\n"), (L{{1, "{\"x\":1}"}, {2, "{\"y\":2}"}}));
    EXPECT_EQ(Lines(""), L{});
    EXPECT_EQ(Lines("\n\n"), L{});
    EXPECT_EQ(Lines("\xEF\xBB\xBF"), L{});
    // A BOM later than the start is data (and the JSON parser refuses it).
    EXPECT_EQ(Lines("a\n\xEF\xBB\xBF"
                    "b"),
              (L{{1, "a"},
                 {2,
                  "\xEF\xBB\xBF"
                  "b"}}));
    // Only the CR right before the LF is part of the ending.
    EXPECT_EQ(Lines("a\r\r\nb\r"), (L{{1, "a\r"}, {2, "b"}}));
}

TEST(PortalLines, RefusesOverlongLinesAndGoesOn) {
    std::string text = "first\n";
    text += std::string(kMaxLineBytes, 'x') + "\n";  // exactly the limit: kept
    text += std::string(kMaxLineBytes + 1, 'y') + "\r\n";
    text += "last";
    std::vector<InputLine> seen;
    ForEachLine(text, [&](const InputLine& l) {
        seen.push_back(l);
        return true;
    });
    ASSERT_EQ(seen.size(), 4u);
    EXPECT_EQ(seen[1].text.size(), kMaxLineBytes);
    EXPECT_FALSE(seen[1].problem.has_value());
    ASSERT_TRUE(seen[2].problem.has_value());
    EXPECT_EQ(seen[2].problem->rule, "portal.line.too_long");
    EXPECT_EQ(seen[2].problem->line, 3);
    EXPECT_TRUE(seen[2].text.empty());
    EXPECT_EQ(seen[3].text, "last");
}

TEST(PortalLines, StopsWhenTold) {
    int calls = 0;
    ForEachLine("a\nb\nc\n", [&](const InputLine&) { return ++calls < 2; });
    EXPECT_EQ(calls, 2);
}

TEST(PortalLines, AFileOfDossiers) {
    Generator gen(11);
    std::vector<PortalDossier> written;
    std::string file = "\xEF\xBB\xBF";
    for (int i = 0; i < 200; ++i) {
        written.push_back(gen.Next());
        file += ToJsonLine(written.back()) + (i % 2 ? "\r\n" : "\n");
        if (i % 50 == 0) file += "\r\n";
    }
    file += "{\"MaHoSo\":\"broken\"\n";
    std::vector<PortalDossier> read;
    std::vector<Problem> problems;
    ForEachLine(file, [&](const InputLine& l) {
        LineResult r = ParseLine(l.text, l.number);
        if (r.ok()) read.push_back(std::move(*r.dossier));
        for (const Problem& p : r.problems) {
            if (p.severity == Severity::kError) problems.push_back(p);
        }
        return true;
    });
    EXPECT_EQ(read, written);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].line, 205);
    EXPECT_EQ(problems[0].rule, "portal.json.syntax");
}

}  // namespace
}  // namespace mocua::domain::portal
