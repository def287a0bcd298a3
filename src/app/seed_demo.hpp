#pragma once
// `mocua seed-demo`: fills an empty installation with the demo town, phường Quảng Trị (tỉnh Quảng
// Trị, official commune code 19360 since 1 July 2025), its 2022 structure (thị xã Quảng Trị, until
// 30 June 2025) with the successions between the two, one demo account per role, the demo procedure
// catalogue (data/catalogue/demo.json) and the Government's holiday decisions built into this
// version (data/calendar/vn-holidays.json), both compiled in. Idempotent:
// running it twice changes nothing the second time.
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace mocua::db {
class Database;
}

namespace mocua::config {
struct Config;
}

namespace mocua::app {

struct DemoLogin {
    std::string role;
    std::string username;
    std::string password;
};

struct SeedReport {
    std::vector<std::string> done;  // one line per item seeded, for the CLI
    std::vector<DemoLogin> logins;  // one demo account per role, with its (demo-only) password
};

// With `config`, also the processed demo dossier (seed_demo_dossier.hpp), which needs the data directory
// and, for its result file, the virus scanner.
core::Result<SeedReport> SeedDemo(db::Database& database, const core::Clock& clock,
                                  const config::Config* config = nullptr);

// The demo one-stop centre's dossier code pattern and its first day.
inline constexpr const char* kDemoCodePattern = "000.00.19.H48-{YYMMDD}-{NNNN}";
inline constexpr const char* kDemoCodePatternFrom = "2025-07-01";

// The demo procedure catalogue (data/catalogue/demo.json, "mocua-catalogue/1"), compiled in.
const char* DemoCatalogueJson();

}  // namespace mocua::app
