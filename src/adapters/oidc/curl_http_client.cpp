#include "adapters/oidc/curl_http_client.hpp"

#include <curl/curl.h>

#include <memory>

namespace mocua::adapters::oidc {

namespace {

struct EasyDeleter {
    void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Sink {
    HttpResponse* response;
    std::size_t limit;
    bool too_long = false;
};

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const std::size_t n = size * count;
    if (sink->response->body.size() + n > sink->limit) {
        sink->too_long = true;
        return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
    }
    sink->response->body.append(data, n);
    return n;
}

std::size_t OnHeader(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const std::size_t n = size * count;
    std::string_view line(data, n);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
    if (line.rfind("HTTP/", 0) == 0) {
        sink->response->headers.clear();  // a new response (after 100 Continue): keep only its headers
        return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return n;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    sink->response->headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
    return n;
}

core::Error Failure(std::string_view what) { return core::Error::Unavailable("http: " + std::string(what)); }

}  // namespace

CurlHttpClient::CurlHttpClient(Options options) : options_(std::move(options)) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

CurlHttpClient::~CurlHttpClient() { curl_global_cleanup(); }

core::Result<HttpResponse> CurlHttpClient::Send(const HttpRequest& request) {
    std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
    if (!easy) return Failure("cannot create a transfer");
    CURL* h = easy.get();

    HttpResponse response;
    Sink sink{&response, options_.max_body_bytes};
    std::unique_ptr<curl_slist, SlistDeleter> header_list;
    for (const auto& header : request.headers) {
        const std::string line = header.name + ": " + header.value;
        curl_slist* next = curl_slist_append(header_list.get(), line.c_str());
        if (!next) return Failure("out of memory");
        header_list.release();
        header_list.reset(next);
    }

    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    // Only the schemes we mean to speak, for the request and (were redirects followed) any redirect.
    const char* protocols = options_.allow_http ? "https,http" : "https";
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, protocols);
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for time-outs: we run on worker threads
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
    curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &sink);
    if (header_list) curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list.get());
    if (request.method == HttpRequest::Method::kPost) {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    } else {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }
    if (request.basic_auth) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
        curl_easy_setopt(h, CURLOPT_USERNAME, request.basic_auth->user.c_str());
        curl_easy_setopt(h, CURLOPT_PASSWORD, request.basic_auth->password.c_str());
    }

    const CURLcode rc = curl_easy_perform(h);
    if (sink.too_long)
        return Failure("response body over " + std::to_string(options_.max_body_bytes) + " bytes");
    if (rc != CURLE_OK) return Failure(curl_easy_strerror(rc));
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return response;
}

}  // namespace mocua::adapters::oidc
