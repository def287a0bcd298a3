// The calendar's repository and service on both engines: decisions (overrides) added, changed and
// removed with their audit entries; the bundled decisions imported twice (idempotent); office hours per
// unit with inheritance from the parent unit; deadlines for a unit through the service.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/calendar/calendar_service.hpp"
#include "integration/identity_fixture.hpp"
#include "persistence/calendar_repository.hpp"

namespace mocua {
namespace {

namespace cal = domain::calendar;
using domain::org::UnitType;

std::string Bundled() {
    std::ifstream in(std::string(MOCUA_SOURCE_DIR) + "/data/calendar/vn-holidays.json", std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

cal::Date D(std::string_view text) { return *cal::ParseDate(text); }

class CalendarRepositoryTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        stack_ = std::make_unique<::mocua::testing::IdentityStack>(GetParam());
        repo_ = std::make_unique<persistence::SqlCalendarRepository>(stack_->tdb.db(), stack_->crypto,
                                                                     stack_->clock);
        service_ = std::make_unique<cal::CalendarService>(*repo_, stack_->unit_repo);
    }

    std::int64_t Unit(const std::string& code, std::optional<std::int64_t> parent) {
        auto u = stack_->org.Create({code, code, "", UnitType::kOneStopCentre, parent, "2025-07-01", {}},
                                    ::mocua::testing::TestActor());
        EXPECT_TRUE(u.ok());
        return u.ok() ? u->id : 0;
    }

    std::vector<domain::audit::Entry> CalendarAudit() {
        domain::audit::Filter f;
        f.action_prefix = "calendar.";
        return stack_->audit.Search(f);
    }

    std::unique_ptr<::mocua::testing::IdentityStack> stack_;
    std::unique_ptr<persistence::SqlCalendarRepository> repo_;
    std::unique_ptr<cal::CalendarService> service_;
};

TEST_P(CalendarRepositoryTest, DecisionsAreStoredChangedAndRemovedWithAudit) {
    cal::Override o{D("2026-09-01"),
                    cal::DayKind::kHoliday,
                    cal::Occasion::kNationalDay,
                    " Quốc khánh (ngày liền kề) ",
                    "National Day (adjacent day)",
                    "Thông báo thử",
                    "https://example.test/a"};
    ASSERT_TRUE(service_->PutOverride(o, ::mocua::testing::TestActor()).ok());
    auto stored = repo_->OverridesBetween(D("2026-01-01"), D("2026-12-31"));
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0].name_vi, "Quốc khánh (ngày liền kề)") << "cleaned before storing";
    EXPECT_EQ(stored[0].occasion, cal::Occasion::kNationalDay);
    EXPECT_EQ(stored[0].source, "https://example.test/a");

    // Saving the same again changes and audits nothing; a change is one more entry.
    ASSERT_TRUE(service_->PutOverride(o, ::mocua::testing::TestActor()).ok());
    EXPECT_EQ(CalendarAudit().size(), 1u);
    o.kind = cal::DayKind::kSwapOff;
    ASSERT_TRUE(service_->PutOverride(o, ::mocua::testing::TestActor()).ok());
    EXPECT_EQ(repo_->OverridesBetween(D("2026-09-01"), D("2026-09-01"))[0].kind, cal::DayKind::kSwapOff);

    // The decided occasion replaces the estimate in the year's list.
    auto days = service_->Holidays(2026);
    ASSERT_TRUE(days.ok());
    int september = 0;
    for (const auto& d : days.value())
        if (cal::MonthOf(d.date) == 9) ++september;
    EXPECT_EQ(september, 2) << "2/9 by law and the recorded 1/9, no estimated day";

    ASSERT_TRUE(service_->RemoveOverride(D("2026-09-01"), ::mocua::testing::TestActor()).ok());
    EXPECT_TRUE(repo_->OverridesBetween(D("2026-01-01"), D("2026-12-31")).empty());
    EXPECT_EQ(service_->RemoveOverride(D("2026-09-01"), ::mocua::testing::TestActor()).error().message,
              "calendar.override_not_found");
    const auto audit = CalendarAudit();
    ASSERT_EQ(audit.size(), 3u);
    EXPECT_EQ(audit[0].action, "calendar.override.remove");  // newest first
    EXPECT_EQ(audit[0].target_id, "2026-09-01");
    EXPECT_TRUE(stack_->audit.Verify().intact());

    // Invalid: a swapped working day on a Monday.
    cal::Override bad{D("2026-03-02"), cal::DayKind::kSwapWork, cal::Occasion::kOther, "x", "", "", ""};
    EXPECT_EQ(service_->PutOverride(bad, ::mocua::testing::TestActor()).error().message, "calendar.override");
}

TEST_P(CalendarRepositoryTest, ImportingTheBundledDecisionsTwiceChangesNothingTheSecondTime) {
    const auto parsed = cal::ParseCalendarFile(Bundled());
    ASSERT_TRUE(parsed.problems.empty());
    auto first = service_->Import(parsed, ::mocua::testing::TestActor());
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->overrides_created, 19);
    auto second = service_->Import(parsed, ::mocua::testing::TestActor());
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->overrides_created, 0);
    EXPECT_EQ(second->overrides_updated, 0);
    EXPECT_EQ(second->overrides_unchanged, 19);
    const auto audit = CalendarAudit();
    ASSERT_EQ(audit.size(), 1u) << "one entry for the import that changed something";
    EXPECT_EQ(audit[0].action, "calendar.import");

    // Tết 2026 as announced, from the database.
    auto days = service_->Holidays(2026);
    ASSERT_TRUE(days.ok());
    std::vector<std::string> tet;
    for (const auto& d : days.value())
        if (d.occasion == cal::Occasion::kTet) tet.push_back(cal::FormatDate(d.date));
    EXPECT_EQ(tet, (std::vector<std::string>{"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
                                             "2026-02-20"}));
}

TEST_P(CalendarRepositoryTest, ImportWithAnUnknownUnitWritesNothing) {
    const auto parsed = cal::ParseCalendarFile(R"({"format": "mocua-calendar/1",
      "overrides": [{"date": "2026-09-01", "kind": "holiday", "occasion": "national_day", "name_vi": "x"}],
      "office_hours": [{"unit": "NO-SUCH-UNIT", "valid_from": "2025-07-01", "week": {"mon": "07:00-11:00"}}]})");
    ASSERT_TRUE(parsed.problems.empty());
    std::string unknown;
    auto result = service_->Import(parsed, ::mocua::testing::TestActor(), &unknown);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().message, "calendar.unit");
    EXPECT_EQ(unknown, "NO-SUCH-UNIT");
    EXPECT_TRUE(repo_->OverridesBetween(D("2026-01-01"), D("2026-12-31")).empty());
}

TEST_P(CalendarRepositoryTest, OfficeHoursPerUnitAndInheritedByChildren) {
    const auto ward = Unit("W1", std::nullopt);
    const auto centre = Unit("W1-TTPVHCC", ward);
    // The ward opens Monday–Friday 07:30–11:30, 13:00–17:00 and Saturday 07:30–11:30 from 2025-07-01.
    cal::OfficeHours hours;
    hours.unit_id = ward;
    hours.valid_from = D("2025-07-01");
    for (int d = 0; d < 5; ++d)
        hours.week.days[static_cast<std::size_t>(d)] = *cal::ParseDayHours("07:30-11:30,13:00-17:00");
    hours.week.days[5] = *cal::ParseDayHours("07:30-11:30");
    ASSERT_TRUE(service_->PutOfficeHours(hours, ::mocua::testing::TestActor()).ok());
    const auto stored = repo_->OfficeHoursOf(ward);
    ASSERT_EQ(stored.size(), 1u);
    EXPECT_EQ(stored[0], hours);
    EXPECT_FALSE(stored[0].valid_to.has_value());

    // The centre has no hours of its own: it works on Saturday mornings like its ward. Friday 6/3/2026
    // 16:00 + 1 working day: 7 of 8 hours had passed, so 7/8 of Saturday's 4 hours → 11:00.
    cal::DeadlineRequest request{*cal::ParseInstant("2026-03-06T16:00:00+07:00"),
                                 {cal::LimitUnit::kWorkingDays, 1000},
                                 "W1-TTPVHCC",
                                 {}};
    auto answer = service_->ComputeDeadline(request);
    ASSERT_TRUE(answer.ok()) << answer.error().message;
    EXPECT_EQ(cal::FormatVietnamTime(answer->deadline.due), "2026-03-07T11:00:00+07:00");
    ASSERT_TRUE(answer->unit.has_value());
    EXPECT_EQ(answer->unit->id, centre);
    // Without a unit: the default hours, Monday 9/3 16:00.
    request.unit_code = "";
    EXPECT_EQ(cal::FormatVietnamTime(service_->ComputeDeadline(request)->deadline.due),
              "2026-03-09T16:00:00+07:00");
    request.unit_code = "NOPE";
    EXPECT_EQ(service_->ComputeDeadline(request).error().message, "calendar.unit");

    // A second schedule from 2026-06-01 (Saturday closed) ends the first one's reign.
    cal::OfficeHours summer = hours;
    summer.valid_from = D("2026-06-01");
    summer.week.days[5].clear();
    ASSERT_TRUE(service_->PutOfficeHours(summer, ::mocua::testing::TestActor()).ok());
    request.unit_code = "W1-TTPVHCC";
    request.received = *cal::ParseInstant("2026-06-05T16:00:00+07:00");  // a Friday
    EXPECT_EQ(cal::FormatVietnamTime(service_->ComputeDeadline(request)->deadline.due),
              "2026-06-08T16:00:00+07:00");
    EXPECT_EQ(service_->OfficeHoursList().size(), 2u);
    // Listed in Vietnamese order: "Đông Hà" (Đ after D) after "Duy Tân", before "Gio Linh".
    for (const auto& [code, name] : {std::pair{"DH", "Đông Hà"}, {"GL", "Gio Linh"}, {"DT", "Duy Tân"}}) {
        auto u = stack_->org.Create({code, name, "", UnitType::kCommune, std::nullopt, "2025-07-01", {}},
                                    ::mocua::testing::TestActor());
        ASSERT_TRUE(u.ok());
        cal::OfficeHours h = hours;
        h.unit_id = u->id;
        ASSERT_TRUE(service_->PutOfficeHours(h, ::mocua::testing::TestActor()).ok());
    }
    std::vector<std::string> order;
    for (const auto& e : service_->OfficeHoursList()) order.push_back(e.unit.name_vi);
    EXPECT_EQ(order, (std::vector<std::string>{"Duy Tân", "Đông Hà", "Gio Linh", "W1", "W1"}));

    ASSERT_TRUE(service_->RemoveOfficeHours(ward, D("2026-06-01"), ::mocua::testing::TestActor()).ok());
    EXPECT_EQ(repo_->OfficeHoursOf(ward).size(), 1u);
    EXPECT_EQ(
        service_->RemoveOfficeHours(ward, D("2026-06-01"), ::mocua::testing::TestActor()).error().message,
        "calendar.office_hours_not_found");
    EXPECT_EQ(CalendarAudit().size(), 6u);
    EXPECT_TRUE(stack_->audit.Verify().intact());

    cal::OfficeHours closed;
    closed.unit_id = ward;
    closed.valid_from = D("2026-01-01");
    EXPECT_EQ(service_->PutOfficeHours(closed, ::mocua::testing::TestActor()).error().message,
              "calendar.office_hours");
}

INSTANTIATE_TEST_SUITE_P(Engines, CalendarRepositoryTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
