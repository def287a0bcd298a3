#include "adapters/crypto/dev_signer.hpp"

#include <sodium.h>

#include <optional>
#include <stdexcept>

#include "core/strings.hpp"

namespace mocua::adapters {

namespace {

std::optional<std::string> FromHex(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    std::string out(hex.size() / 2, '\0');
    std::size_t written = 0;
    if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(), nullptr,
                       &written, nullptr) != 0 ||
        written != out.size()) {
        return std::nullopt;
    }
    return out;
}

}  // namespace

DevelopmentSigner::DevelopmentSigner(const std::string& seed) {
    if (seed.size() != crypto_sign_SEEDBYTES) throw std::invalid_argument("the signing seed must be 32 bytes");
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    public_key_.resize(crypto_sign_PUBLICKEYBYTES);
    secret_key_.resize(crypto_sign_SECRETKEYBYTES);
    crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(public_key_.data()),
                             reinterpret_cast<unsigned char*>(secret_key_.data()),
                             reinterpret_cast<const unsigned char*>(seed.data()));
    key_id_ = core::ToHex(public_key_.substr(0, 8));
}

core::Result<domain::dossier::Signature> DevelopmentSigner::Sign(std::string_view bytes,
                                                                 std::string_view signer_name) const {
    std::string sig(crypto_sign_BYTES, '\0');
    crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                         reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                         reinterpret_cast<const unsigned char*>(secret_key_.data()));
    return domain::dossier::Signature{"dev-ed25519", key_id_, core::ToHex(sig), std::string(signer_name)};
}

bool DevelopmentSigner::Verify(std::string_view bytes, const domain::dossier::Signature& s) const {
    if (s.scheme != "dev-ed25519" || s.key_id != key_id_) return false;
    auto sig = FromHex(s.value);
    if (!sig || sig->size() != crypto_sign_BYTES) return false;
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                       reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                                       reinterpret_cast<const unsigned char*>(public_key_.data())) == 0;
}

}  // namespace mocua::adapters
