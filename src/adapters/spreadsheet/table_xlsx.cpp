#include "adapters/spreadsheet/table_xlsx.hpp"

#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>

#include "adapters/spreadsheet/xlsx_file.hpp"
#include "core/text/text.hpp"

namespace mocua::adapters::spreadsheet {

namespace {

// Excel refuses sheet names longer than 31 characters or holding []:*?/\ ; cut at a character boundary.
std::string SheetName(const std::string& title) {
    std::string out;
    int chars = 0;
    for (std::size_t i = 0; i < title.size() && chars < 31;) {
        const auto c = static_cast<unsigned char>(title[i]);
        const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        const std::string piece = title.substr(i, len);
        out += std::string("[]:*?/\\").find(piece) == std::string::npos || len > 1 ? piece : " ";
        i += len;
        ++chars;
    }
    return out.empty() ? "Sheet1" : out;
}

lxw_error WriteTable(lxw_workbook* wb, lxw_worksheet* ws, const domain::kpi::Table& t) {
    lxw_format* header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_text_wrap(header);
    format_set_bg_color(header, 0xE7E6E6);
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        if (auto e = worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c),
                                            core::text::ToNfc(t.columns[c]).c_str(), header);
            e != LXW_NO_ERROR)
            return e;
        worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), c == 0 ? 40 : 16,
                             nullptr);
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
        const auto row = static_cast<lxw_row_t>(r + 1);
        for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
            const auto& cell = t.rows[r][c];
            const auto col = static_cast<lxw_col_t>(c);
            if (cell.text.empty()) continue;
            const lxw_error e =
                cell.number
                    ? worksheet_write_number(ws, row, col, std::strtod(cell.text.c_str(), nullptr), nullptr)
                    : worksheet_write_string(ws, row, col, core::text::ToNfc(cell.text).c_str(), nullptr);
            if (e != LXW_NO_ERROR) return e;
        }
    }
    return LXW_NO_ERROR;
}

}  // namespace

core::Result<std::string> XlsxTableWriter::Xlsx(const domain::kpi::Table& table) const {
    const std::string title = core::text::ToNfc(table.title);
    return RenderWorkbook(
        {"table.xlsx", temp_dir_, title, SheetName(title)},
        [&table](lxw_workbook* wb, lxw_worksheet* ws) { return WriteTable(wb, ws, table); });
}

}  // namespace mocua::adapters::spreadsheet
