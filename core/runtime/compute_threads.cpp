#include "runtime/compute_threads.h"

#include <thread>

namespace noisynn {

int applyComputeThreads(int requested) {
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
    const int threads = requested > 0 ? requested : (cores > 0 ? cores : 1);
    at::set_num_threads(threads);
    return at::get_num_threads();
}

}  // namespace noisynn
