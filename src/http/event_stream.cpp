#include "http/event_stream.hpp"

namespace mocua::http {

std::string FormatServerSentEvent(std::string_view id, std::string_view event, std::string_view data) {
    std::string out;
    out.reserve(data.size() + id.size() + event.size() + 24);
    // A line break inside the id or event name would end the field early; the format has no escape,
    // so they are cut at the first one (callers pass short tokens anyway).
    auto one_line = [](std::string_view s) { return s.substr(0, s.find_first_of("\r\n")); };
    if (!id.empty()) out.append("id: ").append(one_line(id)).append("\n");
    if (!event.empty()) out.append("event: ").append(one_line(event)).append("\n");
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = data.find_first_of("\r\n", start);
        out.append("data: ").append(data.substr(start, end == std::string_view::npos ? end : end - start));
        out.append("\n");
        if (end == std::string_view::npos) break;
        start = end + 1;
        if (data[end] == '\r' && start < data.size() && data[start] == '\n') ++start;  // CRLF is one break
    }
    out.append("\n");
    return out;
}

EventStream::EventStream() : EventStream(Options{}) {}
EventStream::EventStream(Options options) : options_(options) {}
EventStream::~EventStream() = default;

bool EventStream::Send(std::string_view id, std::string_view event, std::string_view data) {
    std::function<void()> wake;
    {
        std::lock_guard lock(mu_);
        if (closed_) return false;
        if (queue_.size() >= options_.max_queued) {
            closed_ = true;
            queue_.clear();
            wake = waker_;
        } else {
            queue_.push_back(FormatServerSentEvent(id, event, data));
            wake = waker_;
        }
    }
    if (wake) wake();
    return !closed();
}

void EventStream::Close() {
    std::function<void()> wake;
    {
        std::lock_guard lock(mu_);
        if (closed_) return;
        closed_ = true;
        wake = waker_;
    }
    if (wake) wake();
}

bool EventStream::closed() const {
    std::lock_guard lock(mu_);
    return closed_;
}

void EventStream::Hold(std::shared_ptr<void> resource) {
    std::lock_guard lock(mu_);
    held_.push_back(std::move(resource));
}

void EventStream::SetWaker(std::function<void()> waker) {
    std::lock_guard lock(mu_);
    waker_ = std::move(waker);
}

std::vector<std::string> EventStream::Take() {
    std::lock_guard lock(mu_);
    std::vector<std::string> out(std::make_move_iterator(queue_.begin()),
                                 std::make_move_iterator(queue_.end()));
    queue_.clear();
    return out;
}

void EventStream::Finish() {
    std::vector<std::shared_ptr<void>> held;
    {
        std::lock_guard lock(mu_);
        closed_ = true;
        queue_.clear();
        waker_ = nullptr;
        held.swap(held_);
    }
    // Released outside the lock: a subscription's destructor may take the hub's lock, and the hub may
    // be calling Send on this stream at the same moment.
}

}  // namespace mocua::http
