#pragma once
// Request and Response as handlers see them. No Beast type crosses this line (STYLE.md habit 3):
// the server converts to and from the wire.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mocua::http {

class EventStream;  // http/event_stream.hpp

using Headers = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive header lookup; the first match wins.
std::optional<std::string_view> FindHeader(const Headers& headers, std::string_view name);

// Who is calling, as the authenticator (identity module) resolved it from a session cookie or a
// bearer token. Role names are those held in any unit; unit scope is checked by the services.
struct Principal {
    std::int64_t account_id = 0;
    std::string kind;                // "citizen", "business", "staff"
    std::vector<std::string> roles;  // "onestop_officer", "leader", …
    // Each role with the unit (org_units id) whose subtree it covers; services check unit scope with it.
    std::vector<std::pair<std::string, std::int64_t>> grants;
    // A local path the user must complete before anything else that needs sign-in (change a one-time
    // password, enrol a second factor); "" when none. Routes opt out with
    // RouteOptions::before_required_step; other pages redirect there and the API answers 403.
    std::string required_step;
    bool HasAnyRole(const std::vector<std::string>& wanted) const;
};

struct Request {
    std::string method;  // "GET", upper case as sent
    std::string target;  // as sent: "/a/b?x=1"
    std::string path;    // percent-decoded, no query: "/a/b"
    std::string query;   // raw, without '?'
    Headers headers;
    std::string body;
    std::vector<std::pair<std::string, std::string>> params;  // path parameters, filled by the router
    std::string request_id;
    std::string remote_address;
    std::optional<Principal> principal;  // set by the pipeline before a blocking handler runs

    std::optional<std::string_view> Header(std::string_view name) const { return FindHeader(headers, name); }
    // A path parameter by name; "" when absent (the router guarantees declared ones are present).
    const std::string& Param(std::string_view name) const;
    // A typed path parameter declared as {name:int}.
    std::int64_t IntParam(std::string_view name) const;
    // The first query parameter `name`, percent-decoded ('+' is a space); nullopt when absent.
    std::optional<std::string> QueryParam(std::string_view name) const;
};

struct Response {
    int status = 200;
    Headers headers;
    std::string body;
    // Set for a text/event-stream answer (http/event_stream.hpp): the server writes the headers, then
    // the events as they come, instead of `body`. Ignored on HEAD and on any status but 200.
    std::shared_ptr<EventStream> stream;

    void SetHeader(std::string name, std::string value);
    std::optional<std::string_view> Header(std::string_view name) const { return FindHeader(headers, name); }

    static Response Text(int status, std::string body,
                         std::string content_type = "text/plain; charset=utf-8");
    static Response Json(int status, std::string json_text);
    static Response Empty(int status);
    // 200 text/event-stream fed by `stream`, with the headers that keep caches and proxies from
    // holding events back (Cache-Control: no-cache, X-Accel-Buffering: no).
    static Response EventStreamOf(std::shared_ptr<EventStream> stream);
};

// Percent-decodes `in`. With `plus_as_space`, '+' becomes ' ' (query strings). nullopt when an escape
// is malformed or the result holds a NUL byte.
std::optional<std::string> PercentDecode(std::string_view in, bool plus_as_space);

// Splits a request target into a decoded path and raw query. nullopt when the path is not a clean
// absolute path: missing leading '/', malformed escapes, NUL, an encoded '/' or '\', or a "." or ".."
// segment (after decoding) that could walk out of a folder.
struct Target {
    std::string path;
    std::string query;
};
std::optional<Target> ParseTarget(std::string_view target);

}  // namespace mocua::http
