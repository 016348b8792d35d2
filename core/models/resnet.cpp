#include "error.h"
#include "models/backbone_builders.h"
#include "models/fused_linear.h"

namespace noisynn {
namespace {

torch::nn::Conv2d convolution(int in, int out, int kernel, int stride) {
    return torch::nn::Conv2d(
        torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(false));
}

// torchvision's BasicBlock (two 3x3) and Bottleneck (1x1, 3x3 carrying the stride, 1x1 x4), with
// its parameter names: conv1, bn1, conv2, bn2, [conv3, bn3], downsample.0/.1.
class ResidualBlockImpl : public torch::nn::Module {
public:
    ResidualBlockImpl(int in, int planes, int stride, bool bottleneck, int side)
        : m_bottleneck(bottleneck) {
        const int out = bottleneck ? planes * 4 : planes;
        const int outSide = (side + stride - 1) / stride;
        if (bottleneck) {
            m_conv1 = register_module("conv1", convolution(in, planes, 1, 1));
            m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(planes));
            m_conv2 = register_module("conv2", convolution(planes, planes, 3, stride));
            m_bn2 = register_module("bn2", torch::nn::BatchNorm2d(planes));
            m_conv3 = register_module("conv3", convolution(planes, out, 1, 1));
            m_bn3 = register_module("bn3", torch::nn::BatchNorm2d(out));
            m_macs = double(side) * side * in * planes +
                     double(outSide) * outSide * planes * planes * 9 +
                     double(outSide) * outSide * planes * out;
        } else {
            m_conv1 = register_module("conv1", convolution(in, planes, 3, stride));
            m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(planes));
            m_conv2 = register_module("conv2", convolution(planes, planes, 3, 1));
            m_bn2 = register_module("bn2", torch::nn::BatchNorm2d(planes));
            m_macs =
                double(outSide) * outSide * (double(in) * planes * 9 + double(planes) * planes * 9);
        }
        if (stride != 1 || in != out) {
            m_downsample =
                register_module("downsample", torch::nn::Sequential(convolution(in, out, 1, stride),
                                                                    torch::nn::BatchNorm2d(out)));
            m_macs += double(outSide) * outSide * in * out;
        }
        m_outChannels = out;
        m_outSide = outSide;
    }

    torch::Tensor forward(const torch::Tensor& x) {
        auto y = torch::relu(m_bn1->forward(m_conv1->forward(x)));
        y = m_bn2->forward(m_conv2->forward(y));
        if (m_bottleneck) {
            y = m_bn3->forward(m_conv3->forward(torch::relu(y)));
        }
        const auto shortcut = m_downsample ? m_downsample->forward(x) : x;
        return torch::relu(y + shortcut);
    }

    int outChannels() const { return m_outChannels; }
    int outSide() const { return m_outSide; }
    double macs() const { return m_macs; }

private:
    bool m_bottleneck;
    int m_outChannels = 0;
    int m_outSide = 0;
    double m_macs = 0;
    torch::nn::Conv2d m_conv1{nullptr}, m_conv2{nullptr}, m_conv3{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr}, m_bn2{nullptr}, m_bn3{nullptr};
    torch::nn::Sequential m_downsample{nullptr};
};
TORCH_MODULE(ResidualBlock);

struct Site {
    int stage = 4;  // 1..4
    int block = 1;  // 1-indexed within the stage
};

class ResnetImpl : public BackboneImpl {
public:
    ResnetImpl(const ModelSpec& spec, const NoiseSpec& noise, std::vector<int> blocks,
               bool bottleneck)
        : BackboneImpl(spec, noise), m_blocksPerStage(std::move(blocks)) {
        const bool small = spec.stem == "small" || (spec.stem == "auto" && spec.imageSize < 64);
        m_smallStem = small;
        m_conv1 = register_module("conv1", small ? convolution(spec.channels, 64, 3, 1)
                                                 : convolution(spec.channels, 64, 7, 2));
        m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(64));
        int side = small ? spec.imageSize : (spec.imageSize + 1) / 2;
        m_macs = double(side) * side * spec.channels * 64 * (small ? 9 : 49);
        if (!small) {
            side = (side + 1) / 2;  // max-pool 3x3, stride 2, padding 1
        }
        int channels = 64;
        for (int stage = 0; stage < 4; ++stage) {
            auto layer = torch::nn::ModuleList();
            const int planes = 64 << stage;
            for (int b = 0; b < m_blocksPerStage[stage]; ++b) {
                const int stride = (stage > 0 && b == 0) ? 2 : 1;
                auto block = ResidualBlock(channels, planes, stride, bottleneck, side);
                channels = block->outChannels();
                side = block->outSide();
                m_macs += block->macs();
                layer->push_back(block);
            }
            m_stages.push_back(register_module("layer" + std::to_string(stage + 1), layer));
        }
        m_fc = register_module("fc", torch::nn::Linear(channels, spec.classes));
        m_macs += double(channels) * spec.classes;
        m_site = resolveSite(noise.layer);
        if (noise.position == NoisePosition::AttentionInput) {
            throw Error(
                "noise.position: attention-input exists only in ViTs; expected "
                "block-input or block-output for " +
                spec.backbone);
        }
        initialise();
    }

    ForwardOutput run(const torch::Tensor& images, const ForwardOptions& options) override {
        ForwardOutput output;
        auto x = torch::relu(m_bn1->forward(m_conv1->forward(maybeImageNoise(images))));
        if (!m_smallStem) {
            x = torch::max_pool2d(x, 3, 2, 1);
        }
        for (int stage = 0; stage < 4; ++stage) {
            for (int b = 0; b < m_blocksPerStage[stage]; ++b) {
                const bool here = stage + 1 == m_site.stage && b + 1 == m_site.block;
                if (here && m_noise.position == NoisePosition::BlockInput) {
                    x = injectNoise(x, m_noise, is_training(), FeatureLayout::Spatial, options,
                                    output.capture);
                }
                x = m_stages[stage][b]->as<ResidualBlock>()->forward(x);
                if (here && m_noise.position == NoisePosition::BlockOutput) {
                    x = injectNoise(x, m_noise, is_training(), FeatureLayout::Spatial, options,
                                    output.capture);
                }
            }
        }
        output.logits = fusedLinear(m_fc, x.mean({2, 3}));
        return output;
    }

    std::string noiseLayer() const override {
        return std::to_string(m_site.stage) + "." + std::to_string(m_site.block);
    }

    std::vector<InjectionPoint> injectionPoints() const override {
        std::vector<InjectionPoint> points;
        for (int stage = 0; stage < 4; ++stage) {
            for (int b = 0; b < m_blocksPerStage[stage]; ++b) {
                const auto* block = m_stages[stage]->ptr(b)->as<ResidualBlock>();
                points.push_back({std::to_string(stage + 1) + "." + std::to_string(b + 1),
                                  "stage " + std::to_string(stage + 1) + " block " +
                                      std::to_string(b + 1) + " (" +
                                      std::to_string(block->outChannels()) + " channels, " +
                                      std::to_string(block->outSide()) + "x" +
                                      std::to_string(block->outSide()) + ")",
                                  {NoisePosition::BlockInput, NoisePosition::BlockOutput}});
            }
        }
        return points;
    }

    double macsPerImage() const override { return m_macs; }

private:
    // "4.2" (stage 4, block 2), "-1" (the last block of the network).
    Site resolveSite(const std::string& text) const {
        const auto dot = text.find('.');
        if (dot == std::string::npos) {
            int total = 0;
            for (int count : m_blocksPerStage)
                total += count;
            int index = resolveLayerIndex(text, total, 1, m_spec.backbone + " block");
            for (int stage = 0; stage < 4; ++stage) {
                if (index <= m_blocksPerStage[stage]) {
                    return {stage + 1, index};
                }
                index -= m_blocksPerStage[stage];
            }
        }
        const std::string stageText = text.substr(0, dot);
        const int stage = resolveLayerIndex(stageText, 4, 1, m_spec.backbone + " stage");
        const int block = resolveLayerIndex(text.substr(dot + 1), m_blocksPerStage[stage - 1], 1,
                                            "block of stage " + std::to_string(stage));
        return {stage, block};
    }

    void initialise() {
        // torchvision's scheme: Kaiming normal (fan out, ReLU) for convolutions, BN weight 1, bias
        // 0.
        torch::NoGradGuard noGrad;
        for (auto& module : modules(/*include_self=*/false)) {
            if (auto* conv = module->as<torch::nn::Conv2d>()) {
                torch::nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
            } else if (auto* norm = module->as<torch::nn::BatchNorm2d>()) {
                norm->weight.fill_(1.0);
                norm->bias.zero_();
            }
        }
    }

    std::vector<int> m_blocksPerStage;
    bool m_smallStem = false;
    double m_macs = 0;
    Site m_site;
    torch::nn::Conv2d m_conv1{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr};
    std::vector<torch::nn::ModuleList> m_stages;
    torch::nn::Linear m_fc{nullptr};
};

}  // namespace

std::shared_ptr<BackboneImpl> makeResnet(const ModelSpec& spec, const NoiseSpec& noise) {
    if (spec.backbone == "resnet18") {
        return std::make_shared<ResnetImpl>(spec, noise, std::vector<int>{2, 2, 2, 2}, false);
    }
    if (spec.backbone == "resnet34") {
        return std::make_shared<ResnetImpl>(spec, noise, std::vector<int>{3, 4, 6, 3}, false);
    }
    if (spec.backbone == "resnet50") {
        return std::make_shared<ResnetImpl>(spec, noise, std::vector<int>{3, 4, 6, 3}, true);
    }
    throw Error("model.backbone: \"" + spec.backbone +
                "\" is not a ResNet; expected resnet18, resnet34 or resnet50");
}

}  // namespace noisynn
