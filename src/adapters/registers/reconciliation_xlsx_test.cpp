// The reconciliation report as XLSX, opened with libzip and read as XML text: the labels, the unit and
// day, the amounts as numeric cells with a thousands format, the verdict and the mismatch rows.
#include "adapters/registers/reconciliation_xlsx.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <memory>
#include <regex>
#include <string>

namespace mocua::adapters::registers {
namespace {

namespace payments = domain::payments;

std::string Part(const std::string& xlsx, const char* name) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(xlsx.data(), xlsx.size(), 0, &error);
    EXPECT_NE(src, nullptr);
    std::unique_ptr<zip_t, decltype(&zip_discard)> z(zip_open_from_source(src, ZIP_RDONLY, &error),
                                                     &zip_discard);
    if (!z) {
        zip_source_free(src);
        ADD_FAILURE() << "not a zip";
        return {};
    }
    zip_stat_t st;
    if (zip_stat(z.get(), name, 0, &st) != 0) {
        ADD_FAILURE() << "no part " << name;
        return {};
    }
    std::string out(static_cast<std::size_t>(st.size), '\0');
    zip_file_t* f = zip_fopen(z.get(), name, 0);
    EXPECT_EQ(zip_fread(f, out.data(), st.size), static_cast<zip_int64_t>(st.size));
    zip_fclose(f);
    return out;
}

TEST(ReconciliationXlsx, TotalsAreNumbersAndMismatchesAreListed) {
    payments::ReconciliationReport r;
    r.day = "2026-11-27";
    r.unit_code = "000.00.12.H48";
    r.unit_name = "Trung tâm phục vụ hành chính công phường An Phú";
    r.expected = {3, 1'250'000};
    r.paid_gateway = {1, 1'000'000};
    r.paid_cash = {1, 200'000};
    r.pending = {1, 50'000};
    r.received_gateway = {1, 1'000'000};
    r.received_cash = {1, 200'000};
    r.received_transfer = {1, 75'000};
    r.mismatches.push_back({payments::MismatchKind::kAmount, "MC202611270000000011",
                            "000.00.12.H48-261127-0011", 1'000'000, 10'000, "2026-11-27T08:00:00.000Z"});
    auto xlsx = RenderReconciliationXlsx(r, ::testing::TempDir());
    ASSERT_TRUE(xlsx.ok()) << xlsx.error().message;
    const std::string strings = Part(*xlsx, "xl/sharedStrings.xml");
    for (const std::string s :
         {"BẢNG ĐỐI SOÁT THANH TOÁN PHÍ, LỆ PHÍ",
          "Trung tâm phục vụ hành chính công phường An Phú (000.00.12.H48)", "Ngày 27/11/2026",
          "Đã lập (phải thu)", "Qua cổng thanh toán", "Không khớp", "Số tiền thông báo khác số tiền yêu cầu",
          "MC202611270000000011", "000.00.12.H48-261127-0011"})
        EXPECT_NE(strings.find(s), std::string::npos) << s;
    const std::string sheet = Part(*xlsx, "xl/worksheets/sheet1.xml");
    // The expected sum, the received total (1,000,000 + 200,000 + 75,000) and both mismatch amounts.
    for (const std::string v : {"<v>1250000</v>", "<v>1275000</v>", "<v>10000</v>", "<v>75000</v>"})
        EXPECT_NE(sheet.find(v), std::string::npos) << v;
    const std::string styles = Part(*xlsx, "xl/styles.xml");
    EXPECT_NE(styles.find("formatCode=\"#,##0\""), std::string::npos);
}

TEST(ReconciliationXlsx, ABalancedDaySaysSo) {
    payments::ReconciliationReport r;
    r.day = "2026-11-27";
    r.unit_code = "000.00.12.H48";
    r.expected = {1, 50'000};
    r.paid_gateway = {1, 50'000};
    r.received_gateway = {1, 50'000};
    auto xlsx = RenderReconciliationXlsx(r, ::testing::TempDir());
    ASSERT_TRUE(xlsx.ok()) << xlsx.error().message;
    const std::string strings = Part(*xlsx, "xl/sharedStrings.xml");
    EXPECT_NE(strings.find("<t>Khớp</t>"), std::string::npos);
    EXPECT_EQ(strings.find("Không khớp"), std::string::npos);
}

}  // namespace
}  // namespace mocua::adapters::registers
