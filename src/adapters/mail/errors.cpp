#include "adapters/mail/errors.hpp"

namespace mocua::adapters::mail {

core::Error MakeError(std::string_view code, std::string_view detail) {
    core::ErrorCode kind = core::ErrorCode::kInvalidArgument;
    if (code == kUnreachable || code == kDeferred) {
        kind = core::ErrorCode::kUnavailable;
    } else if (code == kRejected) {
        kind = core::ErrorCode::kConflict;
    }
    std::string message(code);
    if (!detail.empty()) message += ": " + std::string(detail);
    return core::Error{kind, std::move(message)};
}

std::string_view CodeOf(const core::Error& error) {
    for (std::string_view code : {kUnreachable, kDeferred, kRejected, kInvalidAddress, kInvalidHeader}) {
        const std::string_view m = error.message;
        if (m.starts_with(code) && (m.size() == code.size() || m[code.size()] == ':')) return code;
    }
    return {};
}

bool IsTemporary(const core::Error& error) {
    const std::string_view code = CodeOf(error);
    return code == kUnreachable || code == kDeferred;
}

}  // namespace mocua::adapters::mail
