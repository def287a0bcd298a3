#pragma once
// What the public lookup shows of an applicant without sign-in (issue 8): a masked name, never an
// address, ID number, phone or document (ux-security-reference.md, "privacy of public lookups").
//
// Thread-safety: pure functions.
#include <string>
#include <string_view>

namespace mocua::domain::lookup {

// The name with every word but the first reduced to its first letter and "***":
//   "Nguyễn Văn An" → "Nguyễn V*** A***", "Đặng Thị Hường" → "Đặng T*** H***".
// The family name (the first word) stays, as a counter officer would say it aloud; the given names
// keep only their initial. The stars are always three, so the mask does not tell how long a name is.
// A one-word name keeps only its initial ("Ánh" → "Á***"): keeping the word would show it all.
// Input is cleaned first (NFC, white space collapsed, invisible characters dropped), so decomposed
// input masks the same as precomposed, and a letter with its tone mark counts as one letter. Empty
// (or blank) input gives "".
std::string MaskName(std::string_view name);

// The last four digits of a phone number (digits only, any punctuation ignored); "" when it has fewer.
std::string LastFourDigits(std::string_view phone);

}  // namespace mocua::domain::lookup
