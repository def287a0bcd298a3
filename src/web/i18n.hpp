#pragma once
// Languages and message catalogues. Every user-visible string lives in locales/vi.json and
// locales/en.json (nested objects of strings); C++ code and templates only name keys
// ("errors.404.title"). Vietnamese is the default language.
//
// Thread-safety: a Catalog is immutable after Parse; every const member may be called concurrently.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "http/message.hpp"

namespace mocua::web {

enum class Language { kVi, kEn };

inline constexpr Language kDefaultLanguage = Language::kVi;
inline constexpr Language kAllLanguages[] = {Language::kVi, Language::kEn};

// "vi" / "en": the BCP 47 tag used in <html lang>, hreflang, the cookie and ?lang=.
std::string_view LanguageCode(Language language);

// Reads a language tag, case-insensitively, ignoring a region or script ("vi-VN", "en_GB", "EN").
// nullopt for any other language.
std::optional<Language> ParseLanguage(std::string_view tag);

// Name of the cookie that remembers the language chosen with ?lang=.
inline constexpr std::string_view kLanguageCookie = "mocua_lang";

struct LanguageChoice {
    Language language = kDefaultLanguage;
    bool from_query = false;  // chosen with ?lang= now: the response should set the cookie
};

// The page language: ?lang= first, then the mocua_lang cookie, then Accept-Language (highest q-value
// among vi and en; q=0 excludes), else Vietnamese. Unknown or malformed values are skipped.
LanguageChoice NegotiateLanguage(const http::Request& request);

// The value of a cookie in the request's Cookie header(s); nullopt when absent.
std::optional<std::string> CookieValue(const http::Request& request, std::string_view name);

class Catalog {
public:
    // Parses the two catalogues. Each must be a JSON object whose leaves are strings (objects nest).
    // Errors (InvalidArgument, naming the language and key): malformed JSON, a non-string leaf, an
    // empty string, or a key present in one catalogue and missing from the other.
    static core::Result<Catalog> Parse(std::string_view vi_json, std::string_view en_json);

    // The message for a dotted key ("layout.skip_link"); nullptr when absent.
    const std::string* Find(Language language, std::string_view key) const;

    // Find, or the key itself when absent (visible in the page, so the mistake gets noticed; tests
    // and the start-up template check make it rare).
    std::string Get(Language language, std::string_view key) const;

    // Get, with every "{name}" replaced by its value: Format(vi, "home.today", {{"date", "01/07/2025"}}).
    // Placeholders without a value stay as they are.
    std::string Format(Language language, std::string_view key,
                       const std::vector<std::pair<std::string_view, std::string>>& values) const;

    // The catalogue as parsed (for the template engine).
    const nlohmann::json& Tree(Language language) const;

    // Every dotted key, sorted (the two catalogues have the same keys).
    std::vector<std::string> Keys() const;

private:
    nlohmann::json vi_;
    nlohmann::json en_;
};

// The dotted keys of a catalogue tree whose leaves are strings, sorted. Non-string leaves are listed
// with a trailing "!" so that comparisons fail on them.
std::vector<std::string> FlattenKeys(const nlohmann::json& tree);

}  // namespace mocua::web
