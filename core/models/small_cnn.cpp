#include "error.h"
#include "models/backbone_builders.h"
#include "models/fused_linear.h"

namespace noisynn {
namespace {

// Two 3x3 convolutions with max-pooling and two linear layers: thousands of Fashion-MNIST images
// per second on two CPU cores. Its layers 1..3 (conv, conv, hidden linear) are injection points.
class SmallCnnImpl : public BackboneImpl {
public:
    SmallCnnImpl(const ModelSpec& spec, const NoiseSpec& noise) : BackboneImpl(spec, noise) {
        if (spec.imageSize < 4) {
            throw Error("model.image_size: " + std::to_string(spec.imageSize) +
                        " is too small for small-cnn; expected at least 4");
        }
        m_pooledSide = spec.imageSize / 4;
        m_conv1 = register_module(
            "conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(spec.channels, 32, 3).padding(1)));
        m_conv2 = register_module(
            "conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(32, 64, 3).padding(1)));
        m_fc1 = register_module("fc1", torch::nn::Linear(64 * m_pooledSide * m_pooledSide, 128));
        m_fc2 = register_module("fc2", torch::nn::Linear(128, spec.classes));
        m_site = resolveLayerIndex(noise.layer, 3, 1, "small-cnn layer");
        if (noise.position == NoisePosition::AttentionInput) {
            throw Error(
                "noise.position: attention-input exists only in ViTs; expected "
                "block-input or block-output for small-cnn");
        }
    }

    ForwardOutput run(const torch::Tensor& images, const ForwardOptions& options) override {
        ForwardOutput output;
        auto x = maybeImageNoise(images);
        for (int layer = 1; layer <= 3; ++layer) {
            const bool here = layer == m_site;
            // Layer 3 flattens its input itself, so every layer but the last sees feature maps.
            if (here && m_noise.position == NoisePosition::BlockInput) {
                x = injectNoise(x, m_noise, is_training(), FeatureLayout::Spatial, options,
                                output.capture);
            }
            if (layer == 1) {
                x = torch::max_pool2d(torch::relu(m_conv1->forward(x)), 2);
            } else if (layer == 2) {
                x = torch::max_pool2d(torch::relu(m_conv2->forward(x)), 2);
            } else {
                x = torch::relu(fusedLinear(m_fc1, x.flatten(1)));
            }
            if (here && m_noise.position == NoisePosition::BlockOutput) {
                x = injectNoise(x, m_noise, is_training(),
                                layer == 3 ? FeatureLayout::Flat : FeatureLayout::Spatial, options,
                                output.capture);
            }
        }
        output.logits = fusedLinear(m_fc2, x);
        return output;
    }

    std::vector<InjectionPoint> injectionPoints() const override {
        const std::vector<NoisePosition> both{NoisePosition::BlockInput,
                                              NoisePosition::BlockOutput};
        return {
            {"1", "conv 3x3, 32 channels, ReLU, max-pool", both},
            {"2", "conv 3x3, 64 channels, ReLU, max-pool", both},
            {"3", "linear " + std::to_string(64 * m_pooledSide * m_pooledSide) + " -> 128, ReLU",
             both}};
    }

    std::string noiseLayer() const override { return std::to_string(m_site); }

    double macsPerImage() const override {
        const double side = m_spec.imageSize;
        const double half = side / 2;
        return side * side * 32.0 * m_spec.channels * 9 + half * half * 64.0 * 32 * 9 +
               64.0 * m_pooledSide * m_pooledSide * 128 + 128.0 * m_spec.classes;
    }

private:
    int m_pooledSide = 7;
    int m_site = 3;
    torch::nn::Conv2d m_conv1{nullptr};
    torch::nn::Conv2d m_conv2{nullptr};
    torch::nn::Linear m_fc1{nullptr};
    torch::nn::Linear m_fc2{nullptr};
};

}  // namespace

std::shared_ptr<BackboneImpl> makeSmallCnn(const ModelSpec& spec, const NoiseSpec& noise) {
    return std::make_shared<SmallCnnImpl>(spec, noise);
}

}  // namespace noisynn
