#include "training/model_fingerprint.h"

#include "error.h"

#include <torch/torch.h>

#include <cstring>
#include <utility>

namespace noisynn {
namespace {

std::vector<std::pair<std::string, torch::Tensor>> modelTensors(torch::nn::Module& model) {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& item : model.named_parameters()) {
        tensors.emplace_back(item.key(), item.value());
    }
    for (const auto& item : model.named_buffers()) {
        tensors.emplace_back(item.key(), item.value());
    }
    return tensors;
}

std::string shapeText(const std::vector<std::int64_t>& sizes) {
    std::string text = "[";
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        text += (i ? ", " : "") + std::to_string(sizes[i]);
    }
    return text + "]";
}

}  // namespace

TensorShapes tensorShapes(torch::nn::Module& model) {
    TensorShapes shapes;
    for (const auto& [name, tensor] : modelTensors(model)) {
        shapes.push_back(tensor.sizes().vec());
    }
    return shapes;
}

void requireShapes(torch::nn::Module& model, const TensorShapes& expected,
                   const std::string& file) {
    const auto loaded = modelTensors(model);
    for (std::size_t i = 0; i < loaded.size() && i < expected.size(); ++i) {
        const auto sizes = loaded[i].second.sizes().vec();
        if (sizes != expected[i]) {
            throw Error(file + ": tensor " + loaded[i].first + " has shape " + shapeText(sizes) +
                        ", but the run's config.json builds it as " + shapeText(expected[i]) +
                        "; expected config.json's model keys to match the checkpoint");
        }
    }
}

std::int64_t weightChecksum(torch::nn::Module& model) {
    std::uint64_t hash = 14695981039346656037ull;
    const auto mix = [&hash](std::uint64_t word) {
        hash ^= word;
        hash *= 1099511628211ull;
    };
    for (const auto& [name, tensor] : modelTensors(model)) {
        const auto bytes = tensor.detach().to(torch::kCPU).contiguous();
        const auto* data = static_cast<const unsigned char*>(bytes.data_ptr());
        const std::size_t size = bytes.nbytes();
        std::size_t i = 0;
        for (; i + 8 <= size; i += 8) {
            std::uint64_t word;
            std::memcpy(&word, data + i, 8);
            mix(word);
        }
        for (; i < size; ++i) {
            mix(data[i]);
        }
    }
    return static_cast<std::int64_t>(hash);
}

}  // namespace noisynn
