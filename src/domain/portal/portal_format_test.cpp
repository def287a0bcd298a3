// Tests of the national-portal dossier format (docs/portal-format.md): the time zone, hand-written
// records, every rule of a single field, and malformed and truncated lines. The rules between fields are
// tested in portal_consistency_test.cpp; writing, round trips and the line splitter in
// portal_write_test.cpp.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "domain/portal/portal_format.hpp"
#include "domain/portal/portal_format_test_support.hpp"

namespace mocua::domain::portal {
namespace {

using namespace format_test;

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

}  // namespace
}  // namespace mocua::domain::portal
