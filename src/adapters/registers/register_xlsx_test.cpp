// The register as XLSX, opened with libzip and read as XML text: the values are there, dates are numeric
// cells with a date format, the header is frozen. Expected values are computed by hand from the inputs.
#include "adapters/registers/register_xlsx.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <memory>
#include <regex>
#include <string>

namespace mocua::adapters::registers {
namespace {

namespace forms = domain::forms;

forms::RegisterData Register() {
    forms::RegisterData d;
    d.authority_name = "ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG TRỊ";
    d.unit_name = "Bộ phận tiếp nhận và trả kết quả";
    d.period_from = {2026, 11, 1, 0, 0};
    d.period_to = {2026, 11, 30, 0, 0};
    d.printed_at = {2026, 12, 1, 8, 0};
    forms::RegisterRow r;
    r.dossier_code = "000.00.12.H48-261127-0013";
    r.procedure_name = "Chứng thực chữ ký trong giấy tờ, văn bản";
    r.number_of_sets = 2;
    r.applicant_name = "Nguyễn Thị Hằng";
    r.address = "Thôn Như Lệ, xã Hải Lệ";
    r.phone = "0905 111 222";
    r.lead_agency = "Phòng Tư pháp";
    // 01:30 UTC is 08:30 in Vietnam: the sheet shows Vietnam time.
    r.received_at = {2026, 11, 27, 1, 30, 0};
    r.appointment_at = {2026, 11, 30, 10, 45};
    r.returned_at = forms::LocalDateTime{2026, 11, 29, 15, 20};
    r.return_mark = forms::Timeliness::kLate;
    r.note = "Trả qua bưu điện";
    d.rows.push_back(r);
    return d;
}

std::string Part(const std::string& xlsx, const char* name) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* src = zip_source_buffer_create(xlsx.data(), xlsx.size(), 0, &error);
    EXPECT_NE(src, nullptr);
    std::unique_ptr<zip_t, decltype(&zip_discard)> z(zip_open_from_source(src, ZIP_RDONLY, &error), &zip_discard);
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

TEST(RegisterXlsx, ValuesDatesAndFrozenHeader) {
    const auto d = Register();
    auto xlsx = RenderRegisterXlsx(d, ::testing::TempDir());
    ASSERT_TRUE(xlsx.ok()) << xlsx.error().message;
    const std::string strings = Part(*xlsx, "xl/sharedStrings.xml");
    for (const std::string s : {"SỔ THEO DÕI HỒ SƠ", "Từ ngày 01/11/2026 đến ngày 30/11/2026", "Mã hồ sơ",
                                "Ngày trả kết quả", "000.00.12.H48-261127-0013",
                                "Chứng thực chữ ký trong giấy tờ, văn bản", "Nguyễn Thị Hằng",
                                "Thôn Như Lệ, xã Hải Lệ; 0905 111 222", "Phòng Tư pháp", "Quá hạn",
                                "Trả qua bưu điện"}) {
        EXPECT_NE(strings.find(s), std::string::npos) << s;
    }
    const std::string sheet = Part(*xlsx, "xl/worksheets/sheet1.xml");
    // Frozen below row 4 (title rows and headings).
    EXPECT_TRUE(std::regex_search(sheet, std::regex(R"re(<pane ySplit="4" topLeftCell="A5" activePane="bottomLeft" state="frozen"/>)re")))
        << sheet;
    // STT and number of sets are numbers.
    EXPECT_TRUE(std::regex_search(sheet, std::regex(R"re(<c r="A5" s="\d+"><v>1</v></c>)re"))) << sheet;
    EXPECT_TRUE(std::regex_search(sheet, std::regex(R"re(<c r="D5" s="\d+"><v>2</v></c>)re"))) << sheet;
    // Excel serials (days since 1899-12-30): 2026-11-27 = 46353, 08:30 = 0.354166…;
    // 2026-11-30 10:45 = 46356.447916…; 2026-11-29 15:20 = 46355.638888….
    std::smatch m;
    ASSERT_TRUE(std::regex_search(sheet, m, std::regex(R"re(<c r="H5" s="(\d+)"><v>46353\.35416666\d*</v></c>)re")))
        << sheet;
    const std::string date_style = m[1].str();
    EXPECT_TRUE(std::regex_search(sheet, std::regex(R"re(<c r="I5" s=")re" + date_style + R"re("><v>46356\.4479166\d*</v></c>)re")));
    EXPECT_TRUE(std::regex_search(sheet, std::regex(R"re(<c r="L5" s=")re" + date_style + R"re("><v>46355\.6388888\d*</v></c>)re")));
    // The cell style of dates uses the custom date format.
    const std::string styles = Part(*xlsx, "xl/styles.xml");
    std::smatch fmt;
    ASSERT_TRUE(std::regex_search(styles, fmt, std::regex(R"re(<numFmt numFmtId="(\d+)" formatCode="dd/mm/yyyy hh:mm"/>)re")))
        << styles;
    const auto xfs_start = styles.find("<cellXfs");
    ASSERT_NE(xfs_start, std::string::npos);
    std::string xfs = styles.substr(xfs_start);
    const std::regex xf_tag(R"re(<xf [^>]*>|<xf [^>]*/>)re");
    std::sregex_iterator it(xfs.begin(), xfs.end(), xf_tag), end;
    int index = 0;
    std::string date_xf;
    for (; it != end; ++it, ++index) {
        if (std::to_string(index) == date_style) date_xf = it->str();
    }
    EXPECT_NE(date_xf.find("numFmtId=\"" + fmt[1].str() + "\""), std::string::npos) << date_xf;
    // Text wraps.
    EXPECT_NE(styles.find("wrapText=\"1\""), std::string::npos);
}

TEST(RegisterXlsx, ValidationErrorsComeBack) {
    auto d = Register();
    d.rows[0].appointment_at = d.rows[0].received_at;
    auto xlsx = RenderRegisterXlsx(d);
    ASSERT_FALSE(xlsx.ok());
    EXPECT_EQ(xlsx.error().message, "receipt.bad_time: rows[].appointment_at not after received_at");
}

}  // namespace
}  // namespace mocua::adapters::registers
