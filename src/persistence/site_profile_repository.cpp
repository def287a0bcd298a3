#include "persistence/site_profile_repository.hpp"

#include <soci/soci.h>

#include "db/database.hpp"

namespace mocua::persistence {

using domain::site::SiteProfile;

std::optional<SiteProfile> SqlSiteProfileRepository::Get() {
    db::Connection c = db_.Acquire();
    SiteProfile p;
    std::string updated_at;
    soci::indicator ind = soci::i_ok;
    c.sql() << "SELECT name_vi, name_en, address_vi, address_en, phone, email, website, updated_at "
               "FROM site_profile WHERE id = 1",
        soci::into(p.name_vi, ind), soci::into(p.name_en), soci::into(p.address_vi), soci::into(p.address_en),
        soci::into(p.phone), soci::into(p.email), soci::into(p.website), soci::into(updated_at);
    if (!c.sql().got_data()) return std::nullopt;
    p.updated_at = core::ParseUtc(updated_at).value_or(core::TimePoint{});
    return p;
}

void SqlSiteProfileRepository::Save(const SiteProfile& p) {
    const std::string updated_at = core::FormatUtc(p.updated_at);
    db_.InTransaction([&](soci::session& sql) {
        // INSERT … ON CONFLICT works the same on SQLite (3.24+) and PostgreSQL.
        sql << "INSERT INTO site_profile (id, name_vi, name_en, address_vi, address_en, phone, email, website, "
               "updated_at) VALUES (1, :name_vi, :name_en, :address_vi, :address_en, :phone, :email, :website, "
               ":updated_at) ON CONFLICT (id) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en, "
               "address_vi = excluded.address_vi, address_en = excluded.address_en, phone = excluded.phone, "
               "email = excluded.email, website = excluded.website, updated_at = excluded.updated_at",
            soci::use(p.name_vi, "name_vi"), soci::use(p.name_en, "name_en"), soci::use(p.address_vi, "address_vi"),
            soci::use(p.address_en, "address_en"), soci::use(p.phone, "phone"), soci::use(p.email, "email"),
            soci::use(p.website, "website"), soci::use(updated_at, "updated_at");
    });
}

}  // namespace mocua::persistence
