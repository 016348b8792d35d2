#include "models/backbone.h"

#include "error.h"
#include "models/backbone_builders.h"
#include "noise/latent_noise.h"

#include <cstdlib>
#include <sstream>

namespace noisynn {

long long BackboneImpl::parameterCount() const {
    long long count = 0;
    for (const auto& parameter : parameters()) {
        count += parameter.numel();
    }
    return count;
}

torch::Tensor BackboneImpl::maybeImageNoise(const torch::Tensor& images) const {
    if (m_noise.imageKind == ImageNoiseKind::None || !m_noise.activeIn(is_training())) {
        return images;
    }
    return applyImageNoise(images, m_noise);
}

namespace {

std::string shortNumber(double value) {
    std::ostringstream out;
    out << value;  // 1.5, not 1.500000
    return out.str();
}

}  // namespace

bool isVitBackbone(const std::string& backbone) {
    return backbone.rfind("vit", 0) == 0;
}

int resolveLayerIndex(const std::string& text, int count, int first, const std::string& what) {
    char* end = nullptr;
    const long value = std::strtol(text.c_str(), &end, 10);
    const int last = first + count - 1;
    if (text.empty() || *end != '\0' || value < -count || value > last ||
        (value >= 0 && value < first)) {
        throw Error("noise.layer: \"" + text + "\" is not a " + what + "; expected " +
                    std::to_string(first) + ".." + std::to_string(last) + ", or -1..-" +
                    std::to_string(count) + " counting from the end");
    }
    return value < 0 ? static_cast<int>(last + 1 + value) : static_cast<int>(value);
}

std::shared_ptr<BackboneImpl> makeBackbone(const ModelSpec& spec, const NoiseSpec& noise) {
    if (noise.kind != NoiseKind::None && noise.kind != NoiseKind::LinearOptimal &&
        noise.strength < 0.0) {
        throw Error("noise.strength: " + shortNumber(noise.strength) +
                    " is negative; expected 0 or more");
    }
    if (noise.kind == NoiseKind::Impulse && noise.strength > 1.0) {
        throw Error("noise.strength: " + shortNumber(noise.strength) +
                    " is a probability for impulse noise; expected 0..1");
    }
    if (noise.imageKind == ImageNoiseKind::SaltAndPepper && noise.imageStrength > 1.0) {
        throw Error("noise.image.strength: " + shortNumber(noise.imageStrength) +
                    " is a probability for salt-and-pepper noise; expected 0..1");
    }
    if (isVitBackbone(spec.backbone)) {
        return makeVit(spec, noise);
    }
    if (spec.backbone.rfind("resnet", 0) == 0) {
        return makeResnet(spec, noise);
    }
    if (spec.backbone == "small-cnn") {
        return makeSmallCnn(spec, noise);
    }
    throw Error("model.backbone: \"" + spec.backbone +
                "\" is not a backbone; expected small-cnn, vit, vit-tiny, vit-small, vit-base, "
                "resnet18, resnet34 or resnet50");
}

}  // namespace noisynn
