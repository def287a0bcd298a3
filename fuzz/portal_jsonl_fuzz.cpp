// libFuzzer target: the national portal's JSON Lines (domain/portal/portal_format.hpp) that
// `mocua import dossiers` reads from another system. Every line goes through ParseLine; a line that
// parses must come back identical from its own ToJsonLine (the round trip the header promises, which
// export and sync rely on).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/portal/portal_format.hpp"

namespace portal = mocua::domain::portal;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    portal::ForEachLine(text, [](const portal::InputLine& line) {
        if (line.problem) return true;
        const auto result = portal::ParseLine(line.text, line.number);
        for (const auto& problem : result.problems) (void)portal::Describe(problem);
        if (!result.ok()) return true;
        const auto again = portal::ParseLine(portal::ToJsonLine(*result.dossier), line.number);
        if (!again.ok() || !(*again.dossier == *result.dossier)) std::abort();
        return true;
    });
    (void)portal::ParseTime(text);
    return 0;
}
