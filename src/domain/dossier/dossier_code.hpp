#pragma once
// Dossier codes (mã số hồ sơ). Decree 61/2018 Art. 26 and Circular 01/2018/TT-VPCP Art. 19 (kept in
// substance by Decree 118/2025 and Circular 03/2025/TT-VPCP, whose new format we could not read): the
// code is issued by the system and is the receiving agency's identity code (QCVN 102:2016/BTTTT), the
// receipt date YYMMDD and a 4-digit daily ordinal, e.g. "000.00.12.H48-261127-0001".
//
// The pattern is data per receiving unit (table dossier_code_formats), written with placeholders:
//   {unit}   the receiving unit's code           {YYYY} {YY} {MM} {DD}   the receipt date (Vietnam)
//   {N…}     the daily ordinal, zero-padded to as many digits as there are N's (1–9): {NNNN} → 0001
// Anything else is copied as it is. A pattern must contain exactly one {N…} and the whole date (a year,
// the month and the day: the ordinal restarts daily); the default is kDefaultCodePattern.
//
// Thread-safety: pure functions.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace mocua::domain::dossier {

inline constexpr std::string_view kDefaultCodePattern = "{unit}-{YY}{MM}{DD}-{NNNN}";

// Error InvalidArgument "dossier.code_pattern" (the message names the problem after ": ") when the
// pattern has an unknown placeholder, no ordinal or more than one, not the whole date, or characters outside
// printable ASCII (codes are printed, typed at kiosks and put in URLs).
core::Result<void> ValidateCodePattern(std::string_view pattern);

// The code for `sequence` (≥ 1) received on `date` ("YYYY-MM-DD") at the unit `unit_code`.
// Error "dossier.code_pattern" for a bad pattern, "dossier.code_overflow" when the ordinal has more
// digits than the pattern allows (10 000 dossiers a day at one unit with {NNNN}).
core::Result<std::string> FormatDossierCode(std::string_view pattern, std::string_view unit_code,
                                            std::string_view date, std::int64_t sequence);

// True when `code` could be a dossier code of any pattern: 5–64 characters of letters, digits and
// . - _ / (the characters the lookup accepts; anything else is not worth a database query).
bool LooksLikeDossierCode(std::string_view code);

}  // namespace mocua::domain::dossier
