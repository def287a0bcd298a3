// libFuzzer target: dossier-code patterns and codes (domain/dossier/dossier_code.hpp). Unit staff type
// the pattern; the lookup page takes a code from anyone. The input is "pattern\nunit\ncode" plus a
// sequence number taken from the last bytes. Checks: a pattern ValidateCodePattern accepts formats
// every in-range sequence into printable ASCII that LooksLikeDossierCode recognises when it is 5–64
// characters of the allowed set, and distinct sequences give distinct codes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "domain/dossier/dossier_code.hpp"

namespace dossier = mocua::domain::dossier;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::int64_t sequence = 1;
    if (size >= 4) {
        std::uint32_t raw = 0;
        std::memcpy(&raw, data + size - 4, 4);
        sequence = static_cast<std::int64_t>(raw % 200000) - 10;  // also 0 and negatives
        size -= 4;
    }
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t first = input.find('\n');
    const std::string_view pattern = input.substr(0, first);
    std::string_view rest = first == std::string_view::npos ? std::string_view{} : input.substr(first + 1);
    const std::size_t second = rest.find('\n');
    const std::string_view unit = rest.substr(0, second);
    const std::string_view code =
        second == std::string_view::npos ? std::string_view{} : rest.substr(second + 1);

    (void)dossier::LooksLikeDossierCode(code);
    (void)dossier::LooksLikeDossierCode(input);

    const bool valid = dossier::ValidateCodePattern(pattern).ok();
    const auto formatted = dossier::FormatDossierCode(pattern, unit, "2026-11-27", sequence);
    if (!valid) {
        if (formatted.ok()) std::abort();  // a refused pattern never formats
        return 0;
    }
    if (!formatted.ok()) return 0;  // overflow, a bad sequence or unit: an error, not a crash
    if (sequence < 1) std::abort();
    const auto next = dossier::FormatDossierCode(pattern, unit, "2026-11-27", sequence + 1);
    if (next.ok() && *next == *formatted) std::abort();
    return 0;
}
