#include "log/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace mocua::log {

void Init(const std::string& level) {
    spdlog::set_level(spdlog::level::from_str(level));
    // UTC ISO-8601 time, level, module, message: one line an IT officer can grep.
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l [%n] %v", spdlog::pattern_time_type::utc);
}

std::shared_ptr<spdlog::logger> Get(std::string_view module) {
    const std::string name(module);
    if (auto existing = spdlog::get(name)) return existing;
    try {
        return spdlog::stderr_logger_mt(name);
    } catch (const spdlog::spdlog_ex&) {
        // Another thread registered it between the two calls.
        return spdlog::get(name);
    }
}

}  // namespace mocua::log
