#include "noise/latent_noise.h"

#include "error.h"

namespace noisynn {
namespace {

torch::Tensor saltAndPepper(const torch::Tensor& z, double probability) {
    const auto draw = torch::rand_like(z);
    const auto high = z.max().detach();
    const auto low = z.min().detach();
    auto result = torch::where(draw < probability / 2.0, high, z);
    return torch::where(draw >= 1.0 - probability / 2.0, low, result);
}

}  // namespace

torch::Tensor applyLatentNoise(const torch::Tensor& z, const NoiseSpec& noise) {
    const auto batch = z.size(0);
    switch (noise.kind) {
        case NoiseKind::None:
            return z;
        case NoiseKind::Gaussian:
            return z + noise.strength * (noise.mean + noise.std * torch::randn_like(z));
        case NoiseKind::LinearOptimal:
            if (batch < 2) {
                throw Error(
                    "noise.type linear-optimal mixes the samples of a batch; found a batch "
                    "of 1, expected eval.batch_size and train.batch_size of 2 or more");
            }
            return (z + z.sum(0, /*keepdim=*/true)) / static_cast<double>(batch + 1);
        case NoiseKind::LinearShift: {
            if (batch < 2) {
                throw Error(
                    "noise.type linear-shift mixes the samples of a batch; found a batch "
                    "of 1, expected eval.batch_size and train.batch_size of 2 or more");
            }
            auto neighbour = torch::roll(z, /*shifts=*/-1, /*dims=*/0);  // row j holds Z_{j+1}
            if (!noise.shiftGradient) {
                neighbour = neighbour.detach();
            }
            return (1.0 - noise.strength) * z + noise.strength * neighbour;
        }
        case NoiseKind::Impulse:
            return saltAndPepper(z, noise.strength);
    }
    return z;
}

torch::Tensor applyImageNoise(const torch::Tensor& images, const NoiseSpec& noise) {
    switch (noise.imageKind) {
        case ImageNoiseKind::None:
            return images;
        case ImageNoiseKind::Gaussian:
            return images + noise.imageStrength * torch::randn_like(images);
        case ImageNoiseKind::SaltAndPepper:
            return saltAndPepper(images, noise.imageStrength);
    }
    return images;
}

}  // namespace noisynn
