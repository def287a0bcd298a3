#pragma once
// Server-sent events (text/event-stream) as a handler sees them, with no Beast type: a handler returns
// a Response whose `stream` is set, and the server keeps the connection open, writing whatever the
// producer sends, a heartbeat comment when nothing was sent for `heartbeat`, and ends when the producer
// closes the stream, the client goes away, or the server stops.
//
// Thread-safety: Send/Close may be called from any thread (the event hub's, the worker pool's); the
// server side (Take, SetWaker, Finish) is called by the connection's I/O thread only.
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace mocua::http {

// One event in the wire format: "id: …\nevent: …\ndata: …\n\n", one data line per line of `data`
// (a CR or LF in `data` starts a new data line, as the format requires). Empty `id`/`event` are left out.
std::string FormatServerSentEvent(std::string_view id, std::string_view event, std::string_view data);

class EventStream {
public:
    struct Options {
        // Comment line sent when nothing else was, so proxies and the client see the connection live and
        // a vanished client is noticed at the latest after this long.
        std::chrono::milliseconds heartbeat{15'000};
        // Reconnection delay suggested to the browser (the `retry:` field, sent first).
        std::chrono::milliseconds retry{3'000};
        // Chunks waiting to be written. A client that does not read falls behind; past this many
        // chunks the stream closes instead of buffering without limit (STYLE.md habit 5).
        std::size_t max_queued = 64;
    };

    EventStream();
    explicit EventStream(Options options);
    ~EventStream();
    EventStream(const EventStream&) = delete;
    EventStream& operator=(const EventStream&) = delete;

    // Queues one event. False (and nothing queued) when the stream is closed, or when the queue was
    // full: then the stream closes, so a slow client is dropped rather than buffered.
    bool Send(std::string_view id, std::string_view event, std::string_view data);
    // Ends the stream after what is queued has been written. Idempotent.
    void Close();
    bool closed() const;

    // Keeps `resource` alive until the stream ends (closed by either side), then releases it: an
    // event-hub subscription whose destructor unsubscribes, for instance.
    void Hold(std::shared_ptr<void> resource);

    const Options& options() const { return options_; }

    // --- server side ---
    // Called (from any thread) whenever something is queued or the stream is closed. Set once.
    void SetWaker(std::function<void()> waker);
    // Everything queued so far, in order (empty when nothing is).
    std::vector<std::string> Take();
    // The connection has ended: closes the stream and releases what Hold kept.
    void Finish();

private:
    Options options_;
    mutable std::mutex mu_;
    std::deque<std::string> queue_;
    bool closed_ = false;
    std::function<void()> waker_;
    std::vector<std::shared_ptr<void>> held_;
};

}  // namespace mocua::http
