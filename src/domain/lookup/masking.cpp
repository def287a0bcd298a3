#include "domain/lookup/masking.hpp"

#include <vector>

#include "core/text/text.hpp"

namespace mocua::domain::lookup {

namespace {

// Length in bytes of the UTF-8 sequence that starts with `lead` (1 for a stray continuation byte,
// which CleanInput has already replaced anyway).
std::size_t SequenceLength(unsigned char lead) {
    if (lead >= 0xF0) return 4;
    if (lead >= 0xE0) return 3;
    if (lead >= 0xC0) return 2;
    return 1;
}

// The first letter of an NFC word, with any combining marks NFC could not compose into it (so a
// tone on a letter without a precomposed form stays with its letter).
std::string FirstLetter(std::string_view word) {
    std::size_t end = std::min(word.size(), SequenceLength(static_cast<unsigned char>(word[0])));
    // U+0300..U+036F (combining diacritical marks) are CC 80..CD AF in UTF-8.
    while (end + 1 < word.size()) {
        const auto b0 = static_cast<unsigned char>(word[end]);
        const auto b1 = static_cast<unsigned char>(word[end + 1]);
        const bool combining = (b0 == 0xCC && b1 >= 0x80) || (b0 == 0xCD && b1 <= 0xAF);
        if (!combining) break;
        end += 2;
    }
    return std::string(word.substr(0, end));
}

}  // namespace

std::string MaskName(std::string_view name) {
    const std::string clean = core::text::CleanInput(name);
    std::vector<std::string_view> words;
    std::string_view rest = clean;
    while (!rest.empty()) {
        const auto space = rest.find(' ');
        words.push_back(rest.substr(0, space));
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    if (words.empty()) return "";
    if (words.size() == 1) return FirstLetter(words[0]) + "***";
    std::string out(words[0]);
    for (std::size_t i = 1; i < words.size(); ++i) out += " " + FirstLetter(words[i]) + "***";
    return out;
}

std::string LastFourDigits(std::string_view phone) {
    std::string digits;
    for (char c : phone) {
        if (c >= '0' && c <= '9') digits += c;
    }
    return digits.size() < 4 ? std::string() : digits.substr(digits.size() - 4);
}

}  // namespace mocua::domain::lookup
