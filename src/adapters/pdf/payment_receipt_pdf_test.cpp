// The receipt (biên lai) of a paid fee, checked with independent tools: the text as pdftotext extracts
// it (Vietnamese intact, the amounts with dots), the fonts embedded (pdffonts), and the QR code read by
// zbarimg from a rendering (pdftoppm) giving the documented payload.
#include "adapters/pdf/payment_receipt_pdf.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/pdf_tools.hpp"

namespace mocua::adapters::pdf {
namespace {

namespace payments = domain::payments;

payments::PaymentRequest Paid() {
    payments::PaymentRequest r;
    r.id = 7;
    r.txn_ref = "MC202611270123456789";
    r.dossier_code = "000.00.12.H48-261127-0001";
    r.amount_vnd = 1250000;
    r.lines = {{"Lệ phí cấp giấy chứng nhận", "Certificate fee", 1200000},
               {"Phí thẩm định", "Appraisal fee", 50000}};
    r.payer_name = "Đặng Thị Hường";
    r.purpose = "Thanh toan le phi ho so 000.00.12.H48-261127-0001";
    r.state = payments::State::kPaid;
    r.method = payments::Method::kGateway;
    r.settled_at = "2026-11-27T02:35:12.000Z";  // 09:35 in Vietnam
    r.gateway_transaction_no = "14000001";
    return r;
}

TEST(PaymentReceipt, PrintsThePaymentAndAQrCodeWithItsFacts) {
    if (auto missing = ::mocua::testing::MissingPdfTool(); !missing.empty())
        GTEST_SKIP() << missing << " missing";
    PaymentReceiptRenderer renderer;
    auto pdf = renderer.Render(Paid());
    ASSERT_TRUE(pdf.ok()) << pdf.error().message;
    const auto dir = std::filesystem::temp_directory_path() / ("receipt-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string file = (dir / "r.pdf").string();
    std::ofstream(file, std::ios::binary) << *pdf;

    const std::string text = ::mocua::testing::RunTool("pdftotext -layout '" + file + "' -");
    EXPECT_NE(text.find("BIÊN LAI THANH TOÁN PHÍ, LỆ PHÍ"), std::string::npos) << text;
    EXPECT_NE(text.find("Đặng Thị Hường"), std::string::npos);
    EXPECT_NE(text.find("MC202611270123456789"), std::string::npos);
    EXPECT_NE(text.find("1.200.000"), std::string::npos);
    EXPECT_NE(text.find("1.250.000"), std::string::npos);
    EXPECT_NE(text.find("09:35 ngày 27/11/2026"), std::string::npos);
    EXPECT_NE(::mocua::testing::RunTool("pdffonts '" + file + "'").find("LiberationSerif"),
              std::string::npos);

    ::mocua::testing::RunTool("pdftoppm -r 200 -png -singlefile '" + file + "' '" + (dir / "page").string() +
                              "'");
    const std::string qr =
        ::mocua::testing::RunTool("zbarimg --raw -q '" + (dir / "page.png").string() + "'");
    auto j = nlohmann::json::parse(qr.substr(0, qr.find_last_not_of("\n") + 1), nullptr, false);
    ASSERT_TRUE(j.is_object()) << qr;
    EXPECT_EQ(j["t"], "mocua-payment/1");
    EXPECT_EQ(j["ref"], "MC202611270123456789");
    EXPECT_EQ(j["dossier"], "000.00.12.H48-261127-0001");
    EXPECT_EQ(j["amount"], 1250000);
    EXPECT_EQ(j["via"], "gateway");
    std::filesystem::remove_all(dir);
}

TEST(PaymentReceipt, RefusesARequestThatIsNotPaid) {
    auto r = Paid();
    r.state = payments::State::kPending;
    auto pdf = PaymentReceiptRenderer().Render(r);
    ASSERT_FALSE(pdf.ok());
    EXPECT_EQ(pdf.error().message, "payments.not_paid");
}

}  // namespace
}  // namespace mocua::adapters::pdf
