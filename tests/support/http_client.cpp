#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace mocua::testing {

HttpConnection::HttpConnection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd_);
        throw std::runtime_error("connect failed: " + std::string(std::strerror(errno)));
    }
}

HttpConnection::~HttpConnection() {
    if (fd_ >= 0) ::close(fd_);
}

void HttpConnection::SendRaw(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) throw std::runtime_error("send failed: " + std::string(std::strerror(errno)));
        sent += static_cast<std::size_t>(n);
    }
}

namespace {
// Reads more bytes into `buffer`; false on close, error or timeout.
bool ReadMore(int fd, std::string& buffer, std::chrono::steady_clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[16384];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(n));
    return true;
}
}  // namespace

std::optional<HttpReply> HttpConnection::Read(bool head, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
        if (!ReadMore(fd_, buffer_, deadline)) return std::nullopt;
    }
    HttpReply reply;
    const std::string head_text = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    std::size_t line_end = head_text.find("\r\n");
    const std::string status_line = head_text.substr(0, line_end);
    if (status_line.size() < 12) return std::nullopt;
    reply.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
        const std::size_t start = line_end + 2;
        line_end = head_text.find("\r\n", start);
        const std::string line =
            head_text.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        if (name == "set-cookie") reply.set_cookies.push_back(value);
        reply.headers[name] = value;
    }
    const bool no_body = head || reply.status == 204 || reply.status == 304 || reply.status < 200;
    const std::size_t length = no_body || reply.header("content-length").empty()
                                   ? 0
                                   : static_cast<std::size_t>(std::stoull(reply.header("content-length")));
    while (buffer_.size() < length) {
        if (!ReadMore(fd_, buffer_, deadline)) return std::nullopt;
    }
    reply.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return reply;
}

HttpReply HttpConnection::Request(const std::string& method, const std::string& target,
                                  const std::string& body,
                                  const std::map<std::string, std::string>& headers) {
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
    if (!body.empty() || method == "POST" || method == "PUT")
        req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    req += "\r\n" + body;
    SendRaw(req);
    auto reply = Read(method == "HEAD");
    if (!reply) throw std::runtime_error("no reply to " + method + " " + target);
    return *reply;
}

bool HttpConnection::WaitForClose(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd_, POLLIN, 0};
        const int r = ::poll(&p, 1, static_cast<int>(left.count()));
        if (r <= 0) return false;
        char chunk[4096];
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return true;  // closed (0) or reset (<0)
        buffer_.append(chunk, static_cast<std::size_t>(n));
    }
}

std::string FormFieldValue(const std::string& html, const std::string& name) {
    // Plain search, not std::regex: values can be many kilobytes (sealed state), and libstdc++'s
    // regex recurses once per character.
    const std::string marker = "name=\"" + name + "\" value=\"";
    const auto at = html.find(marker);
    if (at == std::string::npos) return "";
    const auto start = at + marker.size();
    const auto end = html.find('"', start);
    return end == std::string::npos ? "" : html.substr(start, end - start);
}

std::string CookieFrom(const HttpReply& reply, const std::string& name) {
    const std::string all = reply.header("set-cookie");
    std::smatch m;
    if (std::regex_search(all, m, std::regex(name + "=([^;,\\s]+)"))) return name + "=" + m[1].str();
    return "";
}

std::string FormEncode(const std::map<std::string, std::string>& fields) {
    std::ostringstream out;
    bool first = true;
    for (const auto& [k, v] : fields) {
        if (!first) out << '&';
        first = false;
        out << k << '=';
        for (unsigned char c : v) {
            if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
                out << c;
            } else {
                out << '%' << "0123456789ABCDEF"[c >> 4] << "0123456789ABCDEF"[c & 15];
            }
        }
    }
    return out.str();
}

HttpReply Fetch(std::uint16_t port, const std::string& method, const std::string& target,
                const std::string& body, const std::map<std::string, std::string>& headers) {
    HttpConnection c(port);
    return c.Request(method, target, body, headers);
}

}  // namespace mocua::testing
