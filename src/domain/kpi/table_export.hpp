#pragma once
// A table of the operations centre as a file officials open in Excel (issue 10: "XLSX and CSV of any
// table"). The pages build a Table from the same figures they show; CSV is written here (pure), XLSX by
// the SpreadsheetWriter port (adapters/spreadsheet/table_xlsx.hpp, libxlsxwriter), which the web layer
// reaches through app::Services without including an adapter.
//
// Numbers are unformatted — "1234", "66.67" with a decimal point — so a spreadsheet reads them as
// numbers, not as text in the page's Vietnamese style.
#include <string>
#include <vector>

#include "core/result.hpp"

namespace mocua::domain::kpi {

struct Cell {
    std::string text;     // a number: digits with an optional '-' and '.', nothing else
    bool number = false;  // "" with number = false is an empty cell
};

struct Table {
    std::string title;  // the sheet's name and the file's first line in a spreadsheet
    std::vector<std::string> columns;
    std::vector<std::vector<Cell>> rows;
};

inline Cell TextCell(std::string text) { return {std::move(text), false}; }
inline Cell NumberCell(std::string text) { return {std::move(text), true}; }

// RFC 4180 CSV in UTF-8 with a byte-order mark (Excel then reads Vietnamese correctly), CRLF line ends,
// the column names as the first line. A text cell that a spreadsheet would run as a formula (starting
// with = + - @, a tab or a carriage return) is written with a leading apostrophe (OWASP's advice on CSV
// injection). Pure; thread-safe.
std::string TableToCsv(const Table& table);

// Writes a table as an XLSX workbook. Errors: kInternal when the workbook cannot be written.
// Thread-safety: implementations may be called concurrently.
class SpreadsheetWriter {
public:
    virtual ~SpreadsheetWriter() = default;
    virtual core::Result<std::string> Xlsx(const Table& table) const = 0;
};

}  // namespace mocua::domain::kpi
