#pragma once
// Identifiers that are not secrets (request ids, worker ids). Thread-safe.
#include <string>
#include <string_view>

namespace mocua::core {

// 16 lowercase hex characters from a per-thread generator; unique enough to correlate log lines.
std::string NewRequestId();

// A client-supplied request id is kept when it is 8–64 characters of [A-Za-z0-9._-]; anything else
// could inject text into logs and is replaced.
bool IsWellFormedRequestId(std::string_view id);

}  // namespace mocua::core
