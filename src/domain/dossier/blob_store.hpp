#pragma once
// Content-addressed storage for uploaded files: a blob's id is the lower-case hex SHA-256 of its bytes,
// so the same file uploaded twice is stored once, and a blob that changed on disk is detected when read.
// The adapter is adapters/files/disk_blob_store.hpp. Dossiers keep ids; nothing here knows dossiers.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace mocua::domain::dossier {

// Stable error messages (core::Error::message) beside the file-system ones.
inline constexpr std::string_view kBlobBadId = "blob.bad_id";        // InvalidArgument: not 64 lower-case hex
inline constexpr std::string_view kBlobNotFound = "blob.not_found";  // NotFound
inline constexpr std::string_view kBlobCorrupt = "blob.corrupt";     // Internal: stored bytes != their id

// Implementations may be called concurrently from several threads.
class BlobStore {
public:
    virtual ~BlobStore() = default;

    // Stores `bytes` durably and returns their id (64 lower-case hex characters of SHA-256).
    // Idempotent: putting the same bytes again returns the same id and keeps one copy.
    // Errors: Unavailable (storage cannot be written; the message names the cause for the operator).
    virtual core::Result<std::string> Put(std::string_view bytes) = 0;

    // The bytes stored under `sha256_hex`, checked against it.
    // Errors: InvalidArgument kBlobBadId, NotFound kBlobNotFound, Internal kBlobCorrupt, Unavailable.
    virtual core::Result<std::string> Get(std::string_view sha256_hex) const = 0;

    // True when a blob is stored under `sha256_hex` (false for a malformed id). Does not verify it.
    virtual bool Contains(std::string_view sha256_hex) const = 0;
};

// True when `id` is 64 characters of [0-9a-f].
inline bool IsBlobId(std::string_view id) {
    if (id.size() != 64) return false;
    for (char c : id)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace mocua::domain::dossier
