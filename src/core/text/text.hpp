#pragma once
// Vietnamese text handling: Unicode normalisation, form-field cleaning, search folding and collation.
// All strings are UTF-8. ICU does the work, but no ICU type appears here, so including this header
// costs nothing.
//
// Rules (docs/architecture.md, "Vietnamese text"):
//   * Store NFC. Run form input through CleanInput (or ToNfc) at the boundary.
//   * Search on a folded shadow column (FoldForSearch), never on raw text: "dang" must find "Đặng".
//   * Sort lists shown to Vietnamese users with CompareVietnamese / SortVietnamese / SortKey.
//
// Invalid UTF-8: every function here is total. Each ill-formed byte sequence becomes U+FFFD (the
// replacement character) and processing continues, so no input can make these functions fail or
// crash. Boundaries that must reject bad bytes instead (the HTTP edge should answer 400) call
// IsValidUtf8 first.
//
// Thread-safety: every function may be called concurrently from any thread without external locking.
// Normalisation and folding use ICU's immutable, process-wide Normalizer2 instances. Collation uses
// one collator per thread, cloned from one shared prototype (ICU collators are not documented as safe
// to share), so the first collation call on a thread pays a small clone cost.
//
// Errors: the functions throw std::runtime_error only when ICU cannot load its data (a broken
// installation, which the caller cannot handle), and std::length_error for input over 2 GiB (ICU's
// limit; HTTP body limits keep real input far below it).
#include <string>
#include <string_view>
#include <vector>

namespace mocua::core::text {

// True when `bytes` is well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates (U+D800..DFFF),
// nothing above U+10FFFF, no truncated sequences. The empty string is valid. NUL is valid.
bool IsValidUtf8(std::string_view bytes);

// Unicode Normalization Form C (canonical composition). Decomposed input ("Unicode tổ hợp" keyboards,
// macOS file names) becomes the precomposed form, so "Hường" typed either way is byte-identical
// afterwards. Invalid UTF-8 becomes U+FFFD. Nothing else changes: no trimming, no case change.
std::string ToNfc(std::string_view utf8);

// Whether a form field may hold several lines (a textarea) or only one (an input).
enum class Lines { kSingle, kMulti };

// Cleans a form field for storage:
//   * invalid UTF-8 becomes U+FFFD;
//   * control characters (Unicode category Cc) and invisible formatting characters that can hide
//     or reorder text (U+00AD soft hyphen, U+200B zero-width space, U+2060 word joiner, U+FEFF BOM,
//     U+200E/U+200F and U+202A..U+202E / U+2066..U+2069 bidirectional controls) are removed.
//     ZWJ/ZWNJ (U+200C/U+200D) are kept because emoji and some scripts need them;
//   * every Unicode white-space character (tab, NBSP, ideographic space, ...) counts as a space;
//     runs of spaces become one ASCII space and leading/trailing spaces are removed;
//   * Lines::kSingle: line breaks are white space like any other, so the result is one line.
//     Lines::kMulti: CR LF, CR, NEL, U+2028 and U+2029 become "\n"; each line is cleaned as above;
//     leading and trailing blank lines are removed and more than one blank line in a row becomes one;
//   * the result is NFC.
std::string CleanInput(std::string_view utf8, Lines lines = Lines::kSingle);

// A key for accent- and case-insensitive search:
//   * Unicode case folding (for Vietnamese the same as lower-casing);
//   * tones and other diacritics removed (canonical decomposition, then every non-spacing mark is
//     dropped), so ă â → a, ê → e, ô ơ → o, ư → u;
//   * đ and Đ → d. U+0111 has no decomposition, so this needs its own rule;
//   * control characters removed, white space collapsed to one ASCII space, ends trimmed;
//   * result recomposed to NFC (matters only for other scripts, e.g. Hangul).
// Digits and punctuation are kept. Examples: "Đặng Thị Hường" → "dang thi huong", "NGUYỄN" →
// "nguyen", "Phường 5, Quảng Trị" → "phuong 5, quang tri". NFC and NFD input give the same key.
// Store the key in a `*_fold` column and fold queries the same way. Stable across ICU versions for
// Vietnamese text (it depends only on Unicode decompositions), so stored keys need no rebuild.
std::string FoldForSearch(std::string_view utf8);

// Upper case by Vietnamese rules, in NFC ("Ủy ban nhân dân phường Quảng Trị" → "ỦY BAN NHÂN DÂN PHƯỜNG
// QUẢNG TRỊ"), for the capitalised headers of administrative forms.
std::string ToUpperVietnamese(std::string_view utf8);

// True when the folded `query` occurs inside the folded `text` (substring match). An empty or
// blank query matches everything. For filtering short in-memory lists; databases should compare
// stored FoldForSearch keys instead.
bool SearchMatches(std::string_view text, std::string_view query);

// Compares by the Vietnamese alphabet (ICU/CLDR collation for locale "vi"): a < ă < â < b < c < d <
// đ < e < ê < g ... o < ô < ơ ... u < ư ... y. Tones are secondary differences, ordered none <
// huyền < hỏi < ngã < sắc < nặng, so they only decide between otherwise-equal strings ("Manh" <
// "Mạnh" < "Mao"). Case is a tertiary difference (lower case first). Digit runs compare by numeric
// value ("Phường 2" < "Phường 10"). NFC and NFD forms of a string compare equal.
// Returns a negative number, zero or a positive number as `a` sorts before, with or after `b`.
int CompareVietnamese(std::string_view a, std::string_view b);

// Sorts `items` in place by CompareVietnamese. Stable: items that compare equal keep their order.
void SortVietnamese(std::vector<std::string>& items);

// The ICU collation key of `utf8` under the same rules as CompareVietnamese, as raw bytes: for all
// a, b the sign of SortKey(a).compare(SortKey(b)) equals the sign of CompareVietnamese(a, b)
// (byte-wise, unsigned comparison, which is what std::string uses). The bytes never contain 0x00
// (ICU's terminating zero is not included). Store it as a BLOB (SQLite) / bytea (PostgreSQL) and
// ORDER BY it: both compare BLOBs byte-wise.
std::string SortKey(std::string_view utf8);

// SortKey as lower-case hexadecimal text (two characters per byte). Its byte order equals SortKey's
// order, so it sorts correctly in TEXT columns compared byte-wise: SQLite's default BINARY
// collation, or PostgreSQL with COLLATE "C". Use it where a BLOB is awkward.
std::string SortKeyHex(std::string_view utf8);

// The version of the collation rules behind SortKey, e.g. "153.112.40.0" (ICU's collator version).
// Keys made under different versions must not be compared: store this next to persisted keys and
// rebuild them when it changes (after an ICU upgrade).
std::string CollationVersion();

}  // namespace mocua::core::text
