#include "core/text/text.hpp"

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uversion.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <utility>

namespace mocua::core::text {
namespace {

constexpr UChar32 kSmallDStroke = 0x0111;    // đ
constexpr UChar32 kCapitalDStroke = 0x0110;  // Đ

[[noreturn]] void ThrowIcu(const char* what, UErrorCode status) {
    throw std::runtime_error(std::string("ICU: ") + what + ": " + u_errorName(status));
}

// UTF-8 to ICU's UTF-16. UnicodeString::fromUTF8 substitutes U+FFFD for each ill-formed sequence,
// which is the documented policy of this module.
icu::UnicodeString FromUtf8(std::string_view utf8) {
    if (utf8.size() > static_cast<std::size_t>(INT32_MAX)) {
        throw std::length_error("text: input longer than 2 GiB");
    }
    return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
}

std::string ToUtf8(const icu::UnicodeString& s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

bool IsAscii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Normalizer2 instances are owned by ICU, immutable and documented as thread-safe.
const icu::Normalizer2& Nfc() {
    static const icu::Normalizer2* const instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
        if (U_FAILURE(status)) ThrowIcu("NFC normalizer", status);
        return n;
    }();
    return *instance;
}

const icu::Normalizer2& Nfd() {
    static const icu::Normalizer2* const instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(status);
        if (U_FAILURE(status)) ThrowIcu("NFD normalizer", status);
        return n;
    }();
    return *instance;
}

icu::UnicodeString Normalize(const icu::Normalizer2& n, const icu::UnicodeString& s) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString out = n.normalize(s, status);
    if (U_FAILURE(status)) ThrowIcu("normalize", status);
    return out;
}

// Characters that are invisible yet can hide, join or reorder text: a name that looks like
// "Nguyễn" but holds a zero-width space or a right-to-left override would defeat both search and
// the officer reading it. ZWJ/ZWNJ are kept because emoji sequences and some scripts need them.
bool IsInvisibleFormat(UChar32 c) {
    switch (c) {
        case 0x00AD:  // soft hyphen
        case 0x061C:  // Arabic letter mark (a bidi control)
        case 0x200B:  // zero-width space
        case 0x200E:  // left-to-right mark
        case 0x200F:  // right-to-left mark
        case 0x2060:  // word joiner
        case 0xFEFF:  // byte order mark / zero-width no-break space
            return true;
        default:
            return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);  // bidi embeddings
    }
}

bool IsRemovable(UChar32 c) { return u_charType(c) == U_CONTROL_CHAR || IsInvisibleFormat(c); }

bool IsLineBreak(UChar32 c) { return c == '\n' || c == '\r' || c == 0x0085 || c == 0x2028 || c == 0x2029; }

// The collator every thread clones. Built once; never modified afterwards.
std::unique_ptr<icu::Collator> MakePrototypeCollator() {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale("vi"), status));
    if (U_FAILURE(status) || !c) ThrowIcu("vi collator", status);
    // Without the "vi" tailoring ICU silently falls back to root order, which interleaves d and đ:
    // refuse to run rather than sort wrongly.
    if (status == U_USING_DEFAULT_WARNING) ThrowIcu("vi collation data missing", status);
    c->setAttribute(UCOL_NUMERIC_COLLATION, UCOL_ON, status);   // "Phường 2" before "Phường 10"
    c->setAttribute(UCOL_NORMALIZATION_MODE, UCOL_ON, status);  // NFD input sorts like NFC
    if (U_FAILURE(status)) ThrowIcu("collator attributes", status);
    return c;
}

const icu::Collator& PrototypeCollator() {
    static const std::unique_ptr<icu::Collator> prototype = MakePrototypeCollator();
    return *prototype;
}

// ICU documents clone-per-thread for collators, so each thread gets its own copy. The clone shares
// the immutable tailoring data with the prototype, so it is small and quick to make.
const icu::Collator& ThreadCollator() {
    thread_local const std::unique_ptr<icu::Collator> collator = [] {
        std::unique_ptr<icu::Collator> c(PrototypeCollator().clone());
        if (!c) throw std::runtime_error("ICU: collator clone failed");
        return c;
    }();
    return *collator;
}

std::string SortKeyOf(const icu::Collator& collator, const icu::UnicodeString& s) {
    // Vietnamese text needs about 3 key bytes per UTF-16 unit; one retry covers anything longer.
    const std::size_t guess = static_cast<std::size_t>(s.length()) * 3 + 16;
    std::string key(std::min<std::size_t>(guess, INT32_MAX), '\0');
    auto fill = [&] {
        return collator.getSortKey(s, reinterpret_cast<uint8_t*>(key.data()),
                                   static_cast<int32_t>(key.size()));
    };
    int32_t needed = fill();
    if (needed > static_cast<int32_t>(key.size())) {
        key.resize(static_cast<std::size_t>(needed));
        needed = fill();
    }
    if (needed <= 0) throw std::runtime_error("ICU: getSortKey failed");
    // ICU keys end with one zero byte (so C strcmp works); it carries no order information.
    key.resize(static_cast<std::size_t>(needed));
    if (!key.empty() && key.back() == '\0') key.pop_back();
    return key;
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char b = p[i];
        if (b < 0x80) {
            ++i;
            continue;
        }
        int extra;
        unsigned char lo = 0x80;  // bounds of the second byte, which exclude overlongs and surrogates
        unsigned char hi = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            extra = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            extra = 2;
            if (b == 0xE0) lo = 0xA0;  // overlong
            if (b == 0xED) hi = 0x9F;  // U+D800..U+DFFF
        } else if (b >= 0xF0 && b <= 0xF4) {
            extra = 3;
            if (b == 0xF0) lo = 0x90;  // overlong
            if (b == 0xF4) hi = 0x8F;  // above U+10FFFF
        } else {
            return false;  // continuation byte without a lead, C0/C1 overlong leads, F5..FF
        }
        if (n - i <= static_cast<std::size_t>(extra)) return false;
        if (p[i + 1] < lo || p[i + 1] > hi) return false;
        for (int k = 2; k <= extra; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) return false;
        }
        i += static_cast<std::size_t>(extra) + 1;
    }
    return true;
}

std::string ToNfc(std::string_view utf8) {
    if (IsAscii(utf8)) return std::string(utf8);  // ASCII is always NFC
    return ToUtf8(Normalize(Nfc(), FromUtf8(utf8)));
}

std::string CleanInput(std::string_view utf8, Lines lines) {
    const icu::UnicodeString in = FromUtf8(utf8);
    icu::UnicodeString out;
    bool at_line_start = true;   // leading spaces of a line are dropped
    bool pending_space = false;  // a space is written only when visible text follows it
    int pending_newlines = 0;    // newlines are written only when visible text follows them
    for (int32_t i = 0; i < in.length();) {
        const UChar32 c = in.char32At(i);
        i += U16_LENGTH(c);
        if (lines == Lines::kMulti && IsLineBreak(c)) {
            if (c == '\r' && i < in.length() && in.charAt(i) == u'\n') ++i;  // CR LF is one break
            pending_space = false;                                           // trailing spaces dropped
            at_line_start = true;
            if (!out.isEmpty()) ++pending_newlines;  // leading blank lines dropped
            continue;
        }
        if (u_isUWhiteSpace(c)) {
            pending_space = !at_line_start;
            continue;
        }
        if (IsRemovable(c)) continue;
        if (pending_newlines > 0) {
            out.append(u'\n');
            if (pending_newlines >= 2) out.append(u'\n');  // at most one blank line
            pending_newlines = 0;
        } else if (pending_space) {
            out.append(u' ');
        }
        pending_space = false;
        at_line_start = false;
        out.append(c);
    }
    // Normalise last: removing a control character can bring a base letter and a combining mark
    // together, which NFC must then compose.
    return ToUtf8(Normalize(Nfc(), out));
}

std::string FoldForSearch(std::string_view utf8) {
    if (IsAscii(utf8)) {
        // Same rules as below, for the common all-ASCII case (ids, ASCII-typed queries).
        std::string out;
        out.reserve(utf8.size());
        bool pending_space = false;
        for (char ch : utf8) {
            const auto b = static_cast<unsigned char>(ch);
            if (b == ' ' || (b >= 0x09 && b <= 0x0D)) {  // the ASCII White_Space characters
                pending_space = !out.empty();
                continue;
            }
            if (b < 0x20 || b == 0x7F) continue;  // other control characters
            if (pending_space) out.push_back(' ');
            pending_space = false;
            out.push_back(b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : ch);
        }
        return out;
    }

    icu::UnicodeString s = FromUtf8(utf8);
    s.foldCase(U_FOLD_CASE_DEFAULT);
    const icu::UnicodeString decomposed = Normalize(Nfd(), s);
    icu::UnicodeString out;
    bool pending_space = false;
    for (int32_t i = 0; i < decomposed.length();) {
        UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_isUWhiteSpace(c)) {
            pending_space = !out.isEmpty();
            continue;
        }
        if (u_charType(c) == U_NON_SPACING_MARK || IsRemovable(c)) continue;  // tones, breve, horn, ...
        if (c == kSmallDStroke || c == kCapitalDStroke) c = u'd';  // no decomposition, so no mark to drop
        if (pending_space) out.append(u' ');
        pending_space = false;
        out.append(c);
    }
    return ToUtf8(Normalize(Nfc(), out));
}

bool SearchMatches(std::string_view text, std::string_view query) {
    const std::string folded_query = FoldForSearch(query);
    if (folded_query.empty()) return true;
    return FoldForSearch(text).find(folded_query) != std::string::npos;
}

std::string ToUpperVietnamese(std::string_view utf8) {
    icu::UnicodeString s = FromUtf8(utf8);
    s.toUpper(icu::Locale("vi"));
    return ToNfc(ToUtf8(s));
}

int CompareVietnamese(std::string_view a, std::string_view b) {
    UErrorCode status = U_ZERO_ERROR;
    const UCollationResult r = ThreadCollator().compare(FromUtf8(a), FromUtf8(b), status);
    if (U_FAILURE(status)) ThrowIcu("compare", status);
    return r == UCOL_LESS ? -1 : (r == UCOL_GREATER ? 1 : 0);
}

void SortVietnamese(std::vector<std::string>& items) {
    // One key per item, then byte comparisons: n keys instead of n log n collator calls.
    const icu::Collator& collator = ThreadCollator();
    std::vector<std::pair<std::string, std::string>> keyed;
    keyed.reserve(items.size());
    for (std::string& item : items) {
        std::string key = SortKeyOf(collator, FromUtf8(item));
        keyed.emplace_back(std::move(key), std::move(item));
    }
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    for (std::size_t i = 0; i < items.size(); ++i) items[i] = std::move(keyed[i].second);
}

std::string SortKey(std::string_view utf8) { return SortKeyOf(ThreadCollator(), FromUtf8(utf8)); }

std::string SortKeyHex(std::string_view utf8) {
    static constexpr char kHex[] = "0123456789abcdef";
    const std::string key = SortKey(utf8);
    std::string hex;
    hex.reserve(key.size() * 2);
    for (char ch : key) {
        const auto b = static_cast<unsigned char>(ch);
        hex.push_back(kHex[b >> 4]);
        hex.push_back(kHex[b & 0x0F]);
    }
    return hex;
}

std::string CollationVersion() {
    UVersionInfo version;
    ThreadCollator().getVersion(version);
    char buffer[U_MAX_VERSION_STRING_LENGTH];
    u_versionToString(version, buffer);
    return buffer;
}

}  // namespace mocua::core::text
