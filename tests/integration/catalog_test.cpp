// The procedure catalogue on both engines: idempotent import, versions with effective dates, the
// version in force on a date, search that ignores accents with filters, ranking and pages, publishing
// an edited draft, form files, dry runs, and the audit entries every write leaves.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "adapters/crypto/sodium.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/json_codec.hpp"
#include "persistence/audit_repository.hpp"
#include "persistence/catalog_repository.hpp"
#include "support/test_database.hpp"

namespace mocua {
namespace {

namespace catalog = domain::catalog;

std::string Fixture(const std::string& name) {
    std::ifstream in(std::string(MOCUA_SOURCE_DIR) + "/tests/data/catalogue/" + name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// tests/data/catalogue/small.json with its form file: 3 fields, 4 procedures in force from 2025-07-01,
// 1 form with a PDF.
catalog::ParsedCatalogue Small() {
    auto p = catalog::ParseCatalogueJson(Fixture("small.json"), "small.json");
    for (auto& f : p.catalogue.forms)
        if (!f.file.empty())
            f.content = catalog::FormFile{"to-khai-dang-ky-khai-sinh.pdf", "", Fixture(f.file)};
    return p;
}

domain::audit::Actor Actor() {
    return domain::audit::Actor{std::nullopt, std::nullopt, "192.0.2.10", "req-test"};
}

class CatalogTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        tdb_ = std::make_unique<::mocua::testing::TestDatabase>(GetParam());
        repo_ = std::make_unique<persistence::SqlCatalogRepository>(tdb_->db(), crypto_, clock_);
        audit_ = std::make_unique<persistence::SqlAuditLog>(tdb_->db(), crypto_, clock_);
        service_ = std::make_unique<catalog::CatalogService>(*repo_, crypto_, clock_);
    }

    catalog::ImportReport Import(const catalog::ParsedCatalogue& p, catalog::ImportOptions options = {}) {
        auto report = service_->Import(p.catalogue, p.sources, Actor(), options);
        EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.error().message);
        return report.ok() ? report.value() : catalog::ImportReport{};
    }

    std::vector<std::string> Codes(const catalog::SearchQuery& q) {
        auto page = service_->Search(q);
        EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().message);
        std::vector<std::string> out;
        if (page.ok())
            for (const auto& i : page->items) out.push_back(i.code);
        return out;
    }

    std::size_t AuditEntries(const std::string& prefix) {
        domain::audit::Filter f;
        f.action_prefix = prefix;
        f.limit = 500;
        return audit_->Search(f).size();
    }

    // 2025-07-01 08:00 in Vietnam.
    core::ManualClock clock_{*core::ParseUtc("2025-07-01T01:00:00.000Z")};
    adapters::SodiumCrypto crypto_{std::string(32, 'k')};
    std::unique_ptr<::mocua::testing::TestDatabase> tdb_;
    std::unique_ptr<persistence::SqlCatalogRepository> repo_;
    std::unique_ptr<persistence::SqlAuditLog> audit_;
    std::unique_ptr<catalog::CatalogService> service_;
};

TEST_P(CatalogTest, ImportingTheSameFileTwiceChangesNothingTheSecondTime) {
    std::vector<std::pair<int, int>> progress;
    auto first = Import(Small(), {.dry_run = false, .progress = [&](int d, int t) {
                                      progress.push_back({d, t});
                                  }});
    ASSERT_TRUE(first.problems.empty());
    EXPECT_EQ(first.summary.fields_created, 3);
    EXPECT_EQ(first.summary.procedures_new, 4);
    EXPECT_EQ(first.summary.versions_created, 4);
    EXPECT_EQ(first.summary.forms_created, 1);
    EXPECT_EQ(progress.front(), std::make_pair(0, 4));
    EXPECT_EQ(progress.back(), std::make_pair(4, 4));
    EXPECT_EQ(AuditEntries("catalog.version.create"), 4u);
    EXPECT_EQ(AuditEntries("catalog.import"), 1u);
    const std::size_t entries = AuditEntries("");

    auto second = Import(Small());
    EXPECT_FALSE(second.summary.changed());
    EXPECT_EQ(second.summary.procedures_unchanged, 4);
    EXPECT_EQ(second.summary.fields_unchanged, 3);
    EXPECT_EQ(second.summary.forms_unchanged, 1);
    EXPECT_EQ(AuditEntries(""), entries);
    EXPECT_EQ(repo_->CountProcedures(), 4);
    EXPECT_TRUE(audit_->Verify().intact());
}

TEST_P(CatalogTest, AChangeCreatesAVersionFromItsDateAndTheOldOneStaysReadable) {
    Import(Small());
    auto changed = Small();
    changed.catalogue.procedures[2].fees[0].amount_vnd = 3000;
    changed.catalogue.procedures[2].effective_from = "2026-01-01";
    auto report = Import(changed);
    EXPECT_EQ(report.summary.versions_created, 1);
    EXPECT_EQ(report.summary.procedures_unchanged, 3);

    auto before = service_->VersionInForceOn("2.000815", "2025-12-31");
    ASSERT_TRUE(before.ok());
    EXPECT_EQ(before->number, 1);
    EXPECT_EQ(before->procedure.fees[0].amount_vnd, 2000);
    EXPECT_EQ(before->valid_until, "2026-01-01");
    auto after = service_->VersionInForceOn("2.000815", "2026-01-01");
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->number, 2);
    EXPECT_EQ(after->procedure.fees[0].amount_vnd, 3000);
    EXPECT_EQ(after->field.name_vi, "Chứng thực");
    auto history = service_->History("2.000815");
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 2u);
    // A dossier received under version 1 finds it again by id.
    auto kept = service_->VersionById(before->id);
    ASSERT_TRUE(kept.ok());
    EXPECT_EQ(kept->procedure.fees[0].amount_vnd, 2000);
    // Before the first version there is nothing in force.
    EXPECT_EQ(service_->VersionInForceOn("2.000815", "2025-06-30").error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->VersionInForceOn("9.999999", "2025-07-01").error().code, core::ErrorCode::kNotFound);
    EXPECT_EQ(service_->History("9.999999").error().code, core::ErrorCode::kNotFound);
}

TEST_P(CatalogTest, AChangeDatedBeforeTheLatestVersionIsRefusedAndNothingIsWritten) {
    Import(Small());
    auto changed = Small();
    changed.catalogue.fields[0].name_en = "Civil registration";  // would be an update…
    changed.catalogue.procedures[1].name_en = "Registration of marriage";
    changed.catalogue.procedures[1].effective_from = "2025-06-01";
    auto report = Import(changed);
    ASSERT_EQ(report.problems.size(), 1u);
    EXPECT_EQ(report.problems[0].rule, "catalog.version.date_order");
    EXPECT_EQ(report.problems[0].file, "small.json");
    EXPECT_EQ(report.problems[0].field, "effective_from");
    EXPECT_EQ(report.problems[0].line, 86);  // counted by hand in small.json
    // …but the whole import rolled back.
    EXPECT_EQ(service_->Fields()[2].name_en, "Civil status");
    EXPECT_EQ(service_->History("1.000894")->size(), 1u);
}

TEST_P(CatalogTest, InvalidFilesWriteNothingAndListEveryProblem) {
    auto bad = catalog::ParseCatalogueJson(Fixture("bad.json"), "bad.json");
    auto report = service_->Import(bad.catalogue, bad.sources, Actor());
    ASSERT_TRUE(report.ok());
    // code, fee amount, result kind, effective_from; the unknown key and level are the reader's problems
    EXPECT_EQ(report->problems.size(), 4u);
    EXPECT_EQ(repo_->CountProcedures(), 0);
    EXPECT_EQ(AuditEntries(""), 0u);
}

TEST_P(CatalogTest, DryRunCountsButWritesNothing) {
    auto report = Import(Small(), {.dry_run = true, .progress = {}});
    EXPECT_EQ(report.summary.versions_created, 4);
    EXPECT_EQ(repo_->CountProcedures(), 0);
    EXPECT_TRUE(service_->Fields().empty());
    EXPECT_EQ(AuditEntries(""), 0u);
}

TEST_P(CatalogTest, SearchIgnoresAccentsAndCase) {
    Import(Small());
    EXPECT_EQ(Codes({.q = "dang ky khai sinh"}), (std::vector<std::string>{"1.001193"}));
    EXPECT_EQ(Codes({.q = "ĐĂNG KÝ KHAI SINH"}), (std::vector<std::string>{"1.001193"}));
    // "dat dai" is the name of the field (Đất đai), not in the procedure's name.
    EXPECT_EQ(Codes({.q = "dat dai"}), (std::vector<std::string>{"1.004227"}));
    // English names and codes are searched too.
    EXPECT_EQ(Codes({.q = "marriage"}), (std::vector<std::string>{"1.000894"}));
    EXPECT_EQ(Codes({.q = "zzz khai sinh"}), (std::vector<std::string>{}));
    EXPECT_EQ(Codes({.q = "%"}), (std::vector<std::string>{}));  // no wildcard injection
}

TEST_P(CatalogTest, SearchRanksAndSortsInVietnameseOrder) {
    Import(Small());
    // No words: Vietnamese alphabetical order of the names — Chứng… < Đăng… < Thủ tục đăng ký kết hôn <
    // Thủ tục đăng ký khai sinh ("kê" before "kh").
    EXPECT_EQ(Codes({}), (std::vector<std::string>{"2.000815", "1.004227", "1.000894", "1.001193"}));
    // The code itself comes first.
    EXPECT_EQ(Codes({.q = "2.000815"}).front(), "2.000815");
    // Names starting with the words (after "Thủ tục") come before names that merely contain them.
    EXPECT_EQ(Codes({.q = "ban sao"}), (std::vector<std::string>{"2.000815"}));
    EXPECT_EQ(Codes({.q = "dang ky"}), (std::vector<std::string>{"1.004227", "1.000894", "1.001193"}));
    EXPECT_EQ(Codes({.q = "quyen su dung dat"}), (std::vector<std::string>{"1.004227"}));
}

TEST_P(CatalogTest, SearchFiltersAndPages) {
    Import(Small());
    EXPECT_EQ(Codes({.field = "HT"}), (std::vector<std::string>{"1.000894", "1.001193"}));
    EXPECT_EQ(Codes({.level = catalog::Level::kDistrict}), (std::vector<std::string>{"1.004227"}));
    EXPECT_EQ(Codes({.mode = catalog::ServiceMode::kOffline}), (std::vector<std::string>{"2.000815"}));
    auto page2 = service_->Search({.page = 2, .per_page = 3});
    ASSERT_TRUE(page2.ok());
    EXPECT_EQ(page2->total, 4);
    ASSERT_EQ(page2->items.size(), 1u);
    EXPECT_EQ(page2->items[0].code, "1.001193");
    EXPECT_EQ(page2->items[0].field.name_vi, "Hộ tịch");
    EXPECT_EQ(page2->items[0].time_limit.unit, catalog::TimeUnit::kWorkingDays);
    // As of a day before the catalogue was in force.
    auto before = service_->Search({.as_of = "2025-06-30"});
    EXPECT_EQ(before->total, 0);
    EXPECT_EQ(service_->Search({.page = 0}).error().message, "catalog.page");
    EXPECT_EQ(service_->Search({.per_page = 101}).error().message, "catalog.page");
    EXPECT_EQ(service_->Search({.as_of = "2025-13-01"}).error().message, "catalog.date");
}

TEST_P(CatalogTest, PublishingAnEditedDraftFromAFutureDate) {
    Import(Small());
    auto current = service_->Current("1.000894");
    ASSERT_TRUE(current.ok());
    catalog::Procedure draft = current->procedure;
    draft.time_limit.value = 3;
    draft.effective_from = "2025-06-30";  // yesterday in Vietnam
    std::vector<catalog::Problem> problems;
    auto past = service_->Publish(draft, Actor(), &problems);
    EXPECT_EQ(past.error().message, "catalog.invalid");
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].rule, "catalog.version.past");

    draft.effective_from = "2025-08-01";
    auto published = service_->Publish(draft, Actor());
    ASSERT_TRUE(published.ok()) << published.error().message;
    EXPECT_EQ(published->number, 2);
    EXPECT_EQ(service_->Current("1.000894")->number, 1);  // today is still 2025-07-01
    EXPECT_EQ(service_->VersionInForceOn("1.000894", "2025-08-01")->procedure.time_limit.value, 3);
    EXPECT_EQ(AuditEntries("catalog.version.create"), 5u);

    auto again = service_->Publish(draft, Actor());
    EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(again.error().message, "catalog.unchanged");
    draft.field = "XX";
    EXPECT_EQ(service_->Publish(draft, Actor()).error().message, "catalog.invalid");
}

TEST_P(CatalogTest, FormFilesAreKeptAndServedByKey) {
    Import(Small());
    auto form = service_->FormByKey("to-khai-dang-ky-khai-sinh");
    ASSERT_TRUE(form.ok());
    ASSERT_TRUE(form->form.content.has_value());
    EXPECT_EQ(form->form.content->bytes, Fixture("forms/to-khai-dang-ky-khai-sinh.pdf"));
    EXPECT_EQ(form->form.content->media_type, "application/pdf");
    EXPECT_EQ(form->form.content->name, "to-khai-dang-ky-khai-sinh.pdf");
    EXPECT_EQ(service_->FormByKey("khong-co").error().code, core::ErrorCode::kNotFound);
    // A catalogue without the file keeps the stored one.
    auto without = Small();
    without.catalogue.forms[0].file.clear();
    without.catalogue.forms[0].content.reset();
    EXPECT_FALSE(Import(without).summary.changed());
    EXPECT_EQ(service_->FormByKey("to-khai-dang-ky-khai-sinh")->form.content->bytes.size(),
              Fixture("forms/to-khai-dang-ky-khai-sinh.pdf").size());
    // An upload that is not a document is refused.
    catalog::Form fake = form->form;
    fake.content->bytes = "<script>alert(1)</script>";
    EXPECT_EQ(service_->SaveForm(fake, Actor()).error().message, "catalog.form.file_type");
}

TEST_P(CatalogTest, ExportAsOfADateHoldsTheVersionsInForceThen) {
    Import(Small());
    auto changed = Small();
    changed.catalogue.procedures[0].name_en = "Registration of birth";
    changed.catalogue.procedures[0].effective_from = "2026-01-01";
    Import(changed);
    auto now = service_->Export("2025-07-01");
    ASSERT_TRUE(now.ok());
    ASSERT_EQ(now->procedures.size(), 4u);
    EXPECT_EQ(now->procedures[0].code, "1.000894");  // ordered by code
    EXPECT_EQ(now->procedures[1].name_en, "Birth registration");
    EXPECT_EQ(service_->Export("2026-01-01")->procedures[1].name_en, "Registration of birth");
    EXPECT_EQ(now->forms.size(), 1u);
    EXPECT_EQ(now->fields.size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(Engines, CatalogTest, ::mocua::testing::AllEngines(), ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
