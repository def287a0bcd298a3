// The catalogue commands as the IT officer runs them, on SQLite and PostgreSQL, against the real
// binary: import in each encoding (idempotent, problems with file, line and field, dry run), export as
// of a date, the generator for scale tests, and seed-demo's catalogue.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/cli_runner.hpp"
#include "support/test_database.hpp"

namespace mocua {
namespace {

using ::mocua::testing::CliRun;
using ::mocua::testing::Has;

CliRun Mocua(const std::string& args) {
    return ::mocua::testing::RunCommand(std::string(MOCUA_BINARY) + " " + args + " 2>&1");
}

const std::string kData = std::string(MOCUA_SOURCE_DIR) + "/tests/data/catalogue/";

class CatalogCliTest : public ::testing::TestWithParam<db::Engine> {
protected:
    void SetUp() override {
        if (!::mocua::testing::RequireEngine(GetParam())) {
            if (!IsSkipped()) GTEST_FAIL() << "no database for this engine";
            return;
        }
        tdb_ = std::make_unique<::mocua::testing::TestDatabase>(GetParam(), /*migrate=*/false);
        where_ = " --data-dir " + tdb_->dir() + "/data --database '" + tdb_->url() + "'";
    }
    CliRun M(const std::string& args) { return Mocua(args + where_); }
    std::string Out(const std::string& name) { return tdb_->dir() + "/" + name; }

    std::unique_ptr<::mocua::testing::TestDatabase> tdb_;
    std::string where_;
};

TEST(CatalogCli, EveryCommandHasHelp) {
    for (const char* cmd : {"catalogue import", "catalogue export", "catalogue generate"}) {
        auto r = Mocua(std::string(cmd) + " --help");
        EXPECT_EQ(r.exit_code, 0) << cmd;
        EXPECT_TRUE(Has(r, "--format")) << cmd << ": " << r.output;
    }
}

TEST_P(CatalogCliTest, ImportIsIdempotent) {
    auto first = M("catalogue import " + kData + "small.json");
    ASSERT_EQ(first.exit_code, 0) << first.output;
    EXPECT_TRUE(Has(first, "4 procedures: 4 new, 0 new versions, 0 unchanged; fields: 3 created"))
        << first.output;
    EXPECT_TRUE(Has(first, "forms: 1 created")) << first.output;
    auto second = M("catalogue import " + kData + "small.json");
    ASSERT_EQ(second.exit_code, 0) << second.output;
    EXPECT_TRUE(Has(second,
                    "4 procedures: 0 new, 0 new versions, 4 unchanged; fields: 0 created, 0 updated, 3 "
                    "unchanged; forms: 0 created, 0 updated, 1 unchanged"))
        << second.output;
    EXPECT_EQ(M("audit verify").exit_code, 0);
}

TEST_P(CatalogCliTest, ProblemsNameFileLineAndFieldAndNothingIsImported) {
    auto bad = M("catalogue import " + kData + "bad.json");
    EXPECT_EQ(bad.exit_code, 2) << bad.output;
    EXPECT_TRUE(Has(bad, "bad.json:8: code: must be a national TTHC code like 1.000948")) << bad.output;
    EXPECT_TRUE(Has(bad, "bad.json:16: amount_vnd: must be a whole number of VND")) << bad.output;
    EXPECT_TRUE(Has(bad, "nothing imported")) << bad.output;
    EXPECT_EQ(M("catalogue import " + Out("missing.json")).exit_code, 2);
    EXPECT_EQ(M("catalogue import " + kData + "small.json --format yaml").exit_code, 2);
    auto exported = M("catalogue export --out " + Out("after.json") + " --as-of 2025-07-01");
    ASSERT_EQ(exported.exit_code, 0) << exported.output;
    EXPECT_TRUE(Has(exported, "0 procedures in force on 2025-07-01")) << exported.output;
}

TEST_P(CatalogCliTest, DryRunWritesNothing) {
    auto dry = M("catalogue import --dry-run " + kData + "small.json");
    ASSERT_EQ(dry.exit_code, 0) << dry.output;
    EXPECT_TRUE(Has(dry, "dry run, nothing written")) << dry.output;
    EXPECT_TRUE(Has(dry, "4 new")) << dry.output;
    EXPECT_TRUE(Has(M("catalogue import " + kData + "small.json"), "4 new"));
}

TEST_P(CatalogCliTest, ExportInEachFormatReimportsUnchanged) {
    ASSERT_EQ(M("catalogue import " + kData + "small.json").exit_code, 0);
    for (const std::string out : {"export.json", "export-csv", "export.xlsx"}) {
        const std::string format = out == "export-csv" ? " --format csv" : "";
        auto exported = M("catalogue export --out " + Out(out) + format + " --as-of 2025-07-01");
        ASSERT_EQ(exported.exit_code, 0) << exported.output;
        EXPECT_TRUE(Has(exported, "4 procedures in force on 2025-07-01")) << exported.output;
        auto again = M("catalogue import " + Out(out) + format);
        ASSERT_EQ(again.exit_code, 0) << out << ": " << again.output;
        EXPECT_TRUE(Has(again, "0 new, 0 new versions, 4 unchanged")) << out << ": " << again.output;
        EXPECT_TRUE(Has(again, "forms: 0 created, 0 updated, 1 unchanged")) << out << ": " << again.output;
    }
    EXPECT_TRUE(std::filesystem::exists(Out("forms/to-khai-dang-ky-khai-sinh.pdf")));
    EXPECT_TRUE(std::filesystem::exists(Out("export-csv/eform_fields.csv")));
    // The CSV fixture folder adds nothing new but the procedure it has in common is unchanged.
    auto csv = M("catalogue import " + kData + "csv");
    ASSERT_EQ(csv.exit_code, 0) << csv.output;
}

TEST_P(CatalogCliTest, GeneratedScaleCatalogueImportsWithProgress) {
    auto gen = Mocua("catalogue generate --count 418 --district 281 --commune 137 --online 344 --out " +
                     Out("scale.json"));
    ASSERT_EQ(gen.exit_code, 0) << gen.output;
    EXPECT_TRUE(Has(gen, "418 procedures (281 district, 137 commune, 0 province; 344 online)")) << gen.output;
    auto imported = M("catalogue import " + Out("scale.json"));
    ASSERT_EQ(imported.exit_code, 0) << imported.output;
    EXPECT_TRUE(Has(imported, "418 procedures: 418 new")) << imported.output;
    EXPECT_TRUE(Has(imported, "importing: 418/418 (100%)"))
        << imported.output;  // stderr is not a terminal here
    EXPECT_EQ(
        Mocua("catalogue generate --count 10 --district 9 --commune 2 --out " + Out("x.json")).exit_code, 2);
}

TEST_P(CatalogCliTest, SeedDemoLoadsTheDemoCatalogueOnce) {
    auto first = M("seed-demo");
    ASSERT_EQ(first.exit_code, 0) << first.output;
    EXPECT_TRUE(Has(first, "procedure catalogue: ")) << first.output;
    EXPECT_FALSE(Has(first, "procedure catalogue: already present")) << first.output;
    auto second = M("seed-demo");
    ASSERT_EQ(second.exit_code, 0) << second.output;
    EXPECT_TRUE(Has(second, "procedure catalogue: already present")) << second.output;
}

INSTANTIATE_TEST_SUITE_P(Engines, CatalogCliTest, ::mocua::testing::AllEngines(),
                         ::mocua::testing::EngineName);

}  // namespace
}  // namespace mocua
