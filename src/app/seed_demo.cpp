#include "app/seed_demo.hpp"

#include "domain/site/site_profile.hpp"
#include "persistence/site_profile_repository.hpp"

namespace mocua::app {

core::Result<SeedReport> SeedDemo(db::Database& database, const core::Clock& clock) {
    SeedReport report;
    persistence::SqlSiteProfileRepository repository(database);
    domain::site::SiteService site(repository, clock);

    // Demo contact details: the name and place are real (phường Quảng Trị, commune code 19360, from
    // the General Statistics Office's list of 25/06/2025); the phone and e-mail are placeholders
    // under reserved names, to be replaced by the authority's own in production.
    domain::site::SiteProfile profile{
        .name_vi = "Ủy ban nhân dân phường Quảng Trị",
        .name_en = "People's Committee of Quang Tri Ward",
        .address_vi = "Phường Quảng Trị, tỉnh Quảng Trị, Việt Nam",
        .address_en = "Quang Tri Ward, Quang Tri Province, Viet Nam",
        .phone = "0233 3861 000",
        .email = "motcua@phuongquangtri.example",
        .website = "",
        .updated_at = {},
    };
    auto existing = repository.Get();
    const bool same = existing && existing->name_vi == profile.name_vi && existing->name_en == profile.name_en &&
                      existing->address_vi == profile.address_vi && existing->address_en == profile.address_en &&
                      existing->phone == profile.phone && existing->email == profile.email &&
                      existing->website == profile.website;
    if (same) {
        report.done.push_back("site profile: already present");
    } else {
        auto saved = site.Update(profile);
        if (!saved.ok()) return saved.error();
        report.done.push_back("site profile: " + profile.name_vi);
    }
    return report;
}

}  // namespace mocua::app
