#include "persistence/site_profile_repository.hpp"

#include <soci/soci.h>

#include "db/database.hpp"

namespace mocua::persistence {

using domain::site::SiteProfile;

std::optional<SiteProfile> SqlSiteProfileRepository::Get() {
    // Read on every page (header and footer): a cached prepared statement.
    db::Connection c = db_.Acquire();
    auto st = c.Prepared(
        "SELECT name_vi, name_en, address_vi, address_en, phone, email, website, updated_at "
        "FROM site_profile WHERE id = 1");
    SiteProfile p;
    std::string updated_at;
    st->exchange(soci::into(p.name_vi));
    st->exchange(soci::into(p.name_en));
    st->exchange(soci::into(p.address_vi));
    st->exchange(soci::into(p.address_en));
    st->exchange(soci::into(p.phone));
    st->exchange(soci::into(p.email));
    st->exchange(soci::into(p.website));
    st->exchange(soci::into(updated_at));
    st->define_and_bind();
    if (!st->execute(true)) return std::nullopt;
    p.updated_at = core::ParseUtc(updated_at).value_or(core::TimePoint{});
    return p;
}

void SqlSiteProfileRepository::Save(const SiteProfile& p) {
    const std::string updated_at = core::FormatUtc(p.updated_at);
    db_.InTransaction([&](soci::session& sql) {
        // INSERT … ON CONFLICT works the same on SQLite (3.24+) and PostgreSQL.
        sql << "INSERT INTO site_profile (id, name_vi, name_en, address_vi, address_en, phone, email, "
               "website, "
               "updated_at) VALUES (1, :name_vi, :name_en, :address_vi, :address_en, :phone, :email, "
               ":website, "
               ":updated_at) ON CONFLICT (id) DO UPDATE SET name_vi = excluded.name_vi, name_en = "
               "excluded.name_en, "
               "address_vi = excluded.address_vi, address_en = excluded.address_en, phone = excluded.phone, "
               "email = excluded.email, website = excluded.website, updated_at = excluded.updated_at",
            soci::use(p.name_vi, "name_vi"), soci::use(p.name_en, "name_en"),
            soci::use(p.address_vi, "address_vi"), soci::use(p.address_en, "address_en"),
            soci::use(p.phone, "phone"), soci::use(p.email, "email"), soci::use(p.website, "website"),
            soci::use(updated_at, "updated_at");
    });
}

}  // namespace mocua::persistence
