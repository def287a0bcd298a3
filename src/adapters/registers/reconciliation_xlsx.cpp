#include "adapters/registers/reconciliation_xlsx.hpp"

#include <xlsxwriter.h>

#include <iterator>

#include "adapters/spreadsheet/xlsx_file.hpp"
#include "core/text/text.hpp"

namespace mocua::adapters::registers {
namespace {

namespace payments = domain::payments;

constexpr double kWidths[] = {44, 24, 28, 16, 16, 22};
constexpr int kColumns = static_cast<int>(std::size(kWidths));

std::string MismatchLabel(payments::MismatchKind kind) {
    switch (kind) {
        case payments::MismatchKind::kAmount:
            return "Số tiền thông báo khác số tiền yêu cầu";
        case payments::MismatchKind::kUnknownRequest:
            return "Thông báo đã thanh toán cho giao dịch không có";
        case payments::MismatchKind::kPaidWhenClosed:
            return "Thông báo đã thanh toán cho yêu cầu đã đóng";
        case payments::MismatchKind::kPaidTwice:
            return "Đã nộp tại quầy và thanh toán qua cổng";
        case payments::MismatchKind::kBadSignature:
            return "Thông báo sai chữ ký";
        case payments::MismatchKind::kDossierWaiting:
            return "Đã thanh toán, hồ sơ vẫn chờ nghĩa vụ tài chính";
    }
    return "";
}

// "27/11/2026" from "2026-11-27".
std::string ShowDay(const std::string& day) {
    if (day.size() != 10) return day;
    return day.substr(8, 2) + "/" + day.substr(5, 2) + "/" + day.substr(0, 4);
}

class Writer {
public:
    Writer(lxw_workbook* wb, lxw_worksheet* ws) : ws_(ws) {
        text_ = workbook_add_format(wb);
        format_set_text_wrap(text_);
        format_set_border(text_, LXW_BORDER_THIN);
        count_ = workbook_add_format(wb);
        format_set_num_format(count_, "0");
        format_set_border(count_, LXW_BORDER_THIN);
        money_ = workbook_add_format(wb);
        format_set_num_format(money_, "#,##0");
        format_set_border(money_, LXW_BORDER_THIN);
        header_ = workbook_add_format(wb);
        format_set_bold(header_);
        format_set_text_wrap(header_);
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
    void Check(lxw_error r) {
        if (error == LXW_NO_ERROR) error = r;
    }
    void Text(int row, int col, const std::string& s, lxw_format* f = nullptr) {
        Check(worksheet_write_string(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                     core::text::ToNfc(s).c_str(), f != nullptr ? f : text_));
    }
    void Count(int row, int col, long long v) {
        Check(worksheet_write_number(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                     static_cast<double>(v), count_));
    }
    // Whole đồng are exact in a double up to 2^53.
    void Money(int row, int col, std::int64_t v) {
        Check(worksheet_write_number(ws_, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                                     static_cast<double>(v), money_));
    }
    void Merged(int row, const std::string& s, lxw_format* f) {
        Check(worksheet_merge_range(ws_, static_cast<lxw_row_t>(row), 0, static_cast<lxw_row_t>(row),
                                    static_cast<lxw_col_t>(kColumns - 1), core::text::ToNfc(s).c_str(), f));
    }
    void Tally(int row, const std::string& label, const payments::Tally& t, lxw_format* f = nullptr) {
        Text(row, 0, label, f);
        Count(row, 1, t.count);
        Money(row, 2, t.amount_vnd);
    }

    lxw_worksheet* ws_;
    lxw_format *text_, *count_, *money_, *header_, *title_, *subtitle_;
    lxw_error error = LXW_NO_ERROR;
};

void WriteSheet(Writer& w, const payments::ReconciliationReport& r) {
    for (int c = 0; c < kColumns; ++c)
        w.Check(worksheet_set_column(w.ws_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), kWidths[c],
                                     nullptr));
    w.Merged(0, "BẢNG ĐỐI SOÁT THANH TOÁN PHÍ, LỆ PHÍ", w.title_);
    w.Merged(1, r.unit_name.empty() ? r.unit_code : r.unit_name + " (" + r.unit_code + ")", w.subtitle_);
    w.Merged(2, "Ngày " + ShowDay(r.day), w.subtitle_);
    int row = 3;
    w.Text(row, 0, "Yêu cầu thanh toán lập trong ngày", w.header_);
    w.Text(row, 1, "Số yêu cầu", w.header_);
    w.Text(row, 2, "Số tiền (đồng)", w.header_);
    ++row;
    w.Tally(row++, "Đã lập (phải thu)", r.expected);
    w.Tally(row++, "Đã thanh toán qua cổng thanh toán", r.paid_gateway);
    w.Tally(row++, "Đã nộp tiền mặt tại quầy", r.paid_cash);
    w.Tally(row++, "Đã chuyển khoản", r.paid_transfer);
    w.Tally(row++, "Không thành công", r.failed);
    w.Tally(row++, "Đã hủy", r.cancelled);
    w.Tally(row++, "Hết hạn", r.expired);
    w.Tally(row++, "Đang chờ thanh toán", r.pending);
    w.Tally(row++, "Cộng", r.Accounted(), w.header_);
    ++row;
    w.Text(row, 0, "Tiền đã thu trong ngày", w.header_);
    w.Text(row, 1, "Số giao dịch", w.header_);
    w.Text(row, 2, "Số tiền (đồng)", w.header_);
    ++row;
    w.Tally(row++, "Qua cổng thanh toán", r.received_gateway);
    w.Tally(row++, "Tiền mặt", r.received_cash);
    w.Tally(row++, "Chuyển khoản", r.received_transfer);
    w.Tally(row++, "Tổng cộng", r.ReceivedTotal(), w.header_);
    ++row;
    w.Text(row, 0, "Kết quả đối soát", w.header_);
    w.Text(row, 1, r.Balanced() ? "Khớp" : "Không khớp", w.header_);
    row += 2;
    if (r.mismatches.empty()) return;
    const char* headings[] = {"Chênh lệch",      "Mã giao dịch",      "Mã hồ sơ",
                              "Số tiền yêu cầu", "Số tiền thông báo", "Thời điểm (UTC)"};
    for (int c = 0; c < kColumns; ++c) w.Text(row, c, headings[c], w.header_);
    ++row;
    for (const auto& m : r.mismatches) {
        w.Text(row, 0, MismatchLabel(m.kind));
        w.Text(row, 1, m.txn_ref);
        w.Text(row, 2, m.dossier_code);
        if (m.expected_vnd >= 0) w.Money(row, 3, m.expected_vnd);
        if (m.notified_vnd >= 0) w.Money(row, 4, m.notified_vnd);
        w.Text(row, 5, m.at);
        ++row;
    }
}

}  // namespace

core::Result<std::string> RenderReconciliationXlsx(const payments::ReconciliationReport& report,
                                                   const std::string& temp_dir) {
    return spreadsheet::RenderWorkbook({"reconciliation.xlsx", temp_dir, "", kReconciliationSheetName},
                                       [&report](lxw_workbook* wb, lxw_worksheet* ws) {
                                           Writer writer(wb, ws);
                                           WriteSheet(writer, report);
                                           return writer.error;
                                       });
}

}  // namespace mocua::adapters::registers
