// CSV and XLSX for the catalogue: RFC 4180 quoting both ways, rows and columns in problems, and the
// same catalogue after a round trip through each encoding (the XLSX made by our own writer).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "adapters/catalog_io/catalog_files.hpp"
#include "adapters/catalog_io/csv.hpp"
#include "adapters/catalog_io/xlsx.hpp"
#include "domain/catalog/validation.hpp"

namespace mocua::adapters::catalog_io {
namespace {

namespace fs = std::filesystem;
namespace catalog = domain::catalog;

const std::string kData = std::string(MOCUA_SOURCE_DIR) + "/tests/data/catalogue/";

class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/mocua-catalog-io.XXXXXX";
        path_ = ::mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path_); }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

std::vector<std::string> Rules(const std::vector<catalog::Problem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems) out.push_back(p.rule);
    return out;
}

TEST(CatalogCsv, QuotingRoundTrips) {
    catalog::Table t{"steps", "steps.csv", {"procedure", "position", "vi", "en"}, {}, {}};
    t.rows = {{"1.001193", "1", "Nộp \"tờ khai\", bản sao", " leading space"},
              {"1.001193", "2", "Hai\r\ndòng", ""}};
    std::vector<catalog::Problem> problems;
    auto back = ReadCsvTable(WriteCsvTable(t), "steps", "steps.csv", problems);
    ASSERT_TRUE(problems.empty());
    EXPECT_EQ(back.columns, t.columns);
    ASSERT_EQ(back.rows.size(), 2u);
    EXPECT_EQ(back.rows[0], t.rows[0]);
    EXPECT_EQ(back.rows[1][2], "Hai\r\ndòng");
    EXPECT_EQ(back.lines, (std::vector<int>{2, 3}));
}

TEST(CatalogCsv, BadQuotesNameTheirLine) {
    std::vector<catalog::Problem> problems;
    ReadCsvTable("procedure,position,vi,en\n1.001193,1,ok,ok\n1.001193,2,bad \"quote,x\n", "steps",
                 "steps.csv", problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].rule, "catalog.csv.syntax");
    EXPECT_EQ(problems[0].line, 3);
}

TEST(CatalogCsv, ReadsTheFixtureFolderAndOrdersListsByPosition) {
    auto parsed = ReadCatalogue({kData + "csv"}, Format::kCsv);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    ASSERT_TRUE(parsed->problems.empty()) << catalog::Describe(parsed->problems.front());
    EXPECT_TRUE(catalog::ValidateCatalogue(parsed->catalogue, parsed->sources).empty());
    const auto& p = parsed->catalogue.procedures.at(0);
    EXPECT_EQ(p.name_vi,
              "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp");
    EXPECT_EQ(p.time_limit.note_vi, "Trong ngày; nộp sau 15 giờ thì trả\ntrong ngày làm việc tiếp theo");
    EXPECT_EQ(p.applicants, (std::vector<std::string>{"citizen", "business"}));
    ASSERT_EQ(p.components.size(), 2u);
    EXPECT_EQ(p.components[0].copy, catalog::CopyKind::kOriginalForCheck);  // position 1 comes first
    EXPECT_EQ(p.fees.at(0).amount_vnd, 2000);
}

TEST(CatalogCsv, ProblemsNameFileRowAndColumn) {
    TempDir dir;
    fs::copy(kData + "csv", dir.path(), fs::copy_options::recursive);
    std::ofstream(dir / "fees.csv")
        << "procedure,position,name_vi,name_en,amount_vnd,payer,exemptions_vi,exemptions_en\n"
           "2.000815,1,Phí,Fee,2000,applicant,,\n"
           "2.000815,2,Phí khác,Other fee,hai nghìn,applicant,,\n"
           "9.999999,1,Phí,Fee,0,applicant,,\n";
    std::ofstream(dir / "steps.csv") << "procedure,position,vi,en\n2.000815,1,,Submit\n";
    auto parsed = ReadCatalogue({dir.path()}, Format::kCsv);
    ASSERT_TRUE(parsed.ok());
    auto problems = parsed->problems;
    for (auto& p : catalog::ValidateCatalogue(parsed->catalogue, parsed->sources)) problems.push_back(p);
    std::sort(problems.begin(), problems.end(), [](const auto& a, const auto& b) {
        return std::tie(a.file, a.line) < std::tie(b.file, b.line);
    });
    ASSERT_EQ(problems.size(), 3u) << catalog::Describe(problems[0]);
    // Rows counted by hand in the files written above (the header is row 1).
    EXPECT_EQ(catalog::Describe(problems[0]).substr(0, 23), "fees.csv:3: amount_vnd:");
    EXPECT_EQ(problems[1].file, "fees.csv");
    EXPECT_EQ(problems[1].line, 4);
    EXPECT_EQ(problems[1].rule, "catalog.table.procedure");
    EXPECT_EQ(problems[2].file, "steps.csv");
    EXPECT_EQ(problems[2].line, 2);
    EXPECT_EQ(problems[2].field, "vi");
    EXPECT_EQ(problems[2].rule, "catalog.step.text");
}

TEST(CatalogCsv, UnknownAndMissingColumns) {
    TempDir dir;
    fs::copy(kData + "csv", dir.path(), fs::copy_options::recursive);
    std::ofstream(dir / "steps.csv") << "procedure,position,vi,en,colour\n";
    std::ofstream(dir / "fields.csv") << "code,name_vi\n";
    auto parsed = ReadCatalogue({dir.path()}, Format::kCsv);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(Rules(parsed->problems),
              (std::vector<std::string>{"catalog.table.column", "catalog.table.column"}));
}

// The whole example catalogue, written and read back in each encoding, is the same catalogue.
class CatalogRoundTrip : public ::testing::TestWithParam<Format> {};

TEST_P(CatalogRoundTrip, SameCatalogueAfterWritingAndReading) {
    auto original = ReadCatalogue({kData + "small.json"}, Format::kJson);
    ASSERT_TRUE(original.ok());
    ASSERT_TRUE(original->problems.empty());
    TempDir dir;
    const std::string out = GetParam() == Format::kJson  ? dir / "out.json"
                            : GetParam() == Format::kCsv ? dir / "out"
                                                         : dir / "out.xlsx";
    ASSERT_TRUE(WriteCatalogue(original->catalogue, GetParam(), out).ok());
    auto back = ReadCatalogue({out}, GetParam());
    ASSERT_TRUE(back.ok()) << back.error().message;
    ASSERT_TRUE(back->problems.empty()) << catalog::Describe(back->problems.front());
    EXPECT_TRUE(catalog::ValidateCatalogue(back->catalogue, back->sources).empty());
    EXPECT_EQ(back->catalogue.fields, original->catalogue.fields);
    EXPECT_EQ(back->catalogue.procedures, original->catalogue.procedures);
    ASSERT_EQ(back->catalogue.forms.size(), 1u);
    ASSERT_TRUE(back->catalogue.forms[0].content.has_value());
    EXPECT_EQ(back->catalogue.forms[0].content->bytes, original->catalogue.forms[0].content->bytes);
    EXPECT_EQ(back->catalogue.forms[0].file, "forms/to-khai-dang-ky-khai-sinh.pdf");
}

INSTANTIATE_TEST_SUITE_P(Formats, CatalogRoundTrip,
                         ::testing::Values(Format::kJson, Format::kCsv, Format::kXlsx), [](const auto& info) {
                             return std::string(info.param == Format::kJson  ? "Json"
                                                : info.param == Format::kCsv ? "Csv"
                                                                             : "Xlsx");
                         });

TEST(CatalogXlsx, ProblemsNameSheetAndRow) {
    auto original = ReadCatalogue({kData + "small.json"}, Format::kJson);
    ASSERT_TRUE(original.ok());
    original->catalogue.procedures[1].fees[0].name_vi.clear();  // 1.000894's only fee
    TempDir dir;
    ASSERT_TRUE(WriteCatalogue(original->catalogue, Format::kXlsx, dir / "book.xlsx").ok());
    auto back = ReadCatalogue({dir / "book.xlsx"}, Format::kXlsx);
    ASSERT_TRUE(back.ok());
    auto problems = catalog::ValidateCatalogue(back->catalogue, back->sources);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].file, "book.xlsx#fees");
    EXPECT_EQ(problems[0].line, 3);  // header, 1.001193's fee, then 1.000894's
    EXPECT_EQ(problems[0].field, "name_vi");
}

TEST(CatalogXlsx, NotAWorkbook) {
    std::vector<catalog::Problem> problems;
    ReadXlsx(kData + "small.json", problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].rule, "catalog.xlsx.container");
}

}  // namespace
}  // namespace mocua::adapters::catalog_io
