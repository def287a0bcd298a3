#include "app/seed_demo.hpp"

#include "adapters/crypto/sodium.hpp"
#include "app/calendar_stack.hpp"
#include "app/seed_demo_dossier.hpp"
#include "core/ids.hpp"
#include "domain/catalog/catalog_service.hpp"
#include "domain/catalog/json_codec.hpp"
#include "domain/calendar/calendar_service.hpp"
#include "domain/identity/identity_service.hpp"
#include "domain/org/units.hpp"
#include "domain/site/site_profile.hpp"
#include "persistence/catalog_repository.hpp"
#include "persistence/dossier_repository.hpp"
#include "persistence/identity_repository.hpp"
#include "persistence/org_repository.hpp"
#include "persistence/site_profile_repository.hpp"

namespace mocua::app {

namespace {

using domain::org::UnitType;

struct DemoUnit {
    const char* code;
    const char* name_vi;
    const char* name_en;
    UnitType type;
    const char* parent;     // code of the parent in the same period, or nullptr
    const char* successor;  // code of the 2025 unit that takes over on 2025-07-01 (2022 units only)
};

constexpr const char* kEndOf2022Structure = "2025-06-30";
constexpr const char* kStartOf2025Structure = "2025-07-01";

// The 2022 structure of the plan (thị xã Quảng Trị, district tier), valid until 30/06/2025. Commune
// codes are the General Statistics Office's pre-2025 codes as we know them (19360, phường An Đôn, was
// reused for phường Quảng Trị); department codes are local, made for the demo.
constexpr DemoUnit k2022[] = {
    {"45", "Tỉnh Quảng Trị", "Quang Tri Province", UnitType::kProvince, nullptr, "tinh-quang-tri"},
    {"462", "Thị xã Quảng Trị", "Quang Tri Town", UnitType::kDistrict, "45", "19360"},
    {"19354", "Phường 1", "Ward 1", UnitType::kCommune, "462", "19360"},
    {"19357", "Phường 2", "Ward 2", UnitType::kCommune, "462", "19360"},
    {"19358", "Phường 3", "Ward 3", UnitType::kCommune, "462", "19360"},
    {"19360", "Phường An Đôn", "An Don Ward", UnitType::kCommune, "462", "19360"},
    {"19361", "Xã Hải Lệ", "Hai Le Commune", UnitType::kCommune, "462", "19360"},
    {"462-VP", "Văn phòng HĐND và UBND thị xã", "Office of the Town People's Council and People's Committee",
     UnitType::kDepartment, "462", "19360-VP"},
    {"462-TP", "Phòng Tư pháp", "Justice Office", UnitType::kDepartment, "462", "19360-VP"},
    {"462-TNMT", "Phòng Tài nguyên và Môi trường", "Natural Resources and Environment Office",
     UnitType::kDepartment, "462", "19360-KTHTDT"},
    {"462-QLDT", "Phòng Quản lý đô thị", "Urban Management Office", UnitType::kDepartment, "462",
     "19360-KTHTDT"},
    {"462-LDTBXH", "Phòng Lao động - Thương binh và Xã hội", "Labour, Invalids and Social Affairs Office",
     UnitType::kDepartment, "462", "19360-VHXH"},
    {"462-VHTT", "Phòng Văn hóa - Thông tin", "Culture and Information Office", UnitType::kDepartment, "462",
     "19360-VHXH"},
    {"462-KT", "Phòng Kinh tế", "Economy Office", UnitType::kDepartment, "462", "19360-KTHTDT"},
    {"462-TCKH", "Phòng Tài chính - Kế hoạch", "Finance and Planning Office", UnitType::kDepartment, "462",
     "19360-KTHTDT"},
    {"462-MC", "Bộ phận Tiếp nhận và Trả kết quả thị xã Quảng Trị", "Quang Tri Town One-Stop Section",
     UnitType::kOneStopCentre, "462", "19360-TTPVHCC"},
};

// The 2025 structure (two-tier local government), valid from 01/07/2025: phường Quảng Trị (official
// code 19360) under the merged tỉnh Quảng Trị, with the sections a ward's People's Committee has
// (Decree 150/2025: office, economy-infrastructure-urban, culture-social) and its public
// administrative service centre (the one-stop). The province has no official code in our source; its
// code is the local one `mocua units import` gives it.
constexpr DemoUnit k2025[] = {
    {"tinh-quang-tri", "Tỉnh Quảng Trị", "Quang Tri Province", UnitType::kProvince, nullptr, nullptr},
    {"19360", "Phường Quảng Trị", "Quang Tri Ward", UnitType::kCommune, "tinh-quang-tri", nullptr},
    {"19360-VP", "Văn phòng HĐND và UBND phường",
     "Office of the Ward People's Council and People's Committee", UnitType::kDepartment, "19360", nullptr},
    {"19360-KTHTDT", "Phòng Kinh tế, Hạ tầng và Đô thị", "Economy, Infrastructure and Urban Affairs Office",
     UnitType::kDepartment, "19360", nullptr},
    {"19360-VHXH", "Phòng Văn hóa - Xã hội", "Culture and Social Affairs Office", UnitType::kDepartment,
     "19360", nullptr},
    {"19360-TTPVHCC", "Trung tâm Phục vụ hành chính công phường Quảng Trị",
     "Quang Tri Ward Public Administrative Service Centre", UnitType::kOneStopCentre, "19360", nullptr},
};

struct DemoAccount {
    const char* role;
    domain::identity::AccountKind kind;
    const char* name;
    const char* unit;  // 2025 unit code where the role is granted
};

// One account per role. Staff act for the 2025 ward; the administrators for the province.
constexpr DemoAccount kAccounts[] = {
    {"citizen", domain::identity::AccountKind::kCitizen, "Nguyễn Văn An", "tinh-quang-tri"},
    {"business", domain::identity::AccountKind::kBusiness, "Công ty TNHH Mè xửng Thành Cổ", "tinh-quang-tri"},
    {"onestop_officer", domain::identity::AccountKind::kStaff, "Trần Thị Bình", "19360-TTPVHCC"},
    {"specialist", domain::identity::AccountKind::kStaff, "Lê Văn Cường", "19360-KTHTDT"},
    {"leader", domain::identity::AccountKind::kStaff, "Hoàng Văn Dũng", "19360"},
    {"clerk", domain::identity::AccountKind::kStaff, "Phạm Thị Hà", "19360-VP"},
    {"delegate", domain::identity::AccountKind::kStaff, "Võ Thị Hồng", "19360"},
    {"meeting_secretary", domain::identity::AccountKind::kStaff, "Đặng Thị Hường", "19360-VP"},
    {"ioc_viewer", domain::identity::AccountKind::kStaff, "Ngô Văn Khánh", "19360"},
    {"unit_admin", domain::identity::AccountKind::kStaff, "Bùi Văn Long", "19360"},
    {"system_admin", domain::identity::AccountKind::kStaff, "Đỗ Văn Minh", "tinh-quang-tri"},
    {"security_admin", domain::identity::AccountKind::kStaff, "Huỳnh Thị Nga", "tinh-quang-tri"},
};

std::string DemoEmail(std::string_view role) {
    std::string local(role);
    for (char& c : local)
        if (c == '_') c = '-';
    return local + "@phuongquangtri.example";
}

// Fixed and printed, so the demo can be followed from the README; long enough for the policy and in
// no list of common passwords. Never use them outside the demo.
std::string DemoPassword(std::string_view role) {
    const std::string email = DemoEmail(role);
    return "demo-" + email.substr(0, email.find('@')) + "-quangtri";
}

core::Result<void> SeedUnits(domain::org::OrgService& org, domain::org::UnitRepository& units,
                             const domain::audit::Actor& actor, SeedReport& report) {
    int created = 0;
    const auto ensure = [&](const DemoUnit& u, const char* day, bool old) -> core::Result<void> {
        if (units.FindByCode(u.code, day)) return {};
        std::optional<std::int64_t> parent;
        if (u.parent) {
            auto p = units.FindByCode(u.parent, day);
            if (!p) return core::Error::Internal(std::string("demo unit ") + u.parent + " is missing");
            parent = p->id;
        }
        domain::org::NewUnit n{u.code,
                               u.name_vi,
                               u.name_en,
                               u.type,
                               parent,
                               old ? std::nullopt : std::optional<std::string>(day),
                               old ? std::optional<std::string>(day) : std::nullopt};
        auto made = org.Create(n, actor);
        if (!made.ok()) return made.error();
        ++created;
        return {};
    };
    for (const auto& u : k2022)
        if (auto ok = ensure(u, kEndOf2022Structure, true); !ok.ok()) return ok;
    for (const auto& u : k2025)
        if (auto ok = ensure(u, kStartOf2025Structure, false); !ok.ok()) return ok;
    for (const auto& u : k2022) {
        auto from = units.FindByCode(u.code, kEndOf2022Structure);
        auto to = units.FindByCode(u.successor, kStartOf2025Structure);
        if (!from || !to)
            return core::Error::Internal(std::string("demo succession of ") + u.code + " is missing");
        if (auto ok = org.RecordSuccession(from->id, to->id, kStartOf2025Structure, actor); !ok.ok())
            return ok;
    }
    report.done.push_back(created == 0
                              ? "organisation units: already present"
                              : "organisation units: " + std::to_string(created) +
                                    " created (thị xã Quảng Trị until 30/06/2025, phường Quảng Trị 19360 "
                                    "from 01/07/2025, with successions)");
    return {};
}

core::Result<void> SeedAccounts(domain::identity::AccountService& accounts,
                                domain::org::UnitRepository& units, const domain::audit::Actor& actor,
                                SeedReport& report) {
    int created = 0;
    for (const auto& a : kAccounts) {
        const std::string email = DemoEmail(a.role);
        const std::string password = DemoPassword(a.role);
        std::int64_t id = 0;
        if (auto existing = accounts.FindByEmail(email); existing.ok()) {
            id = existing->id;
        } else {
            domain::identity::Profile p;
            p.kind = a.kind;
            p.email = email;
            p.display_name = a.name;
            if (a.kind == domain::identity::AccountKind::kCitizen) p.cccd = "045095000123";
            if (a.kind == domain::identity::AccountKind::kBusiness) p.tax_code = "3201234564";
            auto made = accounts.Create(p, password, actor);
            if (!made.ok())
                return core::Error::Internal("demo account " + email + ": " + made.error().message);
            id = made->account.id;
            ++created;
        }
        auto unit = units.FindByCode(a.unit, kStartOf2025Structure);
        if (!unit) return core::Error::Internal(std::string("demo unit ") + a.unit + " is missing");
        if (auto ok = accounts.GrantRole(id, a.role, unit->id, actor); !ok.ok()) {
            return core::Error::Internal("demo role " + std::string(a.role) + ": " + ok.error().message);
        }
        report.logins.push_back({a.role, email, password});
    }
    report.done.push_back(created == 0
                              ? "demo accounts: already present"
                              : "demo accounts: " + std::to_string(created) + " created, one per role");
    return {};
}

// The identity part of the demo: units of both periods, successions, and one account per role.
core::Result<void> SeedIdentity(db::Database& database, const core::Clock& clock, SeedReport& report) {
    // Seeding seals no secret (no TOTP enrolment), so the sealing key is never used here; the server
    // uses the one in the data directory.
    adapters::SodiumCrypto crypto(std::string(32, '\0'));
    adapters::SodiumPasswordHasher hasher;
    adapters::QrEncodeRenderer qr;
    domain::identity::PasswordPolicy policy;
    persistence::SqlUnitRepository units(database, crypto, clock);
    persistence::SqlIdentityRepository identity(database, crypto, clock);
    domain::org::OrgService org(units);
    domain::identity::AccountService accounts(identity, units, hasher, crypto, policy, qr, clock);
    const auto actor = domain::audit::Actor::CommandLine("seed-demo-" + core::NewRequestId());
    if (auto ok = SeedUnits(org, units, actor, report); !ok.ok()) return ok;
    return SeedAccounts(accounts, units, actor, report);
}

// The demo catalogue. Its forms carry no files here (only the JSON is compiled in): each is served as
// the printable blank form the format describes until an editor uploads the file.
core::Result<void> SeedCatalogue(db::Database& database, const core::Clock& clock, SeedReport& report) {
    adapters::SodiumCrypto hasher(std::string(32, '\0'));  // only its SHA-256 is used
    persistence::SqlCatalogRepository repository(database, hasher, clock);
    domain::catalog::CatalogService catalog(repository, hasher, clock);
    auto parsed = domain::catalog::ParseCatalogueJson(DemoCatalogueJson(), "data/catalogue/demo.json");
    if (!parsed.problems.empty())
        return core::Error::Internal("the demo catalogue does not read: " +
                                     Describe(parsed.problems.front()));
    for (auto& form : parsed.catalogue.forms) form.file.clear();
    const auto actor = domain::audit::Actor::CommandLine("seed-demo-" + core::NewRequestId());
    auto imported = catalog.Import(parsed.catalogue, parsed.sources, actor);
    if (!imported.ok()) return imported.error();
    if (!imported->problems.empty())
        return core::Error::Internal("the demo catalogue is invalid: " +
                                     Describe(imported->problems.front()));
    const auto& s = imported->summary;
    report.done.push_back(!s.changed()
                              ? "procedure catalogue: already present"
                              : "procedure catalogue: " + std::to_string(parsed.catalogue.procedures.size()) +
                                    " procedures (" + std::to_string(s.versions_created) +
                                    " versions created), " + std::to_string(parsed.catalogue.fields.size()) +
                                    " fields, " + std::to_string(parsed.catalogue.forms.size()) + " forms");
    return {};
}

// The Government's holiday decisions built into this version (data/calendar/vn-holidays.json): real
// data, the same an installation loads with `mocua calendar import --bundled`.
core::Result<void> SeedCalendar(db::Database& database, const core::Clock& clock, SeedReport& report) {
    adapters::SodiumCrypto hasher(std::string(32, '\0'));  // SHA-256 only; the key is not used
    persistence::SqlUnitRepository units(database, hasher, clock);
    CalendarStack calendar(database, clock, units, hasher);
    const auto parsed = domain::calendar::ParseCalendarFile(BundledCalendarData());
    if (!parsed.problems.empty())
        return core::Error::Internal("the built-in calendar data has problems: " +
                                     parsed.problems.front().message);
    const auto actor = domain::audit::Actor::CommandLine("seed-demo-" + core::NewRequestId());
    auto summary = calendar.service().Import(parsed, actor);
    if (!summary.ok()) return summary.error();
    const int created = summary->overrides_created + summary->overrides_updated;
    report.done.push_back(created == 0 ? "holiday decisions: already present"
                                       : "holiday decisions: " + std::to_string(created) +
                                             " days of the 2025 and 2026 announcements");
    return {};
}

// The dossier code pattern of the ward's one-stop centre, as data (Circular 01/2018 Art. 19 shape:
// the receiving agency's QCVN 102:2016 identifier, then YYMMDD and a 4-digit daily ordinal). The
// identifier "000.00.19.H48" is illustrative: the province assigns the real one.
core::Result<void> SeedCodePattern(db::Database& database, const core::Clock& clock, SeedReport& report) {
    adapters::SodiumCrypto hasher(std::string(32, '\0'));  // SHA-256 only
    persistence::SqlUnitRepository units(database, hasher, clock);
    persistence::SqlDossierRepository dossiers(database, hasher, clock, nullptr);
    const auto centre = units.FindByCode("19360-TTPVHCC", kDemoCodePatternFrom);
    if (!centre) return core::Error::Internal("the demo one-stop centre is missing");
    if (!dossiers.CodePatterns(centre->id).empty()) {
        report.done.push_back("dossier code pattern: already present");
        return {};
    }
    const auto actor = domain::audit::Actor::CommandLine("seed-demo-" + core::NewRequestId());
    dossiers.PutCodePattern(centre->id, kDemoCodePatternFrom, kDemoCodePattern,
                            {actor, "dossier.code_pattern.set", "unit", std::to_string(centre->id),
                             std::string("from=") + kDemoCodePatternFrom});
    report.done.push_back(std::string("dossier code pattern of the one-stop centre: ") + kDemoCodePattern);
    return {};
}

}  // namespace

core::Result<SeedReport> SeedDemo(db::Database& database, const core::Clock& clock, const config::Config* config) {
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
    const bool same = existing && existing->name_vi == profile.name_vi &&
                      existing->name_en == profile.name_en && existing->address_vi == profile.address_vi &&
                      existing->address_en == profile.address_en && existing->phone == profile.phone &&
                      existing->email == profile.email && existing->website == profile.website;
    if (same) {
        report.done.push_back("site profile: already present");
    } else {
        auto saved = site.Update(profile);
        if (!saved.ok()) return saved.error();
        report.done.push_back("site profile: " + profile.name_vi);
    }
    if (auto identity = SeedIdentity(database, clock, report); !identity.ok()) return identity.error();
    if (auto catalogue = SeedCatalogue(database, clock, report); !catalogue.ok()) return catalogue.error();
    if (auto calendar = SeedCalendar(database, clock, report); !calendar.ok()) return calendar.error();
    if (auto pattern = SeedCodePattern(database, clock, report); !pattern.ok()) return pattern.error();
    if (config) {
        auto walked = SeedDemoDossier(*config, database, report, DemoEmail("onestop_officer"), DemoEmail("specialist"),
                                      DemoEmail("leader"));
        if (!walked.ok()) return walked.error();
    }
    return report;
}

}  // namespace mocua::app
