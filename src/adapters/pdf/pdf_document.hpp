#pragma once
// A small page-layout helper for printed forms: a cairo PDF surface with text shaped by pango
// (HarfBuzz through pangocairo, fonts found by fontconfig), so Vietnamese stacked diacritics come out
// right, and the fonts are embedded (subset) in the PDF. Units are PDF points (1/72 in); y grows
// downwards from the top edge of the page. docs/adr/0052-pdf-forms.md explains the choices.
//
// Usage: Create → draw text, tables, rules and QR codes, moving a vertical cursor → Finish.
//
// Errors: core::Error whose message starts with a stable code ("pdf.font_missing: …"):
//   pdf.font_missing  (kUnavailable)     fontconfig has no font of the family; the message names the
//                                        Debian package that provides it
//   pdf.bad_text      (kInvalidArgument) a text is not valid UTF-8
//   pdf.qr_failed     (kInvalidArgument) libqrencode cannot encode the payload (too long)
//   pdf.cairo         (kInternal)        cairo reported an error
//
// Thread-safety: one PdfDocument per thread. Distinct documents may be built concurrently (cairo,
// pango and fontconfig are thread-safe for distinct objects).
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace mocua::adapters::pdf {

inline constexpr double kPointsPerMm = 72.0 / 25.4;
inline constexpr double MmToPt(double mm) { return mm * kPointsPerMm; }

// ISO 216 A5 portrait: 148 × 210 mm = 419.53 × 595.28 pt.
inline constexpr double kA5WidthPt = 148.0 * kPointsPerMm;
inline constexpr double kA5HeightPt = 210.0 * kPointsPerMm;

// ISO 216 A4: 210 × 297 mm = 595.28 × 841.89 pt (portrait; swap for landscape).
inline constexpr double kA4ShortPt = 210.0 * kPointsPerMm;
inline constexpr double kA4LongPt = 297.0 * kPointsPerMm;

enum class Align { kLeft, kCenter, kRight, kJustify };

struct TextStyle {
    double size_pt = 11.0;
    bool bold = false;
    bool italic = false;
    Align align = Align::kLeft;
    // The text is pango markup (<b>, <i>, <u>); build it with EscapeMarkup for data.
    bool markup = false;
    double line_spacing = 1.0;  // multiple of the font's natural line height
};

struct Margins {
    double top = 0, right = 0, bottom = 0, left = 0;  // points
};

struct TableColumn {
    double width = 0;  // points; the widths add up to the table's width
    Align align = Align::kLeft;
};

// Escapes '&', '<', '>', '\'' and '"' for pango markup. Precondition: valid UTF-8.
std::string EscapeMarkup(std::string_view text);

// Returns an error (pdf.font_missing) unless fontconfig resolves `family` to a font of that family
// (not a fallback). `debian_package` is named in the message.
core::Result<void> RequireFontFamily(std::string_view family, std::string_view debian_package);

struct DocumentOptions {
    double width_pt = kA5WidthPt;
    double height_pt = kA5HeightPt;
    Margins margins;
    std::string font_family;   // checked with RequireFontFamily
    std::string font_package;  // the Debian package of font_family, for the error message
    // PDF metadata. `create_date` is ISO 8601 ("2026-11-27T08:30+07:00"); empty keeps cairo's default
    // (now). Setting it makes the output reproducible.
    std::string title, author, creator, create_date;
};

class PdfDocument {
public:
    static core::Result<std::unique_ptr<PdfDocument>> Create(const DocumentOptions& options);
    ~PdfDocument();
    PdfDocument(const PdfDocument&) = delete;
    PdfDocument& operator=(const PdfDocument&) = delete;

    double content_left() const { return options_.margins.left; }
    double content_width() const {
        return options_.width_pt - options_.margins.left - options_.margins.right;
    }
    double content_bottom() const { return options_.height_pt - options_.margins.bottom; }

    // The vertical cursor (points from the top edge) where flowing content goes next.
    double cursor() const { return cursor_; }
    void set_cursor(double y) { cursor_ = y; }
    void Space(double pt) { cursor_ += pt; }

    // Starts a new page when fewer than `height` points remain above the bottom margin.
    void EnsureSpace(double height);

    // The number of the page being drawn (1 for the first).
    int page_number() const { return page_number_; }
    // Called with the document and the page number just before each page is closed (by EnsureSpace,
    // Table or Finish): for page numbers in the bottom margin. It draws with TextAt; it must not move
    // the cursor or start pages.
    void set_page_footer(std::function<void(PdfDocument&, int page_number)> footer) {
        page_footer_ = std::move(footer);
    }

    // Height of `text` laid out `width` points wide (wrapped at word boundaries).
    core::Result<double> Measure(std::string_view text, double width, const TextStyle& style);
    // Draws `text` in the box starting at (x, y), `width` wide; returns the height used.
    core::Result<double> TextAt(double x, double y, double width, std::string_view text,
                                const TextStyle& style);
    // Draws `text` across the content width at the cursor (breaking the page first if it does not fit)
    // and moves the cursor below it.
    core::Result<void> Paragraph(std::string_view text, const TextStyle& style);

    // A table at the cursor with 0.5 pt borders around every cell; the first row is the header, drawn in
    // `header` style. Cells are plain text (not markup), wrapped within their column with `padding` on
    // every side. Starts a new page before a row that does not fit; with `repeat_header` the header row
    // is drawn again at the top of each new page, and it is never left alone at the bottom of a page.
    // Moves the cursor below the table.
    core::Result<void> Table(const std::vector<TableColumn>& columns,
                             const std::vector<std::vector<std::string>>& rows, const TextStyle& header,
                             const TextStyle& body, double padding = 3.0, bool repeat_header = false);

    // A horizontal line from x1 to x2 at y, `width` points thick.
    void Rule(double x1, double x2, double y, double width = 0.5);

    // A QR code (libqrencode, error correction M, 8-bit mode, UTF-8 bytes) as vector squares in the
    // `side`-point square at (x, y), which includes the 4-module quiet zone ISO/IEC 18004 requires.
    core::Result<void> QrCode(double x, double y, double side, std::string_view payload);

    // Ends the document and returns the PDF bytes. The document cannot be drawn on afterwards.
    core::Result<std::string> Finish();

private:
    struct Impl;
    explicit PdfDocument(DocumentOptions options);
    core::Result<void> LayoutFor(std::string_view text, double width, const TextStyle& style);
    void NewPage();
    core::Result<double> RowHeight(const std::vector<TableColumn>& columns, const std::vector<std::string>& row,
                                   const TextStyle& style, double padding);
    core::Result<void> DrawRow(const std::vector<TableColumn>& columns, const std::vector<std::string>& row,
                               const TextStyle& style, bool is_header, double height, double padding);

    DocumentOptions options_;
    double cursor_ = 0;
    int page_number_ = 1;
    std::function<void(PdfDocument&, int)> page_footer_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace mocua::adapters::pdf
