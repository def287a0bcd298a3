#pragma once
// The base of the dossier tests that run the real dossier stack (app/dossier_stack.hpp: SOCI repository,
// clamd, file inspector, blob store, mails through the job-queue outbox) on one engine: intake
// (dossier_service_test.cpp) and processing (processing_fixture.hpp). It starts the identity stack, the
// catalogue given as JSON, the working-day calendar and the stack, and makes units and people; each
// suite adds its own unit tree, people and helpers.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/dossier_stack.hpp"
#include "app/mail_outbox.hpp"
#include "domain/calendar/calendar_service.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/json_codec.hpp"
#include "domain/dossier/dossier_service.hpp"
#include "integration/identity_fixture.hpp"
#include "jobs/job_queue.hpp"
#include "persistence/calendar_repository.hpp"
#include "persistence/catalog_repository.hpp"
#include "support/mail_support.hpp"

namespace mocua::testing::dossier_stack {

inline constexpr const char* kPassword = "ngựa vàng nhảy qua hàng rào";

inline std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << path;
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A real PDF (the birth registration form of the test catalogue).
inline const std::string& Pdf() {
    static const std::string pdf =
        ReadFile(std::string(MOCUA_SOURCE_DIR) + "/tests/data/catalogue/forms/to-khai-dang-ky-khai-sinh.pdf");
    return pdf;
}

// tests/data/catalogue/small.json with only the procedures `codes`, their forms' files left out (the
// caller adjusts time limits, components, workflows).
inline nlohmann::json SmallCatalogue(const std::vector<std::string>& codes) {
    nlohmann::json j =
        nlohmann::json::parse(ReadFile(std::string(MOCUA_SOURCE_DIR) + "/tests/data/catalogue/small.json"));
    j.erase("forms");
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& code : codes)
        for (auto p : j["procedures"])
            if (p["code"] == code) {
                for (auto& c : p["components"]) c.erase("form");
                kept.push_back(std::move(p));
            }
    j["procedures"] = std::move(kept);
    return j;
}

struct Person {
    std::int64_t id = 0;
    domain::identity::Principal principal;
};

class DossierStackTest : public ::testing::TestWithParam<db::Engine> {
protected:
    // Skips (or fails, when PostgreSQL or clamd is required) without the engine or the scanner; then
    // starts everything at `now` with `catalogue`. The caller returns when IsSkipped() or
    // HasFatalFailure().
    void StartStack(core::TimePoint now, const nlohmann::json& catalogue) {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        socket_ = ::mocua::testing::ClamdSocket();
        if (socket_.empty()) {
            if (!IsSkipped()) GTEST_FAIL() << "no clamd";  // callers stop on HasFatalFailure()
            return;
        }
        stack_ = std::make_unique<::mocua::testing::IdentityStack>(GetParam());
        auto& s = *stack_;
        s.clock.Set(now);
        catalog_repo_ = std::make_unique<persistence::SqlCatalogRepository>(s.tdb.db(), s.crypto, s.clock);
        catalog_ = std::make_unique<domain::catalog::CatalogService>(*catalog_repo_, s.crypto, s.clock);
        auto parsed = domain::catalog::ParseCatalogueJson(catalogue.dump(), "test.json");
        ASSERT_TRUE(parsed.problems.empty()) << parsed.problems.front().message;
        auto imported = catalog_->Import(parsed.catalogue, parsed.sources, ::mocua::testing::TestActor(), {});
        ASSERT_TRUE(imported.ok()) << imported.error().message;
        ASSERT_TRUE(imported->problems.empty()) << imported->problems.front().message;
        calendar_repo_ = std::make_unique<persistence::SqlCalendarRepository>(s.tdb.db(), s.crypto, s.clock);
        calendar_ = std::make_unique<domain::calendar::CalendarService>(*calendar_repo_, s.unit_repo);
        jobs::JobQueueOptions jo;
        jo.workers = 1;
        queue_ = std::make_unique<jobs::JobQueue>(s.tdb.db(), s.clock, jo);
        outbox_ = std::make_unique<app::JobMailOutbox>(*queue_, 5);
    }

    // A dossier stack on this installation scanning with clamd at `socket` (a suite may build a second
    // one, e.g. with a scanner that does not answer).
    std::unique_ptr<app::DossierStack> Stack(const std::string& socket) {
        auto& s = *stack_;
        config::Config c;
        c.storage.data_dir = s.tdb.dir() + "/data";
        c.scanner.socket = socket;
        c.scanner.timeout_ms = 20'000;
        c.intake.public_url = "https://dvc.example.vn";
        c.intake.place = "Quảng Trị";
        c.intake.hotline = "0233 3861 000";
        c.intake.max_file_bytes = 1024 * 1024;
        auto built =
            app::DossierStack::Create(c, {s.tdb.db(), s.clock, s.crypto, *catalog_, *calendar_, s.unit_repo,
                                          s.access, outbox_.get(), ::mocua::testing::LocaleMessages()});
        EXPECT_TRUE(built.ok()) << built.error().message;
        return built.ok() ? std::move(built.value()) : nullptr;
    }

    std::int64_t Unit(domain::org::NewUnit u) {
        auto created = stack_->org.Create(std::move(u), ::mocua::testing::TestActor());
        EXPECT_TRUE(created.ok()) << created.error().message;
        return created.ok() ? created->id : 0;
    }

    Person Account(domain::identity::AccountKind kind, const std::string& email,
                   std::optional<std::string> cccd,
                   std::vector<std::pair<std::string, std::int64_t>> grants = {}) {
        auto& s = *stack_;
        auto created = s.accounts.Create({kind, email, email, cccd, {}, {}}, std::string(kPassword),
                                         ::mocua::testing::TestActor());
        EXPECT_TRUE(created.ok()) << created.error().message;
        Person p;
        if (!created.ok()) return p;
        p.id = created->account.id;
        for (const auto& [role, unit] : grants)
            EXPECT_TRUE(s.accounts.GrantRole(p.id, role, unit, ::mocua::testing::TestActor()).ok());
        p.principal.account_id = p.id;
        p.principal.kind = kind;
        p.principal.grants = s.accounts.Grants(p.id);
        return p;
    }

    domain::dossier::Caller As(const Person& p, std::string officer_name = "") {
        return domain::dossier::Caller{p.principal, ::mocua::testing::TestActor(), "vi",
                                       std::move(officer_name)};
    }

    std::string socket_;
    std::unique_ptr<::mocua::testing::IdentityStack> stack_;
    std::unique_ptr<persistence::SqlCatalogRepository> catalog_repo_;
    std::unique_ptr<domain::catalog::CatalogService> catalog_;
    std::unique_ptr<persistence::SqlCalendarRepository> calendar_repo_;
    std::unique_ptr<domain::calendar::CalendarService> calendar_;
    std::unique_ptr<jobs::JobQueue> queue_;
    std::unique_ptr<app::JobMailOutbox> outbox_;
    std::unique_ptr<app::DossierStack> dossiers_;
};

}  // namespace mocua::testing::dossier_stack
