#pragma once
// Small pieces every page handler that changes state needs: the audit actor of a request, and
// short-lived state the browser carries between two pages, sealed so only this server can read it.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "domain/audit/audit.hpp"

namespace mocua::core {
class Clock;
}
namespace mocua::domain::identity {
class Crypto;
struct Principal;
}  // namespace mocua::domain::identity
namespace mocua::http {
struct Request;
}

namespace mocua::web {

// Who acts (the principal's account, when signed in), from which address, in which request.
domain::audit::Actor ActorOf(const http::Request& request);

// How long sealed page state is accepted after it was made.
inline constexpr std::chrono::minutes kSealedStateLifetime{10};

// Sealed JSON for a hidden form field (XChaCha20-Poly1305 with the web-state key): the browser holds
// only ciphertext. The time it was made is added and checked by OpenState.
std::string SealState(const domain::identity::Crypto& sealer, const core::Clock& clock, nlohmann::json state);
// The state, or nullopt when it was not sealed by this server, is malformed or older than the lifetime.
std::optional<nlohmann::json> OpenState(const domain::identity::Crypto& sealer, const core::Clock& clock,
                                        std::string_view sealed);

// The identity module's view of the caller (account, kind and grants), for unit-scope checks with
// domain::identity::AccessControl. Requires request.principal.
domain::identity::Principal DomainPrincipal(const http::Request& request);

// j[key] when it is a string, else "".
std::string StringAt(const nlohmann::json& j, const char* key);

}  // namespace mocua::web
