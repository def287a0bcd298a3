#pragma once
// The configuration for an App started inside a test: the test's database, a private data folder,
// an empty static folder, a free port, no job workers and no access log. Tests change what they
// exercise on the returned value.
#include <cstdlib>
#include <filesystem>

#include "config/config.hpp"
#include "support/test_database.hpp"

namespace mocua::testing {

inline config::Config InProcessAppConfig(const TestDatabase& database) {
    config::Config c;
    c.storage.data_dir = database.dir() + "/data";
    c.database.url = database.url();
    c.database.pool_size = 4;
    c.server.listen = "127.0.0.1:0";
    c.server.static_dir = database.dir() + "/static";
    std::filesystem::create_directories(c.server.static_dir);
    c.jobs.enabled = false;
    c.log.access_log = false;
    // Tests send requests faster than any person from one address and one account; the request
    // limits themselves are tested by limits_test, which sets its own allowances.
    c.limits.address_read_burst = 1'000'000;
    c.limits.address_write_burst = 1'000'000;
    c.limits.account_read_burst = 1'000'000;
    c.limits.account_write_burst = 1'000'000;
    // Uploads are scanned by the private clamd of `make test` (tools/clamd.sh) when it runs; without
    // it the default socket is absent and uploads are refused (fail closed).
    if (const char* socket = std::getenv("MOCUA_TEST_CLAMD_SOCKET"); socket && *socket) c.scanner.socket = socket;
    return c;
}

}  // namespace mocua::testing
