#pragma once
// The payments reconciliation report of a unit and a day (domain/payments/reconciliation.hpp) as an
// Office Open XML spreadsheet (libxlsxwriter), for the unit's accountant.
//
// One sheet "Đối soát": rows 1–3 the title, the unit and the day; row 4 the headings (item, count,
// amount); then the day's requests and their outcomes with their sum, the money received that day by
// method with its total, the verdict (balanced or not), and one row per mismatch. Counts and amounts are
// numbers (amounts in whole đồng with the format "#,##0"), so the sheet adds up in Excel. Labels are in
// Vietnamese, as the unit's accounting documents are.
//
// Thread-safety: may be called concurrently (each call has its own workbook and temporary file).
#include <string>

#include "core/result.hpp"
#include "domain/payments/reconciliation.hpp"

namespace mocua::adapters::registers {

inline constexpr const char* kReconciliationSheetName = "Đối soát";

// The XLSX bytes (a temporary file in `temp_dir`, empty: the system's, is written, read back and removed).
// kInternal "reconciliation.xlsx: <libxlsxwriter message>" when the workbook cannot be written.
core::Result<std::string> RenderReconciliationXlsx(const domain::payments::ReconciliationReport& report,
                                                   const std::string& temp_dir = {});

class ReconciliationXlsx final : public domain::payments::ReconciliationSpreadsheet {
public:
    core::Result<std::string> Render(const domain::payments::ReconciliationReport& report) const override {
        return RenderReconciliationXlsx(report);
    }
};

}  // namespace mocua::adapters::registers
