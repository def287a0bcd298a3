#include "domain/forms/notices.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace mocua::domain::forms {
namespace {

FormHeader Header() {
    FormHeader h;
    h.authority_name = "ỦY BAN NHÂN DÂN PHƯỜNG 1";
    h.receiving_section = "BỘ PHẬN MỘT CỬA";
    return h;
}

SupplementRequestData MinimalSupplement() {
    SupplementRequestData d;
    d.header = Header();
    d.receiving_office = "Bộ phận một cửa UBND phường 1";
    d.dossier_code = "000.00.12.H48-261127-0002";
    d.procedure_code = "1.001193";
    d.applicant_name = "Phạm Văn Đức";
    d.applicant_id = "045190000456";
    d.request = "Đăng ký khai sinh";
    d.received_at = {2026, 11, 27, 8, 30};
    d.items = {{"Giấy chứng sinh", "Chưa nộp bản chính"}};
    d.officer_name = "Lê Văn Thưởng";
    d.issuing_system = "Mở Cửa";
    d.issued_at = {2026, 11, 27, 8, 45};
    return d;
}

RefusalData MinimalRefusal() {
    RefusalData d;
    d.header = Header();
    d.receiving_office = "Bộ phận một cửa UBND phường 1";
    d.dossier_code = "000.00.12.H48-261127-0003";
    d.procedure_code = "1.003583";
    d.applicant_name = "Võ Thị Ánh Tuyết";
    d.applicant_id = "045190000789";
    d.request = "Cấp giấy phép xây dựng";
    d.received_at = {2026, 11, 27, 9, 0};
    d.reasons = {"Thủ tục không thuộc thẩm quyền giải quyết của UBND phường"};
    d.officer_name = "Lê Văn Thưởng";
    d.issuing_system = "Mở Cửa";
    d.issued_at = {2026, 11, 27, 9, 10};
    return d;
}

TEST(SupplementQrPayload, ExactFormat) {
    auto d = MinimalSupplement();
    d.lookup_url = "https://dichvucong.example.vn/tra-cuu?ma=000.00.12.H48-261127-0002";
    auto payload = SupplementQrPayload(d);
    ASSERT_TRUE(payload.ok()) << payload.error().message;
    // Written out by hand from the format documented in notices.hpp.
    EXPECT_EQ(
        *payload,
        "{\"fmt\":\"mocua-notice/1\",\"dossier\":\"000.00.12.H48-261127-0002\",\"procedure\":\"1.001193\","
        "\"applicant\":\"045190000456\",\"doc\":\"Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ\","
        "\"system\":\"Mở Cửa\",\"issued\":\"2026-11-27T08:45+07:00\","
        "\"url\":\"https://dichvucong.example.vn/tra-cuu?ma=000.00.12.H48-261127-0002\"}");
}

TEST(RefusalQrPayload, ExactFormatWithoutUrl) {
    auto payload = RefusalQrPayload(MinimalRefusal());
    ASSERT_TRUE(payload.ok()) << payload.error().message;
    EXPECT_EQ(
        *payload,
        "{\"fmt\":\"mocua-notice/1\",\"dossier\":\"000.00.12.H48-261127-0003\",\"procedure\":\"1.003583\","
        "\"applicant\":\"045190000789\",\"doc\":\"Phiếu từ chối tiếp nhận giải quyết hồ sơ\","
        "\"system\":\"Mở Cửa\",\"issued\":\"2026-11-27T09:10+07:00\"}");
    EXPECT_EQ(nlohmann::json::parse(*payload).size(), 7u);
}

TEST(NoticeQrPayload, EscapesLikeTheReceiptAndComposesToNfc) {
    auto d = MinimalRefusal();
    // "Hệ" typed decomposed: e + U+0323 (dot below) + U+0302 (circumflex).
    d.issuing_system = "He\xcc\xa3\xcc\x82 thống \"Một cửa\" C:\\mc\ttab\nline\x01";
    auto payload = RefusalQrPayload(d);
    ASSERT_TRUE(payload.ok()) << payload.error().message;
    EXPECT_NE(payload->find(R"("system":"Hệ thống \"Một cửa\" C:\\mc\ttab\nline\u0001")"), std::string::npos)
        << *payload;
    EXPECT_EQ(nlohmann::json::parse(*payload).at("system"), "Hệ thống \"Một cửa\" C:\\mc\ttab\nline\x01");
}

TEST(ValidateSupplementRequest, MinimalIsValid) {
    EXPECT_TRUE(ValidateSupplementRequest(MinimalSupplement()).ok());
}

TEST(ValidateSupplementRequest, RuleCodes) {
    struct Case {
        const char* expected;
        void (*change)(SupplementRequestData&);
    };
    const Case cases[] = {
        {"receipt.missing_field: header.authority_name",
         [](SupplementRequestData& d) { d.header.authority_name.clear(); }},
        {"receipt.missing_field: receiving_office",
         [](SupplementRequestData& d) { d.receiving_office.clear(); }},
        {"receipt.missing_field: dossier_code", [](SupplementRequestData& d) { d.dossier_code.clear(); }},
        {"receipt.missing_field: applicant_id", [](SupplementRequestData& d) { d.applicant_id.clear(); }},
        {"receipt.missing_field: officer_name", [](SupplementRequestData& d) { d.officer_name.clear(); }},
        {"receipt.missing_field: items", [](SupplementRequestData& d) { d.items.clear(); }},
        {"receipt.missing_field: items[].what",
         [](SupplementRequestData& d) {
             d.items.push_back({"", "x"});
         }},
        {"receipt.missing_field: items[].reason",
         [](SupplementRequestData& d) {
             d.items.push_back({"x", ""});
         }},
        {"receipt.bad_time: received_at",
         [](SupplementRequestData& d) {
             d.received_at.day = 31;
             d.received_at.month = 11;
         }},
        {"receipt.bad_time: issued_at", [](SupplementRequestData& d) { d.issued_at.minute = 60; }},
        {"receipt.bad_time: issued_at before received_at",
         [](SupplementRequestData& d) {
             d.issued_at = {2026, 11, 27, 8, 29};
         }},
        {"receipt.bad_url: lookup_url",
         [](SupplementRequestData& d) { d.lookup_url = "javascript:alert(1)"; }},
        {"receipt.bad_text: applicant_name", [](SupplementRequestData& d) { d.applicant_name = "Nguy\xe1"; }},
        {"receipt.bad_text: header.place", [](SupplementRequestData& d) { d.header.place = "\xff"; }},
        {"receipt.bad_text: items[].reason", [](SupplementRequestData& d) { d.items[0].reason = "\xc3"; }},
        {"receipt.bad_text: note", [](SupplementRequestData& d) { d.note = "\xed\xa0\x80"; }},
    };
    for (const auto& c : cases) {
        auto d = MinimalSupplement();
        c.change(d);
        auto result = ValidateSupplementRequest(d);
        ASSERT_FALSE(result.ok()) << c.expected;
        EXPECT_EQ(result.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(result.error().message, c.expected);
        EXPECT_FALSE(SupplementQrPayload(d).ok()) << c.expected;
    }
}

TEST(ValidateSupplementRequest, OffsetsAreTakenIntoAccount) {
    auto d = MinimalSupplement();
    // 08:00 UTC is 15:00 in Vietnam: after the 08:30+07:00 reception.
    d.issued_at = {2026, 11, 27, 8, 0, 0};
    EXPECT_TRUE(ValidateSupplementRequest(d).ok());
}

TEST(ValidateRefusal, RuleCodes) {
    struct Case {
        const char* expected;
        void (*change)(RefusalData&);
    };
    const Case cases[] = {
        {"receipt.missing_field: header.receiving_section",
         [](RefusalData& d) { d.header.receiving_section.clear(); }},
        {"receipt.missing_field: request", [](RefusalData& d) { d.request.clear(); }},
        {"receipt.missing_field: issuing_system", [](RefusalData& d) { d.issuing_system.clear(); }},
        {"receipt.missing_field: reasons", [](RefusalData& d) { d.reasons.clear(); }},
        {"receipt.missing_field: reasons[]", [](RefusalData& d) { d.reasons.push_back(""); }},
        {"receipt.bad_time: received_at", [](RefusalData& d) { d.received_at.hour = 24; }},
        {"receipt.bad_time: issued_at before received_at",
         [](RefusalData& d) {
             d.issued_at = {2026, 11, 26, 9, 10};
         }},
        {"receipt.bad_url: lookup_url", [](RefusalData& d) { d.lookup_url = "ftp://x"; }},
        {"receipt.bad_text: reasons[]", [](RefusalData& d) { d.reasons.push_back("\xe1\xba"); }},
        {"receipt.bad_text: hotline", [](RefusalData& d) { d.hotline = "\x80"; }},
    };
    for (const auto& c : cases) {
        auto d = MinimalRefusal();
        c.change(d);
        auto result = ValidateRefusal(d);
        ASSERT_FALSE(result.ok()) << c.expected;
        EXPECT_EQ(result.error().message, c.expected);
        EXPECT_FALSE(RefusalQrPayload(d).ok()) << c.expected;
    }
    EXPECT_TRUE(ValidateRefusal(MinimalRefusal()).ok());
}

TEST(FormCommon, PlaceAndDate) {
    EXPECT_EQ(FormatPlaceAndDate("Quảng Trị", {2026, 3, 5, 7, 0}), "Quảng Trị, ngày 05 tháng 03 năm 2026");
}

}  // namespace
}  // namespace mocua::domain::forms
