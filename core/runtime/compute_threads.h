#pragma once

namespace noisynn {

// Debian's LibTorch starts with one intra-op thread. Sets the thread count LibTorch computes with:
// `requested` threads, or every core when it is 0 or less. Returns the count now in force. Call it
// before the first tensor operation: LibTorch fixes its pool on first use.
int applyComputeThreads(int requested);

}  // namespace noisynn
