#include "adapters/pdf/pdf_document.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <algorithm>
#include <utility>

namespace mocua::adapters::pdf {
namespace {

core::Error Failure(core::ErrorCode code, std::string_view rule, std::string_view detail) {
    return {code, std::string(rule) + ": " + std::string(detail)};
}

core::Error CairoError(cairo_status_t status) {
    return Failure(core::ErrorCode::kInternal, "pdf.cairo", cairo_status_to_string(status));
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

PangoAlignment ToPango(Align align) {
    switch (align) {
        case Align::kCenter:
            return PANGO_ALIGN_CENTER;
        case Align::kRight:
            return PANGO_ALIGN_RIGHT;
        default:
            return PANGO_ALIGN_LEFT;
    }
}

bool SameFamily(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return g_ascii_tolower(x) == g_ascii_tolower(y);
           });
}

}  // namespace

std::string EscapeMarkup(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '\'':
                out += "&apos;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

core::Result<void> RequireFontFamily(std::string_view family, std::string_view debian_package) {
    const std::string wanted(family);
    FcPattern* pattern = FcNameParse(reinterpret_cast<const FcChar8*>(""));
    if (pattern == nullptr)
        return Failure(core::ErrorCode::kInternal, "pdf.font_missing", "fontconfig failed");
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(wanted.c_str()));
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result = FcResultNoMatch;
    FcPattern* match = FcFontMatch(nullptr, pattern, &result);
    FcPatternDestroy(pattern);
    bool found = false;
    if (match != nullptr) {
        FcChar8* matched_family = nullptr;
        // A font may list several family names (localised ones); any of them may be the one asked for.
        for (int i = 0; FcPatternGetString(match, FC_FAMILY, i, &matched_family) == FcResultMatch; ++i) {
            if (SameFamily(reinterpret_cast<const char*>(matched_family), wanted)) {
                found = true;
                break;
            }
        }
        FcPatternDestroy(match);
    }
    if (found) return {};
    return Failure(core::ErrorCode::kUnavailable, "pdf.font_missing",
                   "fontconfig has no font of the family '" + wanted + "'; install the Debian package " +
                       std::string(debian_package));
}

struct PdfDocument::Impl {
    std::string bytes;
    cairo_surface_t* surface = nullptr;
    cairo_t* cr = nullptr;
    PangoLayout* layout = nullptr;
    bool finished = false;

    ~Impl() {
        if (layout != nullptr) g_object_unref(layout);
        if (cr != nullptr) cairo_destroy(cr);
        if (surface != nullptr) cairo_surface_destroy(surface);
    }
};

PdfDocument::PdfDocument(DocumentOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>()) {}

PdfDocument::~PdfDocument() = default;

core::Result<std::unique_ptr<PdfDocument>> PdfDocument::Create(const DocumentOptions& options) {
    if (auto font = RequireFontFamily(options.font_family, options.font_package); !font) return font.error();
    std::unique_ptr<PdfDocument> doc(new PdfDocument(options));
    Impl& impl = *doc->impl_;
    impl.surface = cairo_pdf_surface_create_for_stream(&AppendToString, &impl.bytes, options.width_pt,
                                                       options.height_pt);
    if (const auto status = cairo_surface_status(impl.surface); status != CAIRO_STATUS_SUCCESS) {
        return CairoError(status);
    }
    cairo_pdf_surface_restrict_to_version(impl.surface, CAIRO_PDF_VERSION_1_5);
    const std::pair<cairo_pdf_metadata_t, const std::string*> metadata[] = {
        {CAIRO_PDF_METADATA_TITLE, &options.title},
        {CAIRO_PDF_METADATA_AUTHOR, &options.author},
        {CAIRO_PDF_METADATA_CREATOR, &options.creator},
        {CAIRO_PDF_METADATA_CREATE_DATE, &options.create_date},
    };
    for (const auto& [key, value] : metadata) {
        if (!value->empty()) cairo_pdf_surface_set_metadata(impl.surface, key, value->c_str());
    }
    impl.cr = cairo_create(impl.surface);
    if (const auto status = cairo_status(impl.cr); status != CAIRO_STATUS_SUCCESS) return CairoError(status);
    impl.layout = pango_cairo_create_layout(impl.cr);
    pango_layout_set_wrap(impl.layout, PANGO_WRAP_WORD_CHAR);
    doc->cursor_ = options.margins.top;
    return doc;
}

core::Result<void> PdfDocument::LayoutFor(std::string_view text, double width, const TextStyle& style) {
    if (g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr) == FALSE) {
        return Failure(core::ErrorCode::kInvalidArgument, "pdf.bad_text", "text is not valid UTF-8");
    }
    PangoLayout* layout = impl_->layout;
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family(font, options_.font_family.c_str());
    pango_font_description_set_absolute_size(font, style.size_pt * PANGO_SCALE);
    pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_alignment(layout, ToPango(style.align));
    pango_layout_set_justify(layout, style.align == Align::kJustify);
    pango_layout_set_line_spacing(layout, static_cast<float>(style.line_spacing));
    if (style.markup) {
        GError* error = nullptr;
        if (pango_parse_markup(text.data(), static_cast<int>(text.size()), 0, nullptr, nullptr, nullptr,
                               &error) == FALSE) {
            std::string detail = error != nullptr ? error->message : "bad markup";
            g_clear_error(&error);
            return Failure(core::ErrorCode::kInvalidArgument, "pdf.bad_text", detail);
        }
        pango_layout_set_markup(layout, text.data(), static_cast<int>(text.size()));
    } else {
        pango_layout_set_attributes(layout, nullptr);
        pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
    }
    return {};
}

core::Result<double> PdfDocument::Measure(std::string_view text, double width, const TextStyle& style) {
    if (auto ok = LayoutFor(text, width, style); !ok) return ok.error();
    int w = 0, h = 0;
    pango_layout_get_size(impl_->layout, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
}

core::Result<double> PdfDocument::TextAt(double x, double y, double width, std::string_view text,
                                         const TextStyle& style) {
    if (auto ok = LayoutFor(text, width, style); !ok) return ok.error();
    cairo_t* cr = impl_->cr;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, impl_->layout);
    int w = 0, h = 0;
    pango_layout_get_size(impl_->layout, &w, &h);
    return static_cast<double>(h) / PANGO_SCALE;
}

void PdfDocument::NewPage() {
    if (page_footer_) page_footer_(*this, page_number_);
    cairo_show_page(impl_->cr);
    ++page_number_;
    cursor_ = options_.margins.top;
}

void PdfDocument::EnsureSpace(double height) {
    if (cursor_ + height <= content_bottom() || cursor_ <= options_.margins.top) return;
    NewPage();
}

core::Result<void> PdfDocument::Paragraph(std::string_view text, const TextStyle& style) {
    auto height = Measure(text, content_width(), style);
    if (!height) return height.error();
    EnsureSpace(*height);
    auto drawn = TextAt(content_left(), cursor_, content_width(), text, style);
    if (!drawn) return drawn.error();
    cursor_ += *drawn;
    return {};
}

core::Result<double> PdfDocument::RowHeight(const std::vector<TableColumn>& columns,
                                            const std::vector<std::string>& row, const TextStyle& style,
                                            double padding) {
    // Cells are data, never markup, whatever the caller's style says.
    TextStyle cell_style = style;
    cell_style.markup = false;
    double row_height = 0;
    for (std::size_t c = 0; c < columns.size() && c < row.size(); ++c) {
        auto h = Measure(row[c], columns[c].width - 2 * padding, cell_style);
        if (!h) return h.error();
        row_height = std::max(row_height, *h);
    }
    return row_height + 2 * padding;
}

core::Result<void> PdfDocument::DrawRow(const std::vector<TableColumn>& columns,
                                        const std::vector<std::string>& row, const TextStyle& style,
                                        bool is_header, double height, double padding) {
    cairo_t* cr = impl_->cr;
    TextStyle cell_style = style;
    cell_style.markup = false;
    double x = content_left();
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (c < row.size()) {
            cell_style.align = is_header ? Align::kCenter : columns[c].align;
            auto h = TextAt(x + padding, cursor_ + padding, columns[c].width - 2 * padding, row[c], cell_style);
            if (!h) return h.error();
        }
        cairo_rectangle(cr, x, cursor_, columns[c].width, height);
        x += columns[c].width;
    }
    cairo_set_line_width(cr, 0.5);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_stroke(cr);
    cursor_ += height;
    return {};
}

core::Result<void> PdfDocument::Table(const std::vector<TableColumn>& columns,
                                      const std::vector<std::vector<std::string>>& rows,
                                      const TextStyle& header, const TextStyle& body, double padding,
                                      bool repeat_header) {
    if (rows.empty()) return {};
    auto header_height = RowHeight(columns, rows[0], header, padding);
    if (!header_height) return header_height.error();
    for (std::size_t r = 0; r < rows.size(); ++r) {
        auto height = RowHeight(columns, rows[r], r == 0 ? header : body, padding);
        if (!height) return height.error();
        if (repeat_header && r == 0 && rows.size() > 1) {
            // Keep the header with the first row.
            auto first = RowHeight(columns, rows[1], body, padding);
            if (!first) return first.error();
            EnsureSpace(*height + *first);
        } else if (repeat_header && r > 0 && cursor_ + *height > content_bottom() &&
                   cursor_ > options_.margins.top) {
            NewPage();
            if (auto ok = DrawRow(columns, rows[0], header, true, *header_height, padding); !ok) return ok;
        } else {
            EnsureSpace(*height);
        }
        if (auto ok = DrawRow(columns, rows[r], r == 0 ? header : body, r == 0, *height, padding); !ok) return ok;
    }
    return {};
}

void PdfDocument::Rule(double x1, double x2, double y, double width) {
    cairo_t* cr = impl_->cr;
    cairo_set_line_width(cr, width);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_move_to(cr, x1, y);
    cairo_line_to(cr, x2, y);
    cairo_stroke(cr);
}

core::Result<void> PdfDocument::QrCode(double x, double y, double side, std::string_view payload) {
    // libqrencode needs a NUL-terminated string; its 8-bit mode takes the bytes as they are (UTF-8 here).
    const std::string input(payload);
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString8bit(input.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
    if (!code)
        return Failure(core::ErrorCode::kInvalidArgument, "pdf.qr_failed", "payload cannot be encoded");
    constexpr int kQuietZone = 4;
    const int n = code->width;
    const double module = side / (n + 2 * kQuietZone);
    const double x0 = x + kQuietZone * module;
    const double y0 = y + kQuietZone * module;
    cairo_t* cr = impl_->cr;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, side, side);
    cairo_fill(cr);
    // One rectangle per horizontal run of dark modules, all filled as one path: a small content stream,
    // and exact module edges at any print resolution.
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int row = 0; row < n; ++row) {
        int col = 0;
        while (col < n) {
            if ((code->data[row * n + col] & 1) == 0) {
                ++col;
                continue;
            }
            const int start = col;
            while (col < n && (code->data[row * n + col] & 1) != 0) ++col;
            cairo_rectangle(cr, x0 + start * module, y0 + row * module, (col - start) * module, module);
        }
    }
    cairo_fill(cr);
    cairo_restore(cr);
    return {};
}

core::Result<std::string> PdfDocument::Finish() {
    if (impl_->finished) return Failure(core::ErrorCode::kInternal, "pdf.cairo", "document already finished");
    impl_->finished = true;
    if (page_footer_) page_footer_(*this, page_number_);
    g_object_unref(impl_->layout);
    impl_->layout = nullptr;
    cairo_show_page(impl_->cr);
    cairo_destroy(impl_->cr);
    impl_->cr = nullptr;
    cairo_surface_finish(impl_->surface);
    const auto status = cairo_surface_status(impl_->surface);
    cairo_surface_destroy(impl_->surface);
    impl_->surface = nullptr;
    if (status != CAIRO_STATUS_SUCCESS) return CairoError(status);
    return std::move(impl_->bytes);
}

}  // namespace mocua::adapters::pdf
