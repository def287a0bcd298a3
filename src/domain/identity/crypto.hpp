#pragma once
// Cryptography the identity module needs, as ports (implemented with libsodium and OpenSSL in
// src/adapters/crypto/). Domain code never includes a crypto library.
//
// Thread-safety: implementations must allow concurrent calls to every const member.
#include <optional>
#include <string>
#include <string_view>

#include "domain/audit/audit.hpp"

namespace mocua::domain::identity {

class Crypto : public audit::Sha256Hasher {
public:
    // `n` bytes from the operating system's CSPRNG. Throws when it fails.
    virtual std::string RandomBytes(std::size_t n) const = 0;
    // HMAC-SHA-1 (RFC 2104), 20 bytes: what RFC 6238 authenticator apps use.
    virtual std::string HmacSha1(std::string_view key, std::string_view message) const = 0;
    // Authenticated encryption with the installation's secret key (kept outside the database), for
    // TOTP secrets: a database leak alone does not reveal them. Seal returns printable text.
    virtual std::string Seal(std::string_view plaintext) const = 0;
    // nullopt when `sealed` was not made by Seal with this key, or was altered.
    virtual std::optional<std::string> Open(std::string_view sealed) const = 0;
    // Constant-time equality of two byte strings of any length.
    virtual bool Equal(std::string_view a, std::string_view b) const = 0;
};

// Password hashing (Argon2id). Hash output is a self-describing string (algorithm, parameters, salt).
class PasswordHasher {
public:
    virtual ~PasswordHasher() = default;
    // Throws when memory for the hash cannot be had.
    virtual std::string Hash(std::string_view password) const = 0;
    virtual bool Verify(std::string_view hash, std::string_view password) const = 0;
    // True when `hash` was made with other parameters than today's (rehash at the next sign-in).
    virtual bool NeedsRehash(std::string_view hash) const = 0;
};

// Draws a QR code (ISO/IEC 18004) as a standalone SVG document. Throws on encoder failure.
class QrRenderer {
public:
    virtual ~QrRenderer() = default;
    virtual std::string Svg(std::string_view text) const = 0;
};

}  // namespace mocua::domain::identity
