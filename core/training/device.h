#pragma once

#include <string>

namespace noisynn {

// The one place that decides where tensors live: train.device is auto (CUDA when LibTorch sees a
// GPU, else the CPU), cpu, cuda or cuda:N. Returns the device as LibTorch spells it ("cpu",
// "cuda:0"); throws noisynn::Error naming train.device when the GPU asked for is not there.
std::string resolveDevice(const std::string& setting);

}  // namespace noisynn
