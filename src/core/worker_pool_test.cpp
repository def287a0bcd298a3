#include "core/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>

namespace mocua::core {
namespace {

TEST(WorkerPool, RunsSubmittedTasks) {
    WorkerPool pool(2, 16);
    std::promise<int> result;
    ASSERT_TRUE(pool.TrySubmit([&] { result.set_value(42); }));
    EXPECT_EQ(result.get_future().get(), 42);
}

TEST(WorkerPool, RefusesWhenQueueIsFull) {
    WorkerPool pool(1, 2);
    std::mutex mu;
    std::condition_variable cv;
    bool release = false;
    std::promise<void> running;
    // Occupy the only worker, then fill the queue.
    ASSERT_TRUE(pool.TrySubmit([&] {
        running.set_value();
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return release; });
    }));
    running.get_future().wait();
    EXPECT_TRUE(pool.TrySubmit([] {}));
    EXPECT_TRUE(pool.TrySubmit([] {}));
    EXPECT_EQ(pool.queue_depth(), 2u);
    EXPECT_EQ(pool.busy(), 1u);
    EXPECT_FALSE(pool.TrySubmit([] {})) << "a third waiting task exceeds the capacity of 2";
    {
        std::lock_guard lock(mu);
        release = true;
    }
    cv.notify_all();
}

TEST(WorkerPool, StopRunsQueuedTasksThenRefuses) {
    std::atomic<int> ran{0};
    WorkerPool pool(1, 100);
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(pool.TrySubmit([&] { ++ran; }));
    pool.Stop();
    EXPECT_EQ(ran.load(), 50);
    EXPECT_FALSE(pool.TrySubmit([] {}));
    pool.Stop();  // idempotent
}

}  // namespace
}  // namespace mocua::core
