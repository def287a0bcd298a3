#include "adapters/mail/mime.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <utility>

#include "adapters/mail/errors.hpp"

namespace mocua::adapters::mail {

namespace {

constexpr std::string_view kCrlf = "\r\n";
// '_' is not in the base64 alphabet and "=_" cannot occur in base64 text, so this boundary never
// appears inside a part (RFC 2045 section 6.7 suggests exactly this trick).
constexpr std::string_view kBoundary = "=_mocua_alternative_0";
// RFC 2047: an encoded-word is at most 75 characters; "=?UTF-8?B?" and "?=" take 12, leaving 63
// for base64, that is 15 groups of 4 characters = 45 bytes of text.
constexpr std::size_t kMaxWordBytes = 45;

bool HasLineBreakOrNul(std::string_view v) {
    return v.find_first_of(std::string_view("\r\n\0", 3)) != v.npos;
}

bool IsPrintableAscii(std::string_view v) {
    for (unsigned char c : v)
        if (c < 0x20 || c > 0x7e) return false;
    return true;
}

// Length of the UTF-8 sequence starting at v[i], or 0 when it is not well-formed.
std::size_t Utf8Length(std::string_view v, std::size_t i) {
    const auto c = static_cast<unsigned char>(v[i]);
    std::size_t n = 0;
    if (c < 0x80) return 1;
    if ((c & 0xe0) == 0xc0 && c >= 0xc2) {
        n = 2;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3;
    } else if ((c & 0xf8) == 0xf0 && c <= 0xf4) {
        n = 4;
    } else {
        return 0;
    }
    if (i + n > v.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(v[i + k]) & 0xc0) != 0x80) return 0;
    return n;
}

// Text with "\n" or "\r\n" line ends, as CRLF lines.
std::string ToCrlf(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
        if (text[i] == '\n') {
            out += kCrlf;
        } else {
            out += text[i];
        }
    }
    return out;
}

void AppendPart(std::string& out, std::string_view content_type, std::string_view text) {
    out += "Content-Type: ";
    out += content_type;
    out += "; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    out += Base64(ToCrlf(text), 76);
    out += kCrlf;
}

}  // namespace

core::Result<void> ValidateAddress(std::string_view address) {
    const auto at = address.find('@');
    if (address.empty() || address.size() > 254 || at == address.npos || address.rfind('@') != at)
        return MakeError(kInvalidAddress);
    const std::string_view local = address.substr(0, at);
    const std::string_view domain = address.substr(at + 1);
    if (local.empty() || local.size() > 64 || domain.empty() || domain.size() > 253)
        return MakeError(kInvalidAddress);
    for (unsigned char c : local) {
        if (c <= 0x20 || c >= 0x7f ||
            std::string_view("\"(),:;<>[\\]").find(static_cast<char>(c)) != std::string_view::npos)
            return MakeError(kInvalidAddress);
    }
    if (local.front() == '.' || local.back() == '.' || local.find("..") != local.npos)
        return MakeError(kInvalidAddress);
    std::size_t label = 0;
    for (std::size_t i = 0; i <= domain.size(); ++i) {
        if (i == domain.size() || domain[i] == '.') {
            if (label == 0 || label > 63 || domain[i - 1] == '-' || domain[i - label] == '-')
                return MakeError(kInvalidAddress);
            label = 0;
            continue;
        }
        const char c = domain[i];
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) return MakeError(kInvalidAddress);
        ++label;
    }
    return {};
}

std::string Base64(std::string_view data, std::size_t line_length) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4 + data.size() / 24 + 2);
    std::size_t column = 0;
    auto put = [&](char c) {
        if (line_length > 0 && column == line_length) {
            out += kCrlf;
            column = 0;
        }
        out += c;
        ++column;
    };
    for (std::size_t i = 0; i < data.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, data.size() - i);
        std::uint32_t v = static_cast<unsigned char>(data[i]) << 16;
        if (n > 1) v |= static_cast<unsigned char>(data[i + 1]) << 8;
        if (n > 2) v |= static_cast<unsigned char>(data[i + 2]);
        put(kAlphabet[(v >> 18) & 63]);
        put(kAlphabet[(v >> 12) & 63]);
        put(n > 1 ? kAlphabet[(v >> 6) & 63] : '=');
        put(n > 2 ? kAlphabet[v & 63] : '=');
    }
    return out;
}

core::Result<std::string> EncodeHeaderText(std::string_view value) {
    if (HasLineBreakOrNul(value)) return MakeError(kInvalidHeader, "line break in a header value");
    if (IsPrintableAscii(value)) return std::string(value);
    std::string out;
    std::size_t start = 0;
    while (start < value.size()) {
        // Take whole UTF-8 sequences while they fit in one encoded-word.
        std::size_t end = start;
        while (end < value.size()) {
            const std::size_t n = Utf8Length(value, end);
            if (n == 0) return MakeError(kInvalidHeader, "header value is not UTF-8");
            if (end + n - start > kMaxWordBytes) break;
            end += n;
        }
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?";
        out += Base64(value.substr(start, end - start));
        out += "?=";
        start = end;
    }
    return out;
}

core::Result<std::string> FormatMailbox(const Mailbox& mailbox) {
    if (HasLineBreakOrNul(mailbox.address)) return MakeError(kInvalidHeader, "line break in an address");
    if (auto valid = ValidateAddress(mailbox.address); !valid.ok()) return valid.error();
    if (mailbox.display_name.empty()) return mailbox.address;
    std::string name;
    if (IsPrintableAscii(mailbox.display_name)) {
        // A quoted-string keeps specials such as "," or "." from being read as syntax.
        name = "\"";
        for (char c : mailbox.display_name) {
            if (c == '"' || c == '\\') name += '\\';
            name += c;
        }
        name += "\"";
    } else {
        auto encoded = EncodeHeaderText(mailbox.display_name);
        if (!encoded.ok()) return encoded.error();
        name = std::move(*encoded);
    }
    return name + " <" + mailbox.address + ">";
}

std::string FormatDate(core::TimePoint time) {
    static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
    const auto days = std::chrono::floor<std::chrono::days>(seconds);
    const std::chrono::year_month_day ymd{days};
    const std::chrono::weekday weekday{days};
    const std::chrono::hh_mm_ss hms{seconds - days};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d +0000", kDays[weekday.c_encoding()],
                  static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                  static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return buf;
}

core::Result<std::string> BuildMime(const MimeMessage& message) {
    auto from = FormatMailbox(message.from);
    if (!from.ok()) return from.error();
    auto to = FormatMailbox(message.to);
    if (!to.ok()) return to.error();
    auto subject = EncodeHeaderText(message.subject);
    if (!subject.ok()) return subject.error();
    const std::string_view id = message.message_id;
    if (id.find('@') == id.npos || !IsPrintableAscii(id) || id.find_first_of(" <>") != id.npos)
        return MakeError(kInvalidHeader, "malformed message id");

    std::string out;
    out += "Date: " + FormatDate(message.date) + "\r\n";
    out += "From: " + *from + "\r\n";
    out += "To: " + *to + "\r\n";
    out += "Subject: " + *subject + "\r\n";
    out += "Message-ID: <" + message.message_id + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    if (message.html.empty()) {
        AppendPart(out, "text/plain", message.text);
        return out;
    }
    out += "Content-Type: multipart/alternative; boundary=\"";
    out += kBoundary;
    out += "\"\r\n\r\n";
    for (auto [type, body] : {std::pair<std::string_view, std::string_view>{"text/plain", message.text},
                              {"text/html", message.html}}) {
        out += "--";
        out += kBoundary;
        out += kCrlf;
        AppendPart(out, type, body);
    }
    out += "--";
    out += kBoundary;
    out += "--\r\n";
    return out;
}

}  // namespace mocua::adapters::mail
