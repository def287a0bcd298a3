#include "web/i18n.hpp"
#include "core/strings.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace mocua::web {

namespace {

void Flatten(const nlohmann::json& node, const std::string& prefix, std::vector<std::string>& out) {
    for (const auto& [key, value] : node.items()) {
        const std::string path = prefix.empty() ? key : prefix + "." + key;
        if (value.is_object()) {
            Flatten(value, path, out);
        } else if (value.is_string() && !value.get_ref<const std::string&>().empty()) {
            out.push_back(path);
        } else {
            out.push_back(path + "!");
        }
    }
}

core::Result<nlohmann::json> ParseOne(std::string_view code, std::string_view text) {
    nlohmann::json tree = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (tree.is_discarded() || !tree.is_object()) {
        return core::Error::InvalidArgument("locales/" + std::string(code) + ".json is not a JSON object");
    }
    for (const auto& key : FlattenKeys(tree)) {
        if (key.ends_with("!")) {
            return core::Error::InvalidArgument("locales/" + std::string(code) + ".json: `" +
                                                key.substr(0, key.size() - 1) +
                                                "` must be a non-empty string");
        }
    }
    return tree;
}

}  // namespace

std::string_view LanguageCode(Language language) { return language == Language::kEn ? "en" : "vi"; }

std::optional<Language> ParseLanguage(std::string_view tag) {
    tag = core::TrimBlanks(tag);
    const std::size_t cut = tag.find_first_of("-_");
    const std::string primary = core::AsciiLower(tag.substr(0, cut));
    if (primary == "vi") return Language::kVi;
    if (primary == "en") return Language::kEn;
    return std::nullopt;
}

std::optional<std::string> CookieValue(const http::Request& request, std::string_view name) {
    for (const auto& [header, value] : request.headers) {
        if (core::AsciiLower(header) != "cookie") continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            const std::size_t semi = rest.find(';');
            std::string_view pair = core::TrimBlanks(rest.substr(0, semi));
            rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
            const std::size_t eq = pair.find('=');
            if (eq == std::string_view::npos) continue;
            if (core::TrimBlanks(pair.substr(0, eq)) == name) {
                std::string_view v = core::TrimBlanks(pair.substr(eq + 1));
                if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
                return std::string(v);
            }
        }
    }
    return std::nullopt;
}

LanguageChoice NegotiateLanguage(const http::Request& request) {
    if (auto q = request.QueryParam("lang")) {
        if (auto lang = ParseLanguage(*q)) return {*lang, true};
    }
    if (auto cookie = CookieValue(request, kLanguageCookie)) {
        if (auto lang = ParseLanguage(*cookie)) return {*lang, false};
    }
    if (auto header = request.Header("Accept-Language")) {
        // "en-GB,en;q=0.9,vi;q=0.8": the best supported language wins; ties go to the earlier entry.
        std::optional<Language> best;
        double best_q = 0.0;
        std::string_view rest = *header;
        while (!rest.empty()) {
            const std::size_t comma = rest.find(',');
            std::string_view item = core::TrimBlanks(rest.substr(0, comma));
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            double quality = 1.0;
            const std::size_t semi = item.find(';');
            if (semi != std::string_view::npos) {
                std::string_view params = core::TrimBlanks(item.substr(semi + 1));
                item = core::TrimBlanks(item.substr(0, semi));
                if (params.starts_with("q=") || params.starts_with("Q=")) {
                    const std::string number(params.substr(2));
                    char* end = nullptr;
                    quality = std::strtod(number.c_str(), &end);
                    if (end == number.c_str() || quality < 0.0 || quality > 1.0) quality = 0.0;
                }
            }
            auto lang = ParseLanguage(item);
            if (lang && quality > best_q) {
                best = lang;
                best_q = quality;
            }
        }
        if (best) return {*best, false};
    }
    return {kDefaultLanguage, false};
}

std::vector<std::string> FlattenKeys(const nlohmann::json& tree) {
    std::vector<std::string> out;
    if (tree.is_object()) Flatten(tree, "", out);
    std::sort(out.begin(), out.end());
    return out;
}

core::Result<Catalog> Catalog::Parse(std::string_view vi_json, std::string_view en_json) {
    auto vi = ParseOne("vi", vi_json);
    if (!vi.ok()) return vi.error();
    auto en = ParseOne("en", en_json);
    if (!en.ok()) return en.error();
    const auto vi_keys = FlattenKeys(*vi);
    const auto en_keys = FlattenKeys(*en);
    for (const auto& k : vi_keys) {
        if (!std::binary_search(en_keys.begin(), en_keys.end(), k)) {
            return core::Error::InvalidArgument("locales/en.json lacks `" + k + "`, which vi.json has");
        }
    }
    for (const auto& k : en_keys) {
        if (!std::binary_search(vi_keys.begin(), vi_keys.end(), k)) {
            return core::Error::InvalidArgument("locales/vi.json lacks `" + k + "`, which en.json has");
        }
    }
    Catalog c;
    c.vi_ = std::move(vi.value());
    c.en_ = std::move(en.value());
    return c;
}

const nlohmann::json& Catalog::Tree(Language language) const { return language == Language::kEn ? en_ : vi_; }

const std::string* Catalog::Find(Language language, std::string_view key) const {
    const nlohmann::json* node = &Tree(language);
    while (true) {
        const std::size_t dot = key.find('.');
        const std::string part(key.substr(0, dot));
        if (!node->is_object()) return nullptr;
        auto it = node->find(part);
        if (it == node->end()) return nullptr;
        node = &*it;
        if (dot == std::string_view::npos) break;
        key.remove_prefix(dot + 1);
    }
    return node->is_string() ? &node->get_ref<const std::string&>() : nullptr;
}

std::string Catalog::Get(Language language, std::string_view key) const {
    const std::string* found = Find(language, key);
    return found ? *found : std::string(key);
}

std::string Catalog::Format(Language language, std::string_view key,
                            const std::vector<std::pair<std::string_view, std::string>>& values) const {
    const std::string pattern = Get(language, key);
    std::string out;
    out.reserve(pattern.size() + 32);
    std::size_t i = 0;
    while (i < pattern.size()) {
        if (pattern[i] == '{') {
            const std::size_t close = pattern.find('}', i + 1);
            if (close != std::string::npos) {
                const std::string_view name(pattern.data() + i + 1, close - i - 1);
                auto it = std::find_if(values.begin(), values.end(),
                                       [&](const auto& v) { return v.first == name; });
                if (it != values.end()) {
                    out += it->second;
                    i = close + 1;
                    continue;
                }
            }
        }
        out += pattern[i++];
    }
    return out;
}

std::vector<std::string> Catalog::Keys() const { return FlattenKeys(vi_); }

}  // namespace mocua::web
