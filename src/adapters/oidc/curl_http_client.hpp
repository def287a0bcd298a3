#pragma once
// CurlHttpClient: HttpClient on libcurl. libcurl stays inside curl_http_client.cpp.
//
// Each Send uses its own easy handle, so one client may be shared by every thread. Construction calls
// curl_global_init (reference-counted, thread-safe in the libcurl Debian ships) and destruction
// curl_global_cleanup.
#include <chrono>
#include <cstddef>
#include <string>

#include "adapters/oidc/http_client.hpp"

namespace mocua::adapters::oidc {

class CurlHttpClient final : public HttpClient {
public:
    struct Options {
        std::chrono::milliseconds connect_timeout{5000};
        std::chrono::milliseconds total_timeout{15000};  // whole request, including the body
        std::size_t max_body_bytes = 1 << 20;            // a larger response body is an error
        std::string ca_file;                             // PEM bundle; empty = the system's trust store
        bool allow_http = false;  // plain http:// (loopback tests only); https:// is always allowed
        std::string user_agent = "mocua-oidc";
    };

    explicit CurlHttpClient(Options options);
    CurlHttpClient() : CurlHttpClient(Options{}) {}
    ~CurlHttpClient() override;
    CurlHttpClient(const CurlHttpClient&) = delete;
    CurlHttpClient& operator=(const CurlHttpClient&) = delete;

    // Errors: kUnavailable "http: <curl's reason>" on network failure, time-out, TLS failure, a
    // refused scheme, or a body over max_body_bytes.
    core::Result<HttpResponse> Send(const HttpRequest& request) override;

private:
    Options options_;
};

}  // namespace mocua::adapters::oidc
