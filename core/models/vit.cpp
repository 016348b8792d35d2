#include "error.h"
#include "models/backbone_builders.h"
#include "models/batched_matmul.h"
#include "models/fused_linear.h"

#include <cmath>

namespace noisynn {
namespace {

// Where and how the noise enters a block's forward pass.
struct BlockNoise {
    const NoiseSpec* noise = nullptr;  // null: this block is not the injection point
    bool training = false;
    const ForwardOptions* options = nullptr;
    std::optional<NoiseCapture>* capture = nullptr;

    torch::Tensor at(NoisePosition position, const torch::Tensor& tokens) const {
        if (!noise || noise->position != position) {
            return tokens;
        }
        return injectNoise(tokens, *noise, training, FeatureLayout::Tokens, *options, *capture);
    }
};

// A pre-norm transformer block with timm's layout and parameter names: norm1, attn.qkv, attn.proj,
// norm2, mlp.fc1, mlp.fc2.
class VitBlockImpl : public torch::nn::Module {
public:
    VitBlockImpl(int width, int heads, int hidden) : m_heads(heads) {
        m_norm1 = register_module(
            "norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width}).eps(1e-6)));
        auto attn = std::make_shared<torch::nn::Module>();
        m_qkv = attn->register_module("qkv", torch::nn::Linear(width, 3 * width));
        m_proj = attn->register_module("proj", torch::nn::Linear(width, width));
        register_module("attn", attn);
        m_norm2 = register_module(
            "norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width}).eps(1e-6)));
        auto mlp = std::make_shared<torch::nn::Module>();
        m_fc1 = mlp->register_module("fc1", torch::nn::Linear(width, hidden));
        m_fc2 = mlp->register_module("fc2", torch::nn::Linear(hidden, width));
        register_module("mlp", mlp);
    }

    torch::Tensor forward(torch::Tensor x, const BlockNoise& noise) {
        x = noise.at(NoisePosition::BlockInput, x);
        const auto normed = noise.at(NoisePosition::AttentionInput, m_norm1->forward(x));
        x = x + attention(normed);
        x = x + fusedLinear(m_fc2, torch::gelu(fusedLinear(m_fc1, m_norm2->forward(x))));
        return noise.at(NoisePosition::BlockOutput, x);
    }

private:
    torch::Tensor attention(const torch::Tensor& x) {
        const auto batch = x.size(0);
        const auto tokens = x.size(1);
        const auto width = x.size(2);
        const auto headWidth = width / m_heads;
        // [B, N, 3, H, Dh] -> [3, B, H, N, Dh]
        // unbind, not three selects: its gradient is one stack, where each select's would be a
        // zero tensor of the full size with one slice filled, added to the others.
        const auto qkv = fusedLinear(m_qkv, x)
                             .reshape({batch, tokens, 3, m_heads, headWidth})
                             .permute({2, 0, 3, 1, 4})
                             .unbind(0);
        const auto& q = qkv[0];
        const auto& k = qkv[1];
        const auto& v = qkv[2];
        const auto weights = torch::softmax(
            batchedMatmul(q, k.transpose(-2, -1)) / std::sqrt(double(headWidth)), -1);
        const auto mixed =
            batchedMatmul(weights, v).transpose(1, 2).reshape({batch, tokens, width});
        return fusedLinear(m_proj, mixed);
    }

    int m_heads;
    torch::nn::LayerNorm m_norm1{nullptr};
    torch::nn::LayerNorm m_norm2{nullptr};
    torch::nn::Linear m_qkv{nullptr};
    torch::nn::Linear m_proj{nullptr};
    torch::nn::Linear m_fc1{nullptr};
    torch::nn::Linear m_fc2{nullptr};
};
TORCH_MODULE(VitBlock);

// timm's VisionTransformer (class token, learned position embeddings, pre-norm blocks, final norm,
// linear head on the class token), with its parameter names so that timm weights map one to one.
class VitImpl : public BackboneImpl {
public:
    VitImpl(const ModelSpec& spec, const NoiseSpec& noise) : BackboneImpl(spec, noise) {
        if (spec.patch <= 0 || spec.imageSize % spec.patch != 0) {
            throw Error("model.patch: " + std::to_string(spec.patch) +
                        " does not divide model.image_size " + std::to_string(spec.imageSize) +
                        "; expected a divisor");
        }
        if (spec.width % spec.heads != 0) {
            throw Error("model.heads: " + std::to_string(spec.heads) +
                        " does not divide model.width " + std::to_string(spec.width) +
                        "; expected a divisor");
        }
        m_patches = (spec.imageSize / spec.patch) * (spec.imageSize / spec.patch);
        m_hidden = static_cast<int>(spec.width * spec.mlpRatio);
        auto patchEmbed = std::make_shared<torch::nn::Module>();
        m_patchProjection = patchEmbed->register_module(
            "proj",
            torch::nn::Conv2d(torch::nn::Conv2dOptions(spec.channels, spec.width, spec.patch)
                                  .stride(spec.patch)));
        register_module("patch_embed", patchEmbed);
        m_classToken = register_parameter("cls_token", torch::zeros({1, 1, spec.width}));
        m_positions = register_parameter("pos_embed", torch::zeros({1, m_patches + 1, spec.width}));
        m_blocks = register_module("blocks", torch::nn::ModuleList());
        for (int b = 0; b < spec.depth; ++b) {
            m_blocks->push_back(VitBlock(spec.width, spec.heads, m_hidden));
        }
        m_norm = register_module(
            "norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({spec.width}).eps(1e-6)));
        m_head = register_module("head", torch::nn::Linear(spec.width, spec.classes));
        m_site = resolveLayerIndex(noise.layer, spec.depth, 0, "ViT block");
        initialise();
    }

    ForwardOutput run(const torch::Tensor& images, const ForwardOptions& options) override {
        ForwardOutput output;
        auto x = m_patchProjection->forward(maybeImageNoise(images)).flatten(2).transpose(1, 2);
        x = torch::cat({m_classToken.expand({x.size(0), -1, -1}), x}, 1) + m_positions;
        for (int b = 0; b < m_spec.depth; ++b) {
            BlockNoise noise;
            if (b == m_site) {
                noise = {&m_noise, is_training(), &options, &output.capture};
            }
            x = m_blocks[b]->as<VitBlock>()->forward(x, noise);
        }
        output.logits = fusedLinear(m_head, m_norm->forward(x).select(1, 0));
        return output;
    }

    std::vector<InjectionPoint> injectionPoints() const override {
        std::vector<InjectionPoint> points;
        for (int b = 0; b < m_spec.depth; ++b) {
            points.push_back({std::to_string(b),
                              "block " + std::to_string(b) + " of " + std::to_string(m_spec.depth) +
                                  " (" + std::to_string(m_patches) +
                                  " patch tokens + class token, width " +
                                  std::to_string(m_spec.width) + ")",
                              {NoisePosition::AttentionInput, NoisePosition::BlockInput,
                               NoisePosition::BlockOutput}});
        }
        return points;
    }

    std::string noiseLayer() const override { return std::to_string(m_site); }

    double macsPerImage() const override {
        const double n = m_patches + 1.0;
        const double d = m_spec.width;
        const double embed = double(m_patches) * d * m_spec.channels * m_spec.patch * m_spec.patch;
        const double block = n * d * 3 * d + 2 * n * n * d + n * d * d + 2 * n * d * m_hidden;
        return embed + m_spec.depth * block + d * m_spec.classes;
    }

private:
    void initialise() {
        // timm's scheme: truncated normal (std 0.02) for embeddings and linear weights, zero
        // biases.
        torch::NoGradGuard noGrad;
        auto truncated = [](torch::Tensor tensor) {
            tensor.normal_(0.0, 0.02).clamp_(-0.04, 0.04);
        };
        truncated(m_positions);
        truncated(m_classToken);
        for (auto& module : modules(/*include_self=*/false)) {
            if (auto* linear = module->as<torch::nn::Linear>()) {
                truncated(linear->weight);
                linear->bias.zero_();
            }
        }
    }

    int m_patches = 0;
    int m_hidden = 0;
    int m_site = 0;
    torch::nn::Conv2d m_patchProjection{nullptr};
    torch::Tensor m_classToken;
    torch::Tensor m_positions;
    torch::nn::ModuleList m_blocks{nullptr};
    torch::nn::LayerNorm m_norm{nullptr};
    torch::nn::Linear m_head{nullptr};
};

ModelSpec withNamedSize(ModelSpec spec) {
    struct Size {
        const char* name;
        int width, depth, heads;
    };
    for (const Size& size : {Size{"vit-tiny", 192, 12, 3}, Size{"vit-small", 384, 12, 6},
                             Size{"vit-base", 768, 12, 12}}) {
        if (spec.backbone == size.name) {
            spec.width = size.width;
            spec.depth = size.depth;
            spec.heads = size.heads;
            spec.mlpRatio = 4.0;
        }
    }
    return spec;
}

}  // namespace

std::shared_ptr<BackboneImpl> makeVit(const ModelSpec& spec, const NoiseSpec& noise) {
    return std::make_shared<VitImpl>(withNamedSize(spec), noise);
}

}  // namespace noisynn
