#pragma once
// CSV (RFC 4180) for the catalogue's tables: reading with libcsv, writing by hand (UTF-8 with a byte
// order mark so spreadsheet programs recognise the encoding, CRLF line ends, quotes where needed).
//
// Thread-safety: the functions are pure (libcsv parsers are per call).
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalog/problems.hpp"
#include "domain/catalog/tables.hpp"

namespace mocua::adapters::catalog_io {

// Reads one table: the first record is the header. A leading BOM is skipped; blank lines are ignored.
// `lines` gets the line on which each record's first cell ends (the record's own line unless its
// first cell spans lines). Problems (not UTF-8, a stray quote) are appended to `problems` with `file`.
domain::catalog::Table ReadCsvTable(std::string_view text, const std::string& name, const std::string& file,
                                    std::vector<domain::catalog::Problem>& problems);

std::string WriteCsvTable(const domain::catalog::Table& table);

}  // namespace mocua::adapters::catalog_io
