#pragma once

#include "noise/noise_spec.h"

#include <torch/types.h>

namespace noisynn {

// The paper's latent noise kinds on a batch Z (batch first, any trailing shape). Batch-mixing kinds
// act across the batch axis: a sample's output depends on the other samples of its batch.
//   gaussian:        Z + s (mean + std N(0, 1))
//   linear-optimal:  Z'_j = (Z_j + sum_k Z_k) / (B + 1)
//   linear-shift:    Z'_j = (1 - a) Z_j + a Z_{(j+1) mod B}; the neighbour detached unless
//                    shiftGradient, as the authors' CNN code
//   impulse:         each element becomes max(Z) with probability p/2 and min(Z) with p/2, the
//                    extremes taken over the whole batch
// Randomness comes from LibTorch's default generator (torch::manual_seed). Throws noisynn::Error
// for a batch-mixing kind on a batch of one.
torch::Tensor applyLatentNoise(const torch::Tensor& z, const NoiseSpec& noise);

// Image-level noise on input pixels (already normalised or not): gaussian adds s N(0, 1);
// salt-and-pepper sets each element to the batch max or min with probability s/2 each.
torch::Tensor applyImageNoise(const torch::Tensor& images, const NoiseSpec& noise);

}  // namespace noisynn
