#include "core/error.hpp"

namespace mocua::core {

std::string_view ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return "invalid_argument";
        case ErrorCode::kNotFound:
            return "not_found";
        case ErrorCode::kConflict:
            return "conflict";
        case ErrorCode::kUnauthenticated:
            return "unauthenticated";
        case ErrorCode::kForbidden:
            return "forbidden";
        case ErrorCode::kPayloadTooLarge:
            return "payload_too_large";
        case ErrorCode::kRateLimited:
            return "rate_limited";
        case ErrorCode::kUnavailable:
            return "unavailable";
        case ErrorCode::kInternal:
            return "internal";
    }
    return "internal";
}

}  // namespace mocua::core
