#pragma once
// The port that signs electronic results (issue 7). The adapter today is a development signer
// (adapters/crypto/dev_signer.hpp: Ed25519 with the installation's own key); a PAdES signer with the
// authority's certificate comes with the documents module and implements the same port.
//
// Thread-safety: implementations may be called concurrently.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace mocua::domain::dossier {

struct Signature {
    std::string scheme;  // "dev-ed25519" (development), later "pades"
    std::string key_id;  // which key signed: hex of the public key's first 8 bytes
    std::string value;   // the signature, hex
    std::string signer;  // who signed (the leader's name), as printed
    bool operator==(const Signature&) const = default;
};

class Signer {
public:
    virtual ~Signer() = default;
    // Signs the file's bytes for `signer_name`. Error Unavailable "sign.unavailable" when no key is usable.
    virtual core::Result<Signature> Sign(std::string_view bytes, std::string_view signer_name) const = 0;
    // True when `signature` is this signer's valid signature of `bytes`.
    virtual bool Verify(std::string_view bytes, const Signature& signature) const = 0;
};

}  // namespace mocua::domain::dossier
