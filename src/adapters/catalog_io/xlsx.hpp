#pragma once
// XLSX workbooks for the catalogue's tables, one sheet per table: written with libxlsxwriter, read
// with libzip (the container) and libxml2 (workbook, shared strings and sheets). Only what the format
// needs is read: cell text, numbers and booleans, by row number; styles and formulas are ignored
// (a formula cell yields its cached value).
//
// Limits against hostile files: at most 64 MiB uncompressed per part, 1,000,000 rows per sheet;
// XML is parsed without network access or entity substitution.
// Thread-safety: the functions may be called concurrently (libxml2 is initialised once).
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/catalog/problems.hpp"
#include "domain/catalog/tables.hpp"

namespace mocua::adapters::catalog_io {

// Writes `tables` to a new workbook at `path` (replacing a file there). Numbers in integer columns
// are written as numbers, everything else as text. Error naming the path on failure.
core::Result<void> WriteXlsx(const std::vector<domain::catalog::Table>& tables, const std::string& path);

// Reads every sheet of the workbook at `path` as a table (the first row is the header; `lines` are
// the spreadsheet's row numbers; `file` is "NAME.xlsx#sheet"). Problems with the container or the
// XML are appended to `problems`.
std::vector<domain::catalog::Table> ReadXlsx(const std::string& path,
                                             std::vector<domain::catalog::Problem>& problems);

}  // namespace mocua::adapters::catalog_io
