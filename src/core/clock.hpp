#pragma once
// Time. Code that reads the time takes a Clock& so tests can inject it (STYLE.md habit 7).
// Stored times are UTC text with a fixed width, "2025-07-01T08:30:00.000Z", so they sort and
// compare the same way in SQLite and PostgreSQL (docs/adr/0003-time-encoding.md).
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace mocua::core {

using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint Now() const override;
};

// A clock that moves only when told to. Thread-safe.
class ManualClock final : public Clock {
public:
    explicit ManualClock(TimePoint start) : now_(start.time_since_epoch().count()) {}
    TimePoint Now() const override { return TimePoint(std::chrono::milliseconds(now_.load())); }
    void Advance(std::chrono::milliseconds d) { now_ += d.count(); }
    void Set(TimePoint t) { now_ = t.time_since_epoch().count(); }

private:
    std::atomic<long long> now_;
};

// "YYYY-MM-DDTHH:MM:SS.mmmZ" (24 characters, UTC).
std::string FormatUtc(TimePoint t);
// Parses FormatUtc's output; also accepts no fraction and no 'Z'. nullopt when malformed.
std::optional<TimePoint> ParseUtc(std::string_view text);

}  // namespace mocua::core
