#pragma once
// Helpers shared by the files of DossierService (dossier_service.cpp: units, uploads, drafts, online
// submission; dossier_reception.cpp: the counter and the reception decisions; dossier_records.cpp:
// reading, forms, results, ratings). Not part of the module's interface.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/text/text.hpp"
#include "core/text/validation.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/dossier/model.hpp"
#include "domain/dossier/time_rules.hpp"
#include "domain/forms/receipt.hpp"
#include "domain/identity/accounts.hpp"

namespace mocua::domain::dossier::internal {

using catalog::Version;
using identity::AccountKind;

constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxAddressBytes = 400;
constexpr std::size_t kMaxReasonBytes = 1000;
constexpr std::size_t kMaxItems = 30;

inline core::Error Invalid() { return core::Error::InvalidArgument("dossier.invalid"); }
inline core::Error NotFound() { return core::Error::NotFound("dossier.not_found"); }
inline core::Error DraftNotFound() { return core::Error::NotFound("dossier.draft_not_found"); }
inline core::Error Forbidden() { return core::Error{core::ErrorCode::kForbidden, "dossier.forbidden"}; }

inline forms::LocalDateTime Local(core::TimePoint t) { return VietnamWallClock(t); }

inline calendar::TimeLimit LimitOf(const catalog::TimeLimit& t) { return ToCalendarLimit(t.value, t.unit); }

// "05 ngày làm việc", as Mẫu 01 prints it.
inline std::string LimitText(const catalog::TimeLimit& t) {
    std::string n = t.value < 10 ? "0" + std::to_string(t.value) : std::to_string(t.value);
    switch (t.unit) {
        case catalog::TimeUnit::kWorkingDays: return n + " ngày làm việc";
        case catalog::TimeUnit::kDays: return n + " ngày";
        case catalog::TimeUnit::kWorkingHours: return n + " giờ làm việc";
        case catalog::TimeUnit::kHours: return n + " giờ";
    }
    return n;
}

// "8.000 đồng".
inline std::string Vnd(std::int64_t amount) {
    std::string digits = std::to_string(amount);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
        out += digits[i];
    }
    return out + " đồng";
}

inline std::string FeesText(const catalog::Procedure& p) {
    std::string out;
    for (const auto& f : p.fees) {
        if (f.amount_vnd <= 0) continue;
        if (!out.empty()) out += "; ";
        out += f.name_vi + ": " + Vnd(f.amount_vnd);
    }
    return out;
}

inline bool ValidUnitCode(std::string_view code) {
    return !code.empty() && std::all_of(code.begin(), code.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
               c == '-' || c == '_';
    });
}

inline std::string Clean(std::string_view s, core::text::Lines lines = core::text::Lines::kSingle) {
    return core::text::CleanInput(s, lines);
}

// The applicant as typed, cleaned and normalised (phone and tax code in their canonical form).
inline Applicant Normalised(Applicant a) {
    a.name = Clean(a.name);
    a.id_number = Clean(a.id_number);
    a.address = Clean(a.address);
    a.phone = Clean(a.phone);
    a.email = Clean(a.email);
    if (auto ph = core::text::NormalizePhone(a.phone); ph.ok()) a.phone = ph->national;
    if (a.kind == "business") {
        if (auto t = core::text::NormalizeTaxCode(a.id_number); t.ok()) a.id_number = *t;
    }
    return a;
}

inline bool ValidDelivery(std::string_view d) { return d == "online" || d == "postal" || d == "counter"; }


}  // namespace mocua::domain::dossier::internal
