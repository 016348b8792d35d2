#include "util/thread_pool.h"

#include <algorithm>

namespace noisynn {

ThreadPool::ThreadPool(int threads) {
    try {
        for (int i = 0; i < std::max(1, threads); ++i) {
            m_threads.emplace_back([this] { run(); });
        }
    } catch (...) {
        stopAndJoin();  // joinable threads must not be destroyed: that would terminate
        throw;
    }
}

ThreadPool::~ThreadPool() {
    stopAndJoin();
}

void ThreadPool::stopAndJoin() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (auto& thread : m_threads) {
        if (thread.joinable()) {
            thread.join();
        }
    }
}

void ThreadPool::run() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_tasks.empty(); });
            if (m_tasks.empty()) {
                return;  // stopping, and nothing left to do
            }
            task = std::move(m_tasks.front());
            m_tasks.pop();
        }
        task();
    }
}

}  // namespace noisynn
