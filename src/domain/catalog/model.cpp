#include "domain/catalog/model.hpp"

#include <algorithm>

#include <array>
#include <utility>

#include "domain/catalog/problems.hpp"

namespace mocua::domain::catalog {

namespace {

template <typename E, std::size_t N>
std::string_view NameIn(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
    for (const auto& [v, name] : table)
        if (v == value) return name;
    return table[0].second;
}

template <typename E, std::size_t N>
std::optional<E> ParseIn(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s) {
    for (const auto& [v, name] : table)
        if (name == s) return v;
    return std::nullopt;
}

constexpr std::array<std::pair<Level, std::string_view>, 3> kLevels = {{
    {Level::kProvince, "province"},
    {Level::kDistrict, "district"},
    {Level::kCommune, "commune"},
}};
constexpr std::array<std::pair<ServiceMode, std::string_view>, 3> kModes = {{
    {ServiceMode::kFullOnline, "full_online"},
    {ServiceMode::kPartialOnline, "partial_online"},
    {ServiceMode::kOffline, "offline"},
}};
constexpr std::array<std::pair<TimeUnit, std::string_view>, 4> kUnits = {{
    {TimeUnit::kWorkingDays, "working_days"},
    {TimeUnit::kDays, "days"},
    {TimeUnit::kWorkingHours, "working_hours"},
    {TimeUnit::kHours, "hours"},
}};
constexpr std::array<std::pair<CopyKind, std::string_view>, 5> kCopies = {{
    {CopyKind::kOriginal, "original"},
    {CopyKind::kCopy, "copy"},
    {CopyKind::kCertifiedCopy, "certified_copy"},
    {CopyKind::kOriginalOrCopy, "original_or_copy"},
    {CopyKind::kOriginalForCheck, "original_for_check"},
}};
constexpr std::array<std::pair<FieldType, std::string_view>, 10> kTypes = {{
    {FieldType::kText, "text"},
    {FieldType::kTextarea, "textarea"},
    {FieldType::kNumber, "number"},
    {FieldType::kDate, "date"},
    {FieldType::kChoice, "choice"},
    {FieldType::kCheckbox, "checkbox"},
    {FieldType::kCccd, "cccd"},
    {FieldType::kPhone, "phone"},
    {FieldType::kEmail, "email"},
    {FieldType::kTaxCode, "tax_code"},
}};

}  // namespace

std::string_view LevelName(Level v) { return NameIn(kLevels, v); }
std::string_view ServiceModeName(ServiceMode v) { return NameIn(kModes, v); }
std::string_view TimeUnitName(TimeUnit v) { return NameIn(kUnits, v); }
std::string_view CopyKindName(CopyKind v) { return NameIn(kCopies, v); }
std::string_view FieldTypeName(FieldType v) { return NameIn(kTypes, v); }
std::optional<Level> ParseLevel(std::string_view s) { return ParseIn(kLevels, s); }
std::optional<ServiceMode> ParseServiceMode(std::string_view s) { return ParseIn(kModes, s); }
std::optional<TimeUnit> ParseTimeUnit(std::string_view s) { return ParseIn(kUnits, s); }
std::optional<CopyKind> ParseCopyKind(std::string_view s) { return ParseIn(kCopies, s); }
std::optional<FieldType> ParseFieldType(std::string_view s) { return ParseIn(kTypes, s); }

const std::vector<std::string_view>& ApplicantKinds() {
    static const std::vector<std::string_view> kList = {"citizen", "business"};
    return kList;
}

const std::vector<std::string_view>& LifeEvents() {
    static const std::vector<std::string_view> kList = {
        "birth",          "marriage", "death",     "residence", "land_house", "building", "business_start",
        "social_support", "merit",    "education", "health",    "culture",    "religion", "other"};
    return kList;
}

const std::vector<std::string_view>& Payers() {
    static const std::vector<std::string_view> kList = {"applicant"};
    return kList;
}

const std::vector<std::string_view>& PrefillSources() {
    static const std::vector<std::string_view> kList = {
        "profile.full_name", "profile.cccd",       "profile.phone",    "profile.email",
        "profile.address",   "profile.birth_date", "profile.tax_code", "profile.business_name"};
    return kList;
}

// ---- Workflows ------------------------------------------------------------------------------------

std::string_view StepUnitName(StepUnit v) {
    switch (v) {
        case StepUnit::kReceiving: return "receiving";
        case StepUnit::kCompetent: return "competent";
        case StepUnit::kDepartment: return "department";
        case StepUnit::kOther: return "other";
    }
    return "department";
}

std::optional<StepUnit> ParseStepUnit(std::string_view s) {
    for (auto v : {StepUnit::kReceiving, StepUnit::kCompetent, StepUnit::kDepartment, StepUnit::kOther}) {
        if (StepUnitName(v) == s) return v;
    }
    return std::nullopt;
}

Workflow EffectiveWorkflow(const Procedure& p) {
    if (!p.workflow.steps.empty()) return p.workflow;
    const auto unit = p.time_limit.unit;
    const std::int64_t total = p.time_limit.value;
    // In the limit's own unit where it splits into whole units; otherwise in working hours (8 a day).
    std::int64_t process = 0, approve = 0;
    TimeUnit quota_unit = unit;
    if (total >= 2) {
        if (unit == TimeUnit::kWorkingHours) {
            approve = std::clamp<std::int64_t>(total / 4, 1, 8);  // at most one working day (8 hours)
        } else {
            approve = unit == TimeUnit::kHours ? std::max<std::int64_t>(1, total / 4) : 1;
        }
        process = total - approve;
    } else if (total == 1 && unit == TimeUnit::kWorkingDays) {
        quota_unit = TimeUnit::kWorkingHours;
        process = 6;
        approve = 2;
    } else {
        process = total;  // 0 (immediately) or a single hour: the approval takes no extra time
    }
    Workflow w;
    w.steps.push_back({"process", "Thụ lý, thẩm định hồ sơ", "Processing and review", "specialist",
                       StepUnit::kDepartment, process, quota_unit, {"approve"}});
    w.steps.push_back({"approve", "Phê duyệt kết quả", "Approval of the result", "leader", StepUnit::kCompetent,
                       approve, quota_unit, {}});
    return w;
}

// ---- Problems -------------------------------------------------------------------------------------

std::string Describe(const Problem& p) {
    std::string out = p.file.empty() ? "catalogue" : p.file;
    if (p.line > 0) out += ":" + std::to_string(p.line);
    out += ": ";
    if (!p.field.empty()) out += p.field + ": ";
    out += p.message + " [" + p.rule + "]";
    return out;
}

void SourceMap::Record(std::string path, std::string file, int line) {
    where_.insert_or_assign(std::move(path), Where{std::move(file), line});
}

Problem SourceMap::Locate(std::string_view path, std::string rule, std::string message) const {
    Problem p{"", 0, "", std::move(rule), std::move(message)};
    // The longest recorded prefix that ends at a segment boundary.
    std::string_view prefix = path;
    std::string_view rest;
    for (;;) {
        if (auto it = where_.find(prefix); it != where_.end()) {
            p.file = it->second.file;
            p.line = it->second.line;
            rest = path.substr(prefix.size());
            break;
        }
        if (prefix.empty()) {
            rest = path;
            break;
        }
        const auto slash = prefix.rfind('/');
        prefix = slash == std::string_view::npos ? std::string_view() : prefix.substr(0, slash);
    }
    if (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
    if (encoding_ == Encoding::kJson) {
        // The key of the value itself: the last non-index segment of the whole path.
        std::string_view last = path;
        while (!last.empty()) {
            const auto slash = last.rfind('/');
            std::string_view seg = slash == std::string_view::npos ? last : last.substr(slash + 1);
            if (!seg.empty() && seg.find_first_not_of("0123456789") != std::string_view::npos) {
                p.field = std::string(seg);
                break;
            }
            last = slash == std::string_view::npos ? std::string_view() : last.substr(0, slash);
        }
    } else {
        // Columns: the segments up to the first list index, joined with '_'.
        std::string column;
        std::size_t start = 0;
        while (start <= rest.size() && !rest.empty()) {
            const auto slash = rest.find('/', start);
            std::string_view seg =
                rest.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
            if (seg.empty() || seg.find_first_not_of("0123456789") == std::string_view::npos) break;
            if (!column.empty()) column += '_';
            column += seg;
            if (slash == std::string_view::npos) break;
            start = slash + 1;
        }
        p.field = column;
    }
    return p;
}

}  // namespace mocua::domain::catalog
