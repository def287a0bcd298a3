#pragma once
// Dossiers (hồ sơ thủ tục hành chính) as the one-stop shop keeps them: the application of one
// applicant for one procedure version, its components (thành phần hồ sơ), state and history.
//
// States are the national public-service portal's TrangThaiHoSo codes 1–10, the de facto national
// model that every provincial system synchronises with (vietnam-rules.md §1.2, from the DVCQG sync
// code of several provincial systems); channels are its KenhThucHien codes: 1 in person at the
// counter, 2 online, 3 public postal service.
//
// Thread-safety: plain data and pure functions.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mocua::domain::dossier {

enum class State : int {
    kNew = 1,                    // Mới đăng ký: submitted online, not yet accepted
    kReceived = 2,               // Được tiếp nhận: accepted, receipt (Mẫu 01) issued
    kRefused = 3,                // Không được tiếp nhận (Mẫu 03)
    kProcessing = 4,             // Đang xử lý
    kSupplementRequested = 5,    // Yêu cầu bổ sung giấy tờ (Mẫu 02)
    kAwaitingPayment = 6,        // Yêu cầu thực hiện nghĩa vụ tài chính
    kWithdrawalRequested = 7,    // Công dân yêu cầu rút hồ sơ
    kStopped = 8,                // Dừng xử lý
    kResolved = 9,               // Đã xử lý xong
    kReturned = 10,              // Đã trả kết quả
};

enum class Channel : int { kCounter = 1, kOnline = 2, kPostal = 3 };

// How a paper component was handed in at the counter.
enum class HandedIn { kNone, kOriginal, kCopy, kCertifiedCopy };

// nullopt outside 1–10 / 1–3.
std::optional<State> StateFromCode(std::int64_t code);
std::optional<Channel> ChannelFromCode(std::int64_t code);
inline int Code(State s) { return static_cast<int>(s); }
inline int Code(Channel c) { return static_cast<int>(c); }

// "none", "original", "copy", "certified_copy".
std::string_view HandedInName(HandedIn h);
std::optional<HandedIn> ParseHandedIn(std::string_view name);

// The e-form answers by field name (as catalog::Answers).
using Answers = std::map<std::string, std::string, std::less<>>;

struct Applicant {
    std::string kind = "citizen";  // "citizen" or "business"
    std::string name;              // person's full name or business name
    std::string id_number;         // CCCD (12 digits) or tax code
    std::string address;
    std::string phone;
    std::string email;
    bool operator==(const Applicant&) const = default;
};

// A file attached to a component: accepted (type read from the bytes, scanned clean) and stored.
struct StoredFile {
    std::string sha256;  // lower-case hex, the blob store's key
    std::string name;    // the name the applicant's file had (display only)
    std::string media_type;
    std::int64_t size = 0;
    bool operator==(const StoredFile&) const = default;
};

struct DossierComponent {
    int position = 0;  // 1-based, the catalogue's order in the procedure version
    std::string name_vi;
    std::string name_en;
    std::optional<StoredFile> file;
    HandedIn handed_in = HandedIn::kNone;
    int quantity = 1;
    bool digitised = false;  // a paper document scanned at the counter (đã số hóa)
    bool reused = false;     // taken from the applicant's data store (kho dữ liệu)
};

struct HistoryEntry {
    int seq = 0;
    std::optional<State> from;
    State to = State::kNew;
    std::string action;  // "submit", "receive", "accept", "refuse", "request_supplement"
    std::optional<std::int64_t> actor_account_id;
    std::optional<std::int64_t> unit_id;
    std::string note;
    std::string at;  // core::FormatUtc
};

// A processing step the dossier went through (Mẫu 06 prints one row per step): who handed it over,
// which unit (and person) received it, when, its due time, and how it ended.
struct StepRecord {
    int seq = 0;
    std::string step_id;
    std::string name_vi;
    std::string name_en;
    std::string role;
    std::int64_t unit_id = 0;
    std::optional<std::int64_t> assignee_account_id;
    std::optional<std::int64_t> from_unit_id;
    std::optional<std::int64_t> from_account_id;
    std::string started_at;
    std::string due_at;
    std::optional<std::string> finished_at;
    std::string outcome;  // "" while open; forwarded, sent_back, approved, supplement, stopped, withdrawn
    std::string note;
    bool open() const { return !finished_at.has_value(); }
};

// A pause of the clock: a supplement request, from the request until the applicant completes.
struct PauseRecord {
    int seq = 0;
    std::string kind = "supplement";
    State from_state = State::kProcessing;  // where the dossier goes back when it ends
    std::string requested_at;
    std::optional<std::string> completed_at;
};

// The result file (kết quả) and, for an electronic result, its signature.
struct ResultFile {
    StoredFile file;
    std::string signature_scheme;  // "" when not signed
    std::string signature_key;
    std::string signature_value;
    std::string signer;
    std::optional<std::int64_t> attached_by;
    std::string attached_at;
};

// A satisfaction rating given after the result was returned.
struct Rating {
    int seq = 0;
    std::string kind;     // "three_level" or "nine_indices"
    std::string value;    // "very_satisfied" | "satisfied" | "dissatisfied", or "2,2,1,2,2,2,2,1,2"
    std::string channel;  // "online", "counter", "kiosk"
    std::optional<std::int64_t> account_id;
    std::string rated_at;
};

// A form issued for the dossier: "01", "02" or "03", with the JSON of what it prints.
struct IssuedForm {
    std::string form;
    std::string data;
    std::optional<std::int64_t> issued_by;
    std::string issued_at;
};

struct Dossier {
    std::int64_t id = 0;
    std::string code;
    std::string procedure_code;
    std::int64_t procedure_version_id = 0;
    std::optional<std::int64_t> applicant_account_id;  // none for a walk-in without an account
    Applicant applicant;
    std::string language = "vi";  // of the mails to the applicant: the one they applied in online
    Channel channel = Channel::kOnline;
    State state = State::kNew;
    std::int64_t receiving_unit_id = 0;
    std::int64_t competent_unit_id = 0;
    Answers answers;
    int sets = 1;                             // number of sets (bộ) handed in
    std::string result_delivery = "counter";  // "counter", "postal" or "online"
    std::string submitted_at;
    std::optional<std::string> received_at;
    std::optional<std::string> appointment_at;
    std::optional<std::int64_t> received_by;
    std::optional<std::int64_t> created_by;
    std::int64_t version = 1;  // optimistic lock
    std::string created_at;
    std::string updated_at;
    // Processing (issue 7).
    std::optional<std::string> due_at;       // the current due time (appointment, moved by pauses and an extension)
    std::optional<std::string> extended_at;  // the one apology with extension (Mẫu 04)
    std::optional<std::string> resolved_at;  // NgayKetThucXuLy
    std::optional<std::string> returned_at;  // NgayTraKetQua
    std::string return_channel;              // "counter", "online", "postal" once returned
    std::vector<DossierComponent> components;
    std::vector<HistoryEntry> history;
    std::vector<IssuedForm> forms;
    std::vector<StepRecord> steps;
    std::vector<PauseRecord> pauses;
    std::optional<ResultFile> result;
    std::vector<Rating> ratings;

    const IssuedForm* Form(std::string_view form) const;
    // The open step, or nullptr.
    const StepRecord* OpenStep() const;
};

// A row of a list (no components, history or forms).
struct DossierSummary {
    std::int64_t id = 0;
    std::string code;
    std::string procedure_code;
    std::string procedure_name_vi;
    std::string procedure_name_en;
    std::string applicant_name;
    Channel channel = Channel::kOnline;
    State state = State::kNew;
    std::int64_t receiving_unit_id = 0;
    std::int64_t competent_unit_id = 0;
    std::string submitted_at;
    std::optional<std::string> appointment_at;
    std::int64_t version = 1;
    std::optional<std::string> due_at;
};

// An online application being filled in: what the applicant has given so far.
struct Draft {
    std::int64_t id = 0;
    std::int64_t account_id = 0;
    std::string procedure_code;
    std::int64_t procedure_version_id = 0;
    Answers answers;
    std::optional<Applicant> applicant;  // set once the applicant page was saved
    std::optional<std::int64_t> competent_unit_id;
    std::string result_delivery = "online";
    struct File {
        int position = 0;
        StoredFile file;
        bool reused = false;
    };
    std::vector<File> files;  // at most one per position
    std::optional<std::string> dossier_code;  // set once submitted
    std::string created_at;
    std::string updated_at;

    const File* FileAt(int position) const;
};

// The draft's content column: answers, applicant, competent unit, delivery, files (JSON).
std::string DraftContentToJson(const Draft& draft);
// Fills those fields of `draft` from the JSON; false when the JSON is not such an object.
bool DraftContentFromJson(std::string_view json, Draft& draft);

std::string AnswersToJson(const Answers& answers);
// nullopt when not a JSON object whose values are all strings (numbers and booleans are accepted
// and written as text: 5 → "5", true → "true").
std::optional<Answers> AnswersFromJson(std::string_view json);

// An item of the applicant's data store (kho dữ liệu điện tử).
struct StoreItem {
    std::int64_t id = 0;
    std::string title;
    StoredFile file;
    std::optional<std::string> source_dossier_code;
    std::string created_at;
};

}  // namespace mocua::domain::dossier
