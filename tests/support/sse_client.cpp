#include "support/sse_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace mocua::testing {

SseClient::SseClient(std::uint16_t port, const std::string& target, const std::string& extra_headers) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd_);
        throw std::runtime_error("connect failed");
    }
    const std::string request = "GET " + target +
                                " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n" +
                                extra_headers + "\r\n";
    std::size_t sent = 0;
    while (sent < request.size()) {
        const ssize_t n = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) throw std::runtime_error("send failed");
        sent += static_cast<std::size_t>(n);
    }
}

SseClient::~SseClient() { Close(); }

void SseClient::Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

bool SseClient::ReadSome(std::chrono::steady_clock::time_point deadline) {
    if (fd_ < 0 || closed_) return false;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
        closed_ = true;
        return false;
    }
    received_.append(buf, static_cast<std::size_t>(n));
    return true;
}

std::size_t SseClient::WaitFor(const std::string& needle, std::chrono::milliseconds timeout,
                               std::size_t from) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (from <= received_.size()) {
            const auto at = received_.find(needle, from);
            if (at != std::string::npos) return at + needle.size();
        }
        if (!ReadSome(deadline)) return std::string::npos;
    }
}

bool SseClient::WaitForClose(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed_) {
        if (!ReadSome(deadline) && !closed_) return false;
    }
    return true;
}

int SseClient::status() const {
    if (received_.size() < 12 || received_.compare(0, 5, "HTTP/") != 0) return 0;
    return std::atoi(received_.substr(9, 3).c_str());
}

}  // namespace mocua::testing
