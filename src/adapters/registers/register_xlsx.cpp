#include "adapters/registers/register_xlsx.hpp"

#include <xlsxwriter.h>

#include <iterator>
#include <vector>

#include "adapters/spreadsheet/xlsx_file.hpp"
#include "core/text/text.hpp"

namespace mocua::adapters::registers {
namespace {

namespace forms = domain::forms;

// Character widths of the columns, in the order of the sheet (the 13 headings plus the return mark).
constexpr double kWidths[] = {6, 26, 36, 10, 22, 30, 26, 17, 17, 17, 17, 17, 12, 26};
constexpr int kColumns = static_cast<int>(std::size(kWidths));

lxw_datetime ExcelTime(const forms::LocalDateTime& t) {
    const auto vn = forms::ToUtcOffset(t, forms::kVietnamUtcOffsetMinutes);
    return {vn.year, vn.month, vn.day, vn.hour, vn.minute, 0.0};
}

class Sheet {
public:
    Sheet(lxw_workbook* wb, lxw_worksheet* ws) : wb_(wb), ws_(ws) {
        text_ = workbook_add_format(wb);
        format_set_text_wrap(text_);
        format_set_align(text_, LXW_ALIGN_VERTICAL_TOP);
        format_set_border(text_, LXW_BORDER_THIN);
        number_ = workbook_add_format(wb);
        format_set_align(number_, LXW_ALIGN_CENTER);
        format_set_align(number_, LXW_ALIGN_VERTICAL_TOP);
        format_set_border(number_, LXW_BORDER_THIN);
        date_ = workbook_add_format(wb);
        format_set_num_format(date_, kRegisterDateFormat);
        format_set_align(date_, LXW_ALIGN_CENTER);
        format_set_align(date_, LXW_ALIGN_VERTICAL_TOP);
        format_set_border(date_, LXW_BORDER_THIN);
        header_ = workbook_add_format(wb);
        format_set_bold(header_);
        format_set_text_wrap(header_);
        format_set_align(header_, LXW_ALIGN_CENTER);
        format_set_align(header_, LXW_ALIGN_VERTICAL_CENTER);
        format_set_border(header_, LXW_BORDER_THIN);
        format_set_bg_color(header_, 0xE7E6E6);
        title_ = workbook_add_format(wb);
        format_set_bold(title_);
        format_set_font_size(title_, 14);
        format_set_align(title_, LXW_ALIGN_CENTER);
        subtitle_ = workbook_add_format(wb);
        format_set_italic(subtitle_);
        format_set_align(subtitle_, LXW_ALIGN_CENTER);
    }

    lxw_error Text(int row, int col, const std::string& s, lxw_format* f = nullptr) {
        return worksheet_write_string(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                      core::text::ToNfc(s).c_str(), f != nullptr ? f : text_);
    }
    lxw_error Number(int row, int col, double v) {
        return worksheet_write_number(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), v,
                                      number_);
    }
    lxw_error Time(int row, int col, const std::optional<forms::LocalDateTime>& t) {
        if (!t.has_value())
            return worksheet_write_blank(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                         date_);
        lxw_datetime dt = ExcelTime(*t);
        return worksheet_write_datetime(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), &dt,
                                        date_);
    }
    lxw_error Merged(int row, const std::string& s, lxw_format* f) {
        return worksheet_merge_range(ws_, static_cast<lxw_row_t>(row), 0, static_cast<lxw_row_t>(row),
                                     static_cast<lxw_col_t>(kColumns - 1), core::text::ToNfc(s).c_str(), f);
    }

    lxw_workbook* wb_;
    lxw_worksheet* ws_;
    lxw_format *text_, *number_, *date_, *header_, *title_, *subtitle_;
};

lxw_error WriteSheet(Sheet& s, const forms::RegisterData& d) {
    lxw_error e = LXW_NO_ERROR;
    const auto check = [&e](lxw_error r) {
        if (e == LXW_NO_ERROR) e = r;
    };
    for (int c = 0; c < kColumns; ++c)
        check(worksheet_set_column(s.ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), kWidths[c],
                                   nullptr));
    check(s.Merged(0, "SỔ THEO DÕI HỒ SƠ", s.title_));
    check(s.Merged(1, d.authority_name + " - " + d.unit_name, s.subtitle_));
    check(s.Merged(2, forms::RegisterPeriodLine(d), s.subtitle_));

    std::vector<std::string> titles(std::begin(forms::kRegisterColumnTitles),
                                    std::end(forms::kRegisterColumnTitles));
    titles.insert(titles.begin() + forms::kRegisterReturnedColumn + 1, forms::kRegisterReturnMarkTitle);
    for (int c = 0; c < kColumns; ++c)
        check(s.Text(kRegisterHeaderRow, c, titles[static_cast<std::size_t>(c)], s.header_));
    check(worksheet_set_row(s.ws_, kRegisterHeaderRow, 45, nullptr));
    // Freeze the title rows and the headings, so they stay visible while scrolling.
    worksheet_freeze_panes(s.ws_, kRegisterFirstDataRow, 0);

    for (std::size_t i = 0; i < d.rows.size(); ++i) {
        const auto& r = d.rows[i];
        const int row = kRegisterFirstDataRow + static_cast<int>(i);
        check(s.Number(row, 0, static_cast<double>(i + 1)));
        check(s.Text(row, 1, r.dossier_code));
        check(s.Text(row, 2, r.procedure_name));
        check(s.Number(row, 3, r.number_of_sets));
        check(s.Text(row, 4, r.applicant_name));
        check(s.Text(row, 5, forms::RegisterAddressAndPhone(r)));
        check(s.Text(row, 6, r.lead_agency));
        check(s.Time(row, 7, r.received_at));
        check(s.Time(row, 8, r.appointment_at));
        check(s.Time(row, 9, r.transferred_at));
        check(s.Time(row, 10, r.result_at));
        check(s.Time(row, 11, r.returned_at));
        check(s.Text(row, 12, forms::TimelinessLabel(r.return_mark)));
        check(s.Text(row, 13, r.note));
    }
    if (!d.rows.empty()) {
        // Filters on the headings: the register is read by sorting and filtering.
        check(worksheet_autofilter(s.ws_, kRegisterHeaderRow, 0,
                                   static_cast<lxw_row_t>(kRegisterFirstDataRow + d.rows.size() - 1),
                                   static_cast<lxw_col_t>(kColumns - 1)));
    }
    worksheet_set_landscape(s.ws_);
    worksheet_set_paper(s.ws_, 9);  // A4
    worksheet_repeat_rows(s.ws_, kRegisterHeaderRow, kRegisterHeaderRow);
    worksheet_fit_to_pages(s.ws_, 1, 0);
    return e;
}

}  // namespace

core::Result<std::string> RenderRegisterXlsx(const forms::RegisterData& d, const std::string& temp_dir) {
    if (auto valid = forms::ValidateRegister(d); !valid) return valid.error();
    return spreadsheet::RenderWorkbook(
        {"register.xlsx", temp_dir, std::string(forms::kRegisterDocumentName) + " " + d.unit_name,
         kRegisterSheetName},
        [&d](lxw_workbook* wb, lxw_worksheet* ws) {
            Sheet sheet(wb, ws);
            return WriteSheet(sheet, d);
        });
}

}  // namespace mocua::adapters::registers
