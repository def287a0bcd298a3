#include "adapters/pdf/receipt_pdf.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/pdf/pdf_document.hpp"

namespace mocua::adapters::pdf {
namespace {

using domain::forms::CopyKindLabel;
using domain::forms::ReceiptData;

// Layout of the A5 page, in millimetres (Circular 01/2018 fixes the paper size, not the layout; this
// follows the two-column header of Decree 30/2020 Annex I scaled to A5).
constexpr double kMarginMm = 8.0;
constexpr double kQrXMm = 6.0, kQrYMm = 5.0, kQrSideMm = 27.0;  // includes the 4-module quiet zone
constexpr double kLeftHeaderXMm = 33.0, kLeftHeaderWidthMm = 40.0;
constexpr double kRightHeaderXMm = 74.0, kRightHeaderWidthMm = 68.0;

constexpr double kHeaderPt = 9.5;
constexpr double kBodyPt = 11.0;
constexpr double kTitlePt = 13.0;
constexpr const char* kBlank = "……………………";

std::string Esc(std::string_view s) { return EscapeMarkup(s); }
std::string OrBlank(const std::string& s) { return s.empty() ? std::string(kBlank) : Esc(s); }

std::string TwoDigits(int n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d", n);
    return buf;
}

TextStyle Style(double size, bool bold = false, Align align = Align::kLeft, bool italic = false) {
    TextStyle s;
    s.size_pt = size;
    s.bold = bold;
    s.italic = italic;
    s.align = align;
    return s;
}

TextStyle Body() {
    TextStyle s = Style(kBodyPt, false, Align::kJustify);
    s.markup = true;
    s.line_spacing = 1.1;
    return s;
}

// Draws a centred short rule under a header block, `fraction` of the column wide.
void UnderRule(PdfDocument& doc, double x, double width, double y, double fraction) {
    const double w = width * fraction;
    doc.Rule(x + (width - w) / 2, x + (width + w) / 2, y, 0.6);
}

core::Result<double> Header(PdfDocument& doc, const ReceiptData& d) {
    const double top = MmToPt(kMarginMm);
    // Left: the authority, its receiving section, the number.
    const double lx = MmToPt(kLeftHeaderXMm), lw = MmToPt(kLeftHeaderWidthMm);
    double y = top;
    auto h = doc.TextAt(lx, y, lw, d.authority_name, Style(kHeaderPt, false, Align::kCenter));
    if (!h) return h.error();
    y += *h;
    h = doc.TextAt(lx, y, lw, d.receiving_section, Style(kHeaderPt, true, Align::kCenter));
    if (!h) return h.error();
    y += *h + 2;
    UnderRule(doc, lx, lw, y, 0.35);
    y += 4;
    h = doc.TextAt(lx, y, lw, "Số: " + (d.number.empty() ? std::string(kBlank) : d.number),
                   Style(kHeaderPt, false, Align::kCenter));
    if (!h) return h.error();
    const double left_bottom = y + *h;

    // Right: Quốc hiệu, Tiêu ngữ (underlined by a rule), place and date.
    const double rx = MmToPt(kRightHeaderXMm), rw = MmToPt(kRightHeaderWidthMm);
    y = top;
    h = doc.TextAt(rx, y, rw, d.national_name, Style(kHeaderPt, true, Align::kCenter));
    if (!h) return h.error();
    y += *h;
    h = doc.TextAt(rx, y, rw, d.motto, Style(kHeaderPt + 1, true, Align::kCenter));
    if (!h) return h.error();
    y += *h + 2;
    UnderRule(doc, rx, rw, y, 0.55);
    y += 6;
    const auto& r = d.received_at;
    const std::string date = (d.place.empty() ? std::string(kBlank) : d.place) + ", ngày " +
                             TwoDigits(r.day) + " tháng " + TwoDigits(r.month) + " năm " +
                             std::to_string(r.year);
    h = doc.TextAt(rx, y, rw, date, Style(kHeaderPt, false, Align::kCenter, true));
    if (!h) return h.error();
    const double right_bottom = y + *h;
    return std::max({left_bottom, right_bottom, MmToPt(kQrYMm + kQrSideMm) - 6});
}

core::Result<void> Signatures(PdfDocument& doc, const ReceiptData& d) {
    const double half = doc.content_width() / 2;
    const double signature_space = 52;
    auto title_h = doc.Measure("X", half, Style(kBodyPt, true));
    if (!title_h) return title_h.error();
    doc.EnsureSpace(*title_h * 3 + signature_space);
    const double y = doc.cursor();
    double bottom = y;
    const std::pair<const std::string*, const std::string*> columns[] = {
        {&d.applicant_signature_title, &d.applicant_name},
        {&d.receiver_signature_title, &d.receiver_name},
    };
    double x = doc.content_left();
    for (const auto& [title, name] : columns) {
        double yy = y;
        auto h = doc.TextAt(x, yy, half, *title, Style(kBodyPt, true, Align::kCenter));
        if (!h) return h.error();
        yy += *h;
        h = doc.TextAt(x, yy, half, "(Ký và ghi rõ họ tên)",
                       Style(kBodyPt - 1.5, false, Align::kCenter, true));
        if (!h) return h.error();
        yy += *h + signature_space;
        h = doc.TextAt(x, yy, half, *name, Style(kBodyPt, true, Align::kCenter));
        if (!h) return h.error();
        bottom = std::max(bottom, yy + *h);
        x += half;
    }
    doc.set_cursor(bottom);
    return {};
}

}  // namespace

core::Result<std::string> RenderReceipt(const ReceiptData& d, const ReceiptRenderOptions& options) {
    auto payload = domain::forms::ReceiptQrPayload(d);  // validates `d` too
    if (!payload) return payload.error();

    DocumentOptions doc_options;
    doc_options.margins = {MmToPt(kMarginMm), MmToPt(kMarginMm + 2), MmToPt(kMarginMm),
                           MmToPt(kMarginMm + 2)};
    doc_options.font_family = options.font_family;
    doc_options.font_package = options.font_package;
    doc_options.title = std::string(domain::forms::kReceiptDocumentName) + " " + d.dossier_code;
    doc_options.creator = "Mở Cửa";
    auto created = domain::forms::FormatIso8601(d.issued_at);  // "…T08:30+07:00": cairo wants seconds
    created.insert(16, ":00");
    doc_options.create_date = created;
    auto created_doc = PdfDocument::Create(doc_options);
    if (!created_doc) return created_doc.error();
    PdfDocument& doc = **created_doc;

    if (auto qr = doc.QrCode(MmToPt(kQrXMm), MmToPt(kQrYMm), MmToPt(kQrSideMm), *payload); !qr)
        return qr.error();
    auto header_bottom = Header(doc, d);
    if (!header_bottom) return header_bottom.error();
    doc.set_cursor(*header_bottom + 10);

    TextStyle title = Style(kTitlePt, true, Align::kCenter);
    if (auto ok = doc.Paragraph(kReceiptTitle, title); !ok) return ok.error();
    TextStyle code_line = Style(kBodyPt, false, Align::kCenter);
    code_line.markup = true;
    if (auto ok = doc.Paragraph("Mã hồ sơ: <b>" + Esc(d.dossier_code) + "</b>", code_line); !ok)
        return ok.error();
    doc.Space(6);

    const TextStyle body = Body();
    std::vector<std::string> lines = {
        "Tiếp nhận hồ sơ của Ông/Bà: <b>" + Esc(d.applicant_name) + "</b>",
        "Địa chỉ: " + OrBlank(d.address),
        "Số điện thoại: " + OrBlank(d.phone) + "     Thư điện tử: " + OrBlank(d.email),
        "Nội dung yêu cầu giải quyết: <b>" + Esc(d.request) + "</b>",
        "1. Thành phần hồ sơ nộp gồm:",
    };
    for (const auto& line : lines) {
        if (auto ok = doc.Paragraph(line, body); !ok) return ok.error();
    }
    doc.Space(2);

    const double w = doc.content_width();
    const std::vector<TableColumn> columns = {{w * 0.08, Align::kCenter},
                                              {w * 0.52, Align::kLeft},
                                              {w * 0.27, Align::kCenter},
                                              {w * 0.13, Align::kCenter}};
    std::vector<std::vector<std::string>> rows = {{"STT", "Tên giấy tờ", "Bản chính/Bản sao", "Số lượng"}};
    for (std::size_t i = 0; i < d.components.size(); ++i) {
        const auto& c = d.components[i];
        rows.push_back({std::to_string(i + 1), c.name, CopyKindLabel(c.kind), TwoDigits(c.quantity)});
    }
    if (auto ok = doc.Table(columns, rows, Style(kBodyPt - 0.5, true), Style(kBodyPt - 0.5)); !ok)
        return ok.error();
    doc.Space(3);

    lines = {
        "2. Số lượng hồ sơ: " + TwoDigits(d.number_of_sets) + " bộ.",
        "3. Thời gian giải quyết hồ sơ theo quy định: " + Esc(d.legal_time_limit) + ".",
        "4. Thời gian nhận hồ sơ: " + domain::forms::FormatVietnameseDateTime(d.received_at) + ".",
        "5. Thời gian trả kết quả giải quyết hồ sơ: <b>" +
            domain::forms::FormatVietnameseDateTime(d.appointment_at) + "</b>.",
        "6. Đăng ký nhận kết quả tại: " + Esc(d.result_delivery) + ".",
    };
    if (!d.fees.empty()) lines.push_back("7. Phí, lệ phí: " + Esc(d.fees) + ".");
    lines.push_back("Vào Sổ theo dõi hồ sơ, Quyển số: " + OrBlank(d.register_book) +
                    ", Số thứ tự: " + OrBlank(d.register_serial) + ".");
    for (const auto& line : lines) {
        if (auto ok = doc.Paragraph(line, body); !ok) return ok.error();
    }
    doc.Space(8);

    if (auto ok = Signatures(doc, d); !ok) return ok.error();
    if (!d.hotline.empty()) {
        doc.Space(8);
        if (auto ok = doc.Paragraph(d.hotline, Style(kBodyPt - 1.5, false, Align::kCenter, true)); !ok) {
            return ok.error();
        }
    }
    return doc.Finish();
}

}  // namespace mocua::adapters::pdf
