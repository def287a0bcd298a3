#pragma once
// One-sheet workbooks written by libxlsxwriter, returned as bytes: the temporary file libxlsxwriter needs
// (it writes to a path, not to memory) is made with mkstemp in `temp_dir`, read back and removed however
// the call ends. Shared by the operations centre's tables, the Mẫu 07 register and the payment
// reconciliation report.
//
// Thread-safety: each call has its own workbook and file.
#include <xlsxwriter.h>

#include <functional>
#include <string>

#include "core/result.hpp"

namespace mocua::adapters::spreadsheet {

struct WorkbookSpec {
    std::string what;        // the document's name in error messages, e.g. "register.xlsx"
    std::string temp_dir;    // "" = the system's temporary directory
    std::string title;       // the workbook's title property ("" = none); written in NFC
    std::string sheet_name;  // at most 31 characters, none of []:*?/\ (Excel's rules)
};

// Creates the workbook and its one sheet, calls `fill` to write it, closes and reads back the file.
// `fill` returns the first libxlsxwriter error, or LXW_NO_ERROR. Errors: Internal, naming spec.what.
core::Result<std::string> RenderWorkbook(const WorkbookSpec& spec,
                                         const std::function<lxw_error(lxw_workbook*, lxw_worksheet*)>& fill);

}  // namespace mocua::adapters::spreadsheet
