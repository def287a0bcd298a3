#include "adapters/pdf/notice_pdf.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include "adapters/pdf/pdf_document.hpp"

namespace mocua::adapters::pdf {
namespace {

using domain::forms::FormatVietnameseDateTime;

// "Vào lúc 08 giờ 30 phút, ngày 27 tháng 11 năm 2026, <office> <verb> hồ sơ của Ông/Bà: <name>."
std::string ReceivedSentence(const domain::forms::LocalDateTime& received_at, const std::string& office,
                             std::string_view verb, const std::string& applicant) {
    return "Vào lúc " + FormatVietnameseDateTime(received_at) + ", " + Markup(office) + " " +
           std::string(verb) + " hồ sơ của Ông/Bà: <b>" + Markup(applicant) + "</b>.";
}

// The document, with the top of the first page drawn.
template <typename Notice>
core::Result<std::unique_ptr<PdfDocument>> StartNotice(const Notice& d, const FormRenderOptions& options,
                                                       const char* document_name, const char* title,
                                                       const std::string& payload) {
    auto doc = CreateFormDocument(options, std::string(document_name) + " " + d.dossier_code, d.issued_at);
    if (!doc) return doc.error();
    // A notice is dated the day it is issued.
    if (auto ok = DrawFormTop(**doc, d.header, d.issued_at, payload, title, d.dossier_code); !ok)
        return ok.error();
    return doc;
}

// "Kính gửi: Ông/Bà <name>." — Mẫu 04 and 05 are letters from the resolving agency to the applicant.
std::string Salutation(const std::string& applicant) { return "Kính gửi: Ông/Bà <b>" + Markup(applicant) + "</b>."; }

// One signature on the right: the head of the agency signs and seals.
core::Result<void> HeadSignature(PdfDocument& doc, const std::string& title, const std::string& name) {
    return DrawSignatures(doc, {{title, name, "(Ký, ghi rõ họ tên và đóng dấu)"}});
}

}  // namespace

core::Result<std::string> RenderApologyPdf(const domain::forms::ApologyData& d, const FormRenderOptions& options) {
    auto payload = domain::forms::ApologyQrPayload(d);  // validates `d` too
    if (!payload) return payload.error();
    auto started = StartNotice(d, options, domain::forms::kApologyDocumentName, kApologyTitle, *payload);
    if (!started) return started.error();
    PdfDocument& doc = **started;

    const TextStyle body = FormBodyStyle();
    if (auto ok = DrawParagraphs(
            doc,
            {Salutation(d.applicant_name),
             "Vào lúc " + FormatVietnameseDateTime(d.received_at) +
                 ", hồ sơ của Ông/Bà đề nghị giải quyết thủ tục <b>" + Markup(d.request) +
                 "</b> đã được tiếp nhận, hẹn trả kết quả vào lúc " +
                 FormatVietnameseDateTime(d.original_appointment) + ".",
             "Đến nay, " + Markup(d.agency_name) +
                 " chưa giải quyết xong hồ sơ của Ông/Bà theo thời hạn đã hẹn. Lý do: " + Markup(d.reason),
             Markup(d.agency_name) +
                 " đề nghị gia hạn thời gian giải quyết hồ sơ và hẹn trả kết quả vào lúc <b>" +
                 FormatVietnameseDateTime(d.new_appointment) + "</b>.",
             Markup(d.apology)},
            body);
        !ok)
        return ok.error();
    doc.Space(8);
    if (auto ok = HeadSignature(doc, d.signer_title, d.signer_name); !ok) return ok.error();
    if (!d.hotline.empty()) {
        if (auto ok = DrawFootnote(doc, "Số điện thoại liên hệ: " + d.hotline); !ok) return ok.error();
    }
    return doc.Finish();
}

core::Result<std::string> RenderStopNoticePdf(const domain::forms::StopNoticeData& d,
                                              const FormRenderOptions& options) {
    auto payload = domain::forms::StopNoticeQrPayload(d);  // validates `d` too
    if (!payload) return payload.error();
    auto started = StartNotice(d, options, domain::forms::kStopNoticeDocumentName, kStopNoticeTitle, *payload);
    if (!started) return started.error();
    PdfDocument& doc = **started;

    const TextStyle body = FormBodyStyle();
    std::vector<std::string> lines = {
        Salutation(d.applicant_name),
        "Vào lúc " + FormatVietnameseDateTime(d.received_at) +
            ", hồ sơ của Ông/Bà đề nghị giải quyết thủ tục <b>" + Markup(d.request) + "</b> đã được tiếp nhận."};
    if (!d.legal_basis.empty()) lines.push_back("Căn cứ " + Markup(d.legal_basis) + ",");
    lines.push_back(Markup(d.agency_name) + " thông báo dừng giải quyết hồ sơ này với lý do cụ thể như sau:");
    if (auto ok = DrawParagraphs(doc, lines, body); !ok) return ok.error();
    doc.Space(2);
    for (std::size_t i = 0; i < d.reasons.size(); ++i) {
        if (auto ok = DrawNumberedItem(doc, static_cast<int>(i + 1), {Markup(d.reasons[i])}); !ok) return ok.error();
    }
    doc.Space(2);
    if (auto ok = doc.Paragraph("Xin thông báo để Ông/Bà được biết./.", body); !ok) return ok.error();
    doc.Space(8);
    if (auto ok = HeadSignature(doc, d.signer_title, d.signer_name); !ok) return ok.error();
    if (!d.hotline.empty()) {
        if (auto ok = DrawFootnote(doc, "Số điện thoại liên hệ: " + d.hotline); !ok) return ok.error();
    }
    return doc.Finish();
}

core::Result<std::string> RenderSupplementRequestPdf(const domain::forms::SupplementRequestData& d,
                                                     const FormRenderOptions& options) {
    auto payload = domain::forms::SupplementQrPayload(d);  // validates `d` too
    if (!payload) return payload.error();
    auto started = StartNotice(d, options, domain::forms::kSupplementRequestDocumentName,
                               kSupplementRequestTitle, *payload);
    if (!started) return started.error();
    PdfDocument& doc = **started;

    const TextStyle body = FormBodyStyle();
    if (auto ok = DrawParagraphs(
            doc,
            {ReceivedSentence(d.received_at, d.receiving_office, "đã tiếp nhận", d.applicant_name),
             "Nội dung yêu cầu giải quyết: <b>" + Markup(d.request) + "</b>.",
             "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:"},
            body);
        !ok)
        return ok.error();
    doc.Space(2);
    for (std::size_t i = 0; i < d.items.size(); ++i) {
        const auto& item = d.items[i];
        if (auto ok = DrawNumberedItem(doc, static_cast<int>(i + 1),
                                   {Markup(item.what), "<i>Lý do:</i> " + Markup(item.reason)});
            !ok)
            return ok.error();
    }
    doc.Space(2);

    std::vector<std::string> lines;
    if (!d.note.empty()) lines.push_back("Ghi chú: " + Markup(d.note));
    if (!d.deadline.empty())
        lines.push_back("Thời hạn bổ sung, hoàn thiện hồ sơ: <b>" + Markup(d.deadline) + "</b>.");
    lines.push_back("Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với <b>" +
                    Markup(d.officer_name) + "</b> số điện thoại " + MarkupOrBlank(d.hotline) +
                    " để được hướng dẫn./.");
    if (auto ok = DrawParagraphs(doc, lines, body); !ok) return ok.error();
    doc.Space(8);

    if (auto ok = DrawSignatures(doc, {{d.signature_title, d.officer_name}}); !ok) return ok.error();
    return doc.Finish();
}

core::Result<std::string> RenderRefusalPdf(const domain::forms::RefusalData& d,
                                           const FormRenderOptions& options) {
    auto payload = domain::forms::RefusalQrPayload(d);  // validates `d` too
    if (!payload) return payload.error();
    auto started = StartNotice(d, options, domain::forms::kRefusalDocumentName, kRefusalTitle, *payload);
    if (!started) return started.error();
    PdfDocument& doc = **started;

    const TextStyle body = FormBodyStyle();
    if (auto ok = DrawParagraphs(
            doc,
            {ReceivedSentence(d.received_at, d.receiving_office, "tiếp nhận", d.applicant_name),
             "Nội dung yêu cầu giải quyết: <b>" + Markup(d.request) + "</b>.",
             "Qua xem xét, " + Markup(d.receiving_office) +
                 " thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:"},
            body);
        !ok)
        return ok.error();
    doc.Space(2);
    for (std::size_t i = 0; i < d.reasons.size(); ++i) {
        if (auto ok = DrawNumberedItem(doc, static_cast<int>(i + 1), {Markup(d.reasons[i])}); !ok)
            return ok.error();
    }
    doc.Space(2);
    if (auto ok = doc.Paragraph("Xin thông báo cho Ông/Bà được biết và thực hiện./.", body); !ok)
        return ok.error();
    doc.Space(8);

    if (auto ok = DrawSignatures(doc, {{d.signature_title, d.officer_name}}); !ok) return ok.error();
    if (!d.hotline.empty()) {
        if (auto ok = DrawFootnote(doc, "Số điện thoại liên hệ: " + d.hotline); !ok) return ok.error();
    }
    return doc.Finish();
}

}  // namespace mocua::adapters::pdf
