#pragma once

namespace noisynn {

// Tells the C library to keep the memory that tensors free for the next tensors, instead of
// handing large blocks back to the system at once and faulting them in again, page by page, in
// the next step. glibc maps every block above a threshold on its own and unmaps it when freed;
// a training step allocates and frees the same large activations every time, so on an AMX CPU a
// fmnist-vit bf16 step spent about 12% of its time in page faults (176 ms against 162 ms with
// this). Call it first thing in main(); a C library other than glibc is left as it is.
void keepFreedMemoryForReuse();

}  // namespace noisynn
