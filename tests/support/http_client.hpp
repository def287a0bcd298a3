#pragma once
// A deliberately small HTTP/1.1 client on POSIX sockets for integration tests. It can send exactly
// the bytes a test wants (malformed requests, slow headers) and read what the server answers.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mocua::testing {

struct HttpReply {
    int status = 0;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::vector<std::string> set_cookies;        // every Set-Cookie value, in order (headers keeps the last)
    std::string body;
    std::string header(const std::string& lower_name) const {
        auto it = headers.find(lower_name);
        return it == headers.end() ? "" : it->second;
    }
};

class HttpConnection {
public:
    // Connects to 127.0.0.1:port. Throws std::runtime_error on failure.
    explicit HttpConnection(std::uint16_t port);
    ~HttpConnection();
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    void SendRaw(const std::string& bytes);
    // Reads one response (Content-Length bodies; HEAD when `head`). nullopt if the server closed first.
    std::optional<HttpReply> Read(bool head = false,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Sends a simple request with keep-alive and reads the reply.
    HttpReply Request(const std::string& method, const std::string& target, const std::string& body = "",
                      const std::map<std::string, std::string>& headers = {});
    // Blocks until the server closes the connection (true) or the timeout passes (false).
    bool WaitForClose(std::chrono::milliseconds timeout);

private:
    int fd_ = -1;
    std::string buffer_;
};

// The value of the first `<input name="NAME" value="…">` in an HTML page ("" when absent): hidden
// form fields such as the CSRF token.
std::string FormFieldValue(const std::string& html, const std::string& name);

// "NAME=value" for the cookie NAME set by a reply ("" when not set). The client keeps one value per
// header name, so repeated Set-Cookie headers are searched as one string.
std::string CookieFrom(const HttpReply& reply, const std::string& name);

// application/x-www-form-urlencoded body from fields (UTF-8 percent-encoded).
std::string FormEncode(const std::map<std::string, std::string>& fields);

// One request on a fresh connection.
HttpReply Fetch(std::uint16_t port, const std::string& method, const std::string& target,
                const std::string& body = "", const std::map<std::string, std::string>& headers = {});

}  // namespace mocua::testing
