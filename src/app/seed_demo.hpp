#pragma once
// `mocua seed-demo`: fills an empty installation with the demo town, phường Quảng Trị (tỉnh Quảng
// Trị, official commune code 19360 since 1 July 2025). Idempotent: running it twice changes nothing
// the second time.
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace mocua::db {
class Database;
}

namespace mocua::app {

struct DemoLogin {
    std::string role;
    std::string username;
    std::string password;
};

struct SeedReport {
    std::vector<std::string> done;   // one line per item seeded, for the CLI
    std::vector<DemoLogin> logins;   // accounts to print (none until the identity module lands)
};

core::Result<SeedReport> SeedDemo(db::Database& database, const core::Clock& clock);

}  // namespace mocua::app
