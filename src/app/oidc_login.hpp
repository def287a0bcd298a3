#pragma once
// The e-ID login port of the web layer (web/vneid_pages.hpp) implemented with the OIDC client
// (adapters/oidc/), built by the composition root when `[oidc] enabled = true`.
#include <memory>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "web/vneid_pages.hpp"

namespace mocua::app {

// Builds the client from `config.oidc` and the secret in MOCUA_OIDC_CLIENT_SECRET (read here).
// Errors: InvalidArgument naming the missing key or variable. No network traffic: discovery happens
// at the first login. `clock` must outlive the result.
core::Result<std::unique_ptr<web::ExternalLogin>> MakeOidcLogin(const config::Config& config,
                                                                const core::Clock& clock);

}  // namespace mocua::app
