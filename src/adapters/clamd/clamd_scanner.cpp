#include "adapters/clamd/clamd_scanner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <utility>

#include <spdlog/spdlog.h>

#include "log/log.hpp"

namespace mocua::adapters::clamd {
namespace {

using domain::scan::ScanError;
using domain::scan::ScanResult;
using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kMaxReply = 4096;
constexpr std::string_view kStreamPrefix = "stream: ";
constexpr std::string_view kFoundSuffix = " FOUND";
constexpr std::string_view kSizeLimit = "INSTREAM size limit exceeded";

std::shared_ptr<spdlog::logger> Log() { return log::Get("clamd"); }

// Owns a file descriptor.
class Socket {
public:
    explicit Socket(int fd) : fd_(fd) {}
    Socket(Socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    Socket& operator=(Socket&&) = delete;
    ~Socket() {
        if (fd_ >= 0) ::close(fd_);
    }
    int fd() const { return fd_; }

private:
    int fd_;
};

// Waits up to `timeout` for `events`. Returns the revents, 0 on time-out, -1 when poll fails.
int Wait(int fd, short events, milliseconds timeout) {
    const auto deadline = SteadyClock::now() + timeout;
    for (;;) {
        auto left = std::chrono::duration_cast<milliseconds>(deadline - SteadyClock::now()).count();
        pollfd p{fd, events, 0};
        int n =
            ::poll(&p, 1, static_cast<int>(std::clamp<long long>(left, 0, std::numeric_limits<int>::max())));
        if (n > 0) return p.revents;
        if (n == 0) return 0;
        if (errno != EINTR) return -1;
    }
}

std::string Errno(int err) { return std::strerror(err); }

core::Result<Socket> Connect(const std::string& path, milliseconds timeout) {
    Socket s(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (s.fd() < 0) {
        Log()->warn("clamd: cannot create a socket: {}", Errno(errno));
        return ScanError(domain::scan::kUnavailable);
    }
    // A blocking connect on a Unix socket waits for room in clamd's backlog for at most SO_SNDTIMEO
    // (then EAGAIN), so a busy clamd delays the caller by at most `timeout`. Afterwards the socket is
    // non-blocking and every wait goes through poll().
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    if (::setsockopt(s.fd(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0) {
        Log()->warn("clamd: cannot set the connect time-out: {}", Errno(errno));
        return ScanError(domain::scan::kUnavailable);
    }
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.data(), path.size());  // length checked by the constructor
    if (::connect(s.fd(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        const int err = errno;
        Log()->warn("clamd: cannot connect to {}: {}", path,
                    err == EAGAIN ? "time-out (clamd busy)" : Errno(err));
        return ScanError(domain::scan::kUnavailable);
    }
    const int flags = ::fcntl(s.fd(), F_GETFL);
    if (flags < 0 || ::fcntl(s.fd(), F_SETFL, flags | O_NONBLOCK) != 0) {
        Log()->warn("clamd: cannot make the socket non-blocking: {}", Errno(errno));
        return ScanError(domain::scan::kUnavailable);
    }
    return s;
}

enum class Sent { kAll, kPeerAnswered, kTimedOut, kFailed };

// Sends `data` unless clamd speaks or hangs up first (it answers early only to refuse the stream).
Sent SendAll(int fd, std::string_view data, milliseconds timeout) {
    while (!data.empty()) {
        ssize_t w = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (w > 0) {
            data.remove_prefix(static_cast<std::size_t>(w));
            continue;
        }
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            int r = Wait(fd, POLLOUT | POLLIN, timeout);
            if (r == 0) return Sent::kTimedOut;
            if (r < 0) return Sent::kFailed;
            if (r & (POLLIN | POLLHUP | POLLERR)) return Sent::kPeerAnswered;
            continue;
        }
        if (w < 0 && (errno == EPIPE || errno == ECONNRESET)) return Sent::kPeerAnswered;
        Log()->warn("clamd: send failed: {}", Errno(errno));
        return Sent::kFailed;
    }
    return Sent::kAll;
}

// True when clamd has already answered or hung up (checked between chunks, without waiting).
bool PeerSpoke(int fd) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

struct Reply {
    std::string text;
    bool terminated = false;  // ended by NUL, as the z-prefixed protocol promises
};

core::Result<Reply> ReadReply(int fd, milliseconds timeout) {
    Reply reply;
    std::array<char, 512> buf{};
    for (;;) {
        ssize_t r = ::recv(fd, buf.data(), buf.size(), 0);
        if (r > 0) {
            reply.text.append(buf.data(), static_cast<std::size_t>(r));
            if (auto nul = reply.text.find('\0'); nul != std::string::npos) {
                reply.text.resize(nul);
                reply.terminated = true;
                return reply;
            }
            if (reply.text.size() > kMaxReply) {
                Log()->warn("clamd: reply longer than {} bytes", kMaxReply);
                return ScanError(domain::scan::kProtocol);
            }
            continue;
        }
        if (r == 0) break;  // clamd closed the connection
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            int w = Wait(fd, POLLIN, timeout);
            if (w == 0) {
                Log()->warn("clamd: no reply within {} ms", timeout.count());
                return ScanError(domain::scan::kUnavailable);
            }
            if (w < 0) return ScanError(domain::scan::kUnavailable);
            continue;
        }
        if (errno == ECONNRESET) break;
        Log()->warn("clamd: receive failed: {}", Errno(errno));
        return ScanError(domain::scan::kUnavailable);
    }
    if (reply.text.empty()) {
        Log()->warn("clamd: connection closed without a reply");
        return ScanError(domain::scan::kUnavailable);
    }
    return reply;
}

}  // namespace

ClamdScanner::ClamdScanner(ClamdOptions options) : options_(std::move(options)) {
    if (options_.socket_path.empty() || options_.socket_path.size() >= sizeof(sockaddr_un::sun_path))
        throw std::invalid_argument("clamd socket path must be 1 to 107 bytes long");
    if (options_.chunk_bytes == 0 || options_.chunk_bytes > (std::size_t{1} << 31))
        throw std::invalid_argument("clamd chunk size must be between 1 byte and 2 GiB");
    if (options_.timeout.count() <= 0) throw std::invalid_argument("clamd time-out must be positive");
}

core::Result<ScanResult> ClamdScanner::ParseScanReply(std::string_view reply) {
    if (reply.find(kSizeLimit) != std::string_view::npos) return ScanError(domain::scan::kTooLarge);
    if (!reply.starts_with(kStreamPrefix)) return ScanError(domain::scan::kProtocol);
    std::string_view rest = reply.substr(kStreamPrefix.size());
    if (rest == "OK") return ScanResult{true, ""};
    if (rest.ends_with(kFoundSuffix)) {
        std::string_view signature = rest.substr(0, rest.size() - kFoundSuffix.size());
        bool printable = !signature.empty();
        for (char c : signature)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) printable = false;
        if (printable) return ScanResult{false, std::string(signature)};
    }
    return ScanError(domain::scan::kProtocol);  // "... ERROR" and anything unexpected
}

core::Result<ScanResult> ClamdScanner::Scan(std::string_view bytes) {
    auto socket = Connect(options_.socket_path, options_.timeout);
    if (!socket) return socket.error();
    const int fd = socket->fd();

    // The command includes its NUL terminator.
    Sent sent = SendAll(fd, std::string_view("zINSTREAM\0", 10), options_.timeout);
    std::size_t offset = 0;
    while (sent == Sent::kAll && offset < bytes.size()) {
        if (PeerSpoke(fd)) {
            sent = Sent::kPeerAnswered;
            break;
        }
        const std::size_t n = std::min(options_.chunk_bytes, bytes.size() - offset);
        const auto len = static_cast<std::uint32_t>(n);
        const std::array<char, 4> header = {static_cast<char>(len >> 24), static_cast<char>(len >> 16),
                                            static_cast<char>(len >> 8), static_cast<char>(len)};
        sent = SendAll(fd, std::string_view(header.data(), header.size()), options_.timeout);
        if (sent == Sent::kAll) sent = SendAll(fd, bytes.substr(offset, n), options_.timeout);
        offset += n;
    }
    if (sent == Sent::kAll) sent = SendAll(fd, std::string_view("\0\0\0\0", 4), options_.timeout);
    if (sent == Sent::kTimedOut) {
        Log()->warn("clamd: could not send within {} ms", options_.timeout.count());
        return ScanError(domain::scan::kUnavailable);
    }
    if (sent == Sent::kFailed) return ScanError(domain::scan::kUnavailable);

    auto reply = ReadReply(fd, options_.timeout);
    if (!reply) return reply.error();
    auto result = ParseScanReply(reply->text);
    if (!result) {
        if (result.error().message != domain::scan::kTooLarge)
            Log()->warn("clamd: unexpected INSTREAM reply: {:.200}", reply->text);
        return result;
    }
    // Fail closed: "clean" counts only for the whole stream and a complete reply. A verdict that came
    // before every byte was sent, or a reply cut off by a closed connection, judged something else.
    if (result->clean && (sent != Sent::kAll || !reply->terminated)) {
        Log()->warn("clamd: OK before the end of the stream or without its terminator");
        return ScanError(domain::scan::kProtocol);
    }
    return result;
}

core::Result<std::string> ClamdScanner::Command(std::string_view command) {
    auto socket = Connect(options_.socket_path, options_.timeout);
    if (!socket) return socket.error();
    std::string line = "z";
    line.append(command);
    line.push_back('\0');
    Sent sent = SendAll(socket->fd(), line, options_.timeout);
    if (sent == Sent::kTimedOut || sent == Sent::kFailed) return ScanError(domain::scan::kUnavailable);
    auto reply = ReadReply(socket->fd(), options_.timeout);
    if (!reply) return reply.error();
    if (!reply->terminated) return ScanError(domain::scan::kProtocol);
    return std::move(reply->text);
}

bool ClamdScanner::Available() {
    auto reply = Command("PING");
    return reply.ok() && *reply == "PONG";
}

core::Result<std::string> ClamdScanner::Version() {
    auto reply = Command("VERSION");
    if (!reply) return reply.error();
    if (reply->empty()) return ScanError(domain::scan::kProtocol);
    return reply;
}

}  // namespace mocua::adapters::clamd
