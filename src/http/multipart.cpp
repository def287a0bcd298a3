#include "http/multipart.hpp"

#include <utility>

#include "core/strings.hpp"
#include "http/message.hpp"

namespace mocua::http {
namespace {

core::Error Fail(std::string_view code) { return core::Error::InvalidArgument(std::string(code)); }

bool IsTchar(unsigned char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    switch (c) {
        case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
        case '.': case '^': case '_': case '`': case '|': case '~':
            return true;
        default:
            return false;
    }
}

// RFC 2045 tspecials: the characters a backslash may escape inside a quoted string (see the header).
bool IsTspecial(unsigned char c) {
    switch (c) {
        case '(': case ')': case '<': case '>': case '@': case ',': case ';': case ':': case '\\':
        case '"': case '/': case '[': case ']': case '?': case '=':
            return true;
        default:
            return false;
    }
}

// RFC 2046 bchars.
bool IsBchar(unsigned char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    switch (c) {
        case '\'': case '(': case ')': case '+': case '_': case ',': case '-': case '.': case '/': case ':':
        case '=': case '?': case ' ':
            return true;
        default:
            return false;
    }
}

bool IsValidBoundary(std::string_view b) {
    if (b.empty() || b.size() > 70 || b.back() == ' ') return false;
    for (unsigned char c : b)
        if (!IsBchar(c)) return false;
    return true;
}

void SkipBlanks(std::string_view s, std::size_t& i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
}

using Params = std::vector<std::pair<std::string, std::string>>;  // lower-case name, decoded value

// Parses `*( OWS ";" OWS name "=" ( token / quoted-string ) ) OWS` (a trailing ";" is tolerated).
// nullopt on a syntax error or a duplicate name.
std::optional<Params> ParseParams(std::string_view s) {
    Params out;
    std::size_t i = 0;
    for (;;) {
        SkipBlanks(s, i);
        if (i == s.size()) return out;
        if (s[i] != ';') return std::nullopt;
        ++i;
        SkipBlanks(s, i);
        if (i == s.size()) return out;
        const std::size_t name_start = i;
        while (i < s.size() && IsTchar(static_cast<unsigned char>(s[i]))) ++i;
        if (i == name_start) return std::nullopt;
        std::string name = core::AsciiLower(s.substr(name_start, i - name_start));
        SkipBlanks(s, i);
        if (i == s.size() || s[i] != '=') return std::nullopt;
        ++i;
        SkipBlanks(s, i);
        std::string value;
        if (i < s.size() && s[i] == '"') {
            ++i;
            bool closed = false;
            while (i < s.size()) {
                const auto c = static_cast<unsigned char>(s[i]);
                if (c == '"') {
                    closed = true;
                    ++i;
                    break;
                }
                if ((c < 0x20 && c != '\t') || c == 0x7f) return std::nullopt;
                if (c == '\\' && i + 1 < s.size() && IsTspecial(static_cast<unsigned char>(s[i + 1]))) ++i;
                value.push_back(s[i]);
                ++i;
            }
            if (!closed) return std::nullopt;
        } else {
            const std::size_t start = i;
            while (i < s.size() && IsTchar(static_cast<unsigned char>(s[i]))) ++i;
            if (i == start) return std::nullopt;
            value.assign(s.substr(start, i - start));
        }
        for (const auto& [n, v] : out)
            if (n == name) return std::nullopt;
        out.emplace_back(std::move(name), std::move(value));
    }
}

const std::string* FindParam(const Params& params, std::string_view name) {
    for (const auto& [n, v] : params)
        if (n == name) return &v;
    return nullptr;
}

bool IsValidUtf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        unsigned int cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
            cp = c & 0x1fu;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            cp = c & 0x0fu;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            cp = c & 0x07u;
        } else {
            return false;
        }
        if (s.size() - i <= n) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xc0u) != 0x80u) return false;
            cp = (cp << 6) | (cc & 0x3fu);
        }
        // Overlong forms, surrogates and code points above U+10FFFF.
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n + 1;
    }
    return true;
}

// RFC 8187 ext-value: charset "'" [ language ] "'" value-chars. UTF-8 or ISO-8859-1; result in UTF-8.
std::optional<std::string> DecodeExtValue(std::string_view v) {
    const std::size_t q1 = v.find('\'');
    if (q1 == std::string_view::npos) return std::nullopt;
    const std::size_t q2 = v.find('\'', q1 + 1);
    if (q2 == std::string_view::npos) return std::nullopt;
    const std::string charset = core::AsciiLower(v.substr(0, q1));
    auto decoded = PercentDecode(v.substr(q2 + 1), /*plus_as_space=*/false);
    if (!decoded) return std::nullopt;
    if (charset == "utf-8") {
        if (!IsValidUtf8(*decoded)) return std::nullopt;
        return decoded;
    }
    if (charset == "iso-8859-1") {
        std::string out;
        for (unsigned char c : *decoded) {
            if (c < 0x80) {
                out.push_back(static_cast<char>(c));
            } else {
                out.push_back(static_cast<char>(0xc0 | (c >> 6)));
                out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
            }
        }
        return out;
    }
    return std::nullopt;
}

enum class DelimiterKind { kNone, kNext, kClose };

// At `at`, which must hold "--boundary": is this a delimiter line, and where does it end?
// kNext: "--boundary" LWSP* CRLF (end = after the CRLF). kClose: "--boundary--" (the rest is epilogue).
DelimiterKind ReadDelimiter(std::string_view body, std::size_t at, std::size_t dash_boundary_size,
                            std::size_t& end) {
    std::size_t p = at + dash_boundary_size;
    if (body.substr(p, 2) == "--") return DelimiterKind::kClose;
    SkipBlanks(body, p);
    if (body.substr(p, 2) == "\r\n") {
        end = p + 2;
        return DelimiterKind::kNext;
    }
    return DelimiterKind::kNone;
}

struct PartHeaders {
    std::optional<std::string> disposition;
    std::optional<std::string> content_type;
};

// `block`: header lines, each ended by CRLF (the blank line excluded).
std::optional<PartHeaders> ParseHeaderBlock(std::string_view block) {
    PartHeaders out;
    while (!block.empty()) {
        const std::size_t eol = block.find("\r\n");
        if (eol == std::string_view::npos) return std::nullopt;
        const std::string_view line = block.substr(0, eol);
        block.remove_prefix(eol + 2);
        for (char c : line)
            if (c == '\r' || c == '\n' || c == '\0') return std::nullopt;
        const std::size_t colon = line.find(':');
        if (colon == 0 || colon == std::string_view::npos) return std::nullopt;  // also folded lines
        const std::string_view name = line.substr(0, colon);
        for (char c : name)
            if (!IsTchar(static_cast<unsigned char>(c))) return std::nullopt;
        const std::string_view value = core::TrimBlanks(line.substr(colon + 1));
        const std::string lower = core::AsciiLower(name);
        std::optional<std::string>* slot = nullptr;
        if (lower == "content-disposition") slot = &out.disposition;
        if (lower == "content-type") slot = &out.content_type;
        if (slot == nullptr) continue;
        if (slot->has_value()) return std::nullopt;
        *slot = std::string(value);
    }
    return out;
}

// Fills name and filename from a Content-Disposition value; returns an error code or "".
std::string_view ReadDisposition(std::string_view value, FormPart& part) {
    const std::size_t semi = value.find(';');
    const std::string_view type = core::TrimBlanks(value.substr(0, semi));
    if (core::AsciiLower(type) != "form-data") return kMultipartMalformed;
    const auto params = ParseParams(semi == std::string_view::npos ? std::string_view() : value.substr(semi));
    if (!params) return kMultipartMalformed;
    if (const auto* ext = FindParam(*params, "filename*")) {
        auto decoded = DecodeExtValue(*ext);
        if (!decoded) return kMultipartMalformed;
        part.filename = std::move(*decoded);
    } else if (const auto* plain = FindParam(*params, "filename")) {
        part.filename = *plain;
    }
    const auto* name = FindParam(*params, "name");
    if (name == nullptr || name->empty()) return kMultipartNoName;
    part.name = *name;
    return {};
}

}  // namespace

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
    const std::size_t semi = content_type.find(';');
    const std::string_view media = core::TrimBlanks(content_type.substr(0, semi));
    if (core::AsciiLower(media) != "multipart/form-data" || semi == std::string_view::npos) return std::nullopt;
    const auto params = ParseParams(content_type.substr(semi));
    if (!params) return std::nullopt;
    const auto* boundary = FindParam(*params, "boundary");
    if (boundary == nullptr || !IsValidBoundary(*boundary)) return std::nullopt;
    return *boundary;
}

core::Result<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary,
                                                   const MultipartLimits& limits) {
    if (!IsValidBoundary(boundary)) return Fail(kMultipartBadBoundary);
    const std::string crlf_delimiter = "\r\n--" + std::string(boundary);
    const std::string_view dash_boundary = std::string_view(crlf_delimiter).substr(2);

    // The first delimiter line: at the very start, or after a preamble ended by CRLF.
    std::size_t pos = 0;
    DelimiterKind kind = DelimiterKind::kNone;
    if (body.substr(0, dash_boundary.size()) == dash_boundary)
        kind = ReadDelimiter(body, 0, dash_boundary.size(), pos);
    for (std::size_t search = 0; kind == DelimiterKind::kNone;) {
        const std::size_t found = body.find(crlf_delimiter, search);
        if (found == std::string_view::npos) return Fail(kMultipartMalformed);
        kind = ReadDelimiter(body, found + 2, dash_boundary.size(), pos);
        search = found + 1;
    }

    std::vector<FormPart> parts;
    while (kind == DelimiterKind::kNext) {
        if (parts.size() >= limits.max_parts) return Fail(kMultipartTooManyParts);
        // pos: the first byte after a delimiter line. Headers end at the first empty line.
        const std::string_view rest = body.substr(pos);
        std::size_t header_bytes = 0;
        if (rest.substr(0, 2) != "\r\n") {
            const std::size_t max = limits.max_part_header_bytes;
            const std::string_view window = rest.substr(0, max > rest.size() ? rest.size() : max + 4);
            const std::size_t blank = window.find("\r\n\r\n");
            if (blank == std::string_view::npos)
                return Fail(window.size() < rest.size() ? kMultipartHeaderTooLarge : kMultipartMalformed);
            header_bytes = blank + 2;
            if (header_bytes > limits.max_part_header_bytes) return Fail(kMultipartHeaderTooLarge);
        }
        const auto headers = ParseHeaderBlock(rest.substr(0, header_bytes));
        if (!headers || !headers->disposition) return Fail(kMultipartMalformed);
        FormPart part;
        if (const auto code = ReadDisposition(*headers->disposition, part); !code.empty()) return Fail(code);
        part.content_type = headers->content_type && !headers->content_type->empty() ? *headers->content_type
                                                                                      : "text/plain";

        // The data runs to the next CRLF that starts a real delimiter line.
        const std::size_t data_start = pos + header_bytes + 2;
        kind = DelimiterKind::kNone;
        for (std::size_t search = data_start; kind == DelimiterKind::kNone;) {
            const std::size_t found = body.find(crlf_delimiter, search);
            if (found == std::string_view::npos) return Fail(kMultipartMalformed);
            kind = ReadDelimiter(body, found + 2, dash_boundary.size(), pos);
            if (kind != DelimiterKind::kNone) part.data = body.substr(data_start, found - data_start);
            search = found + 1;
        }
        parts.push_back(std::move(part));
    }
    return parts;
}

const FormPart* FindPart(const std::vector<FormPart>& parts, std::string_view name) {
    for (const auto& part : parts)
        if (part.name == name) return &part;
    return nullptr;
}

}  // namespace mocua::http
