#pragma once
// libsodium (and OpenSSL for HMAC-SHA-1, which libsodium lacks) behind the identity module's ports:
//   SodiumCrypto          random bytes, SHA-256, HMAC-SHA-1, sealed secrets (XChaCha20-Poly1305)
//   SodiumPasswordHasher  Argon2id (crypto_pwhash_str, ARGON2ID13)
//   QrEncodeRenderer      QR codes as SVG (libqrencode)
//   LoadOrCreateSecretKey the installation's 32-byte secret key in <data_dir>/keys/
//
// Thread-safety: every class is immutable after construction; all members may be called concurrently.
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "domain/identity/crypto.hpp"

namespace mocua::adapters {

// Initialises libsodium once (idempotent, thread-safe). Throws when it cannot.
void InitSodium();

class SodiumCrypto final : public domain::identity::Crypto {
public:
    // `key`: 32 bytes for Seal/Open. Throws std::invalid_argument otherwise.
    explicit SodiumCrypto(std::string key);
    std::string RandomBytes(std::size_t n) const override;
    std::string Sha256(std::string_view data) const override;
    std::string HmacSha1(std::string_view key, std::string_view message) const override;
    // "v1:" + base64(nonce || ciphertext with tag).
    std::string Seal(std::string_view plaintext) const override;
    std::optional<std::string> Open(std::string_view sealed) const override;
    bool Equal(std::string_view a, std::string_view b) const override;

private:
    std::string key_;
};

class SodiumPasswordHasher final : public domain::identity::PasswordHasher {
public:
    // kInteractive: libsodium's OPSLIMIT/MEMLIMIT_INTERACTIVE (2 passes, 64 MiB; above OWASP's Argon2id
    // minimum of 19 MiB, 2 passes), about 0.1 s on the project's 2-core machine.
    // kTestOnly: the minimum libsodium accepts, so tests that create many accounts stay fast. Never use it
    // in production: NeedsRehash reports such hashes for rehashing at the next sign-in.
    enum class Strength { kInteractive, kTestOnly };
    explicit SodiumPasswordHasher(Strength strength = Strength::kInteractive);
    std::string Hash(std::string_view password) const override;
    bool Verify(std::string_view hash, std::string_view password) const override;
    bool NeedsRehash(std::string_view hash) const override;

private:
    unsigned long long opslimit_;
    std::size_t memlimit_;
};

class QrEncodeRenderer final : public domain::identity::QrRenderer {
public:
    // An SVG with a 4-module quiet zone, black modules as one path, scalable (viewBox in modules).
    std::string Svg(std::string_view text) const override;
};

// Reads <data_dir>/keys/<name> (32 bytes), creating the folder (0700) and a random key (0600) when the
// file is absent. Errors: Unavailable when it cannot be read or written; InvalidArgument when the file
// does not hold exactly 32 bytes (a damaged key is never silently replaced: data sealed with it would be
// lost). Nodes sharing a PostgreSQL database must share this file.
core::Result<std::string> LoadOrCreateSecretKey(const std::string& data_dir, const std::string& name);

}  // namespace mocua::adapters
