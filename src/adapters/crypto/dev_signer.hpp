#pragma once
// A development signer for electronic results: Ed25519 (libsodium crypto_sign_detached) with a key
// pair derived from a 32-byte seed kept in <data_dir>/keys/result-signing.key. It proves that this
// installation issued the file and that the file is unchanged; it is not a legal digital signature
// (no certificate, no PAdES): the documents module replaces it (docs/adr/0061-processing-workflow.md).
#include <string>

#include "core/result.hpp"
#include "domain/dossier/signer.hpp"

namespace mocua::adapters {

class DevelopmentSigner final : public domain::dossier::Signer {
public:
    // `seed`: 32 bytes. Throws std::invalid_argument otherwise.
    explicit DevelopmentSigner(const std::string& seed);
    core::Result<domain::dossier::Signature> Sign(std::string_view bytes, std::string_view signer_name) const override;
    bool Verify(std::string_view bytes, const domain::dossier::Signature& signature) const override;

private:
    std::string public_key_;
    std::string secret_key_;
    std::string key_id_;
};

}  // namespace mocua::adapters
