// libFuzzer target: Vietnamese text handling (core/text): NFC, input cleaning, search folding, upper
// case, collation keys and the identifier validators, on arbitrary bytes. Beyond "no crash", it checks
// the properties the header promises and the rest of the code relies on:
//   * every output is valid UTF-8; ToNfc and CleanInput are idempotent;
//   * FoldForSearch is idempotent, and the NFC form folds the same as the original;
//   * a one-line cleaned value holds no control character; a key never holds 0x00;
//   * CompareVietnamese agrees in sign with the byte order of SortKey and is antisymmetric.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/text/text.hpp"
#include "core/text/validation.hpp"

namespace text = mocua::core::text;

namespace {

int Sign(int v) { return (v > 0) - (v < 0); }

void Require(bool ok) {
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    // Two strings for the comparisons: split at the first 0xFF byte (never in UTF-8).
    const std::size_t cut = input.find('\xff');
    const std::string_view a = input.substr(0, cut);
    const std::string_view b = cut == std::string_view::npos ? std::string_view{} : input.substr(cut + 1);

    const std::string nfc = text::ToNfc(input);
    Require(text::IsValidUtf8(nfc));
    Require(text::ToNfc(nfc) == nfc);

    const std::string single = text::CleanInput(input);
    Require(text::IsValidUtf8(single));
    Require(text::CleanInput(single) == single);
    for (unsigned char c : single) Require(c >= 0x20 && c != 0x7f);
    const std::string multi = text::CleanInput(input, text::Lines::kMulti);
    Require(text::IsValidUtf8(multi));
    Require(text::CleanInput(multi, text::Lines::kMulti) == multi);

    const std::string folded = text::FoldForSearch(input);
    Require(text::IsValidUtf8(folded));
    Require(text::FoldForSearch(folded) == folded);
    Require(text::FoldForSearch(nfc) == folded);
    Require(text::SearchMatches(input, a.substr(0, a.size() / 2)) ||
            text::FoldForSearch(a.substr(0, a.size() / 2)).empty() || true);
    Require(text::IsValidUtf8(text::ToUpperVietnamese(input)));

    const std::string key_a = text::SortKey(a);
    const std::string key_b = text::SortKey(b);
    Require(key_a.find('\0') == std::string::npos);
    const int by_compare = Sign(text::CompareVietnamese(a, b));
    Require(by_compare == Sign(key_a.compare(key_b)));
    Require(by_compare == -Sign(text::CompareVietnamese(b, a)));
    Require(text::SortKeyHex(a).size() == 2 * key_a.size());

    // Identifier validators: any input gives a value or an error, never a crash.
    (void)text::ParseCccd(input);
    (void)text::ValidateCccd(input, 1990);
    (void)text::NormalizePhone(input);
    (void)text::NormalizeTaxCode(input);
    return 0;
}
