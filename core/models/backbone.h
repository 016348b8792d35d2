#pragma once

#include "models/model_spec.h"
#include "noise/noise_site.h"
#include "noise/noise_spec.h"

#include <torch/torch.h>

#include <optional>
#include <string>
#include <vector>

namespace noisynn {

struct InjectionPoint {
    std::string layer;        // as noise.layer names it: "5", "4.2", "3"
    std::string description;  // "block 5 of 6", "stage 4 block 2 (BasicBlock, 512 channels)"
    std::vector<NoisePosition> positions;
};

struct ForwardOutput {
    torch::Tensor logits;
    std::optional<NoiseCapture> capture;  // when ForwardOptions::capture and noise has a site
};

// A classifier with one noise injection point. C++ LibTorch has no forward hooks, so each backbone
// calls injectNoise() at its site explicitly.
class BackboneImpl : public torch::nn::Module {
public:
    virtual ForwardOutput run(const torch::Tensor& images, const ForwardOptions& options) = 0;
    torch::Tensor forward(const torch::Tensor& images) { return run(images, {}).logits; }

    virtual std::vector<InjectionPoint> injectionPoints() const = 0;
    // The injection point noise.layer names, as injectionPoints() lists it: "-1" is "5" in a ViT
    // of depth 6 and "4.2" in a ResNet-18.
    virtual std::string noiseLayer() const = 0;
    // Multiply-accumulates of one forward pass of one image, counted layer by layer.
    virtual double macsPerImage() const = 0;
    const NoiseSpec& noise() const { return m_noise; }
    const ModelSpec& spec() const { return m_spec; }
    long long parameterCount() const;

protected:
    BackboneImpl(ModelSpec spec, NoiseSpec noise)
        : m_spec(std::move(spec)), m_noise(std::move(noise)) {}
    torch::Tensor maybeImageNoise(const torch::Tensor& images) const;

    ModelSpec m_spec;
    NoiseSpec m_noise;
};

// Builds the backbone the spec names. Throws noisynn::Error naming the key for a layer that does
// not exist (noise.layer), a position the backbone lacks (noise.position), a patch that does not
// divide the image (model.patch) and similar.
std::shared_ptr<BackboneImpl> makeBackbone(const ModelSpec& spec, const NoiseSpec& noise);

bool isVitBackbone(const std::string& backbone);

// Parses noise.layer for a network of `count` layers numbered from `first`: "3", or negative from
// the end ("-1" is the last). Throws Error naming noise.layer and the allowed range.
int resolveLayerIndex(const std::string& text, int count, int first, const std::string& what);

}  // namespace noisynn
