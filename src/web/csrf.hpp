#pragma once
// Cross-site request forgery protection for HTML forms: a signed double-submit cookie.
//
//   cookie  mocua_csrf = 32 random bytes (base64url), HttpOnly, SameSite=Lax, Path=/
//   form    csrf_token = HMAC-SHA256(key, cookie value) (base64url), in a hidden field
//
// A POST is accepted only when its csrf_token equals the HMAC of its own cookie. A cross-site page can
// make the browser send the cookie but cannot read it, and cannot compute the HMAC without the key, so
// it cannot forge the field; even an attacker who can plant cookies (a sibling subdomain) cannot.
// When sign-in arrives (issue 4) the cookie value can be bound to the session id.
//
// The key is 32 random bytes in <data_dir>/keys/csrf.key (mode 0600), created on first start, so
// tokens survive restarts and are shared by nodes that share the data directory.
//
// Thread-safety: immutable after construction; all const members may be called concurrently.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/message.hpp"

namespace mocua::web {

inline constexpr std::string_view kCsrfCookie = "mocua_csrf";
inline constexpr std::string_view kCsrfField = "csrf_token";

class CsrfProtection {
public:
    // Reads <data_dir>/keys/csrf.key, creating the folder and a new random key when absent.
    // Errors: Unavailable when the file cannot be read or written, InvalidArgument when it does not
    // hold exactly 32 bytes (a damaged key is not silently replaced: that would hide the damage).
    static core::Result<CsrfProtection> LoadOrCreate(const std::string& data_dir);

    // A protection with a given key (tests). `key` must not be empty.
    explicit CsrfProtection(std::string key, bool secure_cookie = false);

    struct Issued {
        std::string token;                      // for the hidden field
        std::optional<std::string> set_cookie;  // a Set-Cookie value when the request had no usable cookie
    };
    // The form token for this request, creating a cookie when the request has none (or a malformed one).
    Issued Issue(const http::Request& request) const;

    // True when `submitted` is the token for the request's cookie (constant-time comparison).
    bool Verify(const http::Request& request, std::string_view submitted) const;

    void set_secure_cookie(bool secure) { secure_cookie_ = secure; }

private:
    std::string TokenFor(std::string_view cookie_value) const;

    std::string key_;
    bool secure_cookie_ = false;
};

// base64url without padding (RFC 4648 §5).
std::string Base64Url(std::string_view bytes);
// `n` bytes from the operating system's CSPRNG (OpenSSL RAND_bytes). Throws std::runtime_error when the
// generator fails (it cannot be used safely then).
std::string RandomBytes(std::size_t n);

}  // namespace mocua::web
