// What issued forms print, kept as JSON: a receipt (Mẫu 01), a supplement request (Mẫu 02) and a refusal
// (Mẫu 03) come back exactly as issued, and data that is not such a form is refused, never half-read.
#include "domain/dossier/form_data.hpp"

#include <gtest/gtest.h>

namespace mocua::domain::dossier {
namespace {

forms::ReceiptData Receipt() {
    forms::ReceiptData r;
    r.authority_name = "ỦY BAN NHÂN DÂN PHƯỜNG ĐÔNG HÀ";
    r.receiving_section = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG";
    r.place = "Quảng Trị";
    r.number = "17/H48";
    r.dossier_code = "000.00.12.H48-261127-0001";
    r.procedure_code = "1.001193";
    r.applicant_name = "Nguyễn Văn An";
    r.applicant_id = "001099012345";
    r.address = "12 Lê Lợi";
    r.phone = "0912345678";
    r.email = "an@example.vn";
    r.request = "Thủ tục đăng ký khai sinh";
    r.components = {{"Tờ khai", forms::CopyKind::kOriginal, 1}, {"Giấy chứng sinh", forms::CopyKind::kCertifiedCopy, 2}};
    r.number_of_sets = 2;
    r.legal_time_limit = "03 ngày làm việc";
    r.received_at = {2026, 11, 27, 9, 0, 420};
    r.appointment_at = {2026, 12, 2, 9, 0, 420};
    r.result_delivery = "Dịch vụ bưu chính công ích";
    r.fees = "Lệ phí: 8.000 đồng";
    r.register_book = "2026";
    r.register_serial = "0001";
    r.receiver_name = "Lê Thị Bình";
    r.hotline = "0233 3861 000";
    r.issuing_system = "Hệ thống thông tin giải quyết TTHC";
    r.issued_at = {2026, 11, 27, 9, 1, 420};
    r.lookup_url = "https://dvc.example.vn/lookup?code=000.00.12.H48-261127-0001";
    return r;
}

void ExpectSameTime(const forms::LocalDateTime& a, const forms::LocalDateTime& b) {
    EXPECT_EQ(a.year, b.year);
    EXPECT_EQ(a.month, b.month);
    EXPECT_EQ(a.day, b.day);
    EXPECT_EQ(a.hour, b.hour);
    EXPECT_EQ(a.minute, b.minute);
    EXPECT_EQ(a.utc_offset_minutes, b.utc_offset_minutes);
}

NoticeCommon Common() {
    NoticeCommon c;
    c.authority_name = "ỦY BAN NHÂN DÂN PHƯỜNG ĐÔNG HÀ";
    c.receiving_section = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG";
    c.receiving_office = "Trung tâm phục vụ hành chính công";
    c.place = "Quảng Trị";
    c.number = "18/H48";
    c.dossier_code = "000.00.12.H48-261127-0002";
    c.procedure_code = "1.001193";
    c.applicant_name = "Trần Thị Cúc";
    c.applicant_id = "001099054321";
    c.request = "Thủ tục đăng ký khai sinh";
    c.received_at = {2026, 11, 27, 10, 5, 420};
    c.officer_name = "Lê Thị Bình";
    c.hotline = "0233 3861 000";
    c.issuing_system = "Hệ thống thông tin giải quyết TTHC";
    c.issued_at = {2026, 11, 27, 10, 30, 420};
    c.lookup_url = "https://dvc.example.vn/lookup?code=000.00.12.H48-261127-0002";
    return c;
}

void ExpectSameCommon(const NoticeCommon& a, const NoticeCommon& b) {
    EXPECT_EQ(a.authority_name, b.authority_name);
    EXPECT_EQ(a.receiving_section, b.receiving_section);
    EXPECT_EQ(a.receiving_office, b.receiving_office);
    EXPECT_EQ(a.place, b.place);
    EXPECT_EQ(a.number, b.number);
    EXPECT_EQ(a.dossier_code, b.dossier_code);
    EXPECT_EQ(a.procedure_code, b.procedure_code);
    EXPECT_EQ(a.applicant_name, b.applicant_name);
    EXPECT_EQ(a.applicant_id, b.applicant_id);
    EXPECT_EQ(a.request, b.request);
    ExpectSameTime(a.received_at, b.received_at);
    EXPECT_EQ(a.officer_name, b.officer_name);
    EXPECT_EQ(a.hotline, b.hotline);
    EXPECT_EQ(a.issuing_system, b.issuing_system);
    ExpectSameTime(a.issued_at, b.issued_at);
    EXPECT_EQ(a.lookup_url, b.lookup_url);
}

TEST(DossierFormData, AReceiptComesBackAsIssued) {
    const auto r = Receipt();
    auto back = ReceiptFromJson(ReceiptToJson(r));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->authority_name, r.authority_name);
    EXPECT_EQ(back->receiving_section, r.receiving_section);
    EXPECT_EQ(back->place, r.place);
    EXPECT_EQ(back->number, r.number);
    EXPECT_EQ(back->dossier_code, r.dossier_code);
    EXPECT_EQ(back->procedure_code, r.procedure_code);
    EXPECT_EQ(back->applicant_name, r.applicant_name);
    EXPECT_EQ(back->applicant_id, r.applicant_id);
    EXPECT_EQ(back->address, r.address);
    EXPECT_EQ(back->phone, r.phone);
    EXPECT_EQ(back->email, r.email);
    EXPECT_EQ(back->request, r.request);
    ASSERT_EQ(back->components.size(), 2u);
    EXPECT_EQ(back->components[1].name, "Giấy chứng sinh");
    EXPECT_EQ(back->components[1].kind, forms::CopyKind::kCertifiedCopy);
    EXPECT_EQ(back->components[1].quantity, 2);
    EXPECT_EQ(back->components[0].kind, forms::CopyKind::kOriginal);
    EXPECT_EQ(back->number_of_sets, 2);
    EXPECT_EQ(back->legal_time_limit, r.legal_time_limit);
    ExpectSameTime(back->received_at, r.received_at);
    ExpectSameTime(back->appointment_at, r.appointment_at);
    EXPECT_EQ(back->result_delivery, r.result_delivery);
    EXPECT_EQ(back->fees, r.fees);
    EXPECT_EQ(back->register_book, r.register_book);
    EXPECT_EQ(back->register_serial, r.register_serial);
    EXPECT_EQ(back->receiver_name, r.receiver_name);
    EXPECT_EQ(back->hotline, r.hotline);
    EXPECT_EQ(back->issuing_system, r.issuing_system);
    ExpectSameTime(back->issued_at, r.issued_at);
    EXPECT_EQ(back->lookup_url, r.lookup_url);
}

TEST(DossierFormData, SupplementAndRefusalNoticesComeBackAsIssued) {
    SupplementNotice s{Common(), {{"Giấy chứng sinh", "Bản chụp không đọc được"}, {"Tờ khai", ""}}};
    auto sb = SupplementFromJson(SupplementToJson(s));
    ASSERT_TRUE(sb.ok()) << sb.error().message;
    ExpectSameCommon(sb->common, s.common);
    ASSERT_EQ(sb->items.size(), 2u);
    EXPECT_EQ(sb->items[0].what, "Giấy chứng sinh");
    EXPECT_EQ(sb->items[0].reason, "Bản chụp không đọc được");
    EXPECT_EQ(sb->items[1].reason, "");

    RefusalNotice r{Common(), {"Không thuộc thẩm quyền", "Hồ sơ đã nộp tại nơi khác"}};
    auto rb = RefusalFromJson(RefusalToJson(r));
    ASSERT_TRUE(rb.ok()) << rb.error().message;
    ExpectSameCommon(rb->common, r.common);
    EXPECT_EQ(rb->reasons, r.reasons);
}

void ExpectFormDataError(const core::Result<SupplementNotice>& r) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message, "dossier.form_data");
}
void ExpectFormDataError(const core::Result<RefusalNotice>& r) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message, "dossier.form_data");
}

TEST(DossierFormData, MalformedNoticesAreRefused) {
    ExpectFormDataError(SupplementFromJson(""));
    ExpectFormDataError(SupplementFromJson("not json"));
    ExpectFormDataError(SupplementFromJson("[]"));
    ExpectFormDataError(SupplementFromJson("{}"));
    ExpectFormDataError(RefusalFromJson("{}"));
    ExpectFormDataError(RefusalFromJson("null"));

    // A well-formed notice with one part broken at a time.
    const std::string supplement = SupplementToJson({Common(), {{"Tờ khai", "thiếu chữ ký"}}});
    const std::string refusal = RefusalToJson({Common(), {"Không thuộc thẩm quyền"}});
    const auto broken = [](std::string json, const std::string& from, const std::string& to) {
        const auto at = json.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        if (at != std::string::npos) json.replace(at, from.size(), to);
        return json;
    };
    ExpectFormDataError(SupplementFromJson(broken(supplement, R"("items":[)", R"("items":[5,)")));
    ExpectFormDataError(SupplementFromJson(broken(supplement, R"("items":)", R"("things":)")));
    ExpectFormDataError(SupplementFromJson(broken(supplement, R"("what":"Tờ khai")", R"("what":7)")));
    ExpectFormDataError(SupplementFromJson(broken(supplement, R"("received_at":[2026,)", R"("received_at":[)")));
    ExpectFormDataError(SupplementFromJson(broken(supplement, R"("dossier_code":)", R"("code":)")));
    ExpectFormDataError(RefusalFromJson(broken(refusal, R"("reasons":[)", R"("reasons":[1,)")));
    ExpectFormDataError(RefusalFromJson(broken(refusal, R"("reasons":[)", R"("reasons":"x","r":[)")));
    ExpectFormDataError(RefusalFromJson(broken(refusal, R"("issued_at":[2026)", R"("issued_at":["2026")")));

    const std::string receipt = ReceiptToJson(Receipt());
    EXPECT_EQ(ReceiptFromJson("{}").error().message, "dossier.form_data");
    EXPECT_EQ(ReceiptFromJson(broken(receipt, R"("kind":2)", R"("kind":3)")).error().message, "dossier.form_data");
    EXPECT_EQ(ReceiptFromJson(broken(receipt, R"("number_of_sets":2)", R"("number_of_sets":"2")")).error().message,
              "dossier.form_data");
}

TEST(DossierFormData, RenderIssuedFormRefusesUnknownFormsAndBadData) {
    class NoRenderer final : public forms::DocumentRenderer {
    public:
        core::Result<std::string> Receipt(const forms::ReceiptData&) const override { return std::string("01"); }
        core::Result<std::string> SupplementRequest(const forms::SupplementRequestData&) const override {
            return std::string("02");
        }
        core::Result<std::string> Refusal(const forms::RefusalData&) const override { return std::string("03"); }
    } renderer;
    EXPECT_EQ(RenderIssuedForm(renderer, "04", "{}").error().message, "dossier.form_data");
    EXPECT_EQ(RenderIssuedForm(renderer, "01", "{}").error().message, "dossier.form_data");
    EXPECT_EQ(*RenderIssuedForm(renderer, "01", ReceiptToJson(Receipt())), "01");
    EXPECT_EQ(*RenderIssuedForm(renderer, "03", RefusalToJson({Common(), {"x"}})), "03");
    EXPECT_EQ(*RenderIssuedForm(renderer, "02", SupplementToJson({Common(), {{"x", ""}}})), "02");
}

}  // namespace
}  // namespace mocua::domain::dossier
