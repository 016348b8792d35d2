#pragma once

#include "config/run_config.h"
#include "models/model_spec.h"
#include "noise/noise_spec.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

namespace noisynn {

struct InjectionPointDescription {
    std::string layer;
    std::string description;
    std::vector<std::string> positions;
};

// What `noisynn describe` reports: the model a config builds, where noise can go, and the noise it
// resolves to, with the theory's Delta S at the training and evaluation batch sizes.
struct ModelDescription {
    ModelSpec spec;
    long long parameters = 0;
    double macsPerImage = 0;
    std::vector<InjectionPointDescription> injectionPoints;
    NoiseSpec noise;
    std::string noiseLayer;  // the injection point noise.layer resolves to ("-1" -> "5")
    std::optional<double> deltaSTrain;
    std::optional<double> deltaSEval;
    std::string weightsFile;  // model.weights, when set: imported to check it
    std::size_t weightsCopied = 0;
    std::vector<std::string> headReinitialised;
    nlohmann::json config;  // the full resolved config
};

// Builds the model (on the CPU) to count it; opens the data set only when the config leaves the
// input shape or class count to it. Throws noisynn::Error for any bad key or input.
ModelDescription describeModel(const RunConfig& config);

// Milliseconds per image of a training step's forward and backward passes on random input, after
// one warm-up step; the model in train() mode, so the noise acts as the phase says.
struct ModelTiming {
    int batch = 0;
    int steps = 0;
    int threads = 0;
    double forwardMsPerImage = 0;
    double backwardMsPerImage = 0;
};
ModelTiming timeModel(const RunConfig& config, int batch, int steps);

nlohmann::json toJson(const ModelDescription& description);
std::string toText(const ModelDescription& description);

}  // namespace noisynn
