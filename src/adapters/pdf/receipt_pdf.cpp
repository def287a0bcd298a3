#include "adapters/pdf/receipt_pdf.hpp"

#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "adapters/pdf/form_layout.hpp"
#include "adapters/pdf/pdf_document.hpp"

namespace mocua::adapters::pdf {

using domain::forms::CopyKindLabel;
using domain::forms::FormatVietnameseDateTime;
using domain::forms::ReceiptData;

core::Result<std::string> RenderReceipt(const ReceiptData& d, const ReceiptRenderOptions& options) {
    auto payload = domain::forms::ReceiptQrPayload(d);  // validates `d` too
    if (!payload) return payload.error();

    auto created_doc = CreateFormDocument(
        options, std::string(domain::forms::kReceiptDocumentName) + " " + d.dossier_code, d.issued_at);
    if (!created_doc) return created_doc.error();
    PdfDocument& doc = **created_doc;

    const domain::forms::FormHeader header{
        d.authority_name, d.receiving_section, d.national_name, d.motto, d.place, d.number};
    // The receipt is dated the day the dossier was received.
    if (auto ok = DrawFormTop(doc, header, d.received_at, *payload, kReceiptTitle, d.dossier_code); !ok)
        return ok.error();

    const TextStyle body = FormBodyStyle();
    if (auto ok = DrawParagraphs(
            doc,
            {
                "Tiếp nhận hồ sơ của Ông/Bà: <b>" + Markup(d.applicant_name) + "</b>",
                "Địa chỉ: " + MarkupOrBlank(d.address),
                "Số điện thoại: " + MarkupOrBlank(d.phone) + "     Thư điện tử: " + MarkupOrBlank(d.email),
                "Nội dung yêu cầu giải quyết: <b>" + Markup(d.request) + "</b>",
                "1. Thành phần hồ sơ nộp gồm:",
            },
            body);
        !ok) {
        return ok.error();
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
        rows.push_back({std::to_string(i + 1), Plain(c.name), CopyKindLabel(c.kind), TwoDigits(c.quantity)});
    }
    if (auto ok = doc.Table(columns, rows, FormStyle(kFormBodyPt - 0.5, true), FormStyle(kFormBodyPt - 0.5));
        !ok)
        return ok.error();
    doc.Space(3);

    std::vector<std::string> lines = {
        "2. Số lượng hồ sơ: " + TwoDigits(d.number_of_sets) + " bộ.",
        "3. Thời gian giải quyết hồ sơ theo quy định: " + Markup(d.legal_time_limit) + ".",
        "4. Thời gian nhận hồ sơ: " + FormatVietnameseDateTime(d.received_at) + ".",
        "5. Thời gian trả kết quả giải quyết hồ sơ: <b>" + FormatVietnameseDateTime(d.appointment_at) +
            "</b>.",
        "6. Đăng ký nhận kết quả tại: " + Markup(d.result_delivery) + ".",
    };
    if (!d.fees.empty()) lines.push_back("7. Phí, lệ phí: " + Markup(d.fees) + ".");
    lines.push_back("Vào Sổ theo dõi hồ sơ, Quyển số: " + MarkupOrBlank(d.register_book) +
                    ", Số thứ tự: " + MarkupOrBlank(d.register_serial) + ".");
    if (auto ok = DrawParagraphs(doc, lines, body); !ok) return ok.error();
    doc.Space(8);

    if (auto ok = DrawSignatures(doc, {{d.applicant_signature_title, d.applicant_name},
                                       {d.receiver_signature_title, d.receiver_name}});
        !ok)
        return ok.error();
    if (auto ok = DrawFootnote(doc, d.hotline); !ok) return ok.error();
    return doc.Finish();
}

}  // namespace mocua::adapters::pdf
