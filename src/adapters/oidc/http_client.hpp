#pragma once
// HttpClient: the outgoing-HTTP port of the OpenID Connect adapter. The OIDC logic speaks only to
// this interface, so it never sees libcurl and its tests can answer from memory. The production
// implementation is CurlHttpClient (curl_http_client.hpp).
//
// Contract for implementations:
//   * TLS certificates and host names are verified; redirects are not followed (a 3xx is returned).
//   * Every request has a time-out; a network failure, a time-out or an over-long body is an Error,
//     any HTTP status (including 4xx/5xx) is a response.
//   * Thread-safe: Send may be called from several threads at once.
// Errors: ErrorCode::kUnavailable with an English message for the log (never the request body, which
// may hold secrets).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/strings.hpp"

namespace mocua::adapters::oidc {

struct HttpHeader {
    std::string name;
    std::string value;
};

struct BasicAuth {
    std::string user;  // sent as is: encode first if the scheme asks for it (RFC 6749 2.3.1)
    std::string password;
};

struct HttpRequest {
    enum class Method { kGet, kPost };
    Method method = Method::kGet;
    std::string url;
    std::vector<HttpHeader> headers;
    std::string body;  // POST only; Content-Type goes in `headers`
    std::optional<BasicAuth> basic_auth;
};

struct HttpResponse {
    int status = 0;
    std::vector<HttpHeader> headers;  // as received, in order
    std::string body;

    // The first header called `name` (case-insensitive), or nullopt.
    std::optional<std::string> Header(std::string_view name) const;
};

class HttpClient {
public:
    virtual ~HttpClient() = default;

    // Performs one request. See the contract above.
    virtual core::Result<HttpResponse> Send(const HttpRequest& request) = 0;

    // GET `url` with extra headers.
    core::Result<HttpResponse> Get(std::string url, std::vector<HttpHeader> headers = {});
    // POST `fields` as application/x-www-form-urlencoded, with HTTP Basic credentials when given.
    core::Result<HttpResponse> PostForm(std::string url,
                                        const std::vector<std::pair<std::string, std::string>>& fields,
                                        std::optional<BasicAuth> basic_auth = std::nullopt);
};

using core::UrlEncode;  // RFC 3986 percent-encoding (core/strings.hpp)
// "k1=v1&k2=v2" with both sides UrlEncode'd (spaces as %20, which form decoders accept).
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);
// Decodes %XX and '+' (as a space). Malformed escapes are kept as they are.
std::string UrlDecode(std::string_view text);

}  // namespace mocua::adapters::oidc
