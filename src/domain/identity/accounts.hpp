#pragma once
// Accounts (citizen, business, staff), their profiles, the roles that can be granted within a unit's
// subtree, and the password policy.
//
// Errors are core::Error values whose message is a stable rule code, safe to log (never the input):
//   profile: "email.format", "email.taken", "name.length", "tax_code.required", "cccd.*", "phone.*",
//            "tax_code.*" (from core/text/validation.hpp)
//   password: "password.too_short" (< 12 characters), "password.too_long" (> 256 bytes),
//             "password.common" (in the bundled list of common passwords)
// Thread-safety: pure functions; PasswordPolicy is immutable after construction.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace mocua::domain::identity {

enum class AccountKind { kCitizen, kBusiness, kStaff };
std::string_view AccountKindName(AccountKind kind);  // "citizen", "business", "staff"
std::optional<AccountKind> ParseAccountKind(std::string_view name);

struct Account {
    std::int64_t id = 0;
    AccountKind kind = AccountKind::kCitizen;
    std::string email;  // as typed (NFC); compared case-insensitively
    std::string display_name;
    std::optional<std::string> cccd;      // 12 digits
    std::optional<std::string> tax_code;  // canonical, businesses
    std::optional<std::string> phone;     // national form "0912345678"
    bool has_password = false;
    bool must_change_password = false;  // set by a generated or reset password
    bool disabled = false;
    bool totp_enabled = false;  // a confirmed TOTP credential exists
    std::string created_at;     // core::FormatUtc
};

// What a caller supplies to create an account or change a profile.
struct Profile {
    AccountKind kind = AccountKind::kCitizen;
    std::string email;
    std::string display_name;
    std::optional<std::string> cccd;
    std::optional<std::string> tax_code;
    std::optional<std::string> phone;
};

// Cleans every field (core::text::CleanInput: NFC, no control characters; empty optional fields
// become nullopt) and validates: e-mail shape (one '@', a dotted domain, ≤ 254 bytes, no spaces), display
// name ≤ 200 bytes, CCCD (ValidateCccd), phone (NormalizePhone → national form), tax code
// (NormalizeTaxCode → canonical; required for businesses). Returns the cleaned profile or the first error.
core::Result<Profile> ValidateProfile(Profile profile);

// The key that makes e-mail addresses unique regardless of case: ASCII lower case of the NFC form.
std::string EmailKey(std::string_view email);

// ---- Roles --------------------------------------------------------------------------------------

// The roles. Kept as data: the table below (and the `roles` table of migration 0005, which a test
// compares with it) is the one place that lists them.
struct RoleInfo {
    std::string_view name;  // stored and used in code: "onestop_officer"
    std::string_view label_vi;
    std::string_view label_en;
    bool staff_only;  // may be granted to staff accounts only
};
const std::vector<RoleInfo>& Roles();
const RoleInfo* FindRole(std::string_view name);

inline constexpr std::string_view kRoleCitizen = "citizen";
inline constexpr std::string_view kRoleBusiness = "business";
inline constexpr std::string_view kRoleOneStopOfficer = "onestop_officer";
inline constexpr std::string_view kRoleSpecialist = "specialist";
inline constexpr std::string_view kRoleLeader = "leader";
inline constexpr std::string_view kRoleClerk = "clerk";
inline constexpr std::string_view kRoleDelegate = "delegate";
inline constexpr std::string_view kRoleMeetingSecretary = "meeting_secretary";
inline constexpr std::string_view kRoleIocViewer = "ioc_viewer";
inline constexpr std::string_view kRoleUnitAdmin = "unit_admin";
inline constexpr std::string_view kRoleSystemAdmin = "system_admin";
inline constexpr std::string_view kRoleSecurityAdmin = "security_admin";

// A role held within the subtree of a unit.
struct Grant {
    std::int64_t id = 0;
    std::int64_t account_id = 0;
    std::string role;
    std::int64_t unit_id = 0;
};

// ---- Passwords ----------------------------------------------------------------------------------

inline constexpr std::size_t kMinPasswordCharacters = 12;  // Unicode code points
inline constexpr std::size_t kMaxPasswordBytes = 256;      // bounds the hashing cost of hostile input

// NIST SP 800-63B / OWASP ASVS L2: at least 12 characters, no composition rules, not a common
// password, no forced rotation. Any Unicode character is allowed (the password is NFC-normalised
// before hashing, so the same password typed on two keyboards matches).
class PasswordPolicy {
public:
    // With the bundled list (data/common-passwords.txt, compiled in).
    PasswordPolicy();
    // With a given list (tests): one password a line, '#' starts a comment line; compared in lower case.
    explicit PasswordPolicy(std::string_view list);

    core::Result<void> Check(std::string_view password) const;
    std::size_t list_size() const { return common_.size(); }

private:
    std::unordered_set<std::string> common_;
};

// The bundled list's text (generated from data/common-passwords.txt at build time).
const char* CommonPasswordsText();

}  // namespace mocua::domain::identity
