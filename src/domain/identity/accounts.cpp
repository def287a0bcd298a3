#include "domain/identity/accounts.hpp"

#include <algorithm>

#include "core/text/text.hpp"
#include "core/text/validation.hpp"

namespace mocua::domain::identity {

namespace {

using core::Error;

std::optional<std::string> CleanOptional(const std::optional<std::string>& v) {
    if (!v) return std::nullopt;
    std::string cleaned = core::text::CleanInput(*v);
    if (cleaned.empty()) return std::nullopt;
    return cleaned;
}

bool ValidEmail(std::string_view e) {
    if (e.size() < 3 || e.size() > 254) return false;
    const auto at = e.find('@');
    if (at == std::string_view::npos || at == 0 || e.find('@', at + 1) != std::string_view::npos)
        return false;
    const std::string_view domain = e.substr(at + 1);
    if (domain.size() < 3 || domain.find('.') == std::string_view::npos || domain.front() == '.' ||
        domain.back() == '.' || domain.find("..") != std::string_view::npos)
        return false;
    return std::none_of(e.begin(), e.end(), [](char c) {
        return c == ' ' || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' || c == ':' ||
               c == '\\' || c == '"' || c == '[' || c == ']';
    });
}

std::size_t CodePoints(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(
        utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string AsciiLower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

const std::vector<RoleInfo> kRoles = {
    {kRoleCitizen, "Công dân", "Citizen", false},
    {kRoleBusiness, "Doanh nghiệp, tổ chức", "Business or organisation", false},
    {kRoleOneStopOfficer, "Cán bộ một cửa", "One-stop officer", true},
    {kRoleSpecialist, "Chuyên viên", "Specialist", true},
    {kRoleLeader, "Lãnh đạo", "Leader", true},
    {kRoleClerk, "Văn thư", "Clerk", true},
    {kRoleDelegate, "Đại biểu", "Meeting delegate", true},
    {kRoleMeetingSecretary, "Thư ký cuộc họp", "Meeting secretary", true},
    {kRoleIocViewer, "Xem Trung tâm điều hành", "Operations centre viewer", true},
    {kRoleUnitAdmin, "Quản trị đơn vị", "Unit administrator", true},
    {kRoleSystemAdmin, "Quản trị hệ thống", "System administrator", true},
    {kRoleSecurityAdmin, "Quản trị an toàn thông tin", "Security administrator", true},
};

}  // namespace

std::string_view AccountKindName(AccountKind kind) {
    switch (kind) {
        case AccountKind::kCitizen:
            return "citizen";
        case AccountKind::kBusiness:
            return "business";
        case AccountKind::kStaff:
            return "staff";
    }
    return "citizen";
}

std::optional<AccountKind> ParseAccountKind(std::string_view name) {
    if (name == "citizen") return AccountKind::kCitizen;
    if (name == "business") return AccountKind::kBusiness;
    if (name == "staff") return AccountKind::kStaff;
    return std::nullopt;
}

std::string EmailKey(std::string_view email) { return AsciiLower(core::text::ToNfc(email)); }

core::Result<Profile> ValidateProfile(Profile p) {
    p.email = core::text::CleanInput(p.email);
    p.display_name = core::text::CleanInput(p.display_name);
    p.cccd = CleanOptional(p.cccd);
    p.tax_code = CleanOptional(p.tax_code);
    p.phone = CleanOptional(p.phone);
    if (!ValidEmail(p.email)) return Error::InvalidArgument("email.format");
    if (p.display_name.size() > 200) return Error::InvalidArgument("name.length");
    if (p.cccd) {
        if (auto ok = core::text::ValidateCccd(*p.cccd); !ok.ok()) return ok.error();
    }
    if (p.phone) {
        auto phone = core::text::NormalizePhone(*p.phone);
        if (!phone.ok()) return phone.error();
        p.phone = phone->national;
    }
    if (p.tax_code) {
        auto tax = core::text::NormalizeTaxCode(*p.tax_code);
        if (!tax.ok()) return tax.error();
        p.tax_code = tax.value();
    } else if (p.kind == AccountKind::kBusiness) {
        return Error::InvalidArgument("tax_code.required");
    }
    return p;
}

const std::vector<RoleInfo>& Roles() { return kRoles; }

const RoleInfo* FindRole(std::string_view name) {
    for (const auto& r : kRoles)
        if (r.name == name) return &r;
    return nullptr;
}

PasswordPolicy::PasswordPolicy() : PasswordPolicy(CommonPasswordsText()) {}

PasswordPolicy::PasswordPolicy(std::string_view list) {
    std::size_t pos = 0;
    while (pos < list.size()) {
        std::size_t end = list.find('\n', pos);
        if (end == std::string_view::npos) end = list.size();
        std::string_view line = list.substr(pos, end - pos);
        pos = end + 1;
        if (line.ends_with('\r')) line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        common_.insert(AsciiLower(line));
    }
}

core::Result<void> PasswordPolicy::Check(std::string_view password) const {
    if (password.size() > kMaxPasswordBytes) return Error::InvalidArgument("password.too_long");
    const std::string nfc = core::text::ToNfc(password);
    if (CodePoints(nfc) < kMinPasswordCharacters) return Error::InvalidArgument("password.too_short");
    if (common_.contains(AsciiLower(nfc))) return Error::InvalidArgument("password.common");
    return {};
}

}  // namespace mocua::domain::identity
