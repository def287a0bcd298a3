#pragma once
// domain::kpi::SpreadsheetWriter with libxlsxwriter: one sheet named after the table (cut to Excel's 31
// characters, without the characters Excel refuses in sheet names), the column names in bold on the
// first row, frozen; number cells as real numbers, text cells as text (NFC).
//
// Thread-safety: Xlsx may be called concurrently (each call has its own workbook and temporary file).
#include <string>

#include "domain/kpi/table_export.hpp"

namespace mocua::adapters::spreadsheet {

class XlsxTableWriter final : public domain::kpi::SpreadsheetWriter {
public:
    // `temp_dir`: where the workbook is written before it is read back ("" = the system's).
    explicit XlsxTableWriter(std::string temp_dir = {}) : temp_dir_(std::move(temp_dir)) {}
    core::Result<std::string> Xlsx(const domain::kpi::Table& table) const override;

private:
    std::string temp_dir_;
};

}  // namespace mocua::adapters::spreadsheet
