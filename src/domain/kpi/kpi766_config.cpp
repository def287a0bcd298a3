// The shipped Decision 766 configuration: groups and weights (official: 18/20/22/22/18), per-indicator
// maxima and thresholds, and the plan's own targets (1388/ĐA-UBND). Data, not code: `[kpi] config_file`
// may replace it with a file of the same shape (docs/operations.md).
//
// Per-indicator maxima: only three were found in public sources (vietnam-rules.md §3): "cập nhật, công
// khai đúng hạn" (1.2) 4 of 18; on-time processing (2.1) up to 20; "tỷ lệ hài lòng trong tiếp nhận, giải
// quyết" (5.4) up to 6 of 18. Every other maximum is OUR assumption — the group's remaining points shared
// equally among its indicators — and is marked "max_assumed": true so pages and reports can say so.
#include <nlohmann/json.hpp>

#include "domain/kpi/kpi766.hpp"

namespace mocua::domain::kpi {

std::string_view DefaultConfigJson() {
    return R"json({
  "groups": [
    {"group": 1, "max": 18, "name_vi": "Công khai, minh bạch", "name_en": "Publicity and transparency"},
    {"group": 2, "max": 20, "name_vi": "Tiến độ, kết quả giải quyết", "name_en": "Progress and results of processing"},
    {"group": 3, "max": 22, "name_vi": "Cung cấp dịch vụ trực tuyến", "name_en": "Online public services"},
    {"group": 4, "max": 22, "name_vi": "Số hóa hồ sơ", "name_en": "Digitisation of dossiers"},
    {"group": 5, "max": 18, "name_vi": "Mức độ hài lòng", "name_en": "Satisfaction"}
  ],
  "indicators": [
    {"code": "1.1", "group": 1, "max": 4.67, "max_assumed": true, "name_vi": "Tỷ lệ TTHC công bố đúng hạn", "name_en": "Procedures announced on time"},
    {"code": "1.2", "group": 1, "max": 4, "name_vi": "Tỷ lệ TTHC cập nhật, công khai đúng hạn", "name_en": "Procedures updated and published on time"},
    {"code": "1.3", "group": 1, "max": 4.67, "max_assumed": true, "name_vi": "Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành", "name_en": "Procedures published with every required part"},
    {"code": "1.4", "group": 1, "max": 4.66, "max_assumed": true, "name_vi": "Tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia", "name_en": "Dossiers synchronised to the national portal"},
    {"code": "2.1", "group": 2, "max": 20, "name_vi": "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn", "name_en": "Dossiers processed early or on time"},
    {"code": "2.2", "group": 2, "unit": "days", "name_vi": "Thời gian giải quyết TTHC trung bình", "name_en": "Average processing time"},
    {"code": "3.1", "group": 3, "max": 4.4, "max_assumed": true, "full_at": 80, "name_vi": "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến", "name_en": "Procedures offered as online services"},
    {"code": "3.2", "group": 3, "max": 4.4, "max_assumed": true, "name_vi": "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ", "name_en": "Online services with at least one online dossier"},
    {"code": "3.3", "group": 3, "max": 4.4, "max_assumed": true, "full_at": 50, "name_vi": "Tỷ lệ hồ sơ nộp trực tuyến", "name_en": "Dossiers submitted online"},
    {"code": "3.5", "group": 3, "max": 4.4, "max_assumed": true, "full_at": 80, "name_vi": "Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến", "name_en": "Fee-bearing procedures with online payment"},
    {"code": "3.6", "group": 3, "max": 4.4, "max_assumed": true, "name_vi": "Tỷ lệ hồ sơ thanh toán trực tuyến", "name_en": "Dossiers paid online"},
    {"code": "4.1", "group": 4, "max": 4.4, "max_assumed": true, "name_vi": "Tỷ lệ hồ sơ cấp kết quả điện tử", "name_en": "Dossiers with an electronic result"},
    {"code": "4.2", "group": 4, "max": 4.4, "max_assumed": true, "full_at": 80, "name_vi": "Tỷ lệ số hóa hồ sơ", "name_en": "Digitised dossiers"},
    {"code": "4.3", "group": 4, "max": 4.4, "max_assumed": true, "full_at": 80, "name_vi": "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa", "name_en": "Reuse of digitised data"},
    {"code": "4.4", "group": 4, "max": 4.4, "max_assumed": true, "name_vi": "Tỷ lệ hồ sơ số hóa kết nối kho dữ liệu cá nhân trên Cổng DVCQG", "name_en": "Dossiers using the personal data store"},
    {"code": "4.5", "group": 4, "max": 4.4, "max_assumed": true, "name_vi": "Tỷ lệ ứng dụng dữ liệu dân cư", "name_en": "Use of population data (VNeID)"},
    {"code": "5.1", "group": 5, "applicable": false, "name_vi": "Tỷ lệ phản ánh, kiến nghị theo phân loại", "name_en": "Petitions by classification"},
    {"code": "5.2", "group": 5, "applicable": false, "name_vi": "Tiến độ xử lý phản ánh, kiến nghị", "name_en": "Progress of petition handling"},
    {"code": "5.3", "group": 5, "applicable": false, "name_vi": "Tỷ lệ hài lòng về xử lý phản ánh, kiến nghị", "name_en": "Satisfaction with petition handling"},
    {"code": "5.4", "group": 5, "max": 6, "full_at": 90, "applicable": false, "name_vi": "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC", "name_en": "Satisfaction with reception and processing"}
  ],
  "targets": [
    {"id": "online_procedures_2025", "figure": "3.1", "target": 80, "deadline": "2025-12-31", "name_vi": "TTHC cung cấp dịch vụ công trực tuyến mức độ cao", "name_en": "Procedures offered as high-level online services"},
    {"id": "full_online_2030", "figure": "full_online", "target": 100, "deadline": "2030-12-31", "name_vi": "TTHC cung cấp dịch vụ công trực tuyến toàn trình", "name_en": "Procedures offered fully online"},
    {"id": "online_dossiers", "figure": "3.3", "baseline": 28.2, "baseline_year": "2022", "deadline": "2025-12-31", "name_vi": "Tỷ lệ hồ sơ trực tuyến", "name_en": "Share of dossiers submitted online"},
    {"id": "online_payment_2025", "figure": "3.6", "target": 40, "comparison": ">", "deadline": "2025-12-31", "name_vi": "Người dân thanh toán điện tử", "name_en": "Citizens paying electronically"},
    {"id": "online_payment_2030", "figure": "3.6", "target": 50, "comparison": ">", "deadline": "2030-12-31", "name_vi": "Người dân thanh toán điện tử", "name_en": "Citizens paying electronically"}
  ]
})json";
}

std::optional<Config> ParseConfig(std::string_view text, std::string* error) {
    auto fail = [&](const std::string& why) -> std::optional<Config> {
        if (error) *error = why;
        return std::nullopt;
    };
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("groups") || !j.contains("indicators"))
        return fail("the KPI configuration must be a JSON object with \"groups\" and \"indicators\"");
    Config c;
    try {
        for (const auto& g : j.at("groups")) {
            c.groups.push_back({g.at("group").get<int>(), g.value("name_vi", ""), g.value("name_en", ""),
                                g.at("max").get<std::int64_t>()});
        }
        for (const auto& i : j.at("indicators")) {
            IndicatorDef d;
            d.code = i.at("code").get<std::string>();
            d.group = i.at("group").get<int>();
            d.name_vi = i.value("name_vi", "");
            d.name_en = i.value("name_en", "");
            d.unit = i.value("unit", "percent");
            if (i.contains("max") && i["max"].is_number()) {
                const double m = i["max"].get<double>();
                if (m < 0) return fail("indicator " + d.code + ": max must not be negative");
                d.max_x100 = static_cast<std::int64_t>(m * 100 + 0.5);
            }
            d.max_assumed = i.value("max_assumed", false);
            d.full_at = i.value("full_at", std::int64_t{100});
            if (d.full_at <= 0 || d.full_at > 100)
                return fail("indicator " + d.code + ": full_at must be 1–100");
            d.applicable = i.value("applicable", true);
            c.indicators.push_back(std::move(d));
        }
        if (j.contains("targets")) {
            for (const auto& t : j.at("targets")) {
                Target x;
                x.id = t.at("id").get<std::string>();
                x.figure = t.at("figure").get<std::string>();
                x.name_vi = t.value("name_vi", "");
                x.name_en = t.value("name_en", "");
                if (t.contains("target") && t["target"].is_number()) x.target = t["target"].get<double>();
                x.comparison = t.value("comparison", ">=");
                x.deadline = t.value("deadline", "");
                if (t.contains("baseline") && t["baseline"].is_number())
                    x.baseline = t["baseline"].get<double>();
                x.baseline_year = t.value("baseline_year", "");
                c.targets.push_back(std::move(x));
            }
        }
    } catch (const nlohmann::json::exception& e) {
        return fail(std::string("the KPI configuration is malformed: ") + e.what());
    }
    for (const auto& g : c.groups) {
        std::int64_t sum = 0;
        for (const auto& d : c.indicators)
            if (d.group == g.group && d.max_x100) sum += *d.max_x100;
        if (sum > g.max * 100)
            return fail("group " + std::to_string(g.group) + ": the indicators' maxima add up to more than " +
                        std::to_string(g.max));
    }
    return c;
}

const Config& DefaultConfig() {
    static const Config config = *ParseConfig(DefaultConfigJson());
    return config;
}

}  // namespace mocua::domain::kpi
