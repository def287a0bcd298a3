// libFuzzer target: the working-day calendar import (domain/calendar/import.hpp), JSON or CSV as an
// administrator uploads it. No input may crash the reader; every problem carries a message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/calendar/import.hpp"

namespace calendar = mocua::domain::calendar;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = calendar::ParseCalendarFile(text);
    for (const auto& problem : parsed.problems)
        if (problem.message.empty() || problem.line < 0) std::abort();
    for (auto& row : parsed.overrides) (void)calendar::CheckOverride(row.value);
    return 0;
}
