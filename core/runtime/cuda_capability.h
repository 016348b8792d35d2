#pragma once

#include <optional>

namespace noisynn {

// The major compute capability of CUDA device `index` (8 for Ampere, 7 for Volta and Turing), asked
// of the NVIDIA driver, so that it needs neither CUDA headers nor a CUDA build of LibTorch to
// compile. Empty when there is no driver or no such device.
std::optional<int> cudaComputeCapabilityMajor(int index);

}  // namespace noisynn
