#include "app/cli_forms.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "adapters/pdf/notice_pdf.hpp"
#include "adapters/pdf/process_control_pdf.hpp"
#include "adapters/pdf/receipt_pdf.hpp"
#include "adapters/registers/register_xlsx.hpp"
#include "core/result.hpp"
#include "domain/forms/notices.hpp"
#include "domain/forms/receipt.hpp"

namespace mocua::app {
namespace {

namespace forms = domain::forms;

// Made-up data: no real person, the demo town's names.
forms::ReceiptData SampleReceipt() {
    forms::ReceiptData d;
    d.authority_name = "ỦY BAN NHÂN DÂN PHƯỜNG QUẢNG TRỊ";
    d.receiving_section = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ";
    d.place = "Quảng Trị";
    d.number = "0001/TNHS";
    d.dossier_code = "000.00.12.H48-261127-0001";
    d.procedure_code = "1.001193";
    d.applicant_name = "Trần Thị Mẫu";
    d.applicant_id = "045000000000";
    d.address = "Khu phố 1, phường Quảng Trị, tỉnh Quảng Trị";
    d.phone = "0900 000 000";
    d.email = "mau.tran@example.vn";
    d.request = "Đăng ký khai sinh";
    d.components = {{"Tờ khai đăng ký khai sinh", forms::CopyKind::kOriginal, 1},
                    {"Giấy chứng sinh", forms::CopyKind::kOriginal, 1},
                    {"Giấy chứng nhận kết hôn của cha, mẹ", forms::CopyKind::kCertifiedCopy, 1}};
    d.legal_time_limit = "01 ngày làm việc";
    d.received_at = {2026, 11, 27, 8, 30};
    d.appointment_at = {2026, 11, 30, 8, 30};
    d.issued_at = {2026, 11, 27, 8, 31};
    d.result_delivery = "Bộ phận tiếp nhận và trả kết quả phường Quảng Trị";
    d.fees = "Miễn lệ phí";
    d.register_book = "01";
    d.register_serial = "0001";
    d.receiver_name = "Lê Văn Mẫu";
    d.hotline = "Mọi phản ánh, kiến nghị xin gọi đường dây nóng: 0233 0000 000 (mẫu)";
    d.issuing_system = "Mở Cửa (bản mẫu)";
    d.lookup_url = "https://mocua.example.vn/tra-cuu?ma=000.00.12.H48-261127-0001";
    return d;
}

std::string TwoDigitsSample(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

forms::FormHeader SampleHeader(const char* number) {
    forms::FormHeader h;
    h.authority_name = "ỦY BAN NHÂN DÂN PHƯỜNG QUẢNG TRỊ";
    h.receiving_section = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ";
    h.place = "Quảng Trị";
    h.number = number;
    return h;
}

forms::SupplementRequestData SampleSupplementRequest() {
    forms::SupplementRequestData d;
    d.header = SampleHeader("0002/YCBS");
    d.receiving_office = "Bộ phận tiếp nhận và trả kết quả UBND phường Quảng Trị";
    d.dossier_code = "000.00.12.H48-261127-0002";
    d.procedure_code = "1.001193";
    d.applicant_name = "Trần Thị Mẫu";
    d.applicant_id = "045000000000";
    d.request = "Đăng ký khai sinh";
    d.received_at = {2026, 11, 27, 8, 30};
    d.items = {{"Bản chính Giấy chứng sinh", "Hồ sơ chỉ có bản chụp"},
               {"Giấy chứng nhận kết hôn của cha, mẹ", "Thiếu giấy tờ chứng minh quan hệ hôn nhân"}};
    d.deadline = "trước ngày 04 tháng 12 năm 2026";
    d.officer_name = "Lê Văn Mẫu";
    d.hotline = "0233 0000 000";
    d.issuing_system = "Mở Cửa (bản mẫu)";
    d.issued_at = {2026, 11, 27, 8, 45};
    d.lookup_url = "https://mocua.example.vn/tra-cuu?ma=000.00.12.H48-261127-0002";
    return d;
}

forms::RefusalData SampleRefusal() {
    forms::RefusalData d;
    d.header = SampleHeader("0003/TCTN");
    d.receiving_office = "Bộ phận tiếp nhận và trả kết quả UBND phường Quảng Trị";
    d.dossier_code = "000.00.12.H48-261127-0003";
    d.procedure_code = "1.003583";
    d.applicant_name = "Trần Văn Mẫu";
    d.applicant_id = "045000000001";
    d.request = "Cấp giấy phép xây dựng nhà ở riêng lẻ";
    d.received_at = {2026, 11, 27, 9, 0};
    d.reasons = {
        "Thủ tục không thuộc thẩm quyền giải quyết của UBND phường; đề nghị Ông/Bà nộp hồ sơ tại "
        "Trung tâm Phục vụ hành chính công tỉnh"};
    d.officer_name = "Lê Văn Mẫu";
    d.hotline = "0233 0000 000";
    d.issuing_system = "Mở Cửa (bản mẫu)";
    d.issued_at = {2026, 11, 27, 9, 10};
    return d;
}

forms::FormHeader SampleAgencyHeader(const char* number) {
    forms::FormHeader h = SampleHeader(number);
    h.receiving_section = "PHÒNG VĂN HÓA - XÃ HỘI";
    return h;
}

forms::ApologyData SampleApology() {
    forms::ApologyData d;
    d.header = SampleAgencyHeader("0004/XL");
    d.agency_name = "Phòng Văn hóa - Xã hội UBND phường Quảng Trị";
    d.dossier_code = "000.00.12.H48-261127-0004";
    d.procedure_code = "1.001193";
    d.applicant_name = "Trần Thị Mẫu";
    d.applicant_id = "045000000000";
    d.request = "Đăng ký khai sinh";
    d.received_at = {2026, 11, 27, 8, 30};
    d.original_appointment = {2026, 11, 30, 8, 30};
    d.reason = "cần xác minh thông tin nơi sinh với cơ sở y tế (bản mẫu)";
    d.new_appointment = {2026, 12, 2, 8, 30};
    d.signer_title = "TRƯỞNG PHÒNG";
    d.signer_name = "Nguyễn Văn Mẫu";
    d.hotline = "0233 0000 000";
    d.issuing_system = "Mở Cửa (bản mẫu)";
    d.issued_at = {2026, 11, 28, 15, 0};
    return d;
}

forms::StopNoticeData SampleStopNotice() {
    forms::StopNoticeData d;
    d.header = SampleAgencyHeader("0005/DGQ");
    d.agency_name = "Phòng Văn hóa - Xã hội UBND phường Quảng Trị";
    d.dossier_code = "000.00.12.H48-261127-0005";
    d.procedure_code = "1.001193";
    d.applicant_name = "Trần Văn Mẫu";
    d.applicant_id = "045000000001";
    d.request = "Đăng ký khai sinh";
    d.received_at = {2026, 11, 27, 9, 0};
    d.reasons = {"Ông/Bà đã có văn bản đề nghị rút hồ sơ (bản mẫu)"};
    d.legal_basis = "Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ";
    d.signer_title = "TRƯỞNG PHÒNG";
    d.signer_name = "Nguyễn Văn Mẫu";
    d.hotline = "0233 0000 000";
    d.issuing_system = "Mở Cửa (bản mẫu)";
    d.issued_at = {2026, 11, 28, 10, 0};
    return d;
}

forms::ProcessControlData SampleProcessControl() {
    forms::ProcessControlData d;
    d.header = SampleHeader("0006/KS");
    d.dossier_code = "000.00.12.H48-261127-0001";
    d.procedure_code = "1.001193";
    d.applicant_name = "Trần Thị Mẫu";
    d.applicant_id = "045000000000";
    d.request = "Đăng ký khai sinh";
    d.received_at = {2026, 11, 27, 8, 30};
    d.appointment_at = {2026, 11, 30, 8, 30};
    d.hand_overs = {
        {"Bộ phận tiếp nhận và trả kết quả", "Phòng Văn hóa - Xã hội", {2026, 11, 27, 9, 0},
         forms::Timeliness::kEarly, "Lê Văn Mẫu", "Nguyễn Thị Mẫu", ""},
        {"Phòng Văn hóa - Xã hội", "Lãnh đạo UBND phường", {2026, 11, 27, 15, 30}, forms::Timeliness::kOnTime,
         "Nguyễn Thị Mẫu", "Phạm Văn Mẫu", "Trình ký"},
        {"Lãnh đạo UBND phường", "Bộ phận tiếp nhận và trả kết quả", {2026, 11, 28, 9, 0},
         forms::Timeliness::kNone, "Phạm Văn Mẫu", "", ""}};
    d.issuing_system = "Mở Cửa (bản mẫu)";
    d.issued_at = {2026, 11, 28, 9, 5};
    return d;
}

forms::RegisterData SampleRegister() {
    forms::RegisterData d;
    d.authority_name = "ỦY BAN NHÂN DÂN PHƯỜNG QUẢNG TRỊ";
    d.unit_name = "Bộ phận tiếp nhận và trả kết quả";
    d.period_from = {2026, 11, 1, 0, 0};
    d.period_to = {2026, 11, 30, 0, 0};
    d.printed_at = {2026, 12, 1, 8, 0};
    const char* names[] = {"Trần Thị Mẫu", "Trần Văn Mẫu", "Lê Thị Mẫu"};
    for (int i = 0; i < 30; ++i) {
        forms::RegisterRow r;
        r.dossier_code = "000.00.12.H48-2611" + TwoDigitsSample(i % 28 + 1) + "-000" + std::to_string(i % 10);
        r.procedure_name = i % 2 == 0 ? "Đăng ký khai sinh" : "Chứng thực bản sao từ bản chính";
        r.number_of_sets = 1 + i % 2;
        r.applicant_name = names[i % 3];
        r.address = "Khu phố " + std::to_string(1 + i % 5) + ", phường Quảng Trị";
        r.phone = "0900 000 000";
        r.lead_agency = "Phòng Văn hóa - Xã hội";
        r.received_at = {2026, 11, i % 28 + 1, 8, 30};
        r.appointment_at = {2026, 11, i % 28 + 2, 8, 30};
        if (i % 4 != 3) {
            r.transferred_at = forms::LocalDateTime{2026, 11, i % 28 + 1, 9, 0};
            r.result_at = forms::LocalDateTime{2026, 11, i % 28 + 1, 16, 0};
            r.returned_at = forms::LocalDateTime{2026, 11, i % 28 + 2, 8, 0};
            r.return_mark = forms::Timeliness::kEarly;
        }
        d.rows.push_back(r);
    }
    return d;
}

int WritePdf(const core::Result<std::string>& pdf, const std::string& out) {
    if (!pdf) {
        std::fprintf(stderr, "mocua: error: %s\n", pdf.error().message.c_str());
        return 1;
    }
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file << *pdf;
    if (!file.flush()) {
        std::fprintf(stderr, "mocua: error: cannot write %s\n", out.c_str());
        return 1;
    }
    std::printf("%s: %zu bytes\n", out.c_str(), pdf->size());
    return 0;
}

}  // namespace

std::function<std::optional<int>()> AddFormsCommands(CLI::App& cli) {
    auto out = std::make_shared<std::string>();
    auto* forms_cmd = cli.add_subcommand("forms", "Printed forms (PDF)");
    forms_cmd->require_subcommand(1);
    auto* receipt = forms_cmd->add_subcommand(
        "receipt-sample",
        "Write a Mẫu 01 receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) with made-up data");
    receipt->add_option("--out", *out, "PDF file to write")->required();
    auto* supplement = forms_cmd->add_subcommand(
        "supplement-sample",
        "Write a Mẫu 02 notice (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ) with made-up data");
    supplement->add_option("--out", *out, "PDF file to write")->required();
    auto* refusal = forms_cmd->add_subcommand(
        "refusal-sample",
        "Write a Mẫu 03 notice (Phiếu từ chối tiếp nhận giải quyết hồ sơ) with made-up data");
    refusal->add_option("--out", *out, "PDF file to write")->required();
    auto* apology = forms_cmd->add_subcommand(
        "apology-sample",
        "Write a Mẫu 04 letter (Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết) with made-up data");
    apology->add_option("--out", *out, "PDF file to write")->required();
    auto* stop = forms_cmd->add_subcommand(
        "stop-sample", "Write a Mẫu 05 notice (Thông báo dừng giải quyết hồ sơ) with made-up data");
    stop->add_option("--out", *out, "PDF file to write")->required();
    auto* control = forms_cmd->add_subcommand(
        "control-sample",
        "Write a Mẫu 06 sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ) with made-up data");
    control->add_option("--out", *out, "PDF file to write")->required();
    auto format = std::make_shared<std::string>("pdf");
    auto* register_cmd = forms_cmd->add_subcommand(
        "register-sample", "Write a Mẫu 07 register (Sổ theo dõi hồ sơ) of 30 made-up dossiers");
    register_cmd->add_option("--out", *out, "file to write")->required();
    register_cmd->add_option("--format", *format, "pdf or xlsx")->check(CLI::IsMember({"pdf", "xlsx"}));
    return [=]() -> std::optional<int> {
        if (*apology) return WritePdf(adapters::pdf::RenderApologyPdf(SampleApology()), *out);
        if (*stop) return WritePdf(adapters::pdf::RenderStopNoticePdf(SampleStopNotice()), *out);
        if (*control) return WritePdf(adapters::pdf::RenderProcessControlPdf(SampleProcessControl()), *out);
        if (*register_cmd) {
            return WritePdf(*format == "xlsx" ? adapters::registers::RenderRegisterXlsx(SampleRegister())
                                              : adapters::pdf::RenderRegisterPdf(SampleRegister()),
                            *out);
        }
        if (*receipt) return WritePdf(adapters::pdf::RenderReceipt(SampleReceipt()), *out);
        if (*supplement)
            return WritePdf(adapters::pdf::RenderSupplementRequestPdf(SampleSupplementRequest()), *out);
        if (*refusal) return WritePdf(adapters::pdf::RenderRefusalPdf(SampleRefusal()), *out);
        return std::nullopt;
    };
}

}  // namespace mocua::app
