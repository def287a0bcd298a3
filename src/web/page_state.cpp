#include "web/page_state.hpp"

#include "core/clock.hpp"
#include "domain/identity/crypto.hpp"
#include "domain/identity/identity_service.hpp"
#include "http/message.hpp"

namespace mocua::web {

namespace {

std::int64_t UnixSeconds(core::TimePoint t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

domain::audit::Actor ActorOf(const http::Request& request) {
    domain::audit::Actor actor;
    if (request.principal) actor.account_id = request.principal->account_id;
    actor.ip = request.remote_address;
    actor.request_id = request.request_id;
    return actor;
}

std::string SealState(const domain::identity::Crypto& sealer, const core::Clock& clock,
                      nlohmann::json state) {
    state["t"] = UnixSeconds(clock.Now());
    return sealer.Seal(state.dump());
}

std::optional<nlohmann::json> OpenState(const domain::identity::Crypto& sealer, const core::Clock& clock,
                                        std::string_view sealed) {
    if (sealed.empty()) return std::nullopt;
    auto opened = sealer.Open(sealed);
    if (!opened) return std::nullopt;
    auto state = nlohmann::json::parse(*opened, nullptr, false);
    if (!state.is_object() || !state.contains("t") || !state["t"].is_number_integer()) return std::nullopt;
    const auto age = UnixSeconds(clock.Now()) - state["t"].get<std::int64_t>();
    if (age < 0 || age > std::chrono::duration_cast<std::chrono::seconds>(kSealedStateLifetime).count())
        return std::nullopt;
    return state;
}

domain::identity::Principal DomainPrincipal(const http::Request& request) {
    domain::identity::Principal p;
    p.account_id = request.principal->account_id;
    p.kind = domain::identity::ParseAccountKind(request.principal->kind).value_or(domain::identity::AccountKind::kCitizen);
    for (const auto& [role, unit] : request.principal->grants) {
        domain::identity::Grant g;
        g.account_id = p.account_id;
        g.role = role;
        g.unit_id = unit;
        p.grants.push_back(std::move(g));
    }
    return p;
}

std::string StringAt(const nlohmann::json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

}  // namespace mocua::web
