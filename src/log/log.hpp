#pragma once
// Logging for operators (STYLE.md habit 10): one named logger per module, English messages, ids not
// personal data. spdlog stays out of this header; include <spdlog/spdlog.h> where you log.
#include <memory>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
}

namespace mocua::log {

// Sets the level for every logger ("trace" … "off") and creates the "access" logger, whose lines
// are buffered and flushed every second (one line per request would otherwise cost a write each).
// Call once at start-up, before threads start. Without it (tests) every logger writes at once.
void Init(const std::string& level);

// Flushes every logger and stops the periodic flusher. Call at exit, after the server stopped.
void Shutdown();

// The logger named `module` ("http", "db", "jobs" …), created on first use. Thread-safe.
std::shared_ptr<spdlog::logger> Get(std::string_view module);

}  // namespace mocua::log
