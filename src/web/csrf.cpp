#include "web/csrf.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "core/secret_file.hpp"
#include "web/i18n.hpp"

namespace mocua::web {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kCookieBytes = 32;

bool IsBase64UrlOfLength(std::string_view s, std::size_t bytes) {
    if (s.size() != (bytes * 4 + 2) / 3) return false;
    for (char c : s) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

std::string Base64Url(std::string_view bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (i + 1 == bytes.size()) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
    } else if (i + 2 == bytes.size()) {
        const unsigned v =
            (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
    }
    return out;
}

std::string RandomBytes(std::size_t n) {
    std::string out(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
        throw std::runtime_error("the random number generator failed");
    }
    return out;
}

core::Result<CsrfProtection> CsrfProtection::LoadOrCreate(const std::string& data_dir) {
    auto key = core::LoadOrCreateSecretFile(data_dir, "csrf.key", kKeyBytes, RandomBytes,
                                            "move it away to make a new key");
    if (!key.ok()) return key.error();
    return CsrfProtection(std::move(key.value()));
}

CsrfProtection::CsrfProtection(std::string key, bool secure_cookie)
    : key_(std::move(key)), secure_cookie_(secure_cookie) {
    if (key_.empty()) throw std::invalid_argument("CSRF key must not be empty");
}

std::string CsrfProtection::TokenFor(std::string_view cookie_value) const {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    if (!HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
              reinterpret_cast<const unsigned char*>(cookie_value.data()), cookie_value.size(), mac,
              &mac_len)) {
        throw std::runtime_error("HMAC-SHA256 failed");
    }
    return Base64Url(std::string_view(reinterpret_cast<const char*>(mac), mac_len));
}

CsrfProtection::Issued CsrfProtection::Issue(const http::Request& request) const {
    Issued issued;
    auto cookie = CookieValue(request, kCsrfCookie);
    if (!cookie || !IsBase64UrlOfLength(*cookie, kCookieBytes)) {
        cookie = Base64Url(RandomBytes(kCookieBytes));
        issued.set_cookie = std::string(kCsrfCookie) + "=" + *cookie + "; Path=/; HttpOnly; SameSite=Lax" +
                            (secure_cookie_ ? "; Secure" : "");
    }
    issued.token = TokenFor(*cookie);
    return issued;
}

bool CsrfProtection::Verify(const http::Request& request, std::string_view submitted) const {
    auto cookie = CookieValue(request, kCsrfCookie);
    if (!cookie || !IsBase64UrlOfLength(*cookie, kCookieBytes)) return false;
    const std::string expected = TokenFor(*cookie);
    return submitted.size() == expected.size() &&
           CRYPTO_memcmp(submitted.data(), expected.data(), expected.size()) == 0;
}

}  // namespace mocua::web
