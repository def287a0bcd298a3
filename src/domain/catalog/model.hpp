#pragma once
// The procedure catalogue (thủ tục hành chính, TTHC): fields (lĩnh vực), procedures with everything
// an applicant needs to know (time limit, fees, dossier components, steps, result, legal basis, the
// e-form), and the forms (biểu mẫu) that components point to. The exchange format
// (docs/catalogue-format.md, "mocua-catalogue/1") maps onto these structs one to one.
//
// Values here are plain data: parsing and validation live in json_codec.hpp, tables.hpp and
// validation.hpp; versions and storage in catalog_service.hpp. Text is NFC UTF-8 once it has passed
// through a parser. Dates are calendar dates "YYYY-MM-DD".
//
// Thread-safety: the free functions are pure and may be called concurrently.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mocua::domain::catalog {

// The authority level a procedure belongs to (matches org unit types).
enum class Level { kProvince, kDistrict, kCommune };
// Toàn trình (the whole procedure online), một phần (partly online), or not online.
enum class ServiceMode { kFullOnline, kPartialOnline, kOffline };
enum class TimeUnit { kWorkingDays, kDays, kWorkingHours, kHours };
// What kind of paper a dossier component is: original, copy, certified copy, original or copy, or an
// original shown for comparison (bản chính để đối chiếu).
enum class CopyKind { kOriginal, kCopy, kCertifiedCopy, kOriginalOrCopy, kOriginalForCheck };
enum class FieldType {
    kText,
    kTextarea,
    kNumber,
    kDate,
    kChoice,
    kCheckbox,
    kCccd,
    kPhone,
    kEmail,
    kTaxCode
};

// The names used in the exchange format and the API ("commune", "full_online", "working_days", …) and
// their parsers (nullopt for an unknown name).
std::string_view LevelName(Level v);
std::string_view ServiceModeName(ServiceMode v);
std::string_view TimeUnitName(TimeUnit v);
std::string_view CopyKindName(CopyKind v);
std::string_view FieldTypeName(FieldType v);
std::optional<Level> ParseLevel(std::string_view s);
std::optional<ServiceMode> ParseServiceMode(std::string_view s);
std::optional<TimeUnit> ParseTimeUnit(std::string_view s);
std::optional<CopyKind> ParseCopyKind(std::string_view s);
std::optional<FieldType> ParseFieldType(std::string_view s);

// Closed vocabularies of the format: who may apply, life events of the kiosk guide, payers and the
// applicant data an e-form field may be prefilled from.
const std::vector<std::string_view>& ApplicantKinds();  // citizen, business
const std::vector<std::string_view>& LifeEvents();      // birth, marriage, death, …, other
const std::vector<std::string_view>& Payers();          // applicant
const std::vector<std::string_view>& PrefillSources();  // profile.full_name, profile.cccd, …

// A field of administration (lĩnh vực): "HT" Hộ tịch, "DD" Đất đai, …
struct Field {
    std::string code;
    std::string name_vi;
    std::string name_en;
    bool operator==(const Field&) const = default;
};

struct TimeLimit {
    std::int64_t value = 0;  // 0: the same working day / immediately
    TimeUnit unit = TimeUnit::kWorkingDays;
    std::string note_vi;
    std::string note_en;
    bool operator==(const TimeLimit&) const = default;
};

// A fee or charge (phí, lệ phí).
struct Fee {
    std::string name_vi;
    std::string name_en;
    std::int64_t amount_vnd = 0;  // 0: free
    std::string payer = "applicant";
    std::string exemptions_vi;
    std::string exemptions_en;
    bool operator==(const Fee&) const = default;
};

// A dossier component (thành phần hồ sơ).
struct Component {
    std::string name_vi;
    std::string name_en;
    CopyKind copy = CopyKind::kOriginal;
    std::int64_t quantity = 1;
    bool required = true;
    bool reusable = false;  // may be reused from the applicant's data store (kho dữ liệu)
    std::string form;       // key of a Form, or ""
    // Uploads may also be office documents (DOC, DOCX, XLSX, ODT), not only PDF, JPEG and PNG.
    bool office_files = false;
    bool operator==(const Component&) const = default;
};

struct Step {
    std::string vi;
    std::string en;
    bool operator==(const Step&) const = default;
};

// What the applicant receives (kết quả thực hiện).
struct Outcome {
    std::string name_vi;
    std::string name_en;
    bool paper = true;
    bool electronic = false;
    bool operator==(const Outcome&) const = default;
};

// A legal document the procedure rests on (căn cứ pháp lý).
struct LegalBasis {
    std::string number;  // "60/2014/QH13", "123/2015/NĐ-CP"
    std::string title_vi;
    std::string title_en;
    std::string date;  // YYYY-MM-DD, the date it was issued
    bool operator==(const LegalBasis&) const = default;
};

// The decision that announced the procedure (quyết định công bố), the inputs of Decision 766's
// publication indicators (see PublicationFacts in validation.hpp).
struct Announcement {
    std::string decision;      // "1234/QĐ-UBND"
    std::string issued_on;     // the decision's date
    std::string published_on;  // made public on the portal
    std::string in_force_on;   // the date the announced procedure applies from
    bool operator==(const Announcement&) const = default;
};

struct Choice {
    std::string value;
    std::string vi;
    std::string en;
    bool operator==(const Choice&) const = default;
};

// One question of the e-form. Which keys matter depends on the type (docs/catalogue-format.md).
struct EformField {
    std::string name;  // ^[a-z][a-z0-9_]*$, unique in the procedure
    FieldType type = FieldType::kText;
    std::string label_vi;
    std::string label_en;
    bool required = false;
    std::string hint_vi;
    std::string hint_en;
    std::optional<std::int64_t> max_length;  // text, textarea (defaults 200, 2000)
    std::string pattern;                     // text: ECMAScript regular expression, whole value
    std::optional<std::int64_t> min_number;  // number
    std::optional<std::int64_t> max_number;
    std::string min_date;  // date: "YYYY-MM-DD", "today" or ""
    std::string max_date;
    std::vector<Choice> choices;  // choice
    std::string prefill;          // one of PrefillSources(), or ""
    bool operator==(const EformField&) const = default;
};

struct EformPage {
    std::string id;  // ^[a-z0-9_]+$
    std::string title_vi;
    std::string title_en;
    std::vector<EformField> fields;
    bool operator==(const EformPage&) const = default;
};

struct Eform {
    std::vector<EformPage> pages;
    bool operator==(const Eform&) const = default;
};

// Who acts at a processing step, relative to the dossier: the one-stop unit that received it, the
// competent unit itself (its leaders), one of the competent unit's departments (chosen when the dossier
// is handed over), or another unit or agency (liên thông: inter-agency processing).
enum class StepUnit { kReceiving, kCompetent, kDepartment, kOther };
std::string_view StepUnitName(StepUnit v);  // "receiving", "competent", "department", "other"
std::optional<StepUnit> ParseStepUnit(std::string_view s);

// One step inside "Đang xử lý" (state 4): its id, the role that acts, where, its time quota, and the
// steps that may follow (none: the final step, whose completion resolves the dossier).
struct WorkflowStep {
    std::string id;  // ^[a-z0-9_]+$, unique in the workflow
    std::string name_vi;
    std::string name_en;
    std::string role;  // a staff role: "specialist", "leader", "onestop_officer", "clerk"
    StepUnit unit = StepUnit::kDepartment;
    std::int64_t quota_value = 0;  // the step's share of the time limit
    TimeUnit quota_unit = TimeUnit::kWorkingDays;
    std::vector<std::string> next;  // ids of later steps; empty for a final step
    bool operator==(const WorkflowStep&) const = default;
};

// The processing steps of a procedure version, as data (issue 7). Empty: DefaultWorkflow applies.
struct Workflow {
    std::vector<WorkflowStep> steps;
    bool operator==(const Workflow&) const = default;
};

// One procedure as described by one version: its content, effective_from and announcement.
struct Procedure {
    std::string code;  // national TTHC code, ^[0-9]+\.[0-9]{6}$ ("1.001193")
    std::string field;
    std::string name_vi;
    std::string name_en;
    Level level = Level::kCommune;
    ServiceMode mode = ServiceMode::kOffline;
    TimeLimit time_limit;
    std::vector<Fee> fees;
    std::vector<Component> components;
    std::vector<Step> steps;
    Outcome result;
    std::vector<LegalBasis> legal_basis;
    std::string implementing_vi;
    std::string implementing_en;
    std::string competent_vi;
    std::string competent_en;
    std::vector<std::string> applicants;
    std::vector<std::string> life_events;
    std::string effective_from;  // the first day this version is in force
    std::optional<Announcement> announcement;
    Eform eform;
    Workflow workflow;
    bool operator==(const Procedure&) const = default;
};

// The workflow that applies: the procedure's own, or when it has none a default of two steps — the
// specialist of a department processes, the competent unit's leader approves — whose quotas add up
// to the time limit (the leader gets one working day, or a quarter of a shorter limit).
Workflow EffectiveWorkflow(const Procedure& procedure);

// The bytes of a downloadable form template. The media type is read from the bytes, never trusted
// from a file name (FormFileType in validation.hpp).
struct FormFile {
    std::string name;        // file name offered for download ("to-khai.pdf")
    std::string media_type;  // "application/pdf", …
    std::string bytes;
    bool operator==(const FormFile&) const = default;
};

// A form template (biểu mẫu, tờ khai) that dossier components point to by key.
struct Form {
    std::string key;  // ^[a-z0-9-]+$
    std::string title_vi;
    std::string title_en;
    std::string source_vi;            // the regulation that issued the form
    std::string file;                 // exchange files only: path relative to the catalogue file, or ""
    std::optional<FormFile> content;  // the file's bytes, once loaded
    bool operator==(const Form&) const = default;
};

// A whole exchange file.
struct Catalogue {
    std::vector<Field> fields;
    std::vector<Procedure> procedures;
    std::vector<Form> forms;
};

inline constexpr std::string_view kFormatName = "mocua-catalogue/1";

}  // namespace mocua::domain::catalog
