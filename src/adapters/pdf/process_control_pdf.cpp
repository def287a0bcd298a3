#include "adapters/pdf/process_control_pdf.hpp"

#include <memory>
#include <vector>

#include "adapters/pdf/pdf_document.hpp"

namespace mocua::adapters::pdf {
namespace {

namespace forms = domain::forms;

constexpr double kTablePt = 9.0;     // the control sheet's cells
constexpr double kRegisterPt = 8.0;  // the register's thirteen columns

// Column widths as fractions of the content width (they add up to 1).
std::vector<TableColumn> Columns(double width, std::initializer_list<std::pair<double, Align>> fractions) {
    std::vector<TableColumn> columns;
    for (const auto& [fraction, align] : fractions) columns.push_back({width * fraction, align});
    return columns;
}

TextStyle TableStyle(double size, bool bold) {
    TextStyle s = FormStyle(size, bold);
    s.line_spacing = 1.05;
    return s;
}

// Renders Mẫu 06 with "Trang n/<total_pages>" on every page; *pages receives the page count.
core::Result<std::string> ProcessControlPass(const forms::ProcessControlData& d, const FormRenderOptions& options,
                                             const std::string& payload, int total_pages, int* pages) {
    auto created = CreateFormDocument(options, std::string(forms::kProcessControlDocumentName) + " " + d.dossier_code,
                                      d.issued_at, FormPaper::kA4Landscape);
    if (!created) return created.error();
    PdfDocument& doc = **created;
    NumberPages(doc, total_pages);
    if (auto ok = DrawFormTop(doc, d.header, d.issued_at, payload, kProcessControlTitle, d.dossier_code); !ok)
        return ok.error();
    const TextStyle body = FormBodyStyle();
    if (auto ok = DrawParagraphs(
            doc,
            {"Tên người nộp hồ sơ: <b>" + Markup(d.applicant_name) + "</b>",
             "Thủ tục hành chính: <b>" + Markup(d.request) + "</b> (mã " + Markup(d.procedure_code) + ")",
             "Thời gian nhận hồ sơ: " + forms::FormatVietnameseDateTime(d.received_at),
             "Thời gian hẹn trả kết quả: " + forms::FormatVietnameseDateTime(d.appointment_at)},
            body);
        !ok)
        return ok.error();
    doc.Space(6);

    std::vector<std::vector<std::string>> rows;
    rows.emplace_back(std::begin(kHandOverColumnTitles), std::end(kHandOverColumnTitles));
    // Blank lines under a name leave room for the signature.
    const std::string sign_space = "\n\n\n";
    for (const auto& h : d.hand_overs) {
        rows.push_back({Plain(h.from_unit), Plain(h.to_unit), forms::FormatVietnameseDateTime(h.at),
                        forms::TimelinessLabel(h.mark), sign_space + Plain(h.giver_name),
                        sign_space + Plain(h.receiver_name), Plain(h.note)});
    }
    const auto columns = Columns(doc.content_width(), {{0.17, Align::kLeft},
                                                       {0.17, Align::kLeft},
                                                       {0.17, Align::kCenter},
                                                       {0.10, Align::kCenter},
                                                       {0.12, Align::kCenter},
                                                       {0.12, Align::kCenter},
                                                       {0.15, Align::kLeft}});
    if (auto ok = doc.Table(columns, rows, TableStyle(kTablePt, true), TableStyle(kTablePt, false), 3.0, true); !ok)
        return ok.error();
    *pages = doc.page_number();
    return doc.Finish();
}

core::Result<std::string> RegisterPass(const forms::RegisterData& d, const FormRenderOptions& options,
                                       int total_pages, int* pages) {
    const std::string period = forms::RegisterPeriodLine(d);
    auto created = CreateFormDocument(options, std::string(forms::kRegisterDocumentName) + " " + d.unit_name + " " + period,
                                      d.printed_at, FormPaper::kA4Landscape);
    if (!created) return created.error();
    PdfDocument& doc = **created;
    NumberPages(doc, total_pages);
    if (auto ok = doc.Paragraph(Plain(d.authority_name), FormStyle(kFormHeaderPt + 1, false)); !ok) return ok.error();
    if (auto ok = doc.Paragraph(Plain(d.unit_name), FormStyle(kFormHeaderPt + 1, true)); !ok) return ok.error();
    doc.Space(6);
    if (auto ok = doc.Paragraph(kRegisterTitle, FormStyle(kFormTitlePt + 2, true, Align::kCenter)); !ok)
        return ok.error();
    if (auto ok = doc.Paragraph(period, FormStyle(kFormBodyPt, false, Align::kCenter, true)); !ok) return ok.error();
    doc.Space(8);

    const auto vn = [](const forms::LocalDateTime& t) {
        const auto local = forms::ToUtcOffset(t, forms::kVietnamUtcOffsetMinutes);
        return forms::FormatShortDate(local) + "\n" + TwoDigits(local.hour) + ":" + TwoDigits(local.minute);
    };
    const auto optional_vn = [&](const std::optional<forms::LocalDateTime>& t) {
        return t.has_value() ? vn(*t) : std::string();
    };
    std::vector<std::vector<std::string>> rows;
    rows.emplace_back(std::begin(forms::kRegisterColumnTitles), std::end(forms::kRegisterColumnTitles));
    for (std::size_t i = 0; i < d.rows.size(); ++i) {
        const auto& r = d.rows[i];
        std::string returned = optional_vn(r.returned_at);
        if (r.return_mark != forms::Timeliness::kNone)
            returned += std::string(returned.empty() ? "" : "\n") + "(" + forms::TimelinessLabel(r.return_mark) + ")";
        rows.push_back({std::to_string(i + 1), Plain(r.dossier_code), Plain(r.procedure_name),
                        std::to_string(r.number_of_sets), Plain(r.applicant_name),
                        Plain(forms::RegisterAddressAndPhone(r)), Plain(r.lead_agency), vn(r.received_at),
                        vn(r.appointment_at), optional_vn(r.transferred_at), optional_vn(r.result_at), returned,
                        Plain(r.note)});
    }
    const auto columns = Columns(doc.content_width(), {{0.03, Align::kCenter},
                                                       {0.14, Align::kLeft},  // a whole dossier code
                                                       {0.10, Align::kLeft},
                                                       {0.05, Align::kCenter},
                                                       {0.08, Align::kLeft},
                                                       {0.09, Align::kLeft},
                                                       {0.09, Align::kLeft},
                                                       {0.065, Align::kCenter},
                                                       {0.065, Align::kCenter},
                                                       {0.065, Align::kCenter},
                                                       {0.07, Align::kCenter},
                                                       {0.07, Align::kCenter},
                                                       {0.075, Align::kLeft}});
    if (auto ok = doc.Table(columns, rows, TableStyle(kRegisterPt, true), TableStyle(kRegisterPt, false), 2.5, true);
        !ok)
        return ok.error();
    if (d.rows.empty()) {
        doc.Space(6);
        if (auto ok = doc.Paragraph("Không có hồ sơ trong kỳ.", FormStyle(kFormBodyPt, false, Align::kCenter, true));
            !ok)
            return ok.error();
    }
    doc.Space(6);
    if (auto ok = doc.Paragraph("Ngày in: " + forms::FormatShortDateTime(d.printed_at),
                                FormStyle(kFormHeaderPt, false, Align::kRight, true));
        !ok)
        return ok.error();
    *pages = doc.page_number();
    return doc.Finish();
}

// Renders twice when the document has more than one page: the first pass counts the pages for "n/N".
// The layout does not depend on the footer, so both passes break pages at the same rows.
template <typename Pass>
core::Result<std::string> TwoPasses(const Pass& pass) {
    int pages = 0;
    auto first = pass(0, &pages);
    if (!first) return first;
    return pass(pages, &pages);
}

}  // namespace

core::Result<std::string> RenderProcessControlPdf(const forms::ProcessControlData& d,
                                                  const FormRenderOptions& options) {
    auto payload = forms::ProcessControlQrPayload(d);  // validates `d` too
    if (!payload) return payload.error();
    return TwoPasses([&](int total, int* pages) { return ProcessControlPass(d, options, *payload, total, pages); });
}

core::Result<std::string> RenderRegisterPdf(const forms::RegisterData& d, const FormRenderOptions& options) {
    if (auto valid = forms::ValidateRegister(d); !valid) return valid.error();
    return TwoPasses([&](int total, int* pages) { return RegisterPass(d, options, total, pages); });
}

}  // namespace mocua::adapters::pdf
