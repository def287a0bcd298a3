#include "domain/site/site_profile.hpp"

#include <algorithm>
#include <cctype>

namespace mocua::domain::site {

namespace {
bool LooksLikeEmail(const std::string& e) {
    const auto at = e.find('@');
    return at != std::string::npos && at > 0 && e.find('.', at) != std::string::npos && e.back() != '.' &&
           e.find_first_of(" \t\r\n<>") == std::string::npos && e.find('@', at + 1) == std::string::npos;
}

bool LooksLikePhone(const std::string& p) {
    const auto digits = std::count_if(p.begin(), p.end(), [](unsigned char c) { return std::isdigit(c); });
    const bool allowed = std::all_of(p.begin(), p.end(), [](unsigned char c) {
        return std::isdigit(c) || c == ' ' || c == '.' || c == '-' || c == '+' || c == '(' || c == ')';
    });
    return allowed && digits >= 8 && digits <= 15;
}
}  // namespace

core::Result<void> Validate(const SiteProfile& p) {
    if (p.name_vi.empty()) return core::Error::InvalidArgument("name_vi: required");
    if (p.name_en.empty()) return core::Error::InvalidArgument("name_en: required");
    if (p.address_vi.empty()) return core::Error::InvalidArgument("address_vi: required");
    if (p.address_en.empty()) return core::Error::InvalidArgument("address_en: required");
    if (!LooksLikePhone(p.phone)) return core::Error::InvalidArgument("phone: not a telephone number");
    if (!LooksLikeEmail(p.email)) return core::Error::InvalidArgument("email: not an e-mail address");
    return {};
}

core::Result<SiteProfile> SiteService::Get() {
    auto p = repository_.Get();
    if (!p) return core::Error::NotFound("the authority's profile is not set up yet (run `mocua seed-demo`)");
    return *p;
}

core::Result<SiteProfile> SiteService::Update(SiteProfile profile) {
    if (auto v = Validate(profile); !v.ok()) return v.error();
    profile.updated_at = clock_.Now();
    repository_.Save(profile);
    return profile;
}

}  // namespace mocua::domain::site
