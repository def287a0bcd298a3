#pragma once
// PLACEHOLDER until the uploads branch lands; the uploads branch owns this file.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace mocua::domain::dossier {

class BlobStore {
public:
    virtual ~BlobStore() = default;
    virtual core::Result<std::string> Put(std::string_view bytes) = 0;
    virtual core::Result<std::string> Get(std::string_view sha256_hex) const = 0;
    virtual bool Contains(std::string_view sha256_hex) const = 0;
};

}  // namespace mocua::domain::dossier
