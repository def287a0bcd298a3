#pragma once
// Error values shared by every layer. Domain code returns these inside Result<T> for outcomes the
// caller must handle; the HTTP edge maps ErrorCode to a status through one table (http/errors.hpp).
#include <string>
#include <string_view>

namespace mocua::core {

enum class ErrorCode {
    kInvalidArgument,  // the input breaks a rule the user can fix
    kNotFound,         // the thing asked for does not exist (or may not be seen)
    kConflict,         // the thing changed under the caller, or already exists
    kUnauthenticated,  // sign-in needed
    kForbidden,        // signed in, but not allowed
    kPayloadTooLarge,  // a body or file over its limit
    kRateLimited,      // too many attempts; try later
    kUnavailable,      // a dependency (database, scanner) cannot be reached now
    kInternal,         // a bug or an unexpected failure
};

// Stable machine-readable name used in JSON errors ("not_found", ...).
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;  // English, for logs and API clients; pages use message catalogues.

    static Error InvalidArgument(std::string m) { return {ErrorCode::kInvalidArgument, std::move(m)}; }
    static Error NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
    static Error Conflict(std::string m) { return {ErrorCode::kConflict, std::move(m)}; }
    static Error Unavailable(std::string m) { return {ErrorCode::kUnavailable, std::move(m)}; }
    static Error Internal(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }
};

}  // namespace mocua::core
