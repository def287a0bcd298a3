// Renders Mẫu 04–07 and checks the PDFs with independent tools (tests/support/pdf_tools.hpp); a test
// skips, naming the missing tool, only when one is absent. Expected texts are the inputs below.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "adapters/pdf/notice_pdf.hpp"
#include "adapters/pdf/pdf_renderer.hpp"
#include "adapters/pdf/process_control_pdf.hpp"
#include "support/pdf_tools.hpp"

namespace mocua::adapters::pdf {
namespace {

namespace fs = std::filesystem;
namespace forms = domain::forms;
using mocua::testing::DecodeTopLeftQr;
using mocua::testing::ExpectFontsEmbedded;
using mocua::testing::PdfPageCount;
using mocua::testing::PdfText;
using mocua::testing::RunTool;

forms::FormHeader AgencyHeader(const char* number) {
    forms::FormHeader h;
    h.authority_name = "ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG TRỊ";
    h.receiving_section = "PHÒNG TƯ PHÁP";
    h.place = "Quảng Trị";
    h.number = number;
    return h;
}

forms::ApologyData Apology() {
    forms::ApologyData d;
    d.header = AgencyHeader("15/XL-TP");
    d.agency_name = "Phòng Tư pháp thị xã Quảng Trị";
    d.dossier_code = "000.00.12.H48-261127-0011";
    d.procedure_code = "1.001193";
    d.applicant_name = "Võ Thị Ánh Tuyết";
    d.applicant_id = "045190000777";
    d.request = "Đăng ký khai sinh";
    d.received_at = {2026, 11, 27, 8, 30};
    d.original_appointment = {2026, 11, 30, 8, 30};
    d.reason = "Cần xác minh nơi cư trú của người mẹ với Công an xã Hải Lăng";
    d.new_appointment = {2026, 12, 3, 14, 0};
    d.signer_title = "TRƯỞNG PHÒNG";
    d.signer_name = "Lê Quang Vĩnh";
    d.hotline = "0233 3861 240";
    d.issuing_system = "Hệ thống thông tin giải quyết TTHC tỉnh Quảng Trị";
    d.issued_at = {2026, 11, 28, 16, 0};
    d.lookup_url = "https://dichvucong.quangtri.gov.vn/tra-cuu?ma=000.00.12.H48-261127-0011";
    return d;
}

forms::StopNoticeData Stop() {
    forms::StopNoticeData d;
    d.header = AgencyHeader("16/DGQ-TP");
    d.agency_name = "Phòng Tư pháp thị xã Quảng Trị";
    d.dossier_code = "000.00.12.H48-261127-0012";
    d.procedure_code = "1.001193";
    d.applicant_name = "Hồ Văn Lực";
    d.applicant_id = "045190000888";
    d.request = "Đăng ký khai sinh";
    d.received_at = {2026, 11, 27, 10, 15};
    d.reasons = {"Người yêu cầu đã có đơn xin rút hồ sơ", "Hồ sơ có dấu hiệu giả mạo giấy tờ"};
    d.legal_basis = "Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ";
    d.signer_title = "TRƯỞNG PHÒNG";
    d.signer_name = "Lê Quang Vĩnh";
    d.hotline = "0233 3861 240";
    d.issuing_system = "Hệ thống thông tin giải quyết TTHC tỉnh Quảng Trị";
    d.issued_at = {2026, 11, 28, 16, 30};
    return d;
}

forms::ProcessControlData Control(int hand_overs) {
    forms::ProcessControlData d;
    d.header = AgencyHeader("17/KS");
    d.header.receiving_section = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ";
    d.dossier_code = "000.00.12.H48-261127-0013";
    d.procedure_code = "1.004946";
    d.applicant_name = "Phan Thị Diệu Linh";
    d.applicant_id = "045190000999";
    d.request = "Cấp giấy chứng nhận quyền sử dụng đất lần đầu";
    d.received_at = {2026, 11, 2, 8, 0};
    d.appointment_at = {2026, 12, 28, 16, 0};
    for (int i = 0; i < hand_overs; ++i) {
        forms::HandOver h;
        h.from_unit = "Đơn vị giao số " + std::to_string(i + 1);
        h.to_unit = "Đơn vị nhận số " + std::to_string(i + 1);
        h.at = {2026, 11, 3 + i, 9, 15};
        h.mark = i % 3 == 0 ? forms::Timeliness::kEarly
                            : (i % 3 == 1 ? forms::Timeliness::kOnTime : forms::Timeliness::kLate);
        h.giver_name = "Người giao " + std::to_string(i + 1);
        h.receiver_name = "Người nhận " + std::to_string(i + 1);
        h.note = "Ghi chú bước " + std::to_string(i + 1);
        d.hand_overs.push_back(h);
    }
    d.issuing_system = "Hệ thống thông tin giải quyết TTHC tỉnh Quảng Trị";
    d.issued_at = {2026, 11, 28, 9, 30};
    return d;
}

forms::RegisterData Register(int rows) {
    forms::RegisterData d;
    d.authority_name = "ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG TRỊ";
    d.unit_name = "Bộ phận tiếp nhận và trả kết quả";
    d.period_from = {2026, 11, 1, 0, 0};
    d.period_to = {2026, 11, 30, 0, 0};
    d.printed_at = {2026, 12, 1, 8, 0};
    for (int i = 0; i < rows; ++i) {
        forms::RegisterRow r;
        r.dossier_code = "000.00.12.H48-261127-" + std::to_string(1000 + i);
        r.procedure_name = "Chứng thực chữ ký trong giấy tờ, văn bản";
        r.number_of_sets = 1 + i % 3;
        r.applicant_name = "Nguyễn Thị Hằng " + std::to_string(i + 1);
        r.address = "Thôn Như Lệ, xã Hải Lệ";
        r.phone = "0905 111 " + std::to_string(100 + i);
        r.lead_agency = "Phòng Tư pháp";
        r.received_at = {2026, 11, 27, 8, 30};
        r.appointment_at = {2026, 11, 30, 10, 45};
        r.returned_at = forms::LocalDateTime{2026, 11, 29, 15, 20};
        r.return_mark = forms::Timeliness::kEarly;
        d.rows.push_back(r);
    }
    return d;
}

class Forms0407Pdf : public ::testing::Test {
protected:
    void SetUp() override {
        if (const std::string missing = mocua::testing::MissingPdfTool(); !missing.empty())
            GTEST_SKIP() << missing << " not found: install poppler-utils and zbar-tools (tools/deps.sh)";
        dir_ = fs::path(::testing::TempDir()) / ("mocua-forms0407-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ignored;
        if (!dir_.empty()) fs::remove_all(dir_, ignored);
    }
    std::string Write(const core::Result<std::string>& pdf, const std::string& name) {
        EXPECT_TRUE(pdf.ok()) << pdf.error().message;
        const std::string path = (dir_ / name).string();
        if (pdf.ok()) std::ofstream(path, std::ios::binary) << *pdf;
        return path;
    }
    static void ExpectPageSize(const std::string& path, double w, double h) {
        const std::string info = RunTool("pdfinfo '" + path + "'");
        std::smatch m;
        ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(\nPage size:\s+([0-9.]+) x ([0-9.]+) pts)"))) << info;
        EXPECT_NEAR(std::stod(m[1].str()), w, 0.01);
        EXPECT_NEAR(std::stod(m[2].str()), h, 0.01);
    }
    static void ExpectContains(const std::string& text, std::initializer_list<std::string> expected) {
        for (const auto& e : expected) EXPECT_NE(text.find(e), std::string::npos) << "missing: " << e << "\n" << text;
    }
    fs::path dir_;
};

// ISO 216: A5 148 × 210 mm = 419.53 × 595.28 pt; A4 landscape 297 × 210 mm = 841.89 × 595.28 pt.
constexpr double kA5W = 419.53, kA5H = 595.28, kA4LW = 841.89, kA4LH = 595.28;

TEST_F(Forms0407Pdf, ApologyIsA5WithItsTextAndQr) {
    const auto d = Apology();
    const std::string path = Write(RenderApologyPdf(d), "apology.pdf");
    EXPECT_EQ(PdfPageCount(path), 1);
    ExpectPageSize(path, kA5W, kA5H);
    EXPECT_GE(ExpectFontsEmbedded(path, "LiberationSerif"), 2);
    ExpectContains(PdfText(path),
                   {"VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", "Số: 15/XL-TP", d.dossier_code,
                    "Kính gửi: Ông/Bà " + d.applicant_name, d.request,
                    "Vào lúc 08 giờ 30 phút, ngày 27 tháng 11 năm 2026",
                    "hẹn trả kết quả vào lúc 08 giờ 30 phút, ngày 30 tháng 11 năm 2026", "Lý do: " + d.reason,
                    "hẹn trả kết quả vào lúc 14 giờ 00 phút, ngày 03 tháng 12 năm 2026", "thành thật xin lỗi",
                    "TRƯỞNG PHÒNG", d.signer_name, "Số điện thoại liên hệ: " + d.hotline,
                    "Quảng Trị, ngày 28 tháng 11 năm 2026"});
    auto payload = forms::ApologyQrPayload(d);
    ASSERT_TRUE(payload.ok());
    EXPECT_EQ(DecodeTopLeftQr(path, (dir_ / "qr").string()), *payload);
}

TEST_F(Forms0407Pdf, ApologyRefusesAnEarlierNewAppointment) {
    auto d = Apology();
    d.new_appointment = {2026, 11, 29, 8, 30};
    auto pdf = RenderApologyPdf(d);
    ASSERT_FALSE(pdf.ok());
    EXPECT_EQ(pdf.error().message, "receipt.bad_time: new_appointment not after original_appointment");
}

TEST_F(Forms0407Pdf, StopNoticeIsA5WithReasonsLegalBasisAndQr) {
    const auto d = Stop();
    const std::string path = Write(RenderStopNoticePdf(d), "stop.pdf");
    EXPECT_EQ(PdfPageCount(path), 1);
    ExpectPageSize(path, kA5W, kA5H);
    EXPECT_GE(ExpectFontsEmbedded(path, "LiberationSerif"), 2);
    ExpectContains(PdfText(path), {"THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", d.dossier_code, d.applicant_name,
                                   "Căn cứ " + d.legal_basis, "1. " + d.reasons[0], "2. " + d.reasons[1],
                                   "thông báo dừng giải quyết hồ sơ này", d.signer_name});
    auto payload = forms::StopNoticeQrPayload(d);
    ASSERT_TRUE(payload.ok());
    EXPECT_EQ(DecodeTopLeftQr(path, (dir_ / "qr").string()), *payload);
}

TEST_F(Forms0407Pdf, ProcessControlIsA4LandscapeWithRowsAndQr) {
    const auto d = Control(3);
    const std::string path = Write(RenderProcessControlPdf(d), "control.pdf");
    EXPECT_EQ(PdfPageCount(path), 1);
    ExpectPageSize(path, kA4LW, kA4LH);
    EXPECT_GE(ExpectFontsEmbedded(path, "LiberationSerif"), 2);
    ExpectContains(PdfText(path),
                   {"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", d.dossier_code, d.applicant_name, d.request,
                    "Tên cơ quan/bộ phận giao", "Tên cơ quan/bộ phận nhận", "Người giao", "Người nhận", "Ghi chú",
                    "Đơn vị giao số 1", "Đơn vị nhận số 3", "09 giờ 15 phút, ngày 03 tháng 11 năm 2026",
                    "Trước hạn", "Đúng hạn", "Quá hạn", "Người nhận 2", "Ghi chú bước 3", "Trang 1/1"});
    auto payload = forms::ProcessControlQrPayload(d);
    ASSERT_TRUE(payload.ok());
    EXPECT_EQ(DecodeTopLeftQr(path, (dir_ / "qr").string()), *payload);
}

TEST_F(Forms0407Pdf, ProcessControlRowsContinueUnderARepeatedHeader) {
    const auto d = Control(25);
    const std::string path = Write(RenderProcessControlPdf(d), "control-long.pdf");
    const int pages = PdfPageCount(path);
    ASSERT_GE(pages, 2);
    for (int p = 1; p <= pages; ++p) {
        const std::string text = PdfText(path, p, p);
        ExpectContains(text, {"Tên cơ quan/bộ phận giao", "Trang " + std::to_string(p) + "/" + std::to_string(pages)});
    }
    const std::string all = PdfText(path);
    for (int i = 1; i <= 25; ++i) ExpectContains(all, {"Ghi chú bước " + std::to_string(i) + " "});
}

TEST_F(Forms0407Pdf, RegisterIsA4LandscapeWithRepeatedHeaderAndPageNumbers) {
    const auto d = Register(40);
    const std::string path = Write(RenderRegisterPdf(d), "register.pdf");
    ExpectPageSize(path, kA4LW, kA4LH);
    EXPECT_GE(ExpectFontsEmbedded(path, "LiberationSerif"), 2);
    const int pages = PdfPageCount(path);
    ASSERT_GE(pages, 2);
    for (int p = 1; p <= pages; ++p) {
        ExpectContains(PdfText(path, p, p), {"Mã hồ sơ", "Tên thủ tục hành chính", "Ngày trả kết quả",
                                             "Trang " + std::to_string(p) + "/" + std::to_string(pages)});
    }
    const std::string all = PdfText(path);
    ExpectContains(all, {"SỔ THEO DÕI HỒ SƠ", d.unit_name, "Từ ngày 01/11/2026 đến ngày 30/11/2026",
                         "27/11/2026 08:30", "30/11/2026 10:45", "29/11/2026 15:20 (Trước hạn)",
                         "Thôn Như Lệ, xã Hải Lệ; 0905 111 100"});
    for (int i = 0; i < 40; ++i) ExpectContains(all, {"000.00.12.H48-261127-" + std::to_string(1000 + i)});
}

TEST_F(Forms0407Pdf, EmptyRegisterSaysSo) {
    const std::string path = Write(RenderRegisterPdf(Register(0)), "register-empty.pdf");
    EXPECT_EQ(PdfPageCount(path), 1);
    ExpectContains(PdfText(path), {"Không có hồ sơ trong kỳ.", "Trang 1/1"});
}

TEST_F(Forms0407Pdf, RendererPortPrintsTheNewForms) {
    const PdfDocumentRenderer renderer;
    const domain::forms::DocumentRenderer& port = renderer;
    for (const auto& pdf : {port.Apology(Apology()), port.StopNotice(Stop()), port.ProcessControl(Control(2)),
                            port.Register(Register(2))}) {
        ASSERT_TRUE(pdf.ok()) << pdf.error().message;
        EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
    }
    auto bad = Register(1);
    bad.rows[0].number_of_sets = 0;
    EXPECT_EQ(port.Register(bad).error().message, "receipt.bad_count: rows[].number_of_sets");
}

}  // namespace
}  // namespace mocua::adapters::pdf
