#include "adapters/pdf/payment_receipt_pdf.hpp"

#include "adapters/pdf/pdf_document.hpp"
#include "core/clock.hpp"

namespace mocua::adapters::pdf {

namespace payments = domain::payments;

namespace {

// "HH:mm ngày dd/MM/yyyy" in Vietnam time.
std::string VietnamTime(const std::string& utc) {
    auto t = core::ParseUtc(utc);
    if (!t) return utc;
    auto local = std::chrono::time_point_cast<std::chrono::seconds>(*t) + std::chrono::hours(7);
    std::time_t secs = std::chrono::system_clock::to_time_t(local);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%02d:%02d ngày %02d/%02d/%04d", tm.tm_hour, tm.tm_min, tm.tm_mday,
                  tm.tm_mon + 1, tm.tm_year + 1900);
    return buf;
}

std::string MethodText(const std::optional<payments::Method>& m) {
    if (!m) return "";
    switch (*m) {
        case payments::Method::kGateway:
            return "Thanh toán trực tuyến qua cổng thanh toán";
        case payments::Method::kCash:
            return "Tiền mặt tại bộ phận một cửa";
        case payments::Method::kTransfer:
            return "Chuyển khoản";
    }
    return "";
}

}  // namespace

core::Result<std::string> PaymentReceiptRenderer::Render(const payments::PaymentRequest& r) const {
    if (r.state != payments::State::kPaid) return core::Error::InvalidArgument("payments.not_paid");
    DocumentOptions o;
    o.font_family = options_.font_family;
    o.font_package = options_.font_package;
    o.margins = {MmToPt(12), MmToPt(12), MmToPt(12), MmToPt(12)};
    o.title = "Biên lai thanh toán phí, lệ phí " + r.txn_ref;
    o.creator = "Mở Cửa (mocua)";
    auto created = PdfDocument::Create(o);
    if (!created.ok()) return created.error();
    PdfDocument& doc = **created;
    const double qr = MmToPt(27);
    if (auto q = doc.QrCode(doc.content_left(), doc.cursor() + MmToPt(12), qr, payments::ReceiptQrPayload(r));
        !q.ok())
        return q.error();
    doc.set_cursor(MmToPt(12) + qr + MmToPt(3));
    const TextStyle title{.size_pt = kFormTitlePt, .bold = true, .align = Align::kCenter};
    const TextStyle body{.size_pt = kFormBodyPt};
    const TextStyle header{.size_pt = kFormBodyPt, .bold = true};
    if (auto p = doc.Paragraph("BIÊN LAI THANH TOÁN PHÍ, LỆ PHÍ", title); !p.ok()) return p.error();
    doc.Space(6);
    const std::vector<std::pair<std::string, std::string>> facts = {
        {"Mã giao dịch", r.txn_ref},         {"Mã hồ sơ", r.dossier_code},
        {"Người nộp", r.payer_name},         {"Nội dung", r.purpose},
        {"Hình thức", MethodText(r.method)}, {"Thời điểm thanh toán", VietnamTime(r.settled_at)},
    };
    for (const auto& [k, v] : facts)
        if (auto p = doc.Paragraph(EscapeMarkup(k) + ": <b>" + EscapeMarkup(v) + "</b>",
                                   {.size_pt = kFormBodyPt, .markup = true});
            !p.ok())
            return p.error();
    if (!r.gateway_transaction_no.empty())
        if (auto p = doc.Paragraph(
                "Số giao dịch của ngân hàng / cổng thanh toán: " + r.gateway_transaction_no, body);
            !p.ok())
            return p.error();
    doc.Space(6);
    const double w = doc.content_width();
    std::vector<std::vector<std::string>> rows = {{"Khoản phí, lệ phí", "Số tiền (đồng)"}};
    for (const auto& l : r.lines) rows.push_back({l.name_vi, payments::FormatVnd(l.amount_vnd)});
    rows.push_back({"Tổng cộng", payments::FormatVnd(r.amount_vnd)});
    if (auto t = doc.Table({{w * 0.68, Align::kLeft}, {w * 0.32, Align::kRight}}, rows, header, body);
        !t.ok())
        return t.error();
    doc.Space(8);
    if (auto p = doc.Paragraph("Biên lai do hệ thống thông tin giải quyết thủ tục hành chính lập khi khoản "
                               "thanh toán được ghi nhận; quét mã QR để đối chiếu.",
                               {.size_pt = kFormHeaderPt, .italic = true});
        !p.ok())
        return p.error();
    return doc.Finish();
}

}  // namespace mocua::adapters::pdf
