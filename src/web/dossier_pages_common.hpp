#pragma once
// What the dossier pages (counter, processing) share: the caller as the dossier module sees it, times
// shown in Vietnam time, lines of a textarea, and whole-number form values.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/dossier/dossier_service.hpp"

namespace mocua::app {
struct Services;
}
namespace mocua::http {
struct Request;
struct Response;
}

namespace mocua::web {

// The signed-in caller with the page's language and their name (printed on the forms they issue).
// `principal` must outlive the result.
domain::dossier::Caller CallerOf(const app::Services& s, const http::Request& request,
                                 const domain::identity::Principal& principal);

// A stored UTC time ("" or absent: "") as "HH:mm dd/MM/yyyy" in Vietnam time.
std::string ShowTime(const std::optional<std::string>& utc);

// The non-empty lines of a (cleaned) textarea value.
std::vector<std::string> Lines(const std::string& text);

// A whole number of at most 18 digits, or nullopt.
std::optional<std::int64_t> ParseId(const std::string& text);

// The staff roles that may read dossiers (dossier::StaffReaderRoles), as a route's access list.
std::vector<std::string> StaffRoles();

// A service error on a staff page: 404, 403, or a logged 500/503 with no detail for the browser.
http::Response Failure(const http::Request& request, const core::Error& e);

}  // namespace mocua::web
