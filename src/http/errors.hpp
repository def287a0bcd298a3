#pragma once
// The one table from error codes to HTTP status, and the one JSON error shape:
//   {"error":{"code":"not_found","message":"…","request_id":"…"}}
#include <string_view>

#include "core/error.hpp"
#include "http/message.hpp"

namespace mocua::http {

int StatusFor(core::ErrorCode code);

// A JSON error response in the API's one shape.
Response JsonError(int status, std::string_view code, std::string_view message, std::string_view request_id);
Response JsonError(const core::Error& error, std::string_view request_id);
// The same with the rule that refused the request ("kpi.date"), for clients that branch on it:
//   {"error":{"code","rule","message","request_id"}}
Response JsonError(int status, std::string_view code, std::string_view rule, std::string_view message,
                   std::string_view request_id);

// The reason phrase for a status ("Not Found").
std::string_view ReasonPhrase(int status);

}  // namespace mocua::http
