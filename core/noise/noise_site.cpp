#include "noise/noise_site.h"

#include "noise/latent_noise.h"

namespace noisynn {
namespace {

torch::Tensor pooled(const torch::Tensor& touched, FeatureLayout layout) {
    switch (layout) {
        case FeatureLayout::Tokens:
            return touched.mean(1);
        case FeatureLayout::Spatial:
            return touched.mean({2, 3});
        case FeatureLayout::Flat:
            return touched;
    }
    return touched;
}

}  // namespace

torch::Tensor injectNoise(const torch::Tensor& z, const NoiseSpec& noise, bool training,
                          FeatureLayout layout, const ForwardOptions& options,
                          std::optional<NoiseCapture>& capture) {
    const bool active = noise.kind != NoiseKind::None && noise.activeIn(training);
    if (!active && !options.capture) {
        return z;
    }
    // Patch scope leaves the class token untouched, as the authors' ViT code.
    const bool patchesOnly =
        layout == FeatureLayout::Tokens && noise.scope == NoiseScope::PatchTokens;
    const torch::Tensor touched = patchesOnly ? z.narrow(1, 1, z.size(1) - 1) : z;
    const torch::Tensor noisy = active ? applyLatentNoise(touched, noise) : touched;
    if (options.capture) {
        torch::NoGradGuard noGrad;
        const auto keep = std::min<int64_t>(options.rawSamples, z.size(0));
        capture = NoiseCapture{pooled(touched, layout).detach().to(torch::kFloat32),
                               pooled(noisy, layout).detach().to(torch::kFloat32),
                               touched.narrow(0, 0, keep).detach().clone(),
                               noisy.narrow(0, 0, keep).detach().clone()};
    }
    if (!active) {
        return z;
    }
    return patchesOnly ? torch::cat({z.narrow(1, 0, 1), noisy}, 1) : noisy;
}

}  // namespace noisynn
