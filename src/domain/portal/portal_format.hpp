#pragma once
// The national public-service portal's dossier format (Cổng Dịch vụ công quốc gia, "DVCQG"): one JSON
// object per line (JSON Lines), with the portal's synchronisation names. `mocua import dossiers FILE.jsonl`
// reads it and `mocua export dossiers` writes it (issue 7); this file is only the codec: no I/O, no
// database. The format, each field and every rule are described in docs/portal-format.md.
//
// Sources (copied here so that nothing reads the research notes at build, run or test time):
//   * Dossier states, TrangThaiHoSo 1–10: "the de facto national state model is the Cổng DVCQG
//     dossier-synchronisation status code (used by every provincial system that syncs to
//     dichvucong.gov.vn)" — vietnam-rules.md §1.2, see DossierState below.
//   * Channel, KenhThucHien: "1 = trực tiếp, 2 = trực tuyến, 3 = bưu chính công ích" — §1.2; Decision
//     766 indicator 3.3 counts "direct (1 or null)", hence an absent channel reads as 1 — §3.
//   * Dossier code, MaHoSo: Circular 01/2018 Art. 19 `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`, e.g.
//     "000.00.12.H48-180815-0001"; Circular 03/2025 re-regulates it and the new shape could not be
//     read — §1.6. The codec therefore does not check the shape of a code.
//   * Fields the Decision 766/QĐ-TTg indicators are computed from (DVCQG sync names): MaHoSo, MaTTHC,
//     NgayNopHoSo, NgayTiepNhan, NgayHenTra, NgayKetThucXuLy, TrangThaiHoSo + history with timestamps,
//     KenhThucHien, ThoiGianGiaiQuyet/DonViTinh, DanhSachPhiLePhi, DuocThanhToanTrucTuyen,
//     TaiLieuNop[].DuocSoHoa / DuocLayTuKhoDMQG, MaKetQua, DuongDanTepTinKetQua,
//     TaiKhoanDuocXacThucVoiVNeID — §3. Indicator 2.1: on time if NgayKetThucXuLy ≤ NgayHenTra, the
//     applicant's supplement time (completed − requested) is subtracted, more than one supplement request
//     counts as overdue. Indicator 3.6: DuocThanhToanTrucTuyen 1 = paid on Cổng DVCQG, 2 = via the
//     provincial gateway — §3.
//   * Issue 7 names the fee list "DanhSachLePhi" ([{TenPhiLePhi, MucPhi}]); the 766 formula text
//     calls it "DanhSachPhiLePhi". We write "DanhSachLePhi" and read both.
//
// Times are "yyyyMMddHHmmss" in Vietnam time (UTC+7 all year, no daylight saving); in code they are
// UTC core::TimePoint. Absent, null or "" means "not reached".
//
// Pure functions; thread-safe; no exceptions escape (malformed input comes back as Problems).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace mocua::domain::portal {

// TrangThaiHoSo, the portal's dossier states (vietnam-rules.md §1.2).
enum class DossierState : int {
    kNew = 1,                  // Mới đăng ký — submitted online, not yet accepted
    kAccepted = 2,             // Được tiếp nhận — accepted by the one-stop unit (receipt issued)
    kRefused = 3,              // Không được tiếp nhận — refused at reception
    kInProgress = 4,           // Đang xử lý — with the specialist office
    kSupplementRequested = 5,  // Yêu cầu bổ sung giấy tờ
    kAwaitingPayment = 6,      // Yêu cầu thực hiện nghĩa vụ tài chính
    kWithdrawalRequested = 7,  // Công dân yêu cầu rút hồ sơ
    kStopped = 8,              // Dừng xử lý
    kProcessed = 9,            // Đã xử lý xong — result produced, sent to the one-stop unit
    kResultReturned = 10,      // Đã trả kết quả — result delivered
};
inline constexpr int kMinState = 1;
inline constexpr int kMaxState = 10;

// KenhThucHien (§1.2).
enum class Channel : int {
    kDirect = 1,  // trực tiếp, at the counter; also what an absent value means (Decision 766, 3.3)
    kOnline = 2,  // trực tuyến
    kPostal = 3,  // bưu chính công ích
};

// DuocThanhToanTrucTuyen (Decision 766, indicator 3.6).
enum class OnlinePayment : int {
    kNone = 0,            // not paid online
    kNationalPortal = 1,  // paid on Cổng DVCQG
    kLocalGateway = 2,    // paid via the provincial payment gateway
};

// One entry of DanhSachLePhi.
struct Fee {
    std::string name;             // TenPhiLePhi (required, non-empty)
    std::int64_t amount_vnd = 0;  // MucPhi: whole VND, ≥ 0 (required)
    bool operator==(const Fee&) const = default;
};

// One entry of TaiLieuNop, a component file the applicant submitted.
struct SubmittedFile {
    std::string file_name;             // TenTepDinhKem (required, non-empty)
    bool digitised = false;            // DuocSoHoa 0/1 (absent = 0)
    bool reused = false;               // DuocTaiSuDung 0/1 (absent = 0)
    bool from_national_store = false;  // DuocLayTuKhoDMQG 0/1: taken from the applicant's store on Cổng DVCQG
    bool operator==(const SubmittedFile&) const = default;
};

// One entry of YeuCauBoSung, a supplement request (Mẫu 02).
struct SupplementRequest {
    core::TimePoint requested_at{};               // NgayYeuCau (required)
    std::optional<core::TimePoint> completed_at;  // NgayHoanThanh; absent or "" while still open
    bool operator==(const SupplementRequest&) const = default;
};

// One entry of QuaTrinhXuLy, the processing history.
struct HistoryEntry {
    DossierState state = DossierState::kNew;  // TrangThaiHoSo (required, 1–10)
    core::TimePoint at{};                     // ThoiDiem (required)
    std::string unit;                         // DonVi: unit code or name; "" = absent
    std::string note;                         // NoiDung; "" = absent
    bool operator==(const HistoryEntry&) const = default;
};

struct PortalDossier {
    std::string code;            // MaHoSo (required), e.g. "000.00.19.H48-250915-0001"
    std::string procedure_code;  // MaTTHC (required), e.g. "1.001193"
    std::string unit_code;       // DonViXuLy (required): the unit that processes the dossier

    core::TimePoint submitted_at{};                    // NgayNopHoSo (required)
    std::optional<core::TimePoint> received_at;        // NgayTiepNhan — accepted by the one-stop unit
    std::optional<core::TimePoint> due_at;             // NgayHenTra — appointment to return the result
    std::optional<core::TimePoint> processing_end_at;  // NgayKetThucXuLy — processing finished
    std::optional<core::TimePoint> returned_at;        // NgayTraKetQua — result handed to the applicant

    DossierState state = DossierState::kNew;              // TrangThaiHoSo (required, 1–10)
    Channel channel = Channel::kDirect;                   // KenhThucHien (absent = 1)
    OnlinePayment online_payment = OnlinePayment::kNone;  // DuocThanhToanTrucTuyen (absent = 0)
    bool vneid_verified = false;                          // TaiKhoanDuocXacThucVoiVNeID 0/1 (absent = 0)

    std::vector<Fee> fees;             // DanhSachLePhi (read also as DanhSachPhiLePhi)
    std::vector<SubmittedFile> files;  // TaiLieuNop
    std::string result_code;           // MaKetQua: electronic result's code; "" = absent
    std::string result_url;            // DuongDanTepTinKetQua: electronic result's file link; "" = absent
    std::vector<SupplementRequest> supplements;  // YeuCauBoSung
    std::vector<HistoryEntry> history;           // QuaTrinhXuLy, in the order given

    bool operator==(const PortalDossier&) const = default;
};

enum class Severity {
    kError,    // the line is refused
    kWarning,  // reported; the line is still used
};

struct Problem {
    int line = 0;         // 1-based line of the file; 0 when not known
    std::string field;    // "NgayTiepNhan", "QuaTrinhXuLy[2].ThoiDiem", or "" for the whole line
    std::string rule;     // stable code, "portal.time.format"; listed in docs/portal-format.md
    std::string message;  // English, for the operator
    Severity severity = Severity::kError;
    bool operator==(const Problem&) const = default;
};

// "line 3: NgayTiepNhan: message [portal.time.format]" ("warning: " prefixed for warnings).
std::string Describe(const Problem& problem);

struct LineResult {
    std::optional<PortalDossier> dossier;  // set exactly when no problem is an error
    std::vector<Problem> problems;         // errors and warnings, in the order found
    bool ok() const { return dossier.has_value(); }
};

// Lines longer than this (bytes, without the line ending) are refused unread.
inline constexpr std::size_t kMaxLineBytes = 1024 * 1024;

// Parses one line (one JSON object, without its line ending). Checks types and ranges of every field
// and then CheckConsistency. Unknown keys are warnings ("portal.unknown_key"). Integer fields accept a
// JSON integer or a string of digits ("2"); strings, times and lists must have their JSON type.
LineResult ParseLine(std::string_view line, int line_number);

// The rules between fields (order of times, state vs. times, history, fees vs. payment …), as errors
// and warnings; see docs/portal-format.md "Consistency rules". `line_number` is copied into each Problem.
std::vector<Problem> CheckConsistency(const PortalDossier& dossier, int line_number);

// One line of JSON, without a line ending, keys in the fixed order of docs/portal-format.md; optional
// times, empty strings and empty lists are omitted; KenhThucHien, TrangThaiHoSo,
// DuocThanhToanTrucTuyen and TaiKhoanDuocXacThucVoiVNeID are always written as JSON integers. Times
// are written to the second (milliseconds are dropped). Strings that are not valid UTF-8 get U+FFFD for
// the bad bytes. Does not validate: the caller runs CheckConsistency when it wants to.
// For every dossier with whole-second times and valid UTF-8: ParseLine(ToJsonLine(d)).dossier == d.
std::string ToJsonLine(const PortalDossier& dossier);

// "yyyyMMddHHmmss" in Vietnam time → UTC instant; nullopt unless exactly 14 digits naming a real date
// and time (year 1900–2999, hour ≤ 23, minute and second ≤ 59).
std::optional<core::TimePoint> ParseTime(std::string_view text);
// The instant as "yyyyMMddHHmmss" in Vietnam time (milliseconds dropped, rounding down).
std::string FormatTime(core::TimePoint instant);

// A line of a JSON Lines text, as ForEachLine hands it out.
struct InputLine {
    int number = 0;                  // 1-based, counting every line (blank ones too)
    std::string_view text;           // without "\n" / "\r\n" and, on line 1, without a UTF-8 BOM
    std::optional<Problem> problem;  // set when the line is refused (over kMaxLineBytes); text is then ""
};

// Splits `text` into lines ending in "\n" or "\r\n" (the last line may have no ending), skips a UTF-8
// BOM at the start and blank lines (only spaces and tabs), and calls `on_line` for every other line in
// order. Lines over kMaxLineBytes come with a "portal.line.too_long" problem instead of their text.
// `on_line` returns false to stop early. Views point into `text`.
void ForEachLine(std::string_view text, const std::function<bool(const InputLine&)>& on_line);

}  // namespace mocua::domain::portal
