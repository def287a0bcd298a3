#pragma once
// A client for text/event-stream answers in integration tests: sends one GET, then reads the stream
// as it arrives and waits (with a time-out, never a sleep) until a given text has been received.
#include <chrono>
#include <cstdint>
#include <string>

namespace mocua::testing {

class SseClient {
public:
    // Connects to 127.0.0.1:port and sends `GET target` with `extra_headers` ("Name: value\r\n" lines).
    // Throws std::runtime_error when the connection fails.
    SseClient(std::uint16_t port, const std::string& target, const std::string& extra_headers = "");
    ~SseClient();
    SseClient(const SseClient&) = delete;
    SseClient& operator=(const SseClient&) = delete;

    // Reads until everything received so far (headers included) contains `needle` after position
    // `from`, or the time-out passes, or the server closes. The position just past the match, or
    // std::string::npos.
    std::size_t WaitFor(const std::string& needle, std::chrono::milliseconds timeout, std::size_t from = 0);
    // Reads until the server closes the connection (true) or the time-out passes (false).
    bool WaitForClose(std::chrono::milliseconds timeout);
    // Closes the connection from this side (the browser tab goes away).
    void Close();

    const std::string& received() const { return received_; }
    // The status code of the answer, once its first line has arrived (0 before).
    int status() const;

private:
    bool ReadSome(std::chrono::steady_clock::time_point deadline);  // false: closed or timed out
    int fd_ = -1;
    bool closed_ = false;
    std::string received_;
};

}  // namespace mocua::testing
