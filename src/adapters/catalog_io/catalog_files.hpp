#pragma once
// Reading and writing catalogue files on disk in any of the three encodings (docs/catalogue-format.md):
// a JSON file, a folder of CSV files (or CSV files named one by one), or an XLSX workbook; with the
// form files they name, relative to the catalogue.
//
// Errors: core::Error InvalidArgument naming the path when a path cannot be read or its format is
// unknown; problems inside the files come back in ParsedCatalogue::problems.
// Thread-safety: the functions touch only the paths they are given.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/catalog/json_codec.hpp"

namespace mocua::adapters::catalog_io {

enum class Format { kJson, kCsv, kXlsx };
std::optional<Format> ParseFormat(std::string_view name);  // "json", "csv", "xlsx"

// The format of `path`: a folder or *.csv → CSV, *.xlsx → XLSX, anything else → JSON.
Format GuessFormat(const std::string& path);

// Reads the catalogue at `paths` (one JSON file, one workbook, one folder, or several CSV files) and
// loads every form file it names (at most 10 MiB each; a missing file is left unloaded, which
// validation reports).
core::Result<domain::catalog::ParsedCatalogue> ReadCatalogue(const std::vector<std::string>& paths,
                                                             Format format);

// Writes `catalogue` to `out` (JSON: a file; CSV: a folder, created, one NAME.csv per table; XLSX: a
// workbook) and each form file to forms/KEY.EXT beside it, naming it in the forms' `file`.
core::Result<void> WriteCatalogue(domain::catalog::Catalogue catalogue, Format format,
                                  const std::string& out);

}  // namespace mocua::adapters::catalog_io
