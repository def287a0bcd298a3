#include "adapters/crypto/sodium.hpp"
#include "core/secret_file.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <qrencode.h>
#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace mocua::adapters {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr std::string_view kSealPrefix = "v1:";

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

void InitSodium() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
    });
}

SodiumCrypto::SodiumCrypto(std::string key) : key_(std::move(key)) {
    InitSodium();
    if (key_.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
        throw std::invalid_argument("the secret key must be 32 bytes");
}

std::string SodiumCrypto::RandomBytes(std::size_t n) const {
    std::string out(n, '\0');
    randombytes_buf(out.data(), n);
    return out;
}

std::string SodiumCrypto::Sha256(std::string_view data) const {
    std::string out(crypto_hash_sha256_BYTES, '\0');
    crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()), Bytes(data), data.size());
    return out;
}

std::string SodiumCrypto::HmacSha1(std::string_view key, std::string_view message) const {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), Bytes(message), message.size(), mac,
              &len))
        throw std::runtime_error("HMAC-SHA-1 failed");
    return std::string(reinterpret_cast<const char*>(mac), len);
}

std::string SodiumCrypto::Seal(std::string_view plaintext) const {
    std::string box(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size() +
                        crypto_aead_xchacha20poly1305_ietf_ABYTES,
                    '\0');
    auto* nonce = reinterpret_cast<unsigned char*>(box.data());
    randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen,
                                               Bytes(plaintext), plaintext.size(), nullptr, 0, nullptr, nonce,
                                               Bytes(key_));
    box.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + clen);
    std::string b64(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(b64.data(), b64.size(), Bytes(box), box.size(), sodium_base64_VARIANT_ORIGINAL);
    b64.resize(std::char_traits<char>::length(b64.c_str()));
    return std::string(kSealPrefix) + b64;
}

std::optional<std::string> SodiumCrypto::Open(std::string_view sealed) const {
    if (!sealed.starts_with(kSealPrefix)) return std::nullopt;
    sealed.remove_prefix(kSealPrefix.size());
    std::string box(sealed.size(), '\0');
    std::size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(box.data()), box.size(), sealed.data(),
                          sealed.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
        return std::nullopt;
    box.resize(len);
    if (box.size() < crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
        return std::nullopt;
    const auto* nonce = Bytes(box);
    const std::size_t clen = box.size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    std::string plain(clen, '\0');
    unsigned long long plen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plain.data()), &plen, nullptr,
            nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, clen, nullptr, 0, nonce, Bytes(key_)) != 0)
        return std::nullopt;
    plain.resize(plen);
    return plain;
}

bool SodiumCrypto::Equal(std::string_view a, std::string_view b) const {
    if (a.size() != b.size()) return false;
    return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

SodiumPasswordHasher::SodiumPasswordHasher(Strength strength) {
    InitSodium();
    if (strength == Strength::kInteractive) {
        opslimit_ = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
        memlimit_ = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
    } else {
        opslimit_ = crypto_pwhash_argon2id_OPSLIMIT_MIN;
        memlimit_ = 8192;  // crypto_pwhash_argon2id_MEMLIMIT_MIN
    }
}

std::string SodiumPasswordHasher::Hash(std::string_view password) const {
    char out[crypto_pwhash_argon2id_STRBYTES];
    if (crypto_pwhash_argon2id_str(out, password.data(), password.size(), opslimit_, memlimit_) != 0)
        throw std::runtime_error("out of memory while hashing a password");
    return out;
}

bool SodiumPasswordHasher::Verify(std::string_view hash, std::string_view password) const {
    if (hash.empty() || hash.size() >= crypto_pwhash_argon2id_STRBYTES) return false;
    const std::string h(hash);  // NUL-terminated
    return crypto_pwhash_argon2id_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

bool SodiumPasswordHasher::NeedsRehash(std::string_view hash) const {
    const std::string h(hash);
    return crypto_pwhash_argon2id_str_needs_rehash(h.c_str(), opslimit_, memlimit_) != 0;
}

std::string QrEncodeRenderer::Svg(std::string_view text) const {
    const std::string input(text);
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString8bit(input.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
    if (!code) throw std::runtime_error("the QR code could not be encoded (text too long?)");
    const int size = code->width;
    constexpr int kQuiet = 4;
    const int total = size + 2 * kQuiet;
    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << total << ' ' << total
        << "\" shape-rendering=\"crispEdges\" role=\"img\">"
        << "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            if (code->data[y * size + x] & 1) svg << 'M' << (x + kQuiet) << ' ' << (y + kQuiet) << "h1v1h-1z";
        }
    }
    svg << "\"/></svg>";
    return svg.str();
}

core::Result<std::string> LoadOrCreateSecretKey(const std::string& data_dir, const std::string& name) {
    InitSodium();
    return core::LoadOrCreateSecretFile(
        data_dir, name, kKeyBytes,
        [](std::size_t n) {
            std::string key(n, '\0');
            randombytes_buf(key.data(), key.size());
            return key;
        },
        "restore it from the backup (TOTP secrets sealed with it cannot be read without it)");
}

}  // namespace mocua::adapters
