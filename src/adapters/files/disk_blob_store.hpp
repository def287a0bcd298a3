#pragma once
// BlobStore (domain/dossier/blob_store.hpp) on a local file system.
//
// Layout: <root>/<id[0:2]>/<id[2:4]>/<id>, directories 0700, files 0600, so two levels of 256 folders
// keep any one directory small. The id is validated before it becomes a path (no traversal).
//
// Durability: Put writes a temporary file in the blob's final directory (O_CREAT|O_EXCL, 0600), fsyncs
// it, renames it over the final name and fsyncs the directory (and any directory it created). A crash
// leaves at most a stray ".tmp-*" file, never a partial blob under its final name.
//
// Errors: file-system failures are core::Error::Unavailable with the path and strerror, e.g.
// "blob store: cannot create directory /var/lib/mocua/blobs/ab: Permission denied".
//
// Thread-safety: all members may be called concurrently, also from several processes sharing `root`:
// each writer has its own temporary file and rename is atomic, so concurrent Puts of the same bytes
// both succeed and leave one whole file.
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "domain/audit/audit.hpp"
#include "domain/dossier/blob_store.hpp"

namespace mocua::adapters::files {

class DiskBlobStore final : public domain::dossier::BlobStore {
public:
    // `root` is created (0700) on the first Put if missing; its parent must exist. `hasher` must outlive
    // the store. Does no I/O.
    DiskBlobStore(std::string root, const domain::audit::Sha256Hasher& hasher);

    core::Result<std::string> Put(std::string_view bytes) override;
    core::Result<std::string> Get(std::string_view sha256_hex) const override;
    bool Contains(std::string_view sha256_hex) const override;

    // Where the blob `sha256_hex` lives (it may not exist). Precondition: IsBlobId(sha256_hex).
    std::string PathOf(std::string_view sha256_hex) const;

private:
    std::string root_;
    const domain::audit::Sha256Hasher& hasher_;
};

}  // namespace mocua::adapters::files
