// Source checks for the "no user-visible text outside the catalogues" rule, on the files in the
// repository (MOCUA_SOURCE_DIR):
//   * locales/vi.json and locales/en.json have exactly the same keys, all non-empty strings;
//   * templates hold no words of their own: text between tags, and the aria-label, title, alt,
//     placeholder and value attributes, contain only mustache tags, punctuation and digits;
//   * C++ files in src/web/ hold no prose: no string literal with non-ASCII text or three words in a
//     row, except in statements that build log lines, exceptions or core::Error messages (English for
//     operators and API clients, not for page visitors).
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "web/i18n.hpp"

namespace mocua::web {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = MOCUA_SOURCE_DIR;

std::string Read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(Sources, CataloguesHaveTheSameKeys) {
    const auto vi = nlohmann::json::parse(Read(kRoot / "locales/vi.json"));
    const auto en = nlohmann::json::parse(Read(kRoot / "locales/en.json"));
    const auto vi_keys = FlattenKeys(vi);
    const auto en_keys = FlattenKeys(en);
    EXPECT_EQ(vi_keys, en_keys);
    EXPECT_GT(vi_keys.size(), 50u);
    for (const auto& k : vi_keys) EXPECT_FALSE(k.ends_with("!")) << k << " is not a non-empty string";
    EXPECT_TRUE(Catalog::Parse(Read(kRoot / "locales/vi.json"), Read(kRoot / "locales/en.json")).ok());
}

// Letters that would make a text visible and untranslated: ASCII letters, Latin-1 letters, Latin
// Extended-A/B and Vietnamese (Latin Extended Additional).
bool HasLetter(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        char32_t cp = c;
        std::size_t len = 1;
        if (c >= 0xF0) {
            len = 4;
        } else if (c >= 0xE0) {
            cp = ((c & 0x0F) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6) |
                 (static_cast<unsigned char>(s[i + 2]) & 0x3F);
            len = 3;
        } else if (c >= 0xC0) {
            cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
            len = 2;
        }
        if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
            (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x1E00 && cp <= 0x1EFF)) {
            return true;
        }
        i += len;
    }
    return false;
}

// The words a template shows on its own, or "" when it only shows catalogue and data values.
std::string OwnWords(std::string text) {
    static const std::regex kComment(R"(\{\{![\s\S]*?\}\})");
    static const std::regex kTag(R"(\{\{[^}]*\}\})");
    text = std::regex_replace(text, kComment, " ");
    text = std::regex_replace(text, kTag, " ");
    // Attribute values that are shown or read out.
    static const std::regex kAttr(R"re(\b(aria-label|title|alt|placeholder|value)="([^"]*)")re");
    std::string found;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kAttr); it != std::sregex_iterator();
         ++it) {
        if (HasLetter((*it)[2].str())) found += (*it)[0].str() + " ";
    }
    static const std::regex kHtmlTag(R"(<[^>]*>)");
    static const std::regex kEntity(R"(&[a-z]+;|&#[0-9]+;)");
    text = std::regex_replace(text, kHtmlTag, " ");
    text = std::regex_replace(text, kEntity, " ");
    if (HasLetter(text)) found += text;
    return found;
}

TEST(Sources, TemplatesHoldNoWordsOfTheirOwn) {
    int checked = 0;
    for (const auto& entry : fs::recursive_directory_iterator(kRoot / "templates")) {
        if (entry.path().extension() != ".mustache") continue;
        ++checked;
        std::string words = OwnWords(Read(entry.path()));
        words = std::regex_replace(words, std::regex(R"(\s+)"), " ");
        EXPECT_EQ(words.find_first_not_of(' '), std::string::npos)
            << entry.path().lexically_relative(kRoot)
            << " shows text that is not from a catalogue: " << words;
    }
    EXPECT_GE(checked, 10);
}

TEST(Sources, TheTemplateCheckCatchesWords) {
    EXPECT_NE(OwnWords("<p>Xin chào</p>"), "");
    EXPECT_NE(OwnWords("<p>{{t.a}} Đ</p>"), "");
    EXPECT_NE(OwnWords("<nav aria-label=\"Menu\">"), "");
    EXPECT_EQ(OwnWords("{{! a comment with words }}<p class=\"govuk-body\">{{t.a}} – {{b}}!</p>"), "");
}

struct Statement {
    std::string code;  // without literals and comments
    std::vector<std::string> literals;
};

// A small C++ lexer: statements end at ';', '{' or '}' outside literals; comments are dropped.
std::vector<Statement> Statements(const std::string& src) {
    std::vector<Statement> out(1);
    for (std::size_t i = 0; i < src.size(); ++i) {
        const char c = src[i];
        if (c == '/' && i + 1 < src.size() && src[i + 1] == '/') {
            i = src.find('\n', i);
            if (i == std::string::npos) break;
        } else if (c == '/' && i + 1 < src.size() && src[i + 1] == '*') {
            i = src.find("*/", i + 2) + 1;
        } else if (c == 'R' && i + 1 < src.size() && src[i + 1] == '"') {
            const std::size_t open = src.find('(', i);
            const std::string delim = ")" + src.substr(i + 2, open - i - 2) + "\"";
            const std::size_t close = src.find(delim, open);
            out.back().literals.push_back(src.substr(open + 1, close - open - 1));
            i = close + delim.size() - 1;
        } else if (c == '"' || c == '\'') {
            std::string lit;
            std::size_t j = i + 1;
            for (; j < src.size() && src[j] != c; ++j) {
                if (src[j] == '\\') ++j;
                lit += src[j];
            }
            if (c == '"') out.back().literals.push_back(lit);
            i = j;
        } else if (c == ';' || c == '{' || c == '}') {
            out.emplace_back();
        } else {
            out.back().code += c;
        }
    }
    return out;
}

bool IsOperatorMessage(const std::string& code) {
    static const std::regex kExempt(
        R"(Error::|LoadOrCreateSecretFile|log::Get|->(warn|error|info|debug)\(|throw |runtime_error|invalid_argument|out_of_range)");
    return std::regex_search(code, kExempt);
}

bool LooksLikeProse(const std::string& literal) {
    static const std::regex kThreeWords(R"([A-Za-z]+ [A-Za-z]+ [A-Za-z]+)");
    for (unsigned char c : literal) {
        if (c >= 0x80) return true;
    }
    return std::regex_search(literal, kThreeWords);
}

TEST(Sources, WebCodeHoldsNoUserVisibleText) {
    int files = 0;
    for (const auto& entry : fs::directory_iterator(kRoot / "src/web")) {
        const std::string name = entry.path().filename().string();
        if (name.ends_with("_test.cpp") || !(name.ends_with(".cpp") || name.ends_with(".hpp"))) continue;
        ++files;
        for (const auto& st : Statements(Read(entry.path()))) {
            if (IsOperatorMessage(st.code)) continue;
            for (const auto& lit : st.literals) {
                EXPECT_FALSE(LooksLikeProse(lit))
                    << name << ": \"" << lit << "\" looks like user-visible text; "
                    << "put it in locales/*.json";
            }
        }
    }
    EXPECT_GE(files, 10);
}

TEST(Sources, TheCodeCheckCatchesProse) {
    auto st = Statements(
        "auto a = \"Nhập họ tên\"; // \"comment words here\"\nauto b = \"Enter your name\";"
        "log::Get(\"web\")->warn(\"operators read this\");");
    ASSERT_GE(st.size(), 3u);
    EXPECT_TRUE(LooksLikeProse(st[0].literals.at(0)));
    EXPECT_TRUE(LooksLikeProse(st[1].literals.at(0)));
    EXPECT_TRUE(IsOperatorMessage(st[2].code));
    EXPECT_FALSE(LooksLikeProse("text/html; charset=utf-8"));
}

}  // namespace
}  // namespace mocua::web
