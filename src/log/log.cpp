#include "log/log.hpp"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace mocua::log {

void Init(const std::string& level) {
    spdlog::set_level(spdlog::level::from_str(level));
    // UTC ISO-8601 time, level, module, message: one line an IT officer can grep.
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l [%n] %v", spdlog::pattern_time_type::utc);
    // The access log writes one line per request: it goes through a queue and one background thread
    // so that I/O threads only format the line. When the queue is full they wait (no line is lost).
    if (!spdlog::get("access")) {
        spdlog::init_thread_pool(8192, 1);
        auto access = spdlog::create_async<spdlog::sinks::stderr_sink_mt>("access");
        access->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l [%n] %v", spdlog::pattern_time_type::utc);
        access->set_level(spdlog::level::from_str(level));
    }
}

void Shutdown() { spdlog::shutdown(); }

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
