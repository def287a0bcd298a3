#include "core/worker_pool.hpp"

namespace mocua::core {

WorkerPool::WorkerPool(int threads, std::size_t capacity) : capacity_(capacity) {
    threads_.reserve(static_cast<std::size_t>(threads));
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() { Stop(); }

bool WorkerPool::TrySubmit(std::function<void()> task) {
    bool wake = false;
    {
        std::lock_guard lock(mu_);
        if (stopping_ || queue_.size() >= capacity_) return false;
        queue_.push_back(std::move(task));
        queued_.store(queue_.size(), std::memory_order_relaxed);
        wake = sleepers_ > 0;
    }
    if (wake) cv_.notify_one();
    return true;
}

void WorkerPool::Stop() {
    std::lock_guard stop_lock(stop_mu_);  // concurrent Stop() calls join once
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

std::size_t WorkerPool::queue_depth() const {
    std::lock_guard lock(mu_);
    return queue_.size();
}

std::size_t WorkerPool::busy() const {
    std::lock_guard lock(mu_);
    return busy_;
}

void WorkerPool::Loop() {
    for (;;) {
        // Under load a task arrives every few microseconds: look again a few times, yielding the
        // core, before sleeping, so that a busy pool does not pay a futex wake-up per task.
        for (int spin = 0; spin < kSpinsBeforeSleep && queued_.load(std::memory_order_relaxed) == 0; ++spin) {
            std::this_thread::yield();
        }
        std::function<void()> task;
        {
            std::unique_lock lock(mu_);
            ++sleepers_;
            cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            --sleepers_;
            if (queue_.empty()) return;  // stopping, and the queue is drained
            task = std::move(queue_.front());
            queue_.pop_front();
            queued_.store(queue_.size(), std::memory_order_relaxed);
            ++busy_;
        }
        task();
        std::lock_guard lock(mu_);
        --busy_;
    }
}

}  // namespace mocua::core
