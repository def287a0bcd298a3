#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "core/text/text.hpp"

// Expected values below are written by hand from the Vietnamese alphabet and Unicode tables, never
// produced by running the code under test. String literals in this file are NFC; decomposed (NFD)
// strings are spelled out with escapes so no editor can silently recompose them.

namespace mocua::core::text {
namespace {

// "Hường" decomposed: H, u + U+031B (horn), o + U+031B (horn) + U+0300 (grave), n, g.
const std::string kHuongNfd = "Hu\xCC\x9Bo\xCC\x9B\xCC\x80ng";
// "Hường" precomposed: H, U+01B0 (ư), U+1EDD (ờ), n, g.
const std::string kHuongNfc = "H\xC6\xB0\xE1\xBB\x9Dng";
// "Nguyễn" decomposed: N, g, u, y, e + U+0302 (circumflex) + U+0303 (tilde), n.
const std::string kNguyenNfd = "Nguye\xCC\x82\xCC\x83n";
// "Phường" decomposed, like kHuongNfd.
const std::string kPhuongNfd = "Phu\xCC\x9Bo\xCC\x9B\xCC\x80ng";
// "Đặng" decomposed: U+0110 (Đ, which has no decomposition), a + U+0323 (dot below) + U+0306 (breve),
// n, g. Dot below (combining class 220) sorts before breve (230) in canonical order.
const std::string kDangNfd =
    "\xC4\x90"
    "a\xCC\xA3\xCC\x86ng";

// ---- UTF-8 validity and NFC ---------------------------------------------------------------------

TEST(IsValidUtf8, AcceptsWellFormedText) {
    EXPECT_TRUE(IsValidUtf8(""));
    EXPECT_TRUE(IsValidUtf8("Phường Đông Hà, tỉnh Quảng Trị"));
    EXPECT_TRUE(IsValidUtf8(kHuongNfd));
    EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));      // U+1F600, a 4-byte sequence
    EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF, the last code point
    EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));  // NUL is a valid character
}

TEST(IsValidUtf8, RejectsIllFormedBytes) {
    EXPECT_FALSE(IsValidUtf8("\x80"));              // continuation byte without a lead byte
    EXPECT_FALSE(IsValidUtf8("Tr\xE1\xBA"));        // "Trầ" cut in the middle of a character
    EXPECT_FALSE(IsValidUtf8("\xC3(abc"));          // lead byte followed by ASCII
    EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong "/"
    EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong "/"
    EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));  // overlong "/"
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // U+D800, a surrogate
    EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // U+110000, beyond Unicode
    EXPECT_FALSE(IsValidUtf8("\xFF"));
    EXPECT_FALSE(IsValidUtf8("Nguy\xE1\xBB\x85n\xFE"));  // valid name, then a stray byte
}

TEST(ToNfc, ComposesDecomposedVietnamese) {
    EXPECT_EQ(ToNfc(kHuongNfd), kHuongNfc);
    EXPECT_EQ(ToNfc(kHuongNfd), "Hường");
    EXPECT_EQ(ToNfc(kNguyenNfd), "Nguyễn");
    EXPECT_EQ(ToNfc(kDangNfd), "Đặng");
    // The byte lengths differ, which is why unnormalised text fails equality checks and lookups.
    EXPECT_EQ(kNguyenNfd.size(), 10u);
    EXPECT_EQ(ToNfc(kNguyenNfd).size(), 8u);
}

TEST(ToNfc, LeavesNfcAndAsciiAlone) {
    EXPECT_EQ(ToNfc("Trần Quốc Toản"), "Trần Quốc Toản");
    EXPECT_EQ(ToNfc("  UBND xã Hải Lệ  "), "  UBND xã Hải Lệ  ");  // no trimming
    EXPECT_EQ(ToNfc("Ho so 123/2025"), "Ho so 123/2025");
    EXPECT_EQ(ToNfc(""), "");
}

TEST(ToNfc, ReplacesInvalidUtf8WithReplacementCharacter) {
    EXPECT_EQ(ToNfc("ab\xFF"
                    "cd"),
              "ab\xEF\xBF\xBD"
              "cd");
    EXPECT_EQ(ToNfc("Hu\xCC\x9B\xFF"), "H\xC6\xB0\xEF\xBF\xBD");
    for (const std::string bad :
         {"\x80", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "Tr\xE1\xBA", "\xE1\xBB", "\xF0\x9F\x98"}) {
        const std::string out = ToNfc(bad);
        EXPECT_TRUE(IsValidUtf8(out)) << "input bytes: " << bad.size();
        EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos);
    }
}

// ---- CleanInput -----------------------------------------------------------------------------------

TEST(CleanInput, TrimsAndCollapsesSpaces) {
    EXPECT_EQ(CleanInput("  Nguyễn   Văn\tĐức  "), "Nguyễn Văn Đức");
    EXPECT_EQ(CleanInput("   "), "");
    EXPECT_EQ(CleanInput(""), "");
    // No-break space (U+00A0) and ideographic space (U+3000), as pasted from Word or web pages.
    EXPECT_EQ(CleanInput("Thị\xC2\xA0xã\xE3\x80\x80Quảng Trị"), "Thị xã Quảng Trị");
}

TEST(CleanInput, RemovesControlAndInvisibleCharacters) {
    EXPECT_EQ(CleanInput("Trần\x01 Quốc\x7F Toản\x1B"), "Trần Quốc Toản");
    const char with_nul[] = "Lê\0 Lợi";
    EXPECT_EQ(CleanInput(std::string(with_nul, sizeof(with_nul) - 1)), "Lê Lợi");
    // Zero-width space (U+200B), byte order mark (U+FEFF) and right-to-left override (U+202E).
    EXPECT_EQ(CleanInput("\xEF\xBB\xBFL\xC3\xAA\xE2\x80\x8B V\xC4\x83n \xE2\x80\xAET\xC3\xA1m"),
              "Lê Văn Tám");
}

TEST(CleanInput, SingleLineJoinsLines) {
    EXPECT_EQ(CleanInput("Số 12\nLê Duẩn\r\n  Phường Đông Hà\r"), "Số 12 Lê Duẩn Phường Đông Hà");
}

TEST(CleanInput, MultiLineKeepsParagraphs) {
    EXPECT_EQ(CleanInput("\n  Kính gửi:  UBND xã  \r\n\r\n\r\n\r\n  Nội dung đơn\n\n", Lines::kMulti),
              "Kính gửi: UBND xã\n\nNội dung đơn");
    EXPECT_EQ(CleanInput("dòng 1\r\ndòng 2\rdòng 3\xE2\x80\xA8"
                         "dòng 4",
                         Lines::kMulti),
              "dòng 1\ndòng 2\ndòng 3\ndòng 4");
    EXPECT_EQ(CleanInput("a \t b\nc", Lines::kMulti), "a b\nc");
}

TEST(CleanInput, OutputIsNfc) {
    EXPECT_EQ(CleanInput(" " + kHuongNfd + " "), "Hường");
    // A control character between "a" and a combining grave must not stop them composing to "à".
    EXPECT_EQ(CleanInput("H\x01"
                         "a\x02\xCC\x80"),
              "Hà");
}

TEST(CleanInput, ReplacesInvalidUtf8) { EXPECT_EQ(CleanInput(" x\xFFy "), "x\xEF\xBF\xBDy"); }

// ---- FoldForSearch ------------------------------------------------------------------------------

TEST(FoldForSearch, FoldsNames) {
    EXPECT_EQ(FoldForSearch("Đặng Thị Hường"), "dang thi huong");
    EXPECT_EQ(FoldForSearch("Nguyễn Văn Đức"), "nguyen van duc");
    EXPECT_EQ(FoldForSearch("Trần Quốc Toản"), "tran quoc toan");
    EXPECT_EQ(FoldForSearch("Lê Thị Ánh Tuyết"), "le thi anh tuyet");
    EXPECT_EQ(FoldForSearch("Phạm Ngọc Ưng"), "pham ngoc ung");
}

TEST(FoldForSearch, FoldsAddresses) {
    EXPECT_EQ(FoldForSearch("Phường Đông Hà"), "phuong dong ha");
    EXPECT_EQ(FoldForSearch("Xã Hải Lệ"), "xa hai le");
    EXPECT_EQ(FoldForSearch("Thị xã Quảng Trị"), "thi xa quang tri");
    EXPECT_EQ(FoldForSearch("Phường Quảng Trị"), "phuong quang tri");
    EXPECT_EQ(FoldForSearch("Số 12 Lê Duẩn, Phường 5, TP. Đông Hà"), "so 12 le duan, phuong 5, tp. dong ha");
}

TEST(FoldForSearch, FoldsAllCaps) {
    EXPECT_EQ(FoldForSearch("NGUYỄN"), "nguyen");
    EXPECT_EQ(FoldForSearch("ĐẶNG THỊ HƯỜNG"), "dang thi huong");
    EXPECT_EQ(FoldForSearch("UBND TỈNH QUẢNG TRỊ"), "ubnd tinh quang tri");
}

TEST(FoldForSearch, MapsEveryVietnameseLetterToItsBase) {
    EXPECT_EQ(FoldForSearch("ăâêôơư ĂÂÊÔƠƯ đĐ"), "aaeoou aaeoou dd");
    EXPECT_EQ(FoldForSearch("àảãáạ ằẳẵắặ ầẩẫấậ"), "aaaaa aaaaa aaaaa");
    EXPECT_EQ(FoldForSearch("ừửữứự ờởỡớợ ỳỷỹýỵ"), "uuuuu ooooo yyyyy");
}

TEST(FoldForSearch, DecomposedInputFoldsTheSame) {
    EXPECT_EQ(FoldForSearch(kHuongNfd), "huong");
    EXPECT_EQ(FoldForSearch(kNguyenNfd), "nguyen");
    EXPECT_EQ(FoldForSearch(kDangNfd), "dang");
    EXPECT_EQ(FoldForSearch(kDangNfd +
                            " Th\xC3\xAD"
                            " " +
                            kHuongNfd),
              "dang thi huong");
}

TEST(FoldForSearch, CollapsesWhitespaceAndKeepsAscii) {
    EXPECT_EQ(FoldForSearch("  Đặng \t Thị\n Hường  "), "dang thi huong");
    EXPECT_EQ(FoldForSearch("HS-2025/0042"), "hs-2025/0042");
    EXPECT_EQ(FoldForSearch("  Ho  So\t1 "), "ho so 1");
    EXPECT_EQ(FoldForSearch(""), "");
}

TEST(FoldForSearch, NeverFailsOnInvalidUtf8) {
    const std::string out = FoldForSearch(
        "\xC4\x90\xFF"
        "ặng");
    EXPECT_TRUE(IsValidUtf8(out));
    EXPECT_EQ(out,
              "d\xEF\xBF\xBD"
              "ang");
}

TEST(SearchMatches, IgnoresTonesDiacriticsAndCase) {
    EXPECT_TRUE(SearchMatches("Nguyễn Văn Đức", "duc"));
    EXPECT_TRUE(SearchMatches("Nguyễn Văn Đức", "Đức"));
    EXPECT_TRUE(SearchMatches("Đặng Thị Hường", "dang thi"));
    EXPECT_TRUE(SearchMatches("Đặng Thị Hường", "HUONG"));
    EXPECT_TRUE(SearchMatches("Phường Đông Hà", "dong ha"));
    EXPECT_TRUE(SearchMatches("Thị xã Quảng Trị", "quảng trị"));
    EXPECT_TRUE(SearchMatches("Xã Hải Lệ", "hai le"));
    EXPECT_TRUE(SearchMatches("Phường Đông Hà", kPhuongNfd));
    EXPECT_TRUE(SearchMatches(kPhuongNfd + " 5", "phuong 5"));
    EXPECT_FALSE(SearchMatches("Trần Quốc Toản", "nguyen"));
    EXPECT_FALSE(SearchMatches("Xã Hải Lệ", "hai lang"));
}

TEST(SearchMatches, FiltersAListOfWards) {
    const std::vector<std::string> wards = {"Phường 1",  "Phường Đông Hà",    "Phường Đông Lương",
                                            "Xã Hải Lệ", "Phường Đông Thanh", "Thị xã Quảng Trị"};
    std::vector<std::string> hits;
    for (const auto& w : wards) {
        if (SearchMatches(w, "  DONG ")) hits.push_back(w);
    }
    EXPECT_EQ(hits, (std::vector<std::string>{"Phường Đông Hà", "Phường Đông Lương", "Phường Đông Thanh"}));
}

TEST(SearchMatches, BlankQueryMatchesEverything) {
    EXPECT_TRUE(SearchMatches("Xã Hải Lệ", ""));
    EXPECT_TRUE(SearchMatches("Xã Hải Lệ", "   "));
}

// ---- Collation ------------------------------------------------------------------------------------

TEST(SortVietnamese, FollowsTheVietnameseAlphabet) {
    // Hand-derived: a < ă < â, d < đ, o < ô < ơ, u < ư; tones only break ties.
    // An, Ánh: letter a ("an" is a prefix of "anh"); Ân, Ấn: letter â, no tone before sắc;
    // Dũng (d) before Đào (đ); Oanh (o), Ôn (ô), Ơn (ơ); Uyên (u), Ưng (ư).
    std::vector<std::string> names = {"Đào",  "Dũng", "Ân", "An",   "Ánh", "Ấn",
                                      "Bình", "Ơn",   "Ôn", "Oanh", "Ưng", "Uyên"};
    SortVietnamese(names);
    EXPECT_EQ(names, (std::vector<std::string>{"An", "Ánh", "Ân", "Ấn", "Bình", "Dũng", "Đào", "Oanh", "Ôn",
                                               "Ơn", "Uyên", "Ưng"}));
}

TEST(SortVietnamese, SortsProvinceNames) {
    std::vector<std::string> places = {"Đồng Nai", "Bắc Ninh", "Ă",      "Cần Thơ", "An Giang",
                                       "Dĩ An",    "Bà Rịa",   "Cà Mau", "Đà Nẵng", "Da Lat"};
    SortVietnamese(places);
    EXPECT_EQ(places, (std::vector<std::string>{"An Giang", "Ă", "Bà Rịa", "Bắc Ninh", "Cà Mau", "Cần Thơ",
                                                "Da Lat", "Dĩ An", "Đà Nẵng", "Đồng Nai"}));
}

TEST(SortVietnamese, OrdersTonesTraditionally) {
    // CLDR "vi": no tone < huyền < hỏi < ngã < sắc < nặng.
    std::vector<std::string> syllables = {"Mạ", "Má", "Mã", "Mả", "Mà", "Ma"};
    SortVietnamese(syllables);
    EXPECT_EQ(syllables, (std::vector<std::string>{"Ma", "Mà", "Mả", "Mã", "Má", "Mạ"}));
}

TEST(SortVietnamese, OrdersNumbersByValue) {
    std::vector<std::string> wards = {"Phường 10", "Phường 2", "Phường 1", "Phường Đông Hà"};
    SortVietnamese(wards);
    EXPECT_EQ(wards, (std::vector<std::string>{"Phường 1", "Phường 2", "Phường 10", "Phường Đông Hà"}));
}

TEST(SortVietnamese, IsStableForEqualStrings) {
    std::vector<std::string> names = {"Hường", kHuongNfd, "Hùng"};
    SortVietnamese(names);
    EXPECT_EQ(names, (std::vector<std::string>{"Hùng", "Hường", kHuongNfd}));
    std::vector<std::string> empty;
    SortVietnamese(empty);
    EXPECT_TRUE(empty.empty());
}

TEST(CompareVietnamese, TonesAreSecondary) {
    EXPECT_LT(CompareVietnamese("Manh", "Mạnh"), 0);
    EXPECT_LT(CompareVietnamese("Mạnh", "Mao"), 0);  // the letter decides before the tone
    EXPECT_LT(CompareVietnamese("Lý", "Ly A"), 0);
}

TEST(CompareVietnamese, SeparatesLettersThatRootCollationMerges) {
    EXPECT_LT(CompareVietnamese("Dũng", "Đào"), 0);
    EXPECT_LT(CompareVietnamese("Dz", "Đa"), 0);
    EXPECT_LT(CompareVietnamese("Ăn", "Âm"), 0);
    EXPECT_LT(CompareVietnamese("Ôz", "Ơa"), 0);
    EXPECT_LT(CompareVietnamese("Uz", "Ưa"), 0);
    EXPECT_GT(CompareVietnamese("Ê", "Ez"), 0);
}

TEST(CompareVietnamese, NfcAndNfdAreEqual) {
    EXPECT_EQ(CompareVietnamese(kHuongNfd, "Hường"), 0);
    EXPECT_EQ(CompareVietnamese(kNguyenNfd, "Nguyễn"), 0);
    EXPECT_EQ(CompareVietnamese("Quảng Trị", "Quảng Trị"), 0);
    EXPECT_NE(CompareVietnamese("an", "An"), 0);  // case still tells them apart
}

TEST(SortKey, OrdersLikeCompare) {
    // The same hand-derived order as above, so ORDER BY on stored keys matches SortVietnamese.
    const std::vector<std::string> sorted = {"An",   "Ánh", "Ân", "Ấn",       "Bình",      "Dũng", "Đào",
                                             "Oanh", "Ôn",  "Ơn", "Phường 2", "Phường 10", "Uyên", "Ưng"};
    for (std::size_t i = 0; i + 1 < sorted.size(); ++i) {
        EXPECT_LT(SortKey(sorted[i]), SortKey(sorted[i + 1])) << sorted[i] << " / " << sorted[i + 1];
        EXPECT_LT(SortKeyHex(sorted[i]), SortKeyHex(sorted[i + 1])) << sorted[i] << " / " << sorted[i + 1];
    }
    EXPECT_EQ(SortKey(kHuongNfd), SortKey("Hường"));
}

TEST(SortKey, IsBinarySafeAndHexIsPlainText) {
    const std::string key = SortKey("Đặng Thị Hường");
    ASSERT_FALSE(key.empty());
    EXPECT_EQ(key.find('\0'), std::string::npos);
    const std::string hex = SortKeyHex("Đặng Thị Hường");
    EXPECT_EQ(hex.size(), key.size() * 2);
    EXPECT_TRUE(std::all_of(hex.begin(), hex.end(),
                            [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }));
}

TEST(CollationVersion, IsReportedAndStable) {
    const std::string v = CollationVersion();
    EXPECT_FALSE(v.empty());
    EXPECT_EQ(v, CollationVersion());
}

TEST(Concurrency, ThreadsShareNoMutableState) {
    // Many threads folding and sorting at once, each checking the hand-written answers.
    std::vector<std::thread> threads;
    std::vector<int> failures(8, 0);
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([t, &failures] {
            for (int i = 0; i < 200; ++i) {
                std::vector<std::string> names = {"Ưng", "Đào", "An", "Dũng", "Ân"};
                SortVietnamese(names);
                if (names != std::vector<std::string>{"An", "Ân", "Dũng", "Đào", "Ưng"}) ++failures[t];
                if (FoldForSearch("Đặng Thị Hường") != "dang thi huong") ++failures[t];
                if (CompareVietnamese("Dũng", "Đào") >= 0) ++failures[t];
                if (SortKey("Ơn") <= SortKey("Ôn")) ++failures[t];
                if (ToNfc(kHuongNfd) != kHuongNfc) ++failures[t];
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures, std::vector<int>(8, 0));
}

}  // namespace
}  // namespace mocua::core::text

TEST(ToUpperVietnamese, CapitalisesEveryVietnameseLetterInNfc) {
    EXPECT_EQ(mocua::core::text::ToUpperVietnamese("Ủy ban nhân dân phường Quảng Trị"),
              "ỦY BAN NHÂN DÂN PHƯỜNG QUẢNG TRỊ");
    EXPECT_EQ(mocua::core::text::ToUpperVietnamese("đường ươm ờ"), "ĐƯỜNG ƯƠM Ờ");
    // Decomposed input (as some keyboards type it) comes out composed.
    EXPECT_EQ(mocua::core::text::ToUpperVietnamese("a\xCC\x81"), "\xC3\x81");
}
