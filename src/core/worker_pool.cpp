#include "core/worker_pool.hpp"

namespace mocua::core {

WorkerPool::WorkerPool(int threads, std::size_t capacity) : capacity_(capacity) {
    threads_.reserve(static_cast<std::size_t>(threads));
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() { Stop(); }

bool WorkerPool::TrySubmit(std::function<void()> task) {
    {
        std::lock_guard lock(mu_);
        if (stopping_ || queue_.size() >= capacity_) return false;
        queue_.push_back(std::move(task));
    }
    cv_.notify_one();
    return true;
}

void WorkerPool::Stop() {
    {
        std::lock_guard lock(mu_);
        if (stopping_ && threads_.empty()) return;
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
        std::function<void()> task;
        {
            std::unique_lock lock(mu_);
            cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and the queue is drained
            task = std::move(queue_.front());
            queue_.pop_front();
            ++busy_;
        }
        task();
        std::lock_guard lock(mu_);
        --busy_;
    }
}

}  // namespace mocua::core
