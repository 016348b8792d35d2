#pragma once

#include "noise/noise_spec.h"

#include <torch/torch.h>

#include <optional>

namespace noisynn {

// What the forward pass hands back when asked: the features at the injection point before and
// after the noise, pooled per sample over what the noise touches (the patch tokens' mean, all
// tokens' mean, or a CNN's global average), and the raw tensors of the first few samples.
struct NoiseCapture {
    torch::Tensor pooledBefore;  // [B, D]
    torch::Tensor pooledAfter;
    torch::Tensor rawBefore;  // [k, ...] for the viewers
    torch::Tensor rawAfter;
};

struct ForwardOptions {
    bool capture = false;
    int rawSamples = 4;
};

// How the tensor at an injection point is laid out, which decides what the noise touches and how
// the capture pools it.
enum class FeatureLayout {
    Tokens,   // [B, N, D], token 0 the class token
    Spatial,  // [B, C, H, W]
    Flat,     // [B, D]
};

// Applies the run's latent noise at one point of a forward pass, when the phase says so, and fills
// the capture when one is asked for. Costs nothing when the noise is off and no capture is wanted.
torch::Tensor injectNoise(const torch::Tensor& z, const NoiseSpec& noise, bool training,
                          FeatureLayout layout, const ForwardOptions& options,
                          std::optional<NoiseCapture>& capture);

}  // namespace noisynn
