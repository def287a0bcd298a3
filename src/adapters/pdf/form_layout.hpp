#pragma once
// The building blocks every printed one-stop form shares, on top of PdfDocument: the A5 document with
// its metadata, the top of the page (Circular 01/2023 Art. 26 QR code top-left, the two-column header
// with authority / Quốc hiệu / Tiêu ngữ, the title and the dossier code), body text, signature blocks
// and the footnote. Receipt (Mẫu 01) and notices (Mẫu 02, 03) are each one function on these.
// docs/adr/0052-pdf-forms.md explains the choices.
//
// Texts from data go through Markup/Plain: NFC (core::text::ToNfc), so decomposed input prints and
// extracts as precomposed Vietnamese, and Markup escapes it for pango markup.
//
// Thread-safety: pure functions on a document the caller owns.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/pdf/pdf_document.hpp"
#include "core/result.hpp"
#include "domain/forms/form_common.hpp"

namespace mocua::adapters::pdf {

// Decree 30/2020/NĐ-CP names Times New Roman for administrative documents. It is not free; Liberation
// Serif (Debian: fonts-liberation2) has the same metrics, so line breaks match a Times New Roman print.
inline constexpr const char* kDefaultFormFontFamily = "Liberation Serif";
inline constexpr const char* kDefaultFormFontPackage = "fonts-liberation2";

struct FormRenderOptions {
    std::string font_family = kDefaultFormFontFamily;
    std::string font_package = kDefaultFormFontPackage;  // named in pdf.font_missing errors
};

// Font sizes of the forms, in points.
inline constexpr double kFormHeaderPt = 9.5;
inline constexpr double kFormBodyPt = 11.0;
inline constexpr double kFormTitlePt = 13.0;
// What an empty optional field prints as.
inline constexpr const char* kFormBlank = "……………………";

// `text` in NFC, escaped for pango markup. Precondition: valid UTF-8.
std::string Markup(std::string_view text);
// `text` in NFC (for plain, non-markup boxes such as table cells).
std::string Plain(std::string_view text);
// Markup(text), or kFormBlank when `text` is empty.
std::string MarkupOrBlank(std::string_view text);
// "07" for 7.
std::string TwoDigits(int n);

TextStyle FormStyle(double size_pt, bool bold = false, Align align = Align::kLeft, bool italic = false);
// Justified markup body text, kFormBodyPt, line spacing 1.1.
TextStyle FormBodyStyle();

// The paper of a form: Circular 01/2018 prints the reception forms on A5 and the register on A4; the
// control sheet's seven-column table needs A4 landscape.
enum class FormPaper { kA5Portrait, kA4Landscape };

// A document on `paper` with the forms' margins and fonts, metadata title `title`, creator "Mở Cửa" and
// creation date `issued_at` (so the same data gives the same bytes). Errors: pdf.font_missing,
// pdf.cairo (pdf_document.hpp).
core::Result<std::unique_ptr<PdfDocument>> CreateFormDocument(const FormRenderOptions& options,
                                                              const std::string& title,
                                                              const domain::forms::LocalDateTime& issued_at,
                                                              FormPaper paper = FormPaper::kA5Portrait);

// Prints "Trang <n>/<total>" (or "Trang <n>" when total is 0) centred in the bottom margin of every page
// of `doc` from now on (PdfDocument::set_page_footer).
void NumberPages(PdfDocument& doc, int total_pages);

// Draws the top of the first page: the QR code of `qr_payload` top-left (27 mm with its quiet zone),
// the header (`header`, dated `date`; the right column keeps to the right edge of wider pages), the
// centred bold `title` and "Mã hồ sơ: <dossier_code>", and leaves the cursor below them. Errors:
// pdf.qr_failed, pdf.cairo.
core::Result<void> DrawFormTop(PdfDocument& doc, const domain::forms::FormHeader& header,
                               const domain::forms::LocalDateTime& date, std::string_view qr_payload,
                               std::string_view title, std::string_view dossier_code);

// Each of `lines` (markup) as a paragraph in `style`.
core::Result<void> DrawParagraphs(PdfDocument& doc, const std::vector<std::string>& lines,
                                  const TextStyle& style);

// A signature block: the title in bold capitals, the hint "(Ký và ghi rõ họ tên)", space to sign, the
// name.
struct SignatureBlock {
    std::string title;  // "NGƯỜI TIẾP NHẬN HỒ SƠ"
    std::string name;   // plain text; may be empty
    std::string hint = "(Ký và ghi rõ họ tên)";  // under the title; a head of agency also seals
};

// Signature blocks side by side, each half the content width, at the cursor (on a new page when they
// do not fit). A single block goes in the right half, as on administrative documents.
core::Result<void> DrawSignatures(PdfDocument& doc, const std::vector<SignatureBlock>& blocks);

// A numbered item: "<number>." in a hanging indent, then each of `lines` (markup) below one another in
// the rest of the width, in FormBodyStyle. The whole item moves to the next page when it does not fit.
core::Result<void> DrawNumberedItem(PdfDocument& doc, int number, const std::vector<std::string>& lines);

// A centred italic small-print line (the hotline) after some space; nothing when `text` is empty.
core::Result<void> DrawFootnote(PdfDocument& doc, std::string_view text);

}  // namespace mocua::adapters::pdf
