#pragma once
// HMAC-SHA512 with the merchant's hash secret (libsodium crypto_auth_hmacsha512, which takes a key of any
// length as RFC 2104 does), behind domain/payments' Signer port. The secret comes from the environment
// or a secrets file (app/payment_stack.cpp), is held only here and is never logged.
//
// Thread-safety: immutable after construction.
#include <string>
#include <string_view>

#include "domain/payments/vnpay_protocol.hpp"

namespace mocua::adapters {

class VnpayHmacSigner final : public domain::payments::Signer {
public:
    // Throws std::invalid_argument for an empty secret.
    explicit VnpayHmacSigner(std::string hash_secret);
    ~VnpayHmacSigner() override;
    VnpayHmacSigner(const VnpayHmacSigner&) = delete;
    VnpayHmacSigner& operator=(const VnpayHmacSigner&) = delete;

    std::string Sign(std::string_view data) const override;
    bool Verify(std::string_view data, std::string_view signature_hex) const override;

private:
    std::string secret_;
};

}  // namespace mocua::adapters
