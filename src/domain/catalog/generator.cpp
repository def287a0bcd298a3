#include "domain/catalog/generator.hpp"

#include <array>
#include <cstdio>

namespace mocua::domain::catalog {

namespace {

// Real fields of administration (lĩnh vực) at district and commune level.
constexpr std::array<std::array<const char*, 3>, 12> kFields = {{
    {"HT", "Hộ tịch", "Civil status"},
    {"CT", "Chứng thực", "Certification"},
    {"DD", "Đất đai", "Land"},
    {"XD", "Xây dựng", "Construction"},
    {"DKKD", "Thành lập và hoạt động của hộ kinh doanh", "Household businesses"},
    {"BTXH", "Bảo trợ xã hội", "Social protection"},
    {"NCC", "Người có công", "People with meritorious service"},
    {"GD", "Giáo dục và Đào tạo", "Education and training"},
    {"VH", "Văn hóa", "Culture"},
    {"TG", "Tôn giáo", "Religion"},
    {"NN", "Nông nghiệp", "Agriculture"},
    {"MT", "Môi trường", "Environment"},
}};

constexpr std::array<std::array<const char*, 2>, 8> kActions = {{
    {"Cấp", "Issuance of"},
    {"Cấp lại", "Re-issuance of"},
    {"Điều chỉnh", "Amendment of"},
    {"Gia hạn", "Extension of"},
    {"Xác nhận", "Confirmation of"},
    {"Đăng ký", "Registration of"},
    {"Thu hồi", "Withdrawal of"},
    {"Công nhận", "Recognition of"},
}};

constexpr std::array<std::array<const char*, 2>, 10> kObjects = {{
    {"giấy phép", "a permit"},
    {"giấy chứng nhận", "a certificate"},
    {"hồ sơ trợ cấp", "an allowance file"},
    {"thông tin cư trú", "residence information"},
    {"hợp đồng, giao dịch", "a contract or transaction"},
    {"hoạt động tín ngưỡng", "religious activities"},
    {"danh hiệu gia đình văn hóa", "the cultured family title"},
    {"kế hoạch bảo vệ môi trường", "an environmental protection plan"},
    {"hộ kinh doanh", "a household business"},
    {"công trình xây dựng", "a construction work"},
}};

}  // namespace

core::Result<Catalogue> GenerateCatalogue(const GenerateOptions& o) {
    if (o.count < 1 || o.count > 100'000)
        return core::Error::InvalidArgument("--count must be from 1 to 100000");
    if (o.district < 0 || o.commune < 0 || o.district + o.commune > o.count)
        return core::Error::InvalidArgument("--district plus --commune must not exceed --count");
    if (o.online < 0 || o.online > o.count)
        return core::Error::InvalidArgument("--online must not exceed --count");
    Catalogue c;
    for (const auto& f : kFields) c.fields.push_back({f[0], f[1], f[2]});
    for (int i = 0; i < o.count; ++i) {
        Procedure p;
        char code[16];
        std::snprintf(code, sizeof code, "9.%06d", i + 1);
        p.code = code;
        const auto& field = kFields[static_cast<std::size_t>(i) % kFields.size()];
        const auto& action = kActions[static_cast<std::size_t>(i / 3) % kActions.size()];
        const auto& object = kObjects[static_cast<std::size_t>(i / 7) % kObjects.size()];
        p.field = field[0];
        p.name_vi = std::string(action[0]) + " " + object[0] + " (thủ tục thử nghiệm số " +
                    std::to_string(i + 1) + ")";
        p.name_en =
            std::string(action[1]) + " " + object[1] + " (test procedure " + std::to_string(i + 1) + ")";
        p.level = i < o.district               ? Level::kDistrict
                  : i < o.district + o.commune ? Level::kCommune
                                               : Level::kProvince;
        // Online procedures are spread over both levels rather than taking the first ones.
        const bool online = static_cast<long long>(i) * o.online / o.count !=
                            static_cast<long long>(i + 1) * o.online / o.count;
        p.mode = !online ? ServiceMode::kOffline
                         : (i % 2 == 0 ? ServiceMode::kFullOnline : ServiceMode::kPartialOnline);
        p.time_limit = {static_cast<std::int64_t>(1 + i % 20), TimeUnit::kWorkingDays, "", ""};
        if (i % 4 != 0)
            p.fees.push_back(
                {"Lệ phí", "Fee", static_cast<std::int64_t>(10'000 * (1 + i % 10)), "applicant", "", ""});
        p.components.push_back({"Đơn đề nghị", "Application form", CopyKind::kOriginal, 1, true, false, ""});
        p.components.push_back(
            {"Giấy tờ chứng minh", "Supporting papers", CopyKind::kCertifiedCopy, 1, i % 3 == 0, true, ""});
        p.steps = {{"Nộp hồ sơ", "Submit the dossier"},
                   {"Thẩm định hồ sơ", "The dossier is examined"},
                   {"Trả kết quả", "The result is returned"}};
        p.result = {"Văn bản kết quả", "Result document", true, online};
        p.legal_basis.push_back(
            {"61/2018/NĐ-CP",
             "Nghị định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
             "Decree on the one-stop mechanism in handling administrative procedures", "2018-04-23"});
        const char* agency_vi =
            p.level == Level::kCommune ? "Ủy ban nhân dân cấp xã" : "Ủy ban nhân dân cấp huyện";
        const char* agency_en =
            p.level == Level::kCommune ? "Commune People's Committee" : "District People's Committee";
        if (p.level == Level::kProvince) {
            agency_vi = "Ủy ban nhân dân cấp tỉnh";
            agency_en = "Provincial People's Committee";
        }
        p.implementing_vi = p.competent_vi = agency_vi;
        p.implementing_en = p.competent_en = agency_en;
        p.applicants = i % 5 == 0 ? std::vector<std::string>{"citizen", "business"}
                                  : std::vector<std::string>{"citizen"};
        p.effective_from = o.effective_from;
        if (online) {
            EformPage page{"applicant", "Người nộp hồ sơ", "The applicant", {}};
            EformField name;
            name.name = "full_name";
            name.type = FieldType::kText;
            name.label_vi = "Họ và tên";
            name.label_en = "Full name";
            name.required = true;
            name.prefill = "profile.full_name";
            EformField id = name;
            id.name = "cccd";
            id.type = FieldType::kCccd;
            id.label_vi = "Số định danh cá nhân";
            id.label_en = "Personal ID number";
            id.prefill = "profile.cccd";
            page.fields = {name, id};
            p.eform.pages.push_back(std::move(page));
        }
        c.procedures.push_back(std::move(p));
    }
    return c;
}

}  // namespace mocua::domain::catalog
