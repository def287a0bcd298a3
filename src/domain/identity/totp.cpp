#include "domain/identity/totp.hpp"

#include <chrono>

namespace mocua::domain::identity {

namespace {

constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string PercentEncode(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
            c == '.' || c == '_' || c == '~' || c == '@') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

}  // namespace

std::int64_t TotpStep(core::TimePoint t) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    return seconds >= 0 ? seconds / kTotpStepSeconds : (seconds - kTotpStepSeconds + 1) / kTotpStepSeconds;
}

std::string Hotp(const Crypto& crypto, std::string_view key, std::int64_t counter, int digits) {
    std::string message(8, '\0');
    auto c = static_cast<std::uint64_t>(counter);
    for (int i = 7; i >= 0; --i) {
        message[static_cast<std::size_t>(i)] = static_cast<char>(c & 0xFF);
        c >>= 8;
    }
    const std::string mac = crypto.HmacSha1(key, message);
    const auto b = [&](std::size_t i) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(mac[i]));
    };
    const std::size_t offset = b(mac.size() - 1) & 0x0F;
    const std::uint32_t binary =
        ((b(offset) & 0x7F) << 24) | (b(offset + 1) << 16) | (b(offset + 2) << 8) | b(offset + 3);
    std::uint32_t modulus = 1;
    for (int i = 0; i < digits; ++i) modulus *= 10;
    std::string out = std::to_string(binary % modulus);
    return std::string(static_cast<std::size_t>(digits) - out.size(), '0') + out;
}

std::optional<std::int64_t> MatchTotp(const Crypto& crypto, std::string_view key, std::string_view code,
                                      core::TimePoint now, std::int64_t after_step, int window) {
    if (code.size() != static_cast<std::size_t>(kTotpDigits)) return std::nullopt;
    for (char ch : code)
        if (ch < '0' || ch > '9') return std::nullopt;
    const std::int64_t current = TotpStep(now);
    for (std::int64_t step = current + window; step >= current - window; --step) {
        if (step <= after_step) break;
        if (crypto.Equal(Hotp(crypto, key, step), code)) return step;
    }
    return std::nullopt;
}

std::string Base32(std::string_view bytes) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 5) {
            out += kBase32Alphabet[(buffer >> (bits - 5)) & 0x1F];
            bits -= 5;
        }
    }
    if (bits > 0) out += kBase32Alphabet[(buffer << (5 - bits)) & 0x1F];
    return out;
}

std::optional<std::string> FromBase32(std::string_view text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char ch : text) {
        if (ch == ' ' || ch == '=') continue;
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
        int v = -1;
        if (ch >= 'A' && ch <= 'Z')
            v = ch - 'A';
        else if (ch >= '2' && ch <= '7')
            v = ch - '2' + 26;
        if (v < 0) return std::nullopt;
        buffer = (buffer << 5) | static_cast<std::uint32_t>(v);
        bits += 5;
        if (bits >= 8) {
            out += static_cast<char>((buffer >> (bits - 8)) & 0xFF);
            bits -= 8;
        }
    }
    return out;
}

std::string OtpAuthUri(std::string_view issuer, std::string_view account, std::string_view secret) {
    return "otpauth://totp/" + PercentEncode(issuer) + ":" + PercentEncode(account) +
           "?secret=" + std::string(secret) + "&issuer=" + PercentEncode(issuer) +
           "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace mocua::domain::identity
