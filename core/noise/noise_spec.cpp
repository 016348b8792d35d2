#include "noise/noise_spec.h"

#include "config/run_config.h"

namespace noisynn {

std::string toString(NoiseKind kind) {
    switch (kind) {
        case NoiseKind::None:
            return "none";
        case NoiseKind::Gaussian:
            return "gaussian";
        case NoiseKind::LinearOptimal:
            return "linear-optimal";
        case NoiseKind::LinearShift:
            return "linear-shift";
        case NoiseKind::Impulse:
            return "impulse";
    }
    return "?";
}

std::string toString(NoisePosition position) {
    switch (position) {
        case NoisePosition::AttentionInput:
            return "attention-input";
        case NoisePosition::BlockInput:
            return "block-input";
        case NoisePosition::BlockOutput:
            return "block-output";
    }
    return "?";
}

std::string toString(ImageNoiseKind kind) {
    switch (kind) {
        case ImageNoiseKind::None:
            return "none";
        case ImageNoiseKind::Gaussian:
            return "gaussian";
        case ImageNoiseKind::SaltAndPepper:
            return "salt-and-pepper";
    }
    return "?";
}

NoiseSpec noiseSpecFrom(const RunConfig& config, bool isVit) {
    NoiseSpec spec;
    const std::string type = config.text("noise.type");
    for (auto kind : {NoiseKind::None, NoiseKind::Gaussian, NoiseKind::LinearOptimal,
                      NoiseKind::LinearShift, NoiseKind::Impulse}) {
        if (toString(kind) == type)
            spec.kind = kind;
    }
    spec.layer = config.text("noise.layer");
    const std::string position = config.text("noise.position");
    if (position == "auto") {
        spec.position = isVit ? NoisePosition::AttentionInput : NoisePosition::BlockInput;
    } else {
        for (auto candidate : {NoisePosition::AttentionInput, NoisePosition::BlockInput,
                               NoisePosition::BlockOutput}) {
            if (toString(candidate) == position)
                spec.position = candidate;
        }
    }
    spec.scope =
        config.text("noise.scope") == "all" ? NoiseScope::AllTokens : NoiseScope::PatchTokens;
    spec.strength = config.number("noise.strength");
    spec.mean = config.number("noise.mean");
    spec.std = config.number("noise.std");
    const std::string phase = config.text("noise.phase");
    const std::string resolved = phase == "auto" ? (isVit ? "eval" : "both") : phase;
    spec.inTraining = resolved == "train" || resolved == "both";
    spec.inEvaluation = resolved == "eval" || resolved == "both";
    spec.shiftGradient = config.flag("noise.shift_gradient");
    const std::string image = config.text("noise.image.type");
    spec.imageKind = image == "gaussian"          ? ImageNoiseKind::Gaussian
                     : image == "salt-and-pepper" ? ImageNoiseKind::SaltAndPepper
                                                  : ImageNoiseKind::None;
    spec.imageStrength = config.number("noise.image.strength");
    return spec;
}

}  // namespace noisynn
