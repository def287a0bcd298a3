// The calendar exchange file: JSON and CSV, every problem with its line and field, and the bundled data.
#include "domain/calendar/import.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace mocua::domain::calendar {
namespace {

std::string Problems(const ParsedCalendar& p) {
    std::string out;
    for (const auto& x : p.problems) out += std::to_string(x.line) + ":" + x.field + " ";
    return out;
}

TEST(CalendarImport, Json) {
    const auto p = ParseCalendarFile(R"({
  "format": "mocua-calendar/1",
  "comment": "test",
  "overrides": [
    {"date": "2026-01-02", "kind": "swap-off", "occasion": "new_year", "name_vi": " Nghỉ  hoán đổi ", "document": "12729/VPCP-KGVX"},
    {"date": "2026-01-10", "kind": "swap-work", "occasion": "new_year", "name_vi": "Làm bù"}
  ],
  "office_hours": [
    {"unit": "19360-TTPVHCC", "valid_from": "2025-07-01", "valid_to": null,
     "week": {"mon": "07:00-11:30,13:30-17:00", "sat": "07:30-11:30"}}
  ]
})");
    ASSERT_TRUE(p.problems.empty()) << Problems(p);
    ASSERT_EQ(p.overrides.size(), 2u);
    EXPECT_EQ(p.overrides[0].line, 5);
    EXPECT_EQ(p.overrides[0].value.name_vi, "Nghỉ hoán đổi") << "cleaned";
    EXPECT_EQ(p.overrides[1].value.kind, DayKind::kSwapWork);
    ASSERT_EQ(p.office_hours.size(), 1u);
    EXPECT_EQ(p.office_hours[0].unit_code, "19360-TTPVHCC");
    EXPECT_EQ(FormatDayHours(p.office_hours[0].week.On(6)), "07:30-11:30");
    EXPECT_TRUE(p.office_hours[0].week.On(2).empty()) << "Tuesday not listed: closed";
}

TEST(CalendarImport, JsonProblemsNameTheLineAndField) {
    const auto p = ParseCalendarFile(R"({"format": "mocua-calendar/1",
"overrides": [
  {"date": "2026-02-30", "kind": "holiday", "occasion": "tet", "name_vi": "x"},
  {"date": "2026-03-02", "kind": "swap-work", "occasion": "other", "name_vi": "x"},
  {"date": "2026-03-03", "kind": "day-off", "occasion": "tet", "name_vi": ""},
  {"date": "2026-03-04", "kind": "holiday", "occasion": "tet", "name_vi": "x"},
  {"date": "2026-03-04", "kind": "holiday", "occasion": "tet", "name_vi": "y"}
]})");
    EXPECT_EQ(Problems(p), "3:date 4:kind 5:kind 7:date ");
    EXPECT_TRUE(p.overrides.empty()) << "a file with problems imports nothing";
}

TEST(CalendarImport, JsonThatIsNotOurs) {
    EXPECT_EQ(Problems(ParseCalendarFile("{\"overrides\": []}")), "1:format ");
    EXPECT_EQ(Problems(ParseCalendarFile("{\n\"format\": \"mocua-calendar/1\",\n  oops\n}")), "3: ");
    EXPECT_EQ(Problems(ParseCalendarFile("")), "0: ");
    EXPECT_EQ(Problems(ParseCalendarFile("\xff\xfe")), "0: ");
    // A number too large for a double is refused like any other bad JSON (it once escaped as an exception).
    const auto huge = ParseCalendarFile("{\"format\": \"mocua-calendar/1\", \"overrides\": [1E999]}");
    EXPECT_EQ(Problems(huge), "0: ");
    EXPECT_TRUE(huge.overrides.empty());
}

TEST(CalendarImport, CsvOverrides) {
    const auto p = ParseCalendarFile(
        "date,kind,occasion,name_vi,name_en,document,source\r\n"
        "2026-01-02,swap-off,new_year,\"Nghỉ hoán đổi, làm bù 10/1\",Day "
        "off,12729/VPCP-KGVX,https://example.test\r\n"
        "2026-01-10,swap-work,new_year,Làm bù,,,\r\n");
    ASSERT_TRUE(p.problems.empty()) << Problems(p);
    ASSERT_EQ(p.overrides.size(), 2u);
    EXPECT_EQ(p.overrides[0].value.name_vi, "Nghỉ hoán đổi, làm bù 10/1");
    EXPECT_EQ(p.overrides[1].line, 3);
}

TEST(CalendarImport, CsvProblems) {
    const auto p = ParseCalendarFile(
        "date,kind,occasion,name_vi,name_en,document,source\n"
        "2026-01-02,swap-off,new_year\n"
        "2026-01-10,swap-work,newyear,Làm bù,,,\n"
        "\"2026-01-11,holiday,tet,x,,,\n");
    EXPECT_EQ(Problems(p), "2: 3:occasion 4: ");
    EXPECT_EQ(Problems(ParseCalendarFile("day,kind\n2026-01-01,holiday\n")), "1: ");
}

TEST(CalendarImport, CsvOfficeHours) {
    const auto p = ParseCalendarFile(
        "unit,valid_from,valid_to,weekday,intervals\n"
        "19360-TTPVHCC,2025-07-01,,mon,07:00-11:30,13:30-17:00\n");
    EXPECT_EQ(Problems(p), "2: ") << "an unquoted comma splits the field";
    const auto q = ParseCalendarFile(
        "unit,valid_from,valid_to,weekday,intervals\n"
        "19360-TTPVHCC,2025-07-01,,mon,\"07:00-11:30,13:30-17:00\"\n"
        "19360-TTPVHCC,2025-07-01,,6,07:30-11:30\n"
        "19360-TTPVHCC,2025-07-01,,tue,13:30-11:30\n");
    EXPECT_EQ(Problems(q), "4:intervals ");
}

TEST(CalendarImport, DayHours) {
    EXPECT_EQ(FormatDayHours(*ParseDayHours(" 7:00-11:30 , 13:30-17:00 ")), "07:00-11:30,13:30-17:00");
    EXPECT_TRUE(ParseDayHours("")->empty());
    EXPECT_FALSE(ParseDayHours("11:30-07:00"));
    EXPECT_FALSE(ParseDayHours("07:00-12:00,11:00-17:00")) << "overlap";
    EXPECT_FALSE(ParseDayHours("07:00-25:00"));
    EXPECT_FALSE(ParseDayHours("7h-11h"));
    EXPECT_EQ(OpenMinutes(*ParseDayHours("07:00-11:30,13:30-17:00")), 480);
}

TEST(CalendarImport, TheBundledDecisionsParse) {
    std::ifstream in(std::string(MOCUA_SOURCE_DIR) + "/data/calendar/vn-holidays.json", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const auto p = ParseCalendarFile(text.str());
    EXPECT_TRUE(p.problems.empty()) << Problems(p);
    int y2025 = 0, y2026 = 0;
    for (const auto& row : p.overrides) {
        (YearOf(row.value.date) == 2025 ? y2025 : y2026)++;
        EXPECT_FALSE(row.value.document.empty()) << FormatDate(row.value.date) << " cites its decision";
        EXPECT_TRUE(row.value.source.starts_with("http"))
            << FormatDate(row.value.date) << " says where it was read";
    }
    EXPECT_EQ(y2025, 11);
    EXPECT_EQ(y2026, 8);
}

}  // namespace
}  // namespace mocua::domain::calendar
