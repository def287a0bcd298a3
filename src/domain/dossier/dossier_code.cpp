#include "domain/dossier/dossier_code.hpp"

#include <cctype>
#include <vector>

namespace mocua::domain::dossier {

namespace {

core::Error PatternError(std::string_view why) {
    return core::Error::InvalidArgument("dossier.code_pattern: " + std::string(why));
}

struct Piece {
    enum Kind { kText, kUnit, kYear4, kYear2, kMonth, kDay, kOrdinal } kind = kText;
    std::string text;  // kText
    int width = 0;     // kOrdinal
};

// Splits the pattern into pieces; the error names the first problem.
core::Result<std::vector<Piece>> Parse(std::string_view pattern) {
    std::vector<Piece> pieces;
    int ordinals = 0;
    bool day = false, month = false, year = false;
    for (std::size_t i = 0; i < pattern.size();) {
        const unsigned char c = static_cast<unsigned char>(pattern[i]);
        if (c < 0x21 || c > 0x7E) return PatternError("only printable ASCII characters without spaces");
        if (c == '}') return PatternError("a '}' without '{'");
        if (c != '{') {
            if (pieces.empty() || pieces.back().kind != Piece::kText) pieces.push_back({});
            pieces.back().text += static_cast<char>(c);
            ++i;
            continue;
        }
        const auto close = pattern.find('}', i);
        if (close == std::string_view::npos) return PatternError("a '{' without '}'");
        const std::string_view name = pattern.substr(i + 1, close - i - 1);
        // "{unit-{DD}" is an unclosed brace followed by a placeholder, not a placeholder named "unit-{DD".
        if (name.find('{') != std::string_view::npos) return PatternError("a '{' without '}'");
        Piece p;
        if (name == "unit") {
            p.kind = Piece::kUnit;
        } else if (name == "YYYY") {
            p.kind = Piece::kYear4;
            year = true;
        } else if (name == "YY") {
            p.kind = Piece::kYear2;
            year = true;
        } else if (name == "MM") {
            p.kind = Piece::kMonth;
            month = true;
        } else if (name == "DD") {
            p.kind = Piece::kDay;
            day = true;
        } else if (name == "YYMMDD") {  // a shorthand many provinces write
            pieces.push_back({Piece::kYear2, "", 0});
            pieces.push_back({Piece::kMonth, "", 0});
            p.kind = Piece::kDay;
            day = month = year = true;
        } else if (!name.empty() && name.size() <= 9 && name.find_first_not_of('N') == std::string_view::npos) {
            p.kind = Piece::kOrdinal;
            p.width = static_cast<int>(name.size());
            ++ordinals;
        } else {
            return PatternError("unknown placeholder {" + std::string(name) + "}");
        }
        pieces.push_back(std::move(p));
        i = close + 1;
    }
    if (ordinals != 1) return PatternError("exactly one daily ordinal {N…} is needed");
    // The ordinal restarts every day, so the whole date must be in the code or codes would repeat.
    if (!day || !month || !year) {
        return PatternError("the whole receipt date is needed: {YY} or {YYYY}, {MM} and {DD} (or {YYMMDD})");
    }
    return pieces;
}

}  // namespace

core::Result<void> ValidateCodePattern(std::string_view pattern) {
    auto parsed = Parse(pattern);
    if (!parsed.ok()) return parsed.error();
    return {};
}

core::Result<std::string> FormatDossierCode(std::string_view pattern, std::string_view unit_code,
                                            std::string_view date, std::int64_t sequence) {
    auto parsed = Parse(pattern);
    if (!parsed.ok()) return parsed.error();
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') {
        return core::Error::InvalidArgument("dossier.code_date");
    }
    if (sequence < 1) return core::Error::InvalidArgument("dossier.code_overflow");
    std::string out;
    for (const auto& p : parsed.value()) {
        switch (p.kind) {
            case Piece::kText: out += p.text; break;
            case Piece::kUnit: out += unit_code; break;
            case Piece::kYear4: out += date.substr(0, 4); break;
            case Piece::kYear2: out += date.substr(2, 2); break;
            case Piece::kMonth: out += date.substr(5, 2); break;
            case Piece::kDay: out += date.substr(8, 2); break;
            case Piece::kOrdinal: {
                std::string digits = std::to_string(sequence);
                if (static_cast<int>(digits.size()) > p.width) {
                    return core::Error::InvalidArgument("dossier.code_overflow");
                }
                out += std::string(static_cast<std::size_t>(p.width) - digits.size(), '0') + digits;
                break;
            }
        }
    }
    return out;
}

bool LooksLikeDossierCode(std::string_view code) {
    if (code.size() < 5 || code.size() > 64) return false;
    for (const char ch : code) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (!std::isalnum(c) && c != '.' && c != '-' && c != '_' && c != '/') return false;
    }
    return true;
}

}  // namespace mocua::domain::dossier
