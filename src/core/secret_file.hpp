#pragma once
// Secret keys kept in <data_dir>/keys/ (never in the database): read the file, or create it once with
// fresh random bytes. The folder is 0700 and the file 0600, written to a temporary name and renamed,
// so a crash never leaves a half-written key.
#include <cstddef>
#include <functional>
#include <string>

#include "core/result.hpp"

namespace mocua::core {

// Returns the `size` bytes of <data_dir>/keys/<name>, creating the file from `random(size)` when it
// does not exist. Unavailable when the folder or file cannot be created or read; InvalidArgument,
// ending with `advice`, when an existing file has the wrong size (never silently replaced: data
// sealed with the old key would be lost). Not safe against two processes creating the same key at
// the same moment; start-up creates it before serving.
Result<std::string> LoadOrCreateSecretFile(const std::string& data_dir, const std::string& name,
                                           std::size_t size,
                                           const std::function<std::string(std::size_t)>& random,
                                           const std::string& advice);

}  // namespace mocua::core
