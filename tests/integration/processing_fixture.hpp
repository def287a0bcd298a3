#pragma once
// The fixture of the processing tests (processing_service_test.cpp, deadlines_test.cpp): the real dossier
// stack (app/dossier_stack.hpp) on one engine, a two-step workflow, and the people who act on it.
//
// The unit tree: province 48 → Phường An Phú (20194, the competent unit) → its one-stop centre
// 000.00.12.H48 and two departments, Phòng Kinh tế (A) and Phòng Văn hóa - Xã hội (B).
//
// Every expected time in the tests is worked out by hand from src/domain/calendar/deadline.hpp: office
// hours Monday–Friday 07:00–11:30 and 13:30–17:00 (8 hours a day); a working day counts as one whole day,
// so N working days from a time are due at the same clock time on the N-th following working day; pauses
// give back the office time they cover. Vietnam is UTC+7. The week used, 23–27 November 2026
// (Monday–Friday) and Monday 30 November, has no public holiday.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/dossier_stack.hpp"
#include "app/mail_outbox.hpp"
#include "domain/calendar/calendar_service.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/json_codec.hpp"
#include "domain/catalog/validation.hpp"
#include "domain/dossier/form_data.hpp"
#include "domain/dossier/processing_service.hpp"
#include "integration/dossier_stack_fixture.hpp"
#include "integration/identity_fixture.hpp"
#include "jobs/job_queue.hpp"
#include "persistence/calendar_repository.hpp"
#include "persistence/catalog_repository.hpp"
#include "persistence/dossier_repository.hpp"
#include "support/mail_support.hpp"

namespace mocua::testing::processing {

using namespace ::mocua::testing::dossier_stack;  // NOLINT: the base fixture's names

namespace catalog = domain::catalog;
namespace dossier = domain::dossier;
namespace identity = domain::identity;
using domain::identity::AccountKind;
using domain::org::UnitType;
using dossier::Channel;
using dossier::State;
using ::mocua::testing::TestActor;
using nlohmann::json;

// Birth registration, online, 3 working days, with its own workflow: review by a specialist of a
// department (2 working days), then approval by the leader of the competent unit (1 working day).
constexpr const char* kWithWorkflow = "1.001193";
// Certification at the counter, 2 working days, no workflow of its own (the default applies).
constexpr const char* kDefault = "2.000815";

inline json ReviewThenApprove() {
    return {{"steps", json::array({{{"id", "review"},
                                    {"name_vi", "Thẩm định hồ sơ"},
                                    {"name_en", "Review"},
                                    {"role", "specialist"},
                                    {"unit", "department"},
                                    {"quota", {{"value", 2}, {"unit", "working_days"}}},
                                    {"next", json::array({"approve"})}},
                                   {{"id", "approve"},
                                    {"name_vi", "Phê duyệt"},
                                    {"name_en", "Approval"},
                                    {"role", "leader"},
                                    {"unit", "competent"},
                                    {"quota", {{"value", 1}, {"unit", "working_days"}}},
                                    {"next", json::array()}}})}};
}

// tests/data/catalogue/small.json cut down to the two procedures above; `workflow` replaces the first
// one's workflow (null: none).
inline json CatalogueJson(const json& workflow) {
    json j = SmallCatalogue({kWithWorkflow, kDefault});
    auto& online = j["procedures"][0];
    auto& offline = j["procedures"][1];
    online["time_limit"] = {{"value", 3}, {"unit", "working_days"}};
    online["components"][0]["required"] = true;
    online["components"][1]["required"] = false;
    if (!workflow.is_null()) online["workflow"] = workflow;
    offline["time_limit"] = {{"value", 2}, {"unit", "working_days"}};
    return j;
}

// Monday 2026-11-23 08:00 in Vietnam, and the other times used, as UTC.
inline const core::TimePoint kMonday8 = *core::ParseUtc("2026-11-23T01:00:00.000Z");
inline core::TimePoint At(const char* utc) { return *core::ParseUtc(utc); }

class ProcessingServiceTest : public DossierStackTest {
protected:
    void SetUp() override {
        StartStack(kMonday8, CatalogueJson(WorkflowJson()));
        if (IsSkipped() || HasFatalFailure()) return;
        const std::optional<std::string> from = "2025-07-01";
        province_ = Unit({"48", "Tỉnh Quảng Trị", "", UnitType::kProvince, {}, from, {}});
        commune_ = Unit({"20194", "Phường An Phú", "", UnitType::kCommune, province_, from, {}});
        centre_ = Unit({"000.00.12.H48",
                        "Trung tâm phục vụ hành chính công phường An Phú",
                        "",
                        UnitType::kOneStopCentre,
                        commune_,
                        from,
                        {}});
        dept_a_ = Unit({"20194.KT", "Phòng Kinh tế", "", UnitType::kDepartment, commune_, from, {}});
        dept_b_ =
            Unit({"20194.VHXH", "Phòng Văn hóa - Xã hội", "", UnitType::kDepartment, commune_, from, {}});

        citizen_ = Account(AccountKind::kCitizen, "an@example.vn", "045095000123");
        other_citizen_ = Account(AccountKind::kCitizen, "binh@example.vn", "079203000456");
        officer_ = Account(AccountKind::kStaff, "officer@example.vn", {}, {{"onestop_officer", centre_}});
        specialist_a_ = Account(AccountKind::kStaff, "ktA@example.vn", {}, {{"specialist", dept_a_}});
        specialist_a2_ = Account(AccountKind::kStaff, "ktA2@example.vn", {}, {{"specialist", dept_a_}});
        specialist_b_ = Account(AccountKind::kStaff, "vhB@example.vn", {}, {{"specialist", dept_b_}});
        leader_ = Account(AccountKind::kStaff, "leader@example.vn", {}, {{"leader", commune_}});

        dossiers_ = Stack(socket_);
        ASSERT_NE(dossiers_, nullptr);
    }

    // The first procedure's workflow; a derived fixture may give another.
    virtual json WorkflowJson() const { return ReviewThenApprove(); }

    dossier::DossierService& intake() { return dossiers_->service(); }
    dossier::ProcessingService& processing() { return dossiers_->processing(); }
    void Now(const char* utc) { stack_->clock.Set(At(utc)); }

    // The stored dossier, as the repository has it (whoever may read it).
    dossier::Dossier Stored(const std::string& code) {
        auto d = dossiers_->repository().FindByCode(code);
        EXPECT_TRUE(d.has_value()) << code;
        return d ? *d : dossier::Dossier{};
    }

    // An online dossier of the citizen with its own workflow, accepted now by the officer (state 2).
    dossier::Dossier Accepted() {
        auto d = intake().StartDraft(As(citizen_), kWithWorkflow, Applicant(), {});
        EXPECT_TRUE(d.ok()) << d.error().message;
        if (!d.ok()) return {};
        EXPECT_TRUE(intake()
                        .SaveAnswers(As(citizen_), d->id, "child",
                                     {{"child_full_name", "Nguyễn Thị Hoa"},
                                      {"child_sex", "female"},
                                      {"child_birth_date", "2026-11-20"}},
                                     nullptr)
                        .ok());
        EXPECT_TRUE(
            intake()
                .SaveAnswers(As(citizen_), d->id, "declarant",
                             {{"declarant_name", "Nguyễn Văn An"}, {"declarant_cccd", "045095000123"}},
                             nullptr)
                .ok());
        EXPECT_TRUE(
            intake().SaveApplicant(As(citizen_), d->id, Applicant(), commune_, "online", nullptr).ok());
        auto attached = intake().AttachFile(As(citizen_), d->id, 1, {"tờ khai.pdf", Pdf()});
        EXPECT_TRUE(attached.ok()) << attached.error().message;
        auto submitted = intake().SubmitDraft(As(citizen_), d->id, nullptr);
        EXPECT_TRUE(submitted.ok()) << submitted.error().message;
        if (!submitted.ok()) return {};
        auto accepted = intake().Accept(As(officer_), submitted->dossier.code, submitted->dossier.version);
        EXPECT_TRUE(accepted.ok()) << accepted.error().message;
        return accepted.ok() ? *accepted : dossier::Dossier{};
    }

    // Accepted now and handed over by the officer to department A's review step (state 4).
    dossier::Dossier AtDepartmentA() {
        const auto d = Accepted();
        auto out =
            processing().HandOver(As(officer_), d.code, d.version, "review", dept_a_, std::nullopt, "");
        EXPECT_TRUE(out.ok()) << out.error().message;
        return out.ok() ? *out : dossier::Dossier{};
    }

    static dossier::Applicant Applicant() {
        return {"citizen",           "Nguyễn Văn An", "045095000123",
                "12 Lê Lợi, An Phú", "0912345678",    "an@example.vn"};
    }

    bool InQueue(const Person& who, const std::string& code) {
        const auto items = processing().WorkQueue(As(who));
        return std::any_of(items.begin(), items.end(), [&](const auto& i) { return i.dossier.code == code; });
    }

    std::int64_t province_ = 0, commune_ = 0, centre_ = 0, dept_a_ = 0, dept_b_ = 0;
    Person citizen_, other_citizen_, officer_, specialist_a_, specialist_a2_, specialist_b_, leader_;
};

}  // namespace mocua::testing::processing
