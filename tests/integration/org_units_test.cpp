// Organisation units with history on both engines: the 2022 and 2025 structures of the demo town,
// trees as of a date, subtree membership, succession, code reuse, and the official commune list.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "integration/identity_fixture.hpp"

namespace mocua {
namespace {

using domain::org::NewUnit;
using domain::org::UnitType;

class OrgUnitsTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        stack_ = std::make_unique<::mocua::testing::IdentityStack>(GetParam());
        ASSERT_FALSE(HasFailure());
    }

    std::int64_t Create(NewUnit u) {
        auto created = stack_->org.Create(std::move(u), ::mocua::testing::TestActor());
        EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
        return created.ok() ? created->id : 0;
    }

    // Tỉnh Quảng Trị (45) → Thị xã Quảng Trị → Phường 1, An Đôn, Phòng Tư pháp (until 2025-06-30);
    // Tỉnh Quảng Trị (2025) → Phường Quảng Trị 19360 (from 2025-07-01).
    void BuildTown() {
        const std::optional<std::string> end = "2025-06-30", start = "2025-07-01";
        old_province_ =
            Create({"45", "Tỉnh Quảng Trị", "Quang Tri Province", UnitType::kProvince, {}, {}, end});
        town_ = Create(
            {"462", "Thị xã Quảng Trị", "Quang Tri Town", UnitType::kDistrict, old_province_, {}, end});
        ward1_ = Create({"19354", "Phường 1", "Ward 1", UnitType::kCommune, town_, {}, end});
        an_don_ = Create({"19360", "Phường An Đôn", "An Don Ward", UnitType::kCommune, town_, {}, end});
        justice_ =
            Create({"462-TP", "Phòng Tư pháp", "Justice Office", UnitType::kDepartment, town_, {}, end});
        province_ = Create(
            {"tinh-quang-tri", "Tỉnh Quảng Trị", "Quang Tri Province", UnitType::kProvince, {}, start, {}});
        ward_ =
            Create({"19360", "Phường Quảng Trị", "Quang Tri Ward", UnitType::kCommune, province_, start, {}});
        for (auto from : {old_province_}) ASSERT_TRUE(Succeed(from, province_).ok());
        for (auto from : {town_, ward1_, an_don_}) ASSERT_TRUE(Succeed(from, ward_).ok());
    }

    core::Result<void> Succeed(std::int64_t from, std::int64_t to) {
        return stack_->org.RecordSuccession(from, to, "2025-07-01", ::mocua::testing::TestActor());
    }

    std::unique_ptr<::mocua::testing::IdentityStack> stack_;
    std::int64_t old_province_ = 0, town_ = 0, ward1_ = 0, an_don_ = 0, justice_ = 0, province_ = 0,
                 ward_ = 0;
};

TEST_P(OrgUnitsTest, TreeAsOfADate) {
    BuildTown();
    auto tree2024 = stack_->org.TreeAsOf("2024-05-01");
    ASSERT_EQ(tree2024.size(), 1u);
    EXPECT_EQ(tree2024[0].unit.code, "45");
    ASSERT_EQ(tree2024[0].children.size(), 1u);
    EXPECT_EQ(tree2024[0].children[0].unit.name_vi, "Thị xã Quảng Trị");
    EXPECT_EQ(tree2024[0].children[0].children.size(), 3u);

    auto tree2025 = stack_->org.TreeAsOf("2025-07-01");
    ASSERT_EQ(tree2025.size(), 1u);
    EXPECT_EQ(tree2025[0].unit.code, "tinh-quang-tri");
    ASSERT_EQ(tree2025[0].children.size(), 1u);
    EXPECT_EQ(tree2025[0].children[0].unit.name_vi, "Phường Quảng Trị");

    // The same code, two units, one per period.
    EXPECT_EQ(stack_->unit_repo.FindByCode("19360", "2025-06-30")->name_vi, "Phường An Đôn");
    EXPECT_EQ(stack_->unit_repo.FindByCode("19360", "2025-07-01")->name_vi, "Phường Quảng Trị");
}

TEST_P(OrgUnitsTest, SubtreeMembershipAsOfADate) {
    BuildTown();
    EXPECT_TRUE(stack_->org.IsWithin(ward1_, town_, "2024-01-01"));
    EXPECT_TRUE(stack_->org.IsWithin(ward1_, old_province_, "2024-01-01"));
    EXPECT_TRUE(stack_->org.IsWithin(ward1_, ward1_, "2024-01-01"));
    EXPECT_FALSE(stack_->org.IsWithin(town_, ward1_, "2024-01-01"));
    EXPECT_FALSE(stack_->org.IsWithin(ward1_, town_, "2025-07-01"));  // neither exists any more
    EXPECT_TRUE(stack_->org.IsWithin(ward_, province_, "2025-07-01"));
    EXPECT_FALSE(stack_->org.IsWithin(ward_, province_, "2025-06-30"));
    EXPECT_FALSE(stack_->org.IsWithin(ward1_, province_, "2025-07-01"));
}

TEST_P(OrgUnitsTest, SuccessionIsRecordedOnceAndChained) {
    BuildTown();
    auto chain = stack_->org.SuccessorChain(ward1_);
    ASSERT_EQ(chain.size(), 1u);
    EXPECT_EQ(chain[0].id, ward_);
    EXPECT_EQ(stack_->unit_repo.PredecessorsOf(ward_).size(), 3u);
    EXPECT_TRUE(Succeed(ward1_, ward_).ok());  // idempotent
    EXPECT_EQ(stack_->unit_repo.PredecessorsOf(ward_).size(), 3u);
    // A unit still valid on the effective date cannot be succeeded then.
    EXPECT_EQ(stack_->org.RecordSuccession(province_, ward_, "2025-07-01", ::mocua::testing::TestActor())
                  .error()
                  .message,
              "unit.succession");
}

TEST_P(OrgUnitsTest, CodesAndParentsAreChecked) {
    BuildTown();
    auto taken =
        stack_->org.Create({"19360", "Phường Mới", "", UnitType::kCommune, province_, "2026-01-01", {}},
                           ::mocua::testing::TestActor());
    EXPECT_EQ(taken.error().code, core::ErrorCode::kConflict);
    auto orphan = stack_->org.Create({"X1", "Phòng X", "", UnitType::kDepartment, 999999, {}, {}},
                                     ::mocua::testing::TestActor());
    EXPECT_EQ(orphan.error().message, "unit.parent");
    // A child cannot start after its parent ended.
    auto late = stack_->org.Create({"X2", "Phòng Y", "", UnitType::kDepartment, town_, "2025-08-01", {}},
                                   ::mocua::testing::TestActor());
    EXPECT_EQ(late.error().message, "unit.parent");
    EXPECT_EQ(
        stack_->org
            .Create({"bad code!", "Z", "", UnitType::kDepartment, {}, {}, {}}, ::mocua::testing::TestActor())
            .error()
            .message,
        "unit.code");
    // No cycles: the town cannot move under its own ward.
    auto town = *stack_->unit_repo.Find(town_);
    town.parent_id = ward1_;
    EXPECT_EQ(stack_->org.Update(town, ::mocua::testing::TestActor()).error().message, "unit.parent");
}

TEST_P(OrgUnitsTest, EveryChangeIsAudited) {
    BuildTown();
    domain::audit::Filter f;
    f.action_prefix = "unit.";
    f.limit = 100;
    auto entries = stack_->audit.Search(f);
    EXPECT_EQ(entries.size(), 7u + 4u);  // 7 units, 4 successions
    EXPECT_TRUE(stack_->audit.Verify().intact());
}

TEST_P(OrgUnitsTest, ImportsTheOfficialCommuneList) {
    BuildTown();  // phường Quảng Trị and its province already exist: the import must reuse them
    std::ifstream in(std::string(MOCUA_SOURCE_DIR) + "/data/communes-2025.csv", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = domain::org::ParseCommuneCsv(text.str());
    ASSERT_TRUE(parsed.problems.empty()) << parsed.problems.front().message;
    ASSERT_EQ(parsed.rows.size(), 3321u);

    int last_progress = 0;
    auto summary = stack_->org.ImportCommunes(parsed.rows, "2025-07-01", ::mocua::testing::TestActor(),
                                              [&](int done, int) { last_progress = done; });
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_EQ(last_progress, 3321);
    EXPECT_EQ(summary->rows, 3321);
    EXPECT_EQ(summary->created, 3320);
    EXPECT_EQ(summary->unchanged, 1);  // 19360, seeded
    EXPECT_EQ(summary->provinces_created, 33);

    const auto ward = stack_->unit_repo.FindByCode("19360", "2025-07-01");
    ASSERT_TRUE(ward);
    EXPECT_EQ(ward->id, ward_);
    EXPECT_EQ(ward->name_vi, "Phường Quảng Trị");
    EXPECT_EQ(stack_->unit_repo.Find(*ward->parent_id)->name_vi, "Tỉnh Quảng Trị");
    int communes = 0, provinces = 0;
    for (const auto& u : stack_->unit_repo.ValidOn("2025-07-01")) {
        communes += u.type == UnitType::kCommune;
        provinces += u.type == UnitType::kProvince;
    }
    EXPECT_EQ(communes, 3321);
    EXPECT_EQ(provinces, 34);

    auto again = stack_->org.ImportCommunes(parsed.rows, "2025-07-01", ::mocua::testing::TestActor());
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->created, 0);
    EXPECT_EQ(again->updated, 0);
    EXPECT_EQ(again->unchanged, 3321);
    EXPECT_TRUE(stack_->audit.Verify().intact());
}

INSTANTIATE_TEST_SUITE_P(Engines, OrgUnitsTest, ::mocua::testing::AllEngines(), ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
