#pragma once
// A fixed set of threads with a bounded queue, for blocking work (database, files, PDF) that I/O
// threads must never do themselves (STYLE.md habit 5). Knows nothing of Asio: the HTTP server wraps
// TrySubmit in an awaitable.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace mocua::core {

class WorkerPool {
public:
    // Starts `threads` threads. At most `capacity` tasks wait; more are refused.
    WorkerPool(int threads, std::size_t capacity);
    ~WorkerPool();  // calls Stop()
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // Queues `task`. Returns false, without running it, when the queue is full or the pool stopped.
    // Thread-safe. A task must not throw; one that does ends the process (std::terminate).
    bool TrySubmit(std::function<void()> task);

    // Runs every task already queued, then joins the threads. Idempotent.
    void Stop();

    std::size_t queue_depth() const;  // tasks waiting
    std::size_t busy() const;         // tasks running
    int threads() const { return static_cast<int>(threads_.size()); }

private:
    void Loop();

    static constexpr int kSpinsBeforeSleep = 64;

    const std::size_t capacity_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> queue_;
    std::atomic<std::size_t> queued_{0};  // queue_.size(), readable without the lock
    std::size_t busy_ = 0;
    std::size_t sleepers_ = 0;  // threads waiting on cv_
    bool stopping_ = false;
    std::mutex stop_mu_;
    std::vector<std::thread> threads_;
};

}  // namespace mocua::core
