#pragma once

#include <condition_variable>
#include <functional>
#include <future>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace noisynn {

// A fixed set of worker threads running queued tasks in order. The destructor finishes every queued
// task before joining, so tasks may reference objects that outlive the pool.
class ThreadPool {
public:
    explicit ThreadPool(int threads);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    template <typename Function>
    auto submit(Function function) -> std::future<decltype(function())> {
        using Result = decltype(function());
        auto task = std::make_shared<std::packaged_task<Result()>>(std::move(function));
        auto future = task->get_future();
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_tasks.push([task] { (*task)(); });
        }
        m_wake.notify_one();
        return future;
    }

    int threadCount() const { return static_cast<int>(m_threads.size()); }

private:
    void run();
    void stopAndJoin();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::queue<std::function<void()>> m_tasks;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

}  // namespace noisynn
