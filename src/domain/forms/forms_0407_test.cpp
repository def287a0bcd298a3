// Mẫu 04–07: validation rules and QR payloads. Expected values are the inputs below.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "domain/forms/dossier_register.hpp"
#include "domain/forms/notices.hpp"
#include "domain/forms/process_control.hpp"

namespace mocua::domain::forms {
namespace {

FormHeader AgencyHeader() {
    FormHeader h;
    h.authority_name = "ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG TRỊ";
    h.receiving_section = "PHÒNG TƯ PHÁP";
    h.place = "Quảng Trị";
    h.number = "15/XL-TP";
    return h;
}

ApologyData Apology() {
    ApologyData d;
    d.header = AgencyHeader();
    d.agency_name = "Phòng Tư pháp thị xã Quảng Trị";
    d.dossier_code = "000.00.12.H48-261127-0011";
    d.procedure_code = "1.001193";
    d.applicant_name = "Võ Thị Ánh Tuyết";
    d.applicant_id = "045190000777";
    d.request = "Đăng ký khai sinh";
    d.received_at = {2026, 11, 27, 8, 30};
    d.original_appointment = {2026, 11, 30, 8, 30};
    d.reason = "Cần xác minh nơi cư trú của người mẹ";
    d.new_appointment = {2026, 12, 3, 14, 0};
    d.signer_title = "TRƯỞNG PHÒNG";
    d.signer_name = "Lê Quang Vĩnh";
    d.issuing_system = "Hệ thống thông tin giải quyết TTHC tỉnh Quảng Trị";
    d.issued_at = {2026, 11, 28, 16, 0};
    return d;
}

StopNoticeData Stop() {
    StopNoticeData d;
    d.header = AgencyHeader();
    d.agency_name = "Phòng Tư pháp thị xã Quảng Trị";
    d.dossier_code = "000.00.12.H48-261127-0012";
    d.procedure_code = "1.001193";
    d.applicant_name = "Hồ Văn Lực";
    d.applicant_id = "045190000888";
    d.request = "Đăng ký khai sinh";
    d.received_at = {2026, 11, 27, 8, 30};
    d.reasons = {"Người yêu cầu đã rút hồ sơ"};
    d.signer_title = "TRƯỞNG PHÒNG";
    d.signer_name = "Lê Quang Vĩnh";
    d.issuing_system = "Hệ thống thông tin giải quyết TTHC tỉnh Quảng Trị";
    d.issued_at = {2026, 11, 28, 16, 0};
    return d;
}

ProcessControlData Control() {
    ProcessControlData d;
    d.header = AgencyHeader();
    d.dossier_code = "000.00.12.H48-261127-0013";
    d.procedure_code = "1.001193";
    d.applicant_name = "Hồ Văn Lực";
    d.applicant_id = "045190000888";
    d.request = "Đăng ký khai sinh";
    d.received_at = {2026, 11, 27, 8, 30};
    d.appointment_at = {2026, 11, 30, 8, 30};
    d.hand_overs = {{"Bộ phận một cửa", "Phòng Tư pháp", {2026, 11, 27, 9, 0}, Timeliness::kEarly, "", "", ""},
                    {"Phòng Tư pháp", "Bộ phận một cửa", {2026, 11, 28, 9, 0}, Timeliness::kNone, "", "", ""}};
    d.issuing_system = "Hệ thống thông tin giải quyết TTHC tỉnh Quảng Trị";
    d.issued_at = {2026, 11, 28, 9, 30};
    return d;
}

RegisterData Register() {
    RegisterData d;
    d.authority_name = "ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG TRỊ";
    d.unit_name = "Bộ phận tiếp nhận và trả kết quả";
    d.period_from = {2026, 11, 1, 0, 0};
    d.period_to = {2026, 11, 30, 0, 0};
    d.printed_at = {2026, 12, 1, 8, 0};
    RegisterRow r;
    r.dossier_code = "000.00.12.H48-261127-0013";
    r.procedure_name = "Đăng ký khai sinh";
    r.applicant_name = "Hồ Văn Lực";
    r.lead_agency = "Phòng Tư pháp";
    r.received_at = {2026, 11, 27, 8, 30};
    r.appointment_at = {2026, 11, 30, 8, 30};
    d.rows.push_back(r);
    return d;
}

std::string Message(const core::Result<void>& r) { return r.ok() ? "ok" : r.error().message; }

TEST(ApologyForm, ValidAndQrPayloadNamesTheDocument) {
    EXPECT_EQ(Message(ValidateApology(Apology())), "ok");
    auto payload = ApologyQrPayload(Apology());
    ASSERT_TRUE(payload.ok());
    const auto json = nlohmann::json::parse(*payload);
    EXPECT_EQ(json["fmt"], "mocua-notice/1");
    EXPECT_EQ(json["doc"], "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết");
    EXPECT_EQ(json["dossier"], "000.00.12.H48-261127-0011");
    EXPECT_EQ(json["issued"], "2026-11-28T16:00+07:00");
}

TEST(ApologyForm, NewAppointmentMustBeAfterTheOriginal) {
    auto d = Apology();
    d.new_appointment = d.original_appointment;
    EXPECT_EQ(Message(ValidateApology(d)), "receipt.bad_time: new_appointment not after original_appointment");
    d.new_appointment = {2026, 11, 29, 8, 30};
    EXPECT_EQ(Message(ValidateApology(d)), "receipt.bad_time: new_appointment not after original_appointment");
    d = Apology();
    d.original_appointment = {2026, 11, 26, 8, 30};
    EXPECT_EQ(Message(ValidateApology(d)), "receipt.bad_time: original_appointment before received_at");
}

TEST(ApologyForm, MissingFieldsAreNamed) {
    auto d = Apology();
    d.reason.clear();
    EXPECT_EQ(Message(ValidateApology(d)), "receipt.missing_field: reason");
    d = Apology();
    d.signer_name.clear();
    EXPECT_EQ(Message(ValidateApology(d)), "receipt.missing_field: signer_name");
    d = Apology();
    d.agency_name.clear();
    EXPECT_EQ(Message(ValidateApology(d)), "receipt.missing_field: agency_name");
    d = Apology();
    d.signer_title.clear();
    EXPECT_EQ(Message(ValidateApology(d)), "receipt.missing_field: signer_title");
    d = Apology();
    d.new_appointment.month = 13;
    EXPECT_EQ(Message(ValidateApology(d)), "receipt.bad_time: new_appointment");
}

TEST(StopNoticeForm, ValidationAndPayload) {
    EXPECT_EQ(Message(ValidateStopNotice(Stop())), "ok");
    auto d = Stop();
    d.reasons.clear();
    EXPECT_EQ(Message(ValidateStopNotice(d)), "receipt.missing_field: reasons");
    d.reasons = {""};
    EXPECT_EQ(Message(ValidateStopNotice(d)), "receipt.missing_field: reasons[]");
    d = Stop();
    d.legal_basis = "\xff";
    EXPECT_EQ(Message(ValidateStopNotice(d)), "receipt.bad_text: legal_basis");
    auto payload = StopNoticeQrPayload(Stop());
    ASSERT_TRUE(payload.ok());
    EXPECT_EQ(nlohmann::json::parse(*payload)["doc"], "Thông báo dừng giải quyết hồ sơ");
}

TEST(ProcessControlForm, ValidationAndPayload) {
    EXPECT_EQ(Message(ValidateProcessControl(Control())), "ok");
    auto d = Control();
    d.hand_overs.clear();
    EXPECT_EQ(Message(ValidateProcessControl(d)), "receipt.missing_field: hand_overs");
    d = Control();
    d.hand_overs[1].to_unit.clear();
    EXPECT_EQ(Message(ValidateProcessControl(d)), "receipt.missing_field: hand_overs[].to_unit");
    d = Control();
    d.hand_overs[0].at = {2026, 11, 27, 8, 0};
    EXPECT_EQ(Message(ValidateProcessControl(d)), "receipt.bad_time: hand_overs[].at before received_at");
    d = Control();
    d.hand_overs[1].at = {2026, 11, 27, 8, 45};
    EXPECT_EQ(Message(ValidateProcessControl(d)), "receipt.bad_time: hand_overs[].at before the previous hand-over");
    d = Control();
    d.appointment_at = d.received_at;
    EXPECT_EQ(Message(ValidateProcessControl(d)), "receipt.bad_time: appointment_at not after received_at");
    auto payload = ProcessControlQrPayload(Control());
    ASSERT_TRUE(payload.ok());
    EXPECT_EQ(nlohmann::json::parse(*payload)["doc"], "Phiếu kiểm soát quá trình giải quyết hồ sơ");
}

TEST(RegisterForm, Validation) {
    EXPECT_EQ(Message(ValidateRegister(Register())), "ok");
    auto d = Register();
    d.rows.clear();
    EXPECT_EQ(Message(ValidateRegister(d)), "ok");
    d = Register();
    d.period_to = {2026, 10, 31, 23, 0};
    EXPECT_EQ(Message(ValidateRegister(d)), "receipt.bad_time: period_to before period_from");
    d = Register();
    d.rows[0].number_of_sets = 0;
    EXPECT_EQ(Message(ValidateRegister(d)), "receipt.bad_count: rows[].number_of_sets");
    d = Register();
    d.rows[0].returned_at = LocalDateTime{2026, 11, 26, 8, 0};
    EXPECT_EQ(Message(ValidateRegister(d)), "receipt.bad_time: rows[].returned_at before received_at");
    d = Register();
    d.rows[0].lead_agency.clear();
    EXPECT_EQ(Message(ValidateRegister(d)), "receipt.missing_field: rows[].lead_agency");
}

TEST(FormCommon, TimelinessLabelsAndVietnamTime) {
    EXPECT_STREQ(TimelinessLabel(Timeliness::kEarly), "Trước hạn");
    EXPECT_STREQ(TimelinessLabel(Timeliness::kOnTime), "Đúng hạn");
    EXPECT_STREQ(TimelinessLabel(Timeliness::kLate), "Quá hạn");
    EXPECT_STREQ(TimelinessLabel(Timeliness::kNone), "");
    // 2026-12-31T20:30Z is 2027-01-01 03:30 in Vietnam.
    const auto vn = ToUtcOffset({2026, 12, 31, 20, 30, 0}, kVietnamUtcOffsetMinutes);
    EXPECT_EQ(FormatIso8601(vn), "2027-01-01T03:30+07:00");
    // 2028-02-29 (leap day) stays itself at the same offset.
    EXPECT_EQ(FormatShortDateTime(ToUtcOffset({2028, 2, 29, 23, 59}, kVietnamUtcOffsetMinutes)), "29/02/2028 23:59");
    EXPECT_EQ(FormatShortDate({2026, 3, 5, 0, 0}), "05/03/2026");
}

}  // namespace
}  // namespace mocua::domain::forms
