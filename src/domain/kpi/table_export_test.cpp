// CSV of the operations centre's tables: what Excel needs (BOM, CRLF, RFC 4180 quoting) and no formula
// injection through a text cell.
#include "domain/kpi/table_export.hpp"

#include <gtest/gtest.h>

namespace mocua::domain::kpi {
namespace {

TEST(TableToCsv, WritesABomTheHeaderAndCrlfLines) {
    Table t{"Số liệu", {"Số liệu", "Giá trị"}, {{TextCell("Tiếp nhận"), NumberCell("10")}}};
    EXPECT_EQ(TableToCsv(t), "\xEF\xBB\xBFSố liệu,Giá trị\r\nTiếp nhận,10\r\n");
}

TEST(TableToCsv, QuotesCommasQuotesAndLineBreaks) {
    Table t{"t", {"a"}, {{TextCell("Phường 1, thị xã")}, {TextCell("say \"hi\"")}, {TextCell("two\nlines")}}};
    EXPECT_EQ(TableToCsv(t),
              "\xEF\xBB\xBF"
              "a\r\n\"Phường 1, thị xã\"\r\n\"say \"\"hi\"\"\"\r\n\"two\nlines\"\r\n");
}

TEST(TableToCsv, DefusesFormulasInTextButNotNegativeNumbers) {
    Table t{"t",
            {"a", "b"},
            {{TextCell("=HYPERLINK(\"x\")"), NumberCell("-1.50")}, {TextCell("@SUM(A1)"), TextCell("")}}};
    EXPECT_EQ(TableToCsv(t),
              "\xEF\xBB\xBF"
              "a,b\r\n\"'=HYPERLINK(\"\"x\"\")\",-1.50\r\n'@SUM(A1),\r\n");
}

}  // namespace
}  // namespace mocua::domain::kpi
