#pragma once
// The composition root (STYLE.md habit 1): builds configuration, logging, the database, repositories,
// services, routes and the server, in order, and stops them in reverse. Nothing else constructs
// services; everything else receives them.
#include <cstdint>
#include <memory>

#include "config/config.hpp"
#include "core/result.hpp"

namespace mocua::db {
class Database;
}
namespace mocua::http {
class Router;
}
namespace mocua::core {
class Clock;
}

namespace mocua::app {

class App {
public:
    // `clock` must outlive the App; null uses the system clock.
    explicit App(config::Config config, const core::Clock* clock = nullptr);
    ~App();  // Stop()s
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Creates the data directory, opens the database and, when auto_migrate is on (or `migrate`),
    // applies pending migrations. Enough for CLI commands that only need the database.
    core::Result<void> Open(bool migrate);

    // Open()s if needed, then builds the services and routes and starts the worker pool, the job
    // workers and the HTTP server. Errors name what failed (port taken, database unreachable …).
    core::Result<void> Start();

    // Graceful stop, in reverse order: server (finishing in-flight requests), jobs, workers, database.
    void Stop();

    std::uint16_t port() const;  // after Start()
    const config::Config& config() const;
    db::Database& database();            // after Open()
    const http::Router& router() const;  // after Start()

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Every route of the product, in one visible place (app/routes.cpp).
struct Services;
void RegisterAllRoutes(http::Router& router, const Services& services);

}  // namespace mocua::app
