#include "cli/cli.h"
#include "runtime/compute_threads.h"
#include "runtime/memory_reuse.h"

#include <iostream>

int main(int argc, char** argv) {
    noisynn::keepFreedMemoryForReuse();
    std::ios::sync_with_stdio(false);
    noisynn::applyComputeThreads(0);  // commands that take --threads or a config override this
    return noisynn::runCli({argv + 1, argv + argc}, std::cout, std::cerr);
}
