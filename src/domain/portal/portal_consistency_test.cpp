// Tests of the national-portal format's rules between fields (docs/portal-format.md, "Consistency
// rules"), through ParseLine and through CheckConsistency alone.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/portal/portal_format.hpp"
#include "domain/portal/portal_format_test_support.hpp"

namespace mocua::domain::portal {
namespace {

using namespace format_test;

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

}  // namespace
}  // namespace mocua::domain::portal
