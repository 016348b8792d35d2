#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace torch::nn {
class Module;
}

namespace noisynn {

// The shapes of a model's parameters and buffers, in the module's order.
using TensorShapes = std::vector<std::vector<std::int64_t>>;
TensorShapes tensorShapes(torch::nn::Module& model);

// LibTorch's load replaces a parameter's storage and shape with a checkpoint's without a word, so
// a config.json whose model keys were changed would load silently. Throws noisynn::Error naming
// `file` and the first tensor whose shape is no longer `expected`.
void requireShapes(torch::nn::Module& model, const TensorShapes& expected, const std::string& file);

// FNV-1a over the bytes of every parameter and buffer. LibTorch reads a checkpoint's records
// without checking their CRCs, so this is what tells damaged weights from trained ones.
std::int64_t weightChecksum(torch::nn::Module& model);

}  // namespace noisynn
