#include "adapters/oidc/errors.hpp"

#include <string>

namespace mocua::adapters::oidc {

core::Error MakeError(std::string_view code) {
    core::ErrorCode kind = core::ErrorCode::kUnauthenticated;
    if (code == kProviderUnreachable || code == kBadDiscovery || code == kIssuerMismatch ||
        code == kBadJwks) {
        kind = core::ErrorCode::kUnavailable;
    } else if (code == kNoRandomness) {
        kind = core::ErrorCode::kInternal;
    }
    return core::Error{kind, std::string(code)};
}

}  // namespace mocua::adapters::oidc
