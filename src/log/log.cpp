#include "log/log.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <mutex>

namespace mocua::log {

namespace {

// Writes to a private, fully buffered copy of standard error: one write(2) per 64 KiB instead of one
// per line. Used for the access log, which writes a line per request; flushed every second, on
// warnings, and at shutdown.
class BufferedStderrSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    BufferedStderrSink() : file_(::fdopen(::dup(STDERR_FILENO), "w")) {
        if (file_) std::setvbuf(file_, nullptr, _IOFBF, 64 * 1024);
    }
    ~BufferedStderrSink() override {
        if (file_) std::fclose(file_);
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        if (!file_) return;
        spdlog::memory_buf_t formatted;
        formatter_->format(msg, formatted);
        std::fwrite(formatted.data(), 1, formatted.size(), file_);
    }
    void flush_() override {
        if (file_) std::fflush(file_);
    }

private:
    std::FILE* file_;
};

}  // namespace

void Init(const std::string& level) {
    spdlog::set_level(spdlog::level::from_str(level));
    // UTC ISO-8601 time, level, module, message: one line an IT officer can grep.
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l [%n] %v", spdlog::pattern_time_type::utc);
    // The access log writes one line per request into a buffer flushed every second (see
    // BufferedStderrSink); other loggers write each line at once.
    if (!spdlog::get("access")) {
        auto access = std::make_shared<spdlog::logger>("access", std::make_shared<BufferedStderrSink>());
        access->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l [%n] %v", spdlog::pattern_time_type::utc);
        access->set_level(spdlog::level::from_str(level));
        access->flush_on(spdlog::level::warn);
        spdlog::register_logger(access);
        spdlog::flush_every(std::chrono::seconds(1));
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
