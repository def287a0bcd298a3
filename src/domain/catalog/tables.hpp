#pragma once
// The catalogue as flat tables (docs/catalogue-format.md, "CSV and XLSX"): one table per kind of
// record, lists keyed by procedure code and position. The CSV and XLSX adapters move these tables to
// and from bytes; this file maps them to and from the model, with the row of every record.
//
// Thread-safety: every function is pure.
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalog/json_codec.hpp"
#include "domain/catalog/model.hpp"

namespace mocua::domain::catalog {

struct Table {
    std::string name;  // "procedures", "fees", …
    std::string file;  // where it came from ("fees.csv", "book.xlsx#fees"), for problems
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;  // cells as text, one vector per row (may be short)
    std::vector<int> lines;                      // the line or row number of each row
};

// The tables of the format, in order, with their columns in order.
struct TableSpec {
    std::string_view name;
    std::vector<std::string_view> columns;
};
const std::vector<TableSpec>& TableSpecs();

// Every table of TableSpecs(), filled from the catalogue (lists as rows with positions 1, 2, …).
std::vector<Table> CatalogueToTables(const Catalogue& catalogue);

// Reads the model back. Tables are found by name; a missing table is empty, except `procedures`. A
// column the format does not define, a missing column, a cell that is not a number or boolean where
// one is needed, a list row naming an unknown procedure or page, and a repeated position are
// problems. Records are located in `sources` (encoding kTables) for validation.
ParsedCatalogue TablesToCatalogue(const std::vector<Table>& tables);

}  // namespace mocua::domain::catalog
