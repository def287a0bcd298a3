// Renders Mẫu 02 and Mẫu 03 and checks the PDFs with independent tools (tests/support/pdf_tools.hpp); a
// test skips, saying which tool is missing, only when one is absent. Expected texts are the inputs below.
#include "adapters/pdf/notice_pdf.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "support/pdf_tools.hpp"

namespace mocua::adapters::pdf {
namespace {

namespace fs = std::filesystem;
using domain::forms::RefusalData;
using domain::forms::SupplementRequestData;
using mocua::testing::DecodeTopLeftQr;
using mocua::testing::ExpectFontsEmbedded;
using mocua::testing::PdfPageCount;
using mocua::testing::PdfText;
using mocua::testing::RunTool;

domain::forms::FormHeader Header() {
    domain::forms::FormHeader h;
    h.authority_name = "ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG TRỊ";
    h.receiving_section = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ";
    h.place = "Quảng Trị";
    h.number = "126/YCBS";
    return h;
}

// All text literals are NFC (precomposed), as the platform stores text.
SupplementRequestData Supplement() {
    SupplementRequestData d;
    d.header = Header();
    d.receiving_office = "Bộ phận tiếp nhận và trả kết quả UBND thị xã Quảng Trị";
    d.dossier_code = "000.00.12.H48-261127-0008";
    d.procedure_code = "1.001193";
    d.applicant_name = "Đặng Thị Thu Hường";
    d.applicant_id = "045190000321";
    d.request = "Đăng ký khai sinh cho trẻ em sinh ra tại Việt Nam";
    d.received_at = {2026, 11, 27, 8, 30};
    d.items = {
        {"Bản chính Giấy chứng sinh do cơ sở y tế cấp", "Hồ sơ chỉ có bản chụp, không rõ chữ ký"},
        {"Giấy chứng nhận kết hôn của cha, mẹ", "Thiếu giấy tờ chứng minh quan hệ hôn nhân của cha, mẹ"},
    };
    d.note = "Ông/Bà có thể bổ sung trực tuyến trên Cổng dịch vụ công";
    d.deadline = "trước 17 giờ 00 phút, ngày 04 tháng 12 năm 2026";
    d.officer_name = "Hoàng Văn Quyết";
    d.hotline = "0233 3861 235";
    d.issuing_system = "Hệ thống thông tin giải quyết TTHC tỉnh Quảng Trị";
    d.issued_at = {2026, 11, 27, 8, 50};
    d.lookup_url = "https://dichvucong.quangtri.gov.vn/tra-cuu?ma=000.00.12.H48-261127-0008";
    return d;
}

RefusalData Refusal() {
    RefusalData d;
    d.header = Header();
    d.header.number = "127/TCTN";
    d.receiving_office = "Bộ phận tiếp nhận và trả kết quả UBND thị xã Quảng Trị";
    d.dossier_code = "000.00.12.H48-261127-0009";
    d.procedure_code = "1.003583";
    d.applicant_name = "Lưu Quốc Bảo";
    d.applicant_id = "045190000654";
    d.request = "Cấp giấy phép xây dựng nhà ở riêng lẻ";
    d.received_at = {2026, 11, 27, 9, 15};
    d.reasons = {"Thửa đất thuộc quy hoạch đất giao thông đã được phê duyệt",
                 "Thủ tục thuộc thẩm quyền của Sở Xây dựng, đề nghị Ông/Bà nộp hồ sơ tại Trung tâm Phục vụ "
                 "hành chính công tỉnh"};
    d.officer_name = "Trương Thị Ngọc Ánh";
    d.hotline = "0233 3861 236";
    d.issuing_system = "Hệ thống thông tin giải quyết TTHC tỉnh Quảng Trị";
    d.issued_at = {2026, 11, 27, 9, 40};
    return d;
}

class NoticePdfTools : public ::testing::Test {
protected:
    void SetUp() override {
        if (const std::string missing = mocua::testing::MissingPdfTool(); !missing.empty())
            GTEST_SKIP() << missing << " not found: install poppler-utils and zbar-tools (tools/deps.sh)";
        dir_ = fs::path(::testing::TempDir()) / ("mocua-notice-" + std::to_string(::getpid()));
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
    static void ExpectA5(const std::string& path) {
        const std::string info = RunTool("pdfinfo '" + path + "'");
        std::smatch m;
        // ISO 216 A5 = 148 × 210 mm = 419.53 × 595.28 pt.
        ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(\nPage size:\s+([0-9.]+) x ([0-9.]+) pts)")))
            << info;
        EXPECT_NEAR(std::stod(m[1].str()), 419.53, 0.01);
        EXPECT_NEAR(std::stod(m[2].str()), 595.28, 0.01);
    }
    static void ExpectContains(const std::string& text, std::initializer_list<std::string> expected) {
        for (const auto& e : expected)
            EXPECT_NE(text.find(e), std::string::npos) << "missing: " << e << "\n" << text;
    }

    fs::path dir_;
};

TEST_F(NoticePdfTools, SupplementRequestIsOneA5PageWithEmbeddedFontsAndItsText) {
    const auto d = Supplement();
    const std::string path = Write(RenderSupplementRequestPdf(d), "supplement.pdf");
    EXPECT_EQ(PdfPageCount(path), 1);
    ExpectA5(path);
    EXPECT_GE(ExpectFontsEmbedded(path, "LiberationSerif"), 2);  // regular, bold, italic
    const std::string text = PdfText(path);
    ExpectContains(text, {"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", d.dossier_code, d.applicant_name,
                          d.request, d.header.national_name, d.header.motto, "Số: " + d.header.number,
                          "Quảng Trị, ngày 27 tháng 11 năm 2026",
                          "Vào lúc 08 giờ 30 phút, ngày 27 tháng 11 năm 2026, " + d.receiving_office +
                              " đã tiếp nhận hồ sơ của Ông/Bà: " + d.applicant_name,
                          "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", d.note, d.deadline,
                          "Ông/Bà liên hệ với " + d.officer_name + " số điện thoại " + d.hotline +
                              " để được hướng dẫn./.",
                          "NGƯỜI HƯỚNG DẪN"});
    for (std::size_t i = 0; i < d.items.size(); ++i) {
        ExpectContains(text, {std::to_string(i + 1) + ". " + d.items[i].what, "Lý do: " + d.items[i].reason});
    }
    const std::string info = RunTool("pdfinfo '" + path + "'");
    EXPECT_NE(info.find("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ " + d.dossier_code + "\n"),
              std::string::npos)
        << info;
}

TEST_F(NoticePdfTools, SupplementRequestQrDecodesToPayload) {
    const auto d = Supplement();
    const std::string path = Write(RenderSupplementRequestPdf(d), "supplement.pdf");
    const std::string decoded = DecodeTopLeftQr(path, (dir_ / "qr").string());
    auto payload = domain::forms::SupplementQrPayload(d);
    ASSERT_TRUE(payload.ok());
    EXPECT_EQ(decoded, *payload);
    const auto json = nlohmann::json::parse(decoded);
    EXPECT_EQ(json.at("fmt"), "mocua-notice/1");
    EXPECT_EQ(json.at("dossier"), d.dossier_code);
    EXPECT_EQ(json.at("procedure"), d.procedure_code);
    EXPECT_EQ(json.at("applicant"), d.applicant_id);
    EXPECT_EQ(json.at("doc"), "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ");
    EXPECT_EQ(json.at("system"), d.issuing_system);
    EXPECT_EQ(json.at("issued"), "2026-11-27T08:50+07:00");
    EXPECT_EQ(json.at("url"), d.lookup_url);
}

TEST_F(NoticePdfTools, RefusalIsOneA5PageWithEmbeddedFontsItsTextAndQr) {
    const auto d = Refusal();
    const std::string path = Write(RenderRefusalPdf(d), "refusal.pdf");
    EXPECT_EQ(PdfPageCount(path), 1);
    ExpectA5(path);
    EXPECT_GE(ExpectFontsEmbedded(path, "LiberationSerif"), 2);
    const std::string text = PdfText(path);
    ExpectContains(text, {"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", d.dossier_code, d.applicant_name,
                          "Quảng Trị, ngày 27 tháng 11 năm 2026", "Số: " + d.header.number,
                          "Vào lúc 09 giờ 15 phút, ngày 27 tháng 11 năm 2026, " + d.receiving_office +
                              " tiếp nhận hồ sơ của Ông/Bà: " + d.applicant_name,
                          "Nội dung yêu cầu giải quyết: " + d.request,
                          "Qua xem xét, " + d.receiving_office +
                              " thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
                          "1. " + d.reasons[0], "2. " + d.reasons[1],
                          "Xin thông báo cho Ông/Bà được biết và thực hiện./.", "NGƯỜI TIẾP NHẬN",
                          d.officer_name, d.hotline});

    const std::string decoded = DecodeTopLeftQr(path, (dir_ / "qr").string());
    auto payload = domain::forms::RefusalQrPayload(d);
    ASSERT_TRUE(payload.ok());
    EXPECT_EQ(decoded, *payload);
    const auto json = nlohmann::json::parse(decoded);
    EXPECT_EQ(json.at("doc"), "Phiếu từ chối tiếp nhận giải quyết hồ sơ");
    EXPECT_EQ(json.at("dossier"), d.dossier_code);
    EXPECT_EQ(json.at("applicant"), d.applicant_id);
    EXPECT_EQ(json.at("issued"), "2026-11-27T09:40+07:00");
    EXPECT_FALSE(json.contains("url"));
}

TEST_F(NoticePdfTools, LongSupplementListContinuesOnASecondPage) {
    auto d = Supplement();
    for (int i = 3; i <= 20; ++i) {
        d.items.push_back({"Giấy tờ cần bổ sung số " + std::to_string(i),
                           "Lý do thiếu sót của giấy tờ số " + std::to_string(i) + " cần được hoàn thiện"});
    }
    const std::string path = Write(RenderSupplementRequestPdf(d), "long.pdf");
    EXPECT_EQ(PdfPageCount(path), 2);
    ExpectA5(path);
    const std::string page2 = PdfText(path, 2, 2);
    ExpectContains(page2, {"20. Giấy tờ cần bổ sung số 20", "NGƯỜI HƯỚNG DẪN", d.officer_name});
    const std::string all = PdfText(path);
    for (int i = 3; i <= 20; ++i) {
        // Each item stays whole: its number, what and reason together on one page.
        const std::string item = std::to_string(i) + ". Giấy tờ cần bổ sung số " + std::to_string(i) +
                                 " Lý do: Lý do thiếu sót của giấy tờ số " + std::to_string(i) +
                                 " cần được hoàn thiện";
        EXPECT_EQ(PdfText(path, 1, 1).find(item) != std::string::npos, page2.find(item) == std::string::npos)
            << i;
        EXPECT_NE(all.find(item), std::string::npos) << i;
    }
}

TEST_F(NoticePdfTools, LongRefusalListContinuesOnASecondPage) {
    auto d = Refusal();
    for (int i = 3; i <= 40; ++i) d.reasons.push_back("Lý do từ chối thứ " + std::to_string(i));
    const std::string path = Write(RenderRefusalPdf(d), "long-refusal.pdf");
    EXPECT_EQ(PdfPageCount(path), 2);
    const std::string page2 = PdfText(path, 2, 2);
    ExpectContains(page2, {"40. Lý do từ chối thứ 40", "Xin thông báo cho Ông/Bà được biết và thực hiện./.",
                           "NGƯỜI TIẾP NHẬN"});
    const std::string all = PdfText(path);
    for (int i = 3; i <= 40; ++i)
        ExpectContains(all, {std::to_string(i) + ". Lý do từ chối thứ " + std::to_string(i) + " "});
}

TEST_F(NoticePdfTools, DecomposedInputPrintsAndEncodesAsPrecomposed) {
    auto d = Refusal();
    // "Lưu Quốc Bảo" typed decomposed: ư = u + U+031B, ố = o + U+0302 + U+0301, ả = a + U+0309.
    d.applicant_name =
        "Lu\xcc\x9b"
        "u Quo\xcc\x82\xcc\x81"
        "c Ba\xcc\x89o";
    const std::string path = Write(RenderRefusalPdf(d), "nfd.pdf");
    ExpectContains(PdfText(path), {"Ông/Bà: Lưu Quốc Bảo."});
    auto payload = domain::forms::RefusalQrPayload(d);
    ASSERT_TRUE(payload.ok());
    EXPECT_EQ(DecodeTopLeftQr(path, (dir_ / "qr").string()), *payload);
}

TEST(NoticePdf, SameDataGivesSameBytes) {
    auto a = RenderSupplementRequestPdf(Supplement());
    auto b = RenderSupplementRequestPdf(Supplement());
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->substr(0, 5), "%PDF-");
    EXPECT_EQ(*a, *b);
    auto c = RenderRefusalPdf(Refusal());
    auto e = RenderRefusalPdf(Refusal());
    ASSERT_TRUE(c.ok() && e.ok());
    EXPECT_EQ(*c, *e);
}

TEST(NoticePdf, InvalidDataIsRefusedWithRuleCode) {
    auto s = Supplement();
    s.items.clear();
    auto pdf = RenderSupplementRequestPdf(s);
    ASSERT_FALSE(pdf.ok());
    EXPECT_EQ(pdf.error().message, "receipt.missing_field: items");

    auto r = Refusal();
    r.issued_at = {2026, 11, 27, 9, 14};
    auto refusal = RenderRefusalPdf(r);
    ASSERT_FALSE(refusal.ok());
    EXPECT_EQ(refusal.error().message, "receipt.bad_time: issued_at before received_at");
}

TEST(NoticePdf, MissingFontNamesThePackage) {
    FormRenderOptions options;
    options.font_family = "Mocua No Such Serif";
    options.font_package = "fonts-nothing";
    auto pdf = RenderRefusalPdf(Refusal(), options);
    ASSERT_FALSE(pdf.ok());
    EXPECT_EQ(pdf.error().code, core::ErrorCode::kUnavailable);
    EXPECT_NE(pdf.error().message.find("fonts-nothing"), std::string::npos);
}

}  // namespace
}  // namespace mocua::adapters::pdf
