#pragma once
// Mẫu 07 "Sổ theo dõi hồ sơ" (Circular 03/2025/TT-VPCP, Annex I, as reported; Mẫu 06 of Circular
// 01/2018/TT-VPCP, printed on A4): the register of the dossiers a unit received in a period, printed
// (adapters/pdf/register_pdf.hpp) or exported as a spreadsheet (adapters/registers/register_xlsx.hpp).
//
// Source of the columns: the 2018 register as provinces keep it (vietnam-rules.md §1.4 names the form;
// its columns are the mission brief's): STT, mã hồ sơ, tên TTHC, số lượng hồ sơ, tên người nộp, địa
// chỉ/số điện thoại, cơ quan chủ trì giải quyết, ngày nhận, ngày hẹn trả, ngày chuyển hồ sơ, ngày có kết
// quả/yêu cầu trả lại, ngày trả kết quả (trước hạn / đúng hạn / quá hạn), ghi chú.
//
// Thread-safety: plain data and pure functions.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/forms/form_common.hpp"

namespace mocua::domain::forms {

// One dossier (a row of the register). Times are instants with their offset; the register shows them
// in Vietnam time (ToUtcOffset with kVietnamUtcOffsetMinutes).
struct RegisterRow {
    std::string dossier_code;
    std::string procedure_name;  // "Tên thủ tục hành chính"
    int number_of_sets = 1;      // "Số lượng hồ sơ (bộ)", ≥ 1
    std::string applicant_name;
    std::string address;  // optional; "Địa chỉ, số điện thoại" prints "<address>; <phone>"
    std::string phone;    // optional
    std::string lead_agency;  // "Cơ quan chủ trì giải quyết"
    LocalDateTime received_at;
    LocalDateTime appointment_at;                // after received_at
    std::optional<LocalDateTime> transferred_at;  // "Ngày chuyển hồ sơ"; not before received_at
    std::optional<LocalDateTime> result_at;       // "Ngày có kết quả/yêu cầu trả lại"
    std::optional<LocalDateTime> returned_at;     // "Ngày trả kết quả"
    Timeliness return_mark = Timeliness::kNone;   // printed with returned_at
    std::string note;                             // optional
};

struct RegisterData {
    std::string authority_name;  // "ỦY BAN NHÂN DÂN PHƯỜNG QUẢNG TRỊ"
    std::string unit_name;       // the unit that keeps the register: "Bộ phận tiếp nhận và trả kết quả"
    LocalDateTime period_from;   // the period; dates are printed, times ignored; from ≤ to
    LocalDateTime period_to;
    std::vector<RegisterRow> rows;  // may be empty (the register then says there is no dossier)
    LocalDateTime printed_at;       // the PDF's "Ngày in" and creation date (reproducible output)
};

inline constexpr const char* kRegisterDocumentName = "Sổ theo dõi hồ sơ";

// The column headings, in order, shared by the PDF and the spreadsheet (the spreadsheet adds the return
// mark as a column of its own after kRegisterReturnedColumn, since a date cell holds only a date).
inline constexpr std::array<const char*, 13> kRegisterColumnTitles = {
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên người nộp hồ sơ",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Ngày nhận hồ sơ",
    "Ngày hẹn trả kết quả",
    "Ngày chuyển hồ sơ",
    "Ngày có kết quả/yêu cầu trả lại",
    "Ngày trả kết quả",
    "Ghi chú",
};
inline constexpr std::size_t kRegisterReturnedColumn = 11;
inline constexpr const char* kRegisterReturnMarkTitle = "Trước hạn/đúng hạn/quá hạn";

// "<address>; <phone>", either part alone when the other is empty.
std::string RegisterAddressAndPhone(const RegisterRow& row);

// "Từ ngày 01/11/2026 đến ngày 30/11/2026". Precondition: valid times.
std::string RegisterPeriodLine(const RegisterData& data);

// Errors (rule codes of form_common.hpp):
//   kMissingField  authority_name, unit_name, "rows[].dossier_code", "rows[].procedure_name",
//                  "rows[].applicant_name", "rows[].lead_agency"
//   kBadCount      "rows[].number_of_sets" < 1
//   kBadTime       period_from, period_to, printed_at, rows[] times not real times;
//                  "period_to before period_from" (by date), "rows[].appointment_at not after received_at",
//                  "rows[].transferred_at before received_at", "rows[].result_at before received_at",
//                  "rows[].returned_at before received_at"
//   kBadText       any text not valid UTF-8
core::Result<void> ValidateRegister(const RegisterData& data);

}  // namespace mocua::domain::forms
