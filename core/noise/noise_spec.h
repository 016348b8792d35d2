#pragma once

#include <string>

namespace noisynn {

class RunConfig;

enum class NoiseKind { None, Gaussian, LinearOptimal, LinearShift, Impulse };
enum class NoisePosition { AttentionInput, BlockInput, BlockOutput };
enum class NoiseScope { PatchTokens, AllTokens };
enum class ImageNoiseKind { None, Gaussian, SaltAndPepper };

// The noise of a run, resolved from the config for a given backbone ("auto" settled).
struct NoiseSpec {
    NoiseKind kind = NoiseKind::None;
    std::string layer = "-1";  // as written: "-1", "3", "4.2"
    NoisePosition position = NoisePosition::BlockInput;
    NoiseScope scope = NoiseScope::PatchTokens;
    double strength = 0.1;
    double mean = 0.0;
    double std = 1.0;
    bool inTraining = true;
    bool inEvaluation = true;
    bool shiftGradient = false;  // linear-shift: gradient through the mixed-in neighbour
    ImageNoiseKind imageKind = ImageNoiseKind::None;
    double imageStrength = 0.1;

    bool mixesBatch() const {
        return kind == NoiseKind::LinearOptimal || kind == NoiseKind::LinearShift;
    }
    bool activeIn(bool training) const { return training ? inTraining : inEvaluation; }
};

// isVit decides the "auto" position (attention-input for ViTs, block-input otherwise) and phase
// (evaluation only for ViTs, as the paper's ViT results; both otherwise, as its CNN code).
NoiseSpec noiseSpecFrom(const RunConfig& config, bool isVit);

std::string toString(NoiseKind kind);
std::string toString(NoisePosition position);
std::string toString(ImageNoiseKind kind);

}  // namespace noisynn
