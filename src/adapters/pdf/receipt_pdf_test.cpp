// Renders Mẫu 01 and checks the PDF with independent tools: poppler-utils (pdfinfo, pdffonts, pdftotext,
// pdftoppm) and zbar-tools (zbarimg). tools/deps.sh installs them; a test skips, saying which tool is
// missing, only when one is absent.
#include "adapters/pdf/receipt_pdf.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "adapters/pdf/pdf_document.hpp"
#include "support/pdf_tools.hpp"

namespace mocua::adapters::pdf {
namespace {

namespace fs = std::filesystem;
using domain::forms::CopyKind;
using domain::forms::ReceiptData;
using mocua::testing::HaveTool;
using mocua::testing::RunTool;

// All text literals are NFC (precomposed), as the platform stores text (core/text ToNfc).
ReceiptData Sample() {
    ReceiptData d;
    d.authority_name = "ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG TRỊ";
    d.receiving_section = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ";
    d.place = "Quảng Trị";
    d.number = "125/TNHS";
    d.dossier_code = "000.00.12.H48-261127-0007";
    d.procedure_code = "1.001193";
    d.applicant_name = "Nguyễn Thị Hồng Nhung";
    d.applicant_id = "045190000123";
    d.address = "Số 12 đường Trần Hưng Đạo, phường 2, thị xã Quảng Trị, tỉnh Quảng Trị";
    d.phone = "0912 345 678";
    d.email = "nhung.nguyen@example.vn";
    d.request = "Đăng ký khai sinh cho trẻ em sinh ra tại Việt Nam";
    d.components = {
        {"Tờ khai đăng ký khai sinh theo mẫu", CopyKind::kOriginal, 1},
        {"Giấy chứng sinh do cơ sở y tế cấp", CopyKind::kOriginal, 1},
        {"Giấy chứng nhận kết hôn của cha, mẹ", CopyKind::kCertifiedCopy, 1},
    };
    d.number_of_sets = 1;
    d.legal_time_limit = "01 ngày làm việc";
    d.received_at = {2026, 11, 27, 8, 30};
    d.appointment_at = {2026, 11, 30, 8, 30};
    d.result_delivery = "Bộ phận tiếp nhận và trả kết quả UBND thị xã Quảng Trị";
    d.fees = "Miễn lệ phí";
    d.register_book = "03";
    d.register_serial = "0457";
    d.receiver_name = "Lê Văn Thưởng";
    d.hotline = "Mọi phản ánh, kiến nghị xin gọi đường dây nóng: 0233 3861 234";
    d.issuing_system = "Hệ thống thông tin giải quyết TTHC tỉnh Quảng Trị";
    d.issued_at = {2026, 11, 27, 8, 31};
    d.lookup_url = "https://dichvucong.quangtri.gov.vn/tra-cuu?ma=000.00.12.H48-261127-0007";
    return d;
}

class ReceiptPdfTools : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* tool : {"pdfinfo", "pdffonts", "pdftotext", "pdftoppm", "zbarimg"}) {
            if (!HaveTool(tool)) {
                GTEST_SKIP() << tool << " not found: install poppler-utils and zbar-tools (tools/deps.sh)";
            }
        }
        dir_ = fs::path(::testing::TempDir()) / ("mocua-receipt-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
        auto pdf = RenderReceipt(Sample());
        ASSERT_TRUE(pdf.ok()) << pdf.error().message;
        pdf_ = (dir_ / "receipt.pdf").string();
        std::ofstream(pdf_, std::ios::binary) << *pdf;
        // MOCUA_RECEIPT_PDF_OUT=/path keeps a copy for looking at.
        if (const char* keep = std::getenv("MOCUA_RECEIPT_PDF_OUT"))
            fs::copy_file(pdf_, keep, fs::copy_options::overwrite_existing);
    }
    void TearDown() override {
        std::error_code ignored;
        if (!dir_.empty()) fs::remove_all(dir_, ignored);
    }

    fs::path dir_;
    std::string pdf_;
};

TEST_F(ReceiptPdfTools, OnePageOfA5) {
    const std::string info = RunTool("pdfinfo '" + pdf_ + "'");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(\nPages:\s+(\d+)\n)"))) << info;
    EXPECT_EQ(m[1].str(), "1");
    // ISO 216 A5 = 148 × 210 mm = 419.53 × 595.28 pt.
    ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(\nPage size:\s+([0-9.]+) x ([0-9.]+) pts)")))
        << info;
    EXPECT_NEAR(std::stod(m[1].str()), 419.53, 0.01);
    EXPECT_NEAR(std::stod(m[2].str()), 595.28, 0.01);
    EXPECT_TRUE(std::regex_search(
        info,
        std::regex("Title:\\s+Giấy tiếp nhận hồ sơ và hẹn trả kết quả 000\\.00\\.12\\.H48-261127-0007\n")))
        << info;
}

TEST_F(ReceiptPdfTools, FontsAreEmbeddedLiberationSerif) {
    const std::string fonts = RunTool("pdffonts '" + pdf_ + "'");
    // Lines after the two header lines: name type encoding emb sub uni object ID.
    std::istringstream lines(fonts);
    std::string line;
    int count = 0;
    std::getline(lines, line);
    std::getline(lines, line);
    const std::regex row(R"(^(\S+)\s+.*\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$)");
    while (std::getline(lines, line)) {
        std::smatch m;
        ASSERT_TRUE(std::regex_match(line, m, row)) << line;
        ++count;
        EXPECT_NE(m[1].str().find("LiberationSerif"), std::string::npos) << line;
        EXPECT_EQ(m[2].str(), "yes") << "not embedded: " << line;
        EXPECT_EQ(m[4].str(), "yes") << "no ToUnicode map: " << line;
    }
    EXPECT_GE(count, 2) << fonts;  // regular and bold at least
}

TEST_F(ReceiptPdfTools, TextExtractsWithVietnameseDiacritics) {
    // Line breaks are layout, not content: compare with every run of white space made one space.
    const std::string text =
        std::regex_replace(RunTool("pdftotext -enc UTF-8 '" + pdf_ + "' -"), std::regex("\\s+"), " ");
    for (const char* expected :
         {"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "000.00.12.H48-261127-0007", "Nguyễn Thị Hồng Nhung",
          "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
          "Giấy chứng nhận kết hôn của cha, mẹ", "08 giờ 30 phút, ngày 30 tháng 11 năm 2026",
          "Quảng Trị, ngày 27 tháng 11 năm 2026", "Lê Văn Thưởng", "Miễn lệ phí"}) {
        EXPECT_NE(text.find(expected), std::string::npos) << "missing: " << expected << "\n" << text;
    }
}

TEST_F(ReceiptPdfTools, QrCodeDecodesToPayloadInTopLeftQuarter) {
    auto payload = domain::forms::ReceiptQrPayload(Sample());
    ASSERT_TRUE(payload.ok());
    // 200 dpi: the page is 1166 × 1654 px. Rasterise only its top-left quarter: if the code decodes
    // there, the whole symbol lies in that quarter.
    const std::string png = (dir_ / "top-left").string();
    RunTool("pdftoppm -r 200 -gray -png -singlefile -x 0 -y 0 -W 583 -H 827 '" + pdf_ + "' '" + png + "'");
    // --raw: the bytes as encoded (UTF-8), without zbar's charset guessing.
    std::string decoded = RunTool("zbarimg --quiet --raw '" + png + ".png'");
    ASSERT_FALSE(decoded.empty());
    if (decoded.back() == '\n') decoded.pop_back();
    EXPECT_EQ(decoded, *payload);

    // And the fields read back by a JSON parser are the sample's, independently of the builder.
    const auto json = nlohmann::json::parse(decoded);
    EXPECT_EQ(json.at("dossier"), "000.00.12.H48-261127-0007");
    EXPECT_EQ(json.at("procedure"), "1.001193");
    EXPECT_EQ(json.at("applicant"), "045190000123");
    EXPECT_EQ(json.at("doc"), "Giấy tiếp nhận hồ sơ và hẹn trả kết quả");
    EXPECT_EQ(json.at("system"), "Hệ thống thông tin giải quyết TTHC tỉnh Quảng Trị");
    EXPECT_EQ(json.at("issued"), "2026-11-27T08:31+07:00");
    EXPECT_EQ(json.at("appointment"), "2026-11-30T08:30+07:00");

    // The other three quarters (the right half, then the bottom half) hold no QR code: zbarimg exits 4
    // when it finds none.
    const std::string crops[] = {"-x 583 -y 0 -W 583 -H 1654", "-x 0 -y 827 -W 1166 -H 827"};
    for (const auto& crop : crops) {
        const std::string rest = (dir_ / "rest").string();
        RunTool("pdftoppm -r 200 -gray -png -singlefile " + crop + " '" + pdf_ + "' '" + rest + "'");
        EXPECT_EQ(std::system(("zbarimg --quiet --raw '" + rest + ".png' >/dev/null 2>&1").c_str()) >> 8, 4)
            << crop;
    }
}

TEST_F(ReceiptPdfTools, ManyComponentsContinueOnASecondPage) {
    auto d = Sample();
    for (int i = 4; i <= 30; ++i)
        d.components.push_back({"Giấy tờ bổ sung số " + std::to_string(i), CopyKind::kCopy, 2});
    auto pdf = RenderReceipt(d);
    ASSERT_TRUE(pdf.ok()) << pdf.error().message;
    const std::string path = (dir_ / "long.pdf").string();
    std::ofstream(path, std::ios::binary) << *pdf;
    std::smatch m;
    const std::string info = RunTool("pdfinfo '" + path + "'");
    ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(\nPages:\s+(\d+)\n)"))) << info;
    EXPECT_EQ(m[1].str(), "2");
    // The last row and the signatures are on page 2, nothing is lost at the break.
    const std::string page2 = RunTool("pdftotext -enc UTF-8 -f 2 -l 2 '" + path + "' -");
    EXPECT_NE(page2.find("Giấy tờ bổ sung số 30"), std::string::npos) << page2;
    EXPECT_NE(page2.find("NGƯỜI TIẾP NHẬN HỒ SƠ"), std::string::npos) << page2;
    const std::string all = RunTool("pdftotext -enc UTF-8 '" + path + "' -");
    for (int i = 4; i <= 30; ++i) {
        EXPECT_NE(all.find("Giấy tờ bổ sung số " + std::to_string(i) + "\n"), std::string::npos) << i;
    }
}

TEST(ReceiptPdf, SameDataGivesSameBytes) {
    auto a = RenderReceipt(Sample());
    auto b = RenderReceipt(Sample());
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->substr(0, 5), "%PDF-");
    EXPECT_EQ(*a, *b);
}

TEST(ReceiptPdf, InvalidDataIsRefusedWithRuleCode) {
    auto d = Sample();
    d.dossier_code.clear();
    auto pdf = RenderReceipt(d);
    ASSERT_FALSE(pdf.ok());
    EXPECT_EQ(pdf.error().message, "receipt.missing_field: dossier_code");
}

TEST(ReceiptPdf, MissingFontNamesThePackage) {
    ReceiptRenderOptions options;
    options.font_family = "Mocua No Such Serif";
    options.font_package = "fonts-nothing";
    auto pdf = RenderReceipt(Sample(), options);
    ASSERT_FALSE(pdf.ok());
    EXPECT_EQ(pdf.error().code, core::ErrorCode::kUnavailable);
    EXPECT_EQ(pdf.error().message.rfind("pdf.font_missing: ", 0), 0u) << pdf.error().message;
    EXPECT_NE(pdf.error().message.find("fonts-nothing"), std::string::npos);
}

TEST(PdfDocument, EscapeMarkup) {
    EXPECT_EQ(EscapeMarkup("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
    EXPECT_EQ(EscapeMarkup("Hồ sơ"), "Hồ sơ");
}

TEST(PdfDocument, A5Constants) {
    EXPECT_NEAR(kA5WidthPt, 419.53, 0.005);
    EXPECT_NEAR(kA5HeightPt, 595.28, 0.005);
}

}  // namespace
}  // namespace mocua::adapters::pdf
