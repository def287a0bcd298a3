#pragma once
// Mẫu 07 "Sổ theo dõi hồ sơ" as an Office Open XML spreadsheet (libxlsxwriter), for units that keep or
// report the register in Excel. Data and columns: domain/forms/dossier_register.hpp.
//
// Layout of the one sheet "Sổ theo dõi hồ sơ": row 1 the title "SỔ THEO DÕI HỒ SƠ" (merged across),
// row 2 the authority and unit, row 3 the period; row 4 the column headings (kRegisterColumnTitles, with
// the return mark as a column of its own after "Ngày trả kết quả", since a date cell holds only a
// date), frozen with the rows above it; one row per dossier from row 5. STT and "Số lượng hồ sơ" are
// numbers; every time is a real Excel date-time (a number with the format "dd/mm/yyyy hh:mm") in
// Vietnam time (UTC+07:00), so sorting and filtering work; texts wrap; columns have fixed widths.
//
// Thread-safety: may be called concurrently (each call has its own workbook and temporary file).
#include <string>

#include "core/result.hpp"
#include "domain/forms/dossier_register.hpp"

namespace mocua::adapters::registers {

inline constexpr const char* kRegisterSheetName = "Sổ theo dõi hồ sơ";
inline constexpr const char* kRegisterDateFormat = "dd/mm/yyyy hh:mm";
inline constexpr int kRegisterHeaderRow = 3;  // 0-based: row 4 in Excel
inline constexpr int kRegisterFirstDataRow = 4;

// The XLSX bytes. libxlsxwriter writes a file: a temporary one in `temp_dir` (empty: the system's
// temporary directory) is written, read back and removed. Errors: the rule codes of
// domain::forms::ValidateRegister (kInvalidArgument); "register.xlsx: <libxlsxwriter message>"
// (kInternal) when the workbook cannot be written.
core::Result<std::string> RenderRegisterXlsx(const domain::forms::RegisterData& data,
                                             const std::string& temp_dir = {});

}  // namespace mocua::adapters::registers
