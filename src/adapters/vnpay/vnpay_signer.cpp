#include "adapters/vnpay/vnpay_signer.hpp"

#include <sodium.h>

#include <stdexcept>

#include "adapters/crypto/sodium.hpp"

namespace mocua::adapters {

namespace {

std::string Mac(const std::string& key, std::string_view data) {
    crypto_auth_hmacsha512_state state;
    unsigned char out[crypto_auth_hmacsha512_BYTES];
    crypto_auth_hmacsha512_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha512_update(&state, reinterpret_cast<const unsigned char*>(data.data()), data.size());
    crypto_auth_hmacsha512_final(&state, out);
    sodium_memzero(&state, sizeof state);
    return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

}  // namespace

VnpayHmacSigner::VnpayHmacSigner(std::string hash_secret) : secret_(std::move(hash_secret)) {
    InitSodium();
    if (secret_.empty()) throw std::invalid_argument("the payment gateway's hash secret is empty");
}

VnpayHmacSigner::~VnpayHmacSigner() {
    if (!secret_.empty()) sodium_memzero(secret_.data(), secret_.size());
}

std::string VnpayHmacSigner::Sign(std::string_view data) const {
    std::string mac = Mac(secret_, data);
    std::string hex(mac.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
    hex.pop_back();
    return hex;
}

bool VnpayHmacSigner::Verify(std::string_view data, std::string_view signature_hex) const {
    // Decode the offered hex (either case) and compare the bytes in constant time; a malformed or
    // short signature fails before any comparison, which reveals nothing about the expected MAC.
    if (signature_hex.size() != crypto_auth_hmacsha512_BYTES * 2) return false;
    unsigned char offered[crypto_auth_hmacsha512_BYTES];
    std::size_t len = 0;
    if (sodium_hex2bin(offered, sizeof offered, signature_hex.data(), signature_hex.size(), nullptr, &len,
                       nullptr) != 0 ||
        len != sizeof offered)
        return false;
    std::string expected = Mac(secret_, data);
    return sodium_memcmp(offered, expected.data(), sizeof offered) == 0;
}

}  // namespace mocua::adapters
