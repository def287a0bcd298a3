// The clamd client without clamd: reply parsing (the fail-closed rules) and fake servers on Unix sockets
// in a temporary folder that misbehave in the ways a real one can (absent, dead, silent, answering
// early). The real clamd is tested in tests/integration/clamd_test.cpp.
#include "adapters/clamd/clamd_scanner.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <thread>

namespace mocua::adapters::clamd {
namespace {

namespace scan = domain::scan;
using std::chrono::milliseconds;

TEST(ClamdReply, CleanOnlyOnExactlyOk) {
    auto ok = ClamdScanner::ParseScanReply("stream: OK");
    ASSERT_TRUE(ok.ok());
    EXPECT_TRUE(ok->clean);
    EXPECT_EQ(ok->signature, "");

    for (std::string_view doubtful :
         {"stream: OK ", "stream:OK", "OK", "stream: ok", "", "stream: ", "1: stream: OK", "stream: OKAY"}) {
        auto r = ClamdScanner::ParseScanReply(doubtful);
        ASSERT_FALSE(r.ok()) << "'" << doubtful << "' must not count as clean";
        EXPECT_EQ(r.error().message, scan::kProtocol);
        EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
    }
}

TEST(ClamdReply, FoundCarriesTheSignature) {
    auto r = ClamdScanner::ParseScanReply("stream: Eicar-Signature FOUND");
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->clean);
    EXPECT_EQ(r->signature, "Eicar-Signature");
    // An empty or unprintable name is not a verdict we can report.
    for (std::string_view bad : {"stream:  FOUND", "stream: FOUND", "stream: a\nb FOUND"}) {
        auto e = ClamdScanner::ParseScanReply(bad);
        ASSERT_FALSE(e.ok()) << bad;
        EXPECT_EQ(e.error().message, scan::kProtocol);
    }
}

TEST(ClamdReply, ErrorsAreErrors) {
    auto limit = ClamdScanner::ParseScanReply("INSTREAM size limit exceeded. ERROR");
    ASSERT_FALSE(limit.ok());
    EXPECT_EQ(limit.error().message, scan::kTooLarge);
    EXPECT_EQ(limit.error().code, core::ErrorCode::kPayloadTooLarge);

    auto engine = ClamdScanner::ParseScanReply("stream: Can't allocate memory ERROR");
    ASSERT_FALSE(engine.ok());
    EXPECT_EQ(engine.error().message, scan::kProtocol);
}

TEST(ClamdScanner, RefusesUnusableOptions) {
    EXPECT_THROW(ClamdScanner(ClamdOptions{"", milliseconds(100)}), std::invalid_argument);
    EXPECT_THROW(ClamdScanner(ClamdOptions{"/" + std::string(107, 'a'), milliseconds(100)}),
                 std::invalid_argument);
    EXPECT_THROW(ClamdScanner(ClamdOptions{"/tmp/x.sock", milliseconds(0)}), std::invalid_argument);
    EXPECT_THROW(ClamdScanner(ClamdOptions{"/tmp/x.sock", milliseconds(100), 0}), std::invalid_argument);
}

// A temporary folder for fake sockets, removed at the end.
class FakeClamd : public ::testing::Test {
protected:
    void SetUp() override {
        std::random_device rd;
        dir_ = std::filesystem::temp_directory_path() / ("mocua-clamd-fake-" + std::to_string(rd()));
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override {
        if (listener_ >= 0) ::close(listener_);
        std::filesystem::remove_all(dir_);
    }
    std::string Path(const char* name) const { return (dir_ / name).string(); }

    // Binds and listens on `path`; the socket is kept until TearDown unless closed.
    int Listen(const std::string& path) {
        int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        EXPECT_GE(fd, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, path.data(), path.size());
        EXPECT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0)
            << std::strerror(errno);
        EXPECT_EQ(::listen(fd, 8), 0);
        return fd;
    }

    ClamdScanner Scanner(const std::string& path, milliseconds timeout = milliseconds(300)) {
        return ClamdScanner(ClamdOptions{path, timeout, 64 * 1024});
    }

    std::filesystem::path dir_;
    int listener_ = -1;
};

// Asserts that `call` fails with `code` in well under a second (fail closed, fast).
template <typename F>
void ExpectFailsQuickly(F call, std::string_view code, milliseconds bound) {
    const auto start = std::chrono::steady_clock::now();
    auto r = call();
    const auto took = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(r.ok()) << "must fail closed";
    EXPECT_EQ(r.error().message, code);
    EXPECT_LT(took, bound);
}

TEST_F(FakeClamd, MissingSocketIsUnavailable) {
    auto scanner = Scanner(Path("absent.sock"));
    ExpectFailsQuickly([&] { return scanner.Scan("hello"); }, scan::kUnavailable, milliseconds(250));
    EXPECT_FALSE(scanner.Available());
}

TEST_F(FakeClamd, DeadSocketIsUnavailable) {
    // A socket file whose daemon has gone: connect is refused.
    ::close(Listen(Path("dead.sock")));
    ASSERT_TRUE(std::filesystem::exists(Path("dead.sock")));
    auto scanner = Scanner(Path("dead.sock"));
    ExpectFailsQuickly([&] { return scanner.Scan("hello"); }, scan::kUnavailable, milliseconds(250));
    EXPECT_FALSE(scanner.Available());
}

TEST_F(FakeClamd, SilentServerTimesOut) {
    // Listens but never accepts or answers (a hung clamd): the kernel queues the connection and our
    // bytes, and the wait for a reply ends at the time-out.
    listener_ = Listen(Path("silent.sock"));
    auto scanner = Scanner(Path("silent.sock"), milliseconds(200));
    const auto start = std::chrono::steady_clock::now();
    ExpectFailsQuickly([&] { return scanner.Scan("hello"); }, scan::kUnavailable, milliseconds(1500));
    EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(190));
    EXPECT_FALSE(scanner.Available());
    // A stream larger than the socket buffers: the wait to send more ends at the time-out too.
    ExpectFailsQuickly([&] { return scanner.Scan(std::string(8 << 20, 'x')); }, scan::kUnavailable,
                       milliseconds(1500));
}

// Accepts one connection, reads `read_bytes` bytes, sends `reply` and closes.
std::thread ServeOnce(int listener, std::size_t read_bytes, std::string reply) {
    return std::thread([listener, read_bytes, reply = std::move(reply)] {
        int c = ::accept(listener, nullptr, nullptr);
        if (c < 0) return;
        std::string got;
        char buf[4096];
        while (got.size() < read_bytes) {
            ssize_t n = ::recv(c, buf, std::min(sizeof buf, read_bytes - got.size()), 0);
            if (n <= 0) break;
            got.append(buf, static_cast<std::size_t>(n));
        }
        (void)::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
        ::close(c);
    });
}

TEST_F(FakeClamd, OkBeforeTheEndOfTheStreamIsNotClean) {
    // A broken server that says OK after reading only the command: most of the file was never scanned.
    listener_ = Listen(Path("early.sock"));
    auto server = ServeOnce(listener_, 10, std::string("stream: OK\0", 11));
    auto r = Scanner(Path("early.sock"), milliseconds(2000)).Scan(std::string(4 << 20, 'x'));
    server.join();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, scan::kProtocol);
}

TEST_F(FakeClamd, OkWithoutTerminatorIsNotClean) {
    // "stream: OK" cut off by a closed connection could be the start of "stream: OKish.Trojan FOUND".
    listener_ = Listen(Path("cut.sock"));
    const std::string body = "tiny";
    auto server = ServeOnce(listener_, 10 + 4 + body.size() + 4, "stream: OK");
    auto r = Scanner(Path("cut.sock"), milliseconds(2000)).Scan(body);
    server.join();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, scan::kProtocol);
}

TEST_F(FakeClamd, SendsTheDocumentedFrames) {
    // The exact bytes of an INSTREAM with a 3-byte chunk size: command, big-endian lengths, terminator.
    listener_ = Listen(Path("frames.sock"));
    std::string received;
    std::thread server([&] {
        int c = ::accept(listener_, nullptr, nullptr);
        char buf[256];
        // The stream ends with four zero bytes after the last chunk.
        while (received.size() < 4 || received.compare(received.size() - 4, 4, std::string(4, '\0')) != 0 ||
               received.size() <= 10) {
            ssize_t n = ::recv(c, buf, sizeof buf, 0);
            if (n <= 0) break;
            received.append(buf, static_cast<std::size_t>(n));
        }
        const std::string reply("stream: Test.Sig FOUND\0", 23);
        (void)::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
        ::close(c);
    });
    auto r = ClamdScanner(ClamdOptions{Path("frames.sock"), milliseconds(2000), 3}).Scan("abcdefg");
    server.join();
    const std::string expected = std::string("zINSTREAM\0", 10) + std::string("\0\0\0\3abc", 7) +
                                 std::string("\0\0\0\3def", 7) + std::string("\0\0\0\1g", 5) +
                                 std::string(4, '\0');
    EXPECT_EQ(received, expected);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_FALSE(r->clean);
    EXPECT_EQ(r->signature, "Test.Sig");
}

}  // namespace
}  // namespace mocua::adapters::clamd
