#pragma once
// The authority this installation serves (the "site profile"): its name, address, phone and
// e-mail appear in every page's header and footer, as Vietnamese government sites must show them.
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace mocua::domain::site {

struct SiteProfile {
    std::string name_vi;  // "Ủy ban nhân dân phường Quảng Trị"
    std::string name_en;  // "People's Committee of Quang Tri Ward"
    std::string address_vi;
    std::string address_en;
    std::string phone;
    std::string email;
    std::string website;  // may be empty
    core::TimePoint updated_at;
};

// Checks required fields and the shape of e-mail and phone. The error message names the field
// ("email: …") in English; pages map the field to their own language.
core::Result<void> Validate(const SiteProfile& profile);

// Where the profile is stored (port; the SOCI implementation lives in persistence/).
class SiteProfileRepository {
public:
    virtual ~SiteProfileRepository() = default;
    // nullopt when the authority has not been set up yet. Throws on database failure.
    virtual std::optional<SiteProfile> Get() = 0;
    // Inserts or replaces the one profile. Throws on database failure.
    virtual void Save(const SiteProfile& profile) = 0;
};

class SiteService {
public:
    SiteService(SiteProfileRepository& repository, const core::Clock& clock)
        : repository_(repository), clock_(clock) {}

    // NotFound when not set up yet.
    core::Result<SiteProfile> Get();
    // Validates, stamps updated_at and saves.
    core::Result<SiteProfile> Update(SiteProfile profile);

private:
    SiteProfileRepository& repository_;
    const core::Clock& clock_;
};

}  // namespace mocua::domain::site
