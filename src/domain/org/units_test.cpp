#include "domain/org/units.hpp"

#include <gtest/gtest.h>

namespace mocua::domain::org {
namespace {

TEST(Units, Dates) {
    EXPECT_TRUE(IsValidDate("2025-07-01"));
    EXPECT_TRUE(IsValidDate("2024-02-29"));
    EXPECT_FALSE(IsValidDate("2025-02-29"));
    EXPECT_FALSE(IsValidDate("2025-7-01"));
    EXPECT_FALSE(IsValidDate("2025-13-01"));
    EXPECT_FALSE(IsValidDate("20250701"));
    EXPECT_FALSE(IsValidDate(""));
    EXPECT_EQ(DateOf(*core::ParseUtc("2025-06-30T23:59:59.000Z")), "2025-06-30");
}

TEST(Units, ValidOnIsInclusive) {
    Unit u;
    u.valid_from = "2025-07-01";
    EXPECT_FALSE(u.ValidOn("2025-06-30"));
    EXPECT_TRUE(u.ValidOn("2025-07-01"));
    u.valid_to = "2025-12-31";
    EXPECT_TRUE(u.ValidOn("2025-12-31"));
    EXPECT_FALSE(u.ValidOn("2026-01-01"));
}

TEST(Units, TypesRoundTrip) {
    for (auto t : {UnitType::kProvince, UnitType::kDistrict, UnitType::kCommune, UnitType::kSpecialZone,
                   UnitType::kDepartment, UnitType::kOneStopCentre, UnitType::kOtherAgency})
        EXPECT_EQ(ParseUnitType(UnitTypeName(t)), t);
    EXPECT_FALSE(ParseUnitType("ward"));
}

TEST(Units, ParsesCommuneCsv) {
    auto parsed = ParseCommuneCsv(
        "\xEF\xBB\xBF"
        "commune_code,commune_name,province_name\r\n"
        "19360,Phường Quảng Trị,Tỉnh Quảng Trị\r\n"
        "\r\n"
        "00070,\"Phường Hoàn Kiếm\",\"Thành phố Hà Nội\"\r\n"
        "00004,\"Phường \"\"Ba\"\" Đình\",Thành phố Hà Nội");
    EXPECT_TRUE(parsed.problems.empty());
    ASSERT_EQ(parsed.rows.size(), 3u);
    EXPECT_EQ(parsed.rows[0].code, "19360");
    EXPECT_EQ(parsed.rows[0].line, 2);
    EXPECT_EQ(parsed.rows[1].name, "Phường Hoàn Kiếm");
    EXPECT_EQ(parsed.rows[1].line, 4);
    EXPECT_EQ(parsed.rows[2].name, "Phường \"Ba\" Đình");
}

TEST(Units, CsvProblemsNameLineAndField) {
    auto parsed = ParseCommuneCsv(
        "code,name,province\n"
        "1936,Phường A,Tỉnh B\n"
        "19360,,Tỉnh B\n"
        "19361,Xã C\n"
        "19362,Xã D,Tỉnh B\n"
        "19362,Xã E,Tỉnh B\n"
        "19363,\"Xã F,Tỉnh B\n");
    ASSERT_EQ(parsed.problems.size(), 5u);
    EXPECT_EQ(parsed.problems[0].line, 2);
    EXPECT_EQ(parsed.problems[0].field, "code");
    EXPECT_EQ(parsed.problems[1].line, 3);
    EXPECT_EQ(parsed.problems[1].field, "name");
    EXPECT_EQ(parsed.problems[2].line, 4);
    EXPECT_EQ(parsed.problems[2].field, "");
    EXPECT_EQ(parsed.problems[3].line, 6);
    EXPECT_NE(parsed.problems[3].message.find("line 5"), std::string::npos);
    EXPECT_EQ(parsed.problems[4].line, 7);
    EXPECT_EQ(parsed.rows.size(), 1u);
}

TEST(Units, CsvNeedsHeader) {
    EXPECT_FALSE(ParseCommuneCsv("19360,Phường Quảng Trị,Tỉnh Quảng Trị\n").problems.empty());
    EXPECT_FALSE(ParseCommuneCsv("").problems.empty());
    EXPECT_FALSE(ParseCommuneCsv("code,name,province\n\xff\xfe,x,y\n").problems.empty());
}

TEST(Units, ProvinceCodes) {
    EXPECT_EQ(ProvinceCodeFor("Tỉnh Quảng Trị"), "tinh-quang-tri");
    EXPECT_EQ(ProvinceCodeFor("Tp Hồ Chí Minh"), "tp-ho-chi-minh");
    EXPECT_EQ(ProvinceCodeFor("Tỉnh Đắk Lắk"), "tinh-dak-lak");
}

}  // namespace
}  // namespace mocua::domain::org
