#include "domain/forms/receipt.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace mocua::domain::forms {
namespace {

ReceiptData Minimal() {
    ReceiptData d;
    d.authority_name = "ỦY BAN NHÂN DÂN PHƯỜNG 1";
    d.receiving_section = "BỘ PHẬN MỘT CỬA";
    d.dossier_code = "000.00.12.H48-261127-0001";
    d.procedure_code = "1.001193";
    d.applicant_name = "Nguyễn Thị Hồng Nhung";
    d.applicant_id = "045190000123";
    d.request = "Đăng ký khai sinh";
    d.components = {{"Tờ khai đăng ký khai sinh", CopyKind::kOriginal, 1}};
    d.legal_time_limit = "01 ngày làm việc";
    d.received_at = {2026, 11, 27, 8, 30};
    d.appointment_at = {2026, 11, 30, 8, 30};
    d.issued_at = {2026, 11, 27, 8, 31};
    d.result_delivery = "Bộ phận một cửa";
    d.issuing_system = "Mở Cửa";
    return d;
}

TEST(ReceiptQrPayload, ExactFormatWithAllMandatoryItems) {
    auto d = Minimal();
    d.lookup_url = "https://dichvucong.example.vn/tra-cuu?ma=000.00.12.H48-261127-0001";
    auto payload = ReceiptQrPayload(d);
    ASSERT_TRUE(payload.ok()) << payload.error().message;
    // Written out by hand from the format documented in receipt.hpp.
    EXPECT_EQ(
        *payload,
        "{\"fmt\":\"mocua-receipt/1\",\"dossier\":\"000.00.12.H48-261127-0001\",\"procedure\":\"1.001193\","
        "\"applicant\":\"045190000123\",\"doc\":\"Giấy tiếp nhận hồ sơ và hẹn trả kết quả\","
        "\"system\":\"Mở Cửa\",\"issued\":\"2026-11-27T08:31+07:00\","
        "\"appointment\":\"2026-11-30T08:30+07:00\","
        "\"url\":\"https://dichvucong.example.vn/tra-cuu?ma=000.00.12.H48-261127-0001\"}");
}

TEST(ReceiptQrPayload, UrlLeftOutWhenEmpty) {
    auto payload = ReceiptQrPayload(Minimal());
    ASSERT_TRUE(payload.ok());
    const auto json = nlohmann::json::parse(*payload);
    EXPECT_FALSE(json.contains("url"));
    EXPECT_EQ(json.size(), 8u);
}

TEST(ReceiptQrPayload, EscapesQuotesBackslashesAndControlCharacters) {
    auto d = Minimal();
    d.issuing_system = "Hệ thống \"Một cửa\" C:\\mc\ttab\nline\x01";
    auto payload = ReceiptQrPayload(d);
    ASSERT_TRUE(payload.ok());
    EXPECT_NE(payload->find(R"("system":"Hệ thống \"Một cửa\" C:\\mc\ttab\nline\u0001")"), std::string::npos)
        << *payload;
    // An independent JSON parser reads back the original text.
    const auto json = nlohmann::json::parse(*payload);
    EXPECT_EQ(json.at("system").get<std::string>(), d.issuing_system);
    EXPECT_EQ(json.at("doc").get<std::string>(), "Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
}

TEST(ReceiptQrPayload, RequiredFieldsAreNamed) {
    const std::pair<std::string, std::string ReceiptData::*> fields[] = {
        {"dossier_code", &ReceiptData::dossier_code},     {"procedure_code", &ReceiptData::procedure_code},
        {"applicant_id", &ReceiptData::applicant_id},     {"issuing_system", &ReceiptData::issuing_system},
        {"applicant_name", &ReceiptData::applicant_name}, {"authority_name", &ReceiptData::authority_name},
    };
    for (const auto& [name, member] : fields) {
        auto d = Minimal();
        d.*member = "";
        auto payload = ReceiptQrPayload(d);
        ASSERT_FALSE(payload.ok()) << name;
        EXPECT_EQ(payload.error().code, core::ErrorCode::kInvalidArgument);
        EXPECT_EQ(payload.error().message, "receipt.missing_field: " + name);
    }
    auto d = Minimal();
    d.components.clear();
    EXPECT_EQ(ReceiptQrPayload(d).error().message, "receipt.missing_field: components");
}

TEST(ValidateReceipt, TimesCountsUrlAndUtf8) {
    EXPECT_TRUE(ValidateReceipt(Minimal()).ok());
    auto d = Minimal();
    d.received_at = {2026, 2, 29, 8, 0};  // 2026 is not a leap year
    EXPECT_EQ(ValidateReceipt(d).error().message, "receipt.bad_time: received_at");
    d = Minimal();
    d.received_at = {2028, 2, 29, 8, 0};  // 2028 is
    d.appointment_at = {2028, 3, 1, 8, 0};
    EXPECT_TRUE(ValidateReceipt(d).ok());
    d = Minimal();
    d.issued_at.minute = 60;
    EXPECT_EQ(ValidateReceipt(d).error().message, "receipt.bad_time: issued_at");
    d = Minimal();
    d.appointment_at = {2026, 11, 27, 8, 29};
    EXPECT_EQ(ValidateReceipt(d).error().message, "receipt.bad_time: appointment_at before received_at");
    // Same instant written in UTC: 01:30Z == 08:30+07:00, so not before.
    d.appointment_at = {2026, 11, 27, 1, 30, 0};
    EXPECT_TRUE(ValidateReceipt(d).ok());
    d = Minimal();
    d.number_of_sets = 0;
    EXPECT_EQ(ValidateReceipt(d).error().message, "receipt.bad_count: number_of_sets");
    d = Minimal();
    d.components[0].quantity = 0;
    EXPECT_EQ(ValidateReceipt(d).error().message, "receipt.bad_count: components[].quantity");
    d = Minimal();
    d.lookup_url = "javascript:alert(1)";
    EXPECT_EQ(ValidateReceipt(d).error().message, "receipt.bad_url: lookup_url");
    d = Minimal();
    d.address = "Ph\xC6";  // truncated two-byte sequence
    EXPECT_EQ(ValidateReceipt(d).error().message, "receipt.bad_text: address");
}

TEST(FormatTimes, Iso8601AndVietnameseWording) {
    EXPECT_EQ(FormatIso8601({2026, 1, 5, 7, 5}), "2026-01-05T07:05+07:00");
    EXPECT_EQ(FormatIso8601({2026, 1, 5, 7, 5, -90}), "2026-01-05T07:05-01:30");
    EXPECT_EQ(FormatVietnameseDateTime({2026, 1, 5, 14, 0}), "14 giờ 00 phút, ngày 05 tháng 01 năm 2026");
}

}  // namespace
}  // namespace mocua::domain::forms
