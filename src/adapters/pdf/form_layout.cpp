#include "adapters/pdf/form_layout.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "core/text/text.hpp"

namespace mocua::adapters::pdf {
namespace {

using domain::forms::FormHeader;
using domain::forms::LocalDateTime;

// Layout of the A5 page, in millimetres (Circular 01/2018 fixes the paper size, not the layout; this
// follows the two-column header of Decree 30/2020 Annex I scaled to A5).
constexpr double kMarginMm = 8.0;
constexpr double kQrXMm = 6.0, kQrYMm = 5.0, kQrSideMm = 27.0;  // includes the 4-module quiet zone
// The header columns: on A5 the left one is 40 mm wide from x = 33 mm and the right one 68 mm wide from
// x = 74 mm (6 mm from the right edge); wider pages give both columns more room and keep the right one
// 6 mm from the right edge.
constexpr double kLeftHeaderXMm = 33.0, kLeftHeaderWidthMm = 40.0, kWideLeftHeaderWidthMm = 80.0;
constexpr double kRightHeaderWidthMm = 68.0, kWideRightHeaderWidthMm = 90.0, kRightHeaderGapMm = 6.0;
constexpr double kNumberWidthPt = 16;  // the hanging indent of numbered items

// Draws a centred short rule under a header block, `fraction` of the column wide.
void UnderRule(PdfDocument& doc, double x, double width, double y, double fraction) {
    const double w = width * fraction;
    doc.Rule(x + (width - w) / 2, x + (width + w) / 2, y, 0.6);
}

// Draws the centred lines of one header column from `top`; returns the bottom. A negative `rule_after`
// index draws no rule; otherwise a rule `rule_fraction` wide follows that line.
struct HeaderLine {
    std::string text;
    TextStyle style;
};
core::Result<double> HeaderColumn(PdfDocument& doc, double x, double width, double top,
                                  const std::vector<HeaderLine>& lines, std::size_t rule_after,
                                  double rule_fraction, double gap_after_rule) {
    double y = top;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        auto h = doc.TextAt(x, y, width, lines[i].text, lines[i].style);
        if (!h) return h.error();
        y += *h;
        if (i == rule_after) {
            y += 2;
            UnderRule(doc, x, width, y, rule_fraction);
            y += gap_after_rule;
        }
    }
    return y;
}

core::Result<double> Header(PdfDocument& doc, const FormHeader& h, const LocalDateTime& date) {
    const double top = MmToPt(kMarginMm);
    const double page_width_mm = (doc.content_left() * 2 + doc.content_width()) / kPointsPerMm;
    const bool wide = page_width_mm > 150;
    const double left_width_mm = wide ? kWideLeftHeaderWidthMm : kLeftHeaderWidthMm;
    const double right_width_mm = wide ? kWideRightHeaderWidthMm : kRightHeaderWidthMm;
    const double right_x_mm = page_width_mm - kRightHeaderGapMm - right_width_mm;
    const TextStyle plain = FormStyle(kFormHeaderPt, false, Align::kCenter);
    const TextStyle bold = FormStyle(kFormHeaderPt, true, Align::kCenter);
    // Left: the authority, its receiving section, the number.
    auto left =
        HeaderColumn(doc, MmToPt(kLeftHeaderXMm), MmToPt(left_width_mm), top,
                     {{Plain(h.authority_name), plain},
                      {Plain(h.receiving_section), bold},
                      {"Số: " + (h.number.empty() ? std::string(kFormBlank) : Plain(h.number)), plain}},
                     1, 0.35, 4);
    if (!left) return left.error();
    // Right: Quốc hiệu, Tiêu ngữ (underlined by a rule), place and date.
    const std::string place = h.place.empty() ? std::string(kFormBlank) : Plain(h.place);
    auto right = HeaderColumn(doc, MmToPt(right_x_mm), MmToPt(right_width_mm), top,
                              {{Plain(h.national_name), bold},
                               {Plain(h.motto), FormStyle(kFormHeaderPt + 1, true, Align::kCenter)},
                               {domain::forms::FormatPlaceAndDate(place, date),
                                FormStyle(kFormHeaderPt, false, Align::kCenter, true)}},
                              1, 0.55, 6);
    if (!right) return right.error();
    return std::max({*left, *right, MmToPt(kQrYMm + kQrSideMm) - 6});
}

}  // namespace

std::string Markup(std::string_view text) { return EscapeMarkup(core::text::ToNfc(text)); }
std::string Plain(std::string_view text) { return core::text::ToNfc(text); }
std::string MarkupOrBlank(std::string_view text) {
    return text.empty() ? std::string(kFormBlank) : Markup(text);
}

std::string TwoDigits(int n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d", n);
    return buf;
}

TextStyle FormStyle(double size_pt, bool bold, Align align, bool italic) {
    TextStyle s;
    s.size_pt = size_pt;
    s.bold = bold;
    s.italic = italic;
    s.align = align;
    return s;
}

TextStyle FormBodyStyle() {
    TextStyle s = FormStyle(kFormBodyPt, false, Align::kJustify);
    s.markup = true;
    s.line_spacing = 1.1;
    return s;
}

core::Result<std::unique_ptr<PdfDocument>> CreateFormDocument(const FormRenderOptions& options,
                                                              const std::string& title,
                                                              const LocalDateTime& issued_at, FormPaper paper) {
    DocumentOptions doc_options;
    if (paper == FormPaper::kA4Landscape) {
        doc_options.width_pt = kA4LongPt;
        doc_options.height_pt = kA4ShortPt;
    }
    doc_options.margins = {MmToPt(kMarginMm), MmToPt(kMarginMm + 2), MmToPt(kMarginMm),
                           MmToPt(kMarginMm + 2)};
    doc_options.font_family = options.font_family;
    doc_options.font_package = options.font_package;
    doc_options.title = Plain(title);
    doc_options.creator = "Mở Cửa";
    auto created = domain::forms::FormatIso8601(issued_at);  // "…T08:30+07:00": cairo wants seconds
    created.insert(16, ":00");
    doc_options.create_date = created;
    return PdfDocument::Create(doc_options);
}

core::Result<void> DrawFormTop(PdfDocument& doc, const FormHeader& header, const LocalDateTime& date,
                               std::string_view qr_payload, std::string_view title,
                               std::string_view dossier_code) {
    if (auto qr = doc.QrCode(MmToPt(kQrXMm), MmToPt(kQrYMm), MmToPt(kQrSideMm), qr_payload); !qr)
        return qr.error();
    auto header_bottom = Header(doc, header, date);
    if (!header_bottom) return header_bottom.error();
    doc.set_cursor(*header_bottom + 10);

    if (auto ok = doc.Paragraph(title, FormStyle(kFormTitlePt, true, Align::kCenter)); !ok) return ok;
    TextStyle code_line = FormStyle(kFormBodyPt, false, Align::kCenter);
    code_line.markup = true;
    if (auto ok = doc.Paragraph("Mã hồ sơ: <b>" + Markup(dossier_code) + "</b>", code_line); !ok) return ok;
    doc.Space(6);
    return {};
}

core::Result<void> DrawParagraphs(PdfDocument& doc, const std::vector<std::string>& lines,
                                  const TextStyle& style) {
    for (const auto& line : lines) {
        if (auto ok = doc.Paragraph(line, style); !ok) return ok;
    }
    return {};
}

core::Result<void> DrawSignatures(PdfDocument& doc, const std::vector<SignatureBlock>& blocks) {
    const double half = doc.content_width() / 2;
    const double signature_space = 52;
    auto title_h = doc.Measure("X", half, FormStyle(kFormBodyPt, true));
    if (!title_h) return title_h.error();
    doc.EnsureSpace(*title_h * 3 + signature_space);
    const double y = doc.cursor();
    double bottom = y;
    double x = doc.content_left() + (blocks.size() == 1 ? half : 0);
    for (const auto& block : blocks) {
        double yy = y;
        auto h = doc.TextAt(x, yy, half, Plain(block.title), FormStyle(kFormBodyPt, true, Align::kCenter));
        if (!h) return h.error();
        yy += *h;
        h = doc.TextAt(x, yy, half, Plain(block.hint),
                       FormStyle(kFormBodyPt - 1.5, false, Align::kCenter, true));
        if (!h) return h.error();
        yy += *h + signature_space;
        h = doc.TextAt(x, yy, half, Plain(block.name), FormStyle(kFormBodyPt, true, Align::kCenter));
        if (!h) return h.error();
        bottom = std::max(bottom, yy + *h);
        x += half;
    }
    doc.set_cursor(bottom);
    return {};
}

void NumberPages(PdfDocument& doc, int total_pages) {
    doc.set_page_footer([total_pages](PdfDocument& d, int page) {
        std::string text = "Trang " + std::to_string(page);
        if (total_pages > 0) text += "/" + std::to_string(total_pages);
        // In the bottom margin; a failure here (bad font) would have failed the body text first.
        (void)d.TextAt(d.content_left(), d.content_bottom() + 8, d.content_width(), text,
                       FormStyle(kFormHeaderPt, false, Align::kCenter));
    });
}

core::Result<void> DrawNumberedItem(PdfDocument& doc, int number, const std::vector<std::string>& lines) {
    const TextStyle body = FormBodyStyle();
    const double x = doc.content_left() + kNumberWidthPt;
    const double width = doc.content_width() - kNumberWidthPt;
    double height = 0;
    for (const auto& line : lines) {
        auto h = doc.Measure(line, width, body);
        if (!h) return h.error();
        height += *h;
    }
    doc.EnsureSpace(height);
    double y = doc.cursor();
    TextStyle number_style = body;
    number_style.align = Align::kLeft;
    if (auto h = doc.TextAt(doc.content_left(), y, kNumberWidthPt, std::to_string(number) + ".", number_style); !h)
        return h.error();
    for (const auto& line : lines) {
        auto h = doc.TextAt(x, y, width, line, body);
        if (!h) return h.error();
        y += *h;
    }
    doc.set_cursor(y);
    return {};
}

core::Result<void> DrawFootnote(PdfDocument& doc, std::string_view text) {
    if (text.empty()) return {};
    doc.Space(8);
    return doc.Paragraph(Plain(text), FormStyle(kFormBodyPt - 1.5, false, Align::kCenter, true));
}

}  // namespace mocua::adapters::pdf
