#include "models/model_description.h"

#include "config/run_dataset.h"
#include "error.h"
#include "models/backbone.h"
#include "models/weight_import.h"
#include "noise/delta_s.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <sstream>

namespace noisynn {
namespace {

std::string phaseName(const NoiseSpec& noise) {
    if (noise.inTraining && noise.inEvaluation)
        return "both";
    if (noise.inTraining)
        return "train";
    if (noise.inEvaluation)
        return "eval";
    return "never";
}

// The data set is opened only when the config leaves the input shape or class count to it.
ModelSpec resolvedModelSpec(const RunConfig& config) {
    ImageShape shape{0, 0, 0};
    int classes = 0;
    if (modelNeedsDataShape(config)) {
        const DatasetSplits splits = openDataset(datasetRequestFrom(config));
        shape = splits.train->imageShape();
        classes = static_cast<int>(splits.train->classNames().size());
    }
    return modelSpecFrom(config, shape, classes);
}

nlohmann::json optionalNumber(const std::optional<double>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

ModelDescription describeModel(const RunConfig& config) {
    ModelDescription description;
    description.spec = resolvedModelSpec(config);
    description.noise = noiseSpecFrom(config, isVitBackbone(description.spec.backbone));
    const auto model = makeBackbone(description.spec, description.noise);
    description.spec = model->spec();  // named sizes filled in
    description.weightsFile = config.text("model.weights");
    if (!description.weightsFile.empty()) {
        const auto report =
            importWeights(*model, description.weightsFile, config.flag("model.reinit_head"));
        description.weightsCopied = report.copied;
        description.headReinitialised = report.reinitialised;
    }
    description.parameters = model->parameterCount();
    description.macsPerImage = model->macsPerImage();
    description.noiseLayer = model->noiseLayer();
    for (const auto& point : model->injectionPoints()) {
        InjectionPointDescription entry{point.layer, point.description, {}};
        for (auto position : point.positions) {
            entry.positions.push_back(toString(position));
        }
        description.injectionPoints.push_back(entry);
    }
    const auto trainBatch = config.integer("train.batch_size");
    const auto evalBatch =
        config.text("eval.order") == "single" ? 1 : config.integer("eval.batch_size");
    if (description.noise.mixesBatch()) {
        if (description.noise.inTraining && trainBatch < 2) {
            throw Error("train.batch_size: 1 with batch-mixing noise (noise.type " +
                        toString(description.noise.kind) + ") in training; expected 2 or more");
        }
        if (description.noise.inEvaluation && evalBatch < 2) {
            throw Error(std::string(config.text("eval.order") == "single"
                                        ? "eval.order: single evaluates one sample at a time"
                                        : "eval.batch_size: 1") +
                        ", but noise.type " + toString(description.noise.kind) +
                        " mixes a batch in evaluation; expected a batch of 2 or more");
        }
    }
    // The theory's figure for each phase the noise acts in, at that phase's batch size.
    if (description.noise.inTraining) {
        description.deltaSTrain = theoreticalDeltaS(description.noise, trainBatch);
    }
    if (description.noise.inEvaluation) {
        description.deltaSEval = theoreticalDeltaS(description.noise, evalBatch);
    }
    description.config = config.toJson();
    return description;
}

ModelTiming timeModel(const RunConfig& config, int batch, int steps) {
    const ModelSpec spec = resolvedModelSpec(config);
    NoiseSpec noise = noiseSpecFrom(config, isVitBackbone(spec.backbone));
    torch::manual_seed(static_cast<std::uint64_t>(config.integer("train.seed")));
    const auto model = makeBackbone(spec, noise);
    model->train();
    const auto images = torch::randn({batch, spec.channels, spec.imageSize, spec.imageSize});
    const auto labels = torch::randint(spec.classes, {batch}, torch::kLong);
    using Clock = std::chrono::steady_clock;
    ModelTiming timing{batch, steps, at::get_num_threads(), 0, 0};
    for (int step = -1; step < steps; ++step) {  // step -1 warms up allocators and caches
        model->zero_grad();
        const auto start = Clock::now();
        const auto loss = torch::cross_entropy_loss(model->forward(images), labels);
        const auto forwardDone = Clock::now();
        loss.backward();
        const auto backwardDone = Clock::now();
        if (step >= 0) {
            timing.forwardMsPerImage +=
                std::chrono::duration<double, std::milli>(forwardDone - start).count();
            timing.backwardMsPerImage +=
                std::chrono::duration<double, std::milli>(backwardDone - forwardDone).count();
        }
    }
    timing.forwardMsPerImage /= double(steps) * batch;
    timing.backwardMsPerImage /= double(steps) * batch;
    return timing;
}

nlohmann::json toJson(const ModelDescription& description) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& point : description.injectionPoints) {
        points.push_back({{"layer", point.layer},
                          {"description", point.description},
                          {"positions", point.positions}});
    }
    const NoiseSpec& noise = description.noise;
    return {
        {"backbone", description.spec.backbone},
        {"image_size", description.spec.imageSize},
        {"channels", description.spec.channels},
        {"classes", description.spec.classes},
        {"parameters", description.parameters},
        {"macs_per_image", description.macsPerImage},
        {"flops_per_image", 2.0 * description.macsPerImage},
        {"injection_points", points},
        {"weights", description.weightsFile.empty()
                        ? nlohmann::json(nullptr)
                        : nlohmann::json{{"file", description.weightsFile},
                                         {"tensors_copied", description.weightsCopied},
                                         {"head_reinitialised", description.headReinitialised}}},
        {"noise",
         {{"type", toString(noise.kind)},
          {"layer", noise.layer},
          {"resolved_layer", description.noiseLayer},
          {"position", toString(noise.position)},
          {"scope", noise.scope == NoiseScope::PatchTokens ? "patch" : "all"},
          {"phase", phaseName(noise)},
          {"strength", noise.strength},
          {"image_type", toString(noise.imageKind)}}},
        {"delta_s",
         {{"train_batch", optionalNumber(description.deltaSTrain)},
          {"eval_batch", optionalNumber(description.deltaSEval)}}},
        {"config", description.config}};
}

std::string toText(const ModelDescription& description) {
    std::ostringstream out;
    char number[64];
    out << "backbone     " << description.spec.backbone << " (" << description.spec.imageSize << "x"
        << description.spec.imageSize << "x" << description.spec.channels << " in, "
        << description.spec.classes << " classes)\n";
    out << "parameters   " << description.parameters << "\n";
    if (!description.weightsFile.empty()) {
        out << "weights      " << description.weightsCopied << " tensors from "
            << description.weightsFile;
        if (!description.headReinitialised.empty()) {
            out << " (head re-initialised for " << description.spec.classes << " classes)";
        }
        out << "\n";
    }
    std::snprintf(number, sizeof number, "%.4g GFLOPs (%.4g G multiply-adds)",
                  2.0 * description.macsPerImage / 1e9, description.macsPerImage / 1e9);
    out << "forward      " << number << " per image\n";
    const NoiseSpec& noise = description.noise;
    out << "noise        " << toString(noise.kind);
    if (noise.kind != NoiseKind::None) {
        out << " at layer " << noise.layer;
        if (description.noiseLayer != noise.layer) {
            out << " (" << description.noiseLayer << ")";
        }
        out << ", " << toString(noise.position) << ", phase "
            << phaseName(noise) << ", strength " << noise.strength;
    }
    if (noise.imageKind != ImageNoiseKind::None) {
        out << "; image noise " << toString(noise.imageKind) << " " << noise.imageStrength;
    }
    out << "\n";
    if (description.deltaSTrain || description.deltaSEval) {
        out << "Delta S      ";
        if (description.deltaSTrain) {
            std::snprintf(number, sizeof number, "%.4f", *description.deltaSTrain);
            out << number << " at the training batch";
        }
        if (description.deltaSEval) {
            std::snprintf(number, sizeof number, "%.4f", *description.deltaSEval);
            out << (description.deltaSTrain ? ", " : "") << number << " at the evaluation batch";
        }
        out << " (theory, -log|det(I+Q)|)\n";
    }
    out << "injection points (noise.layer):\n";
    for (const auto& point : description.injectionPoints) {
        out << "  " << point.layer << "\t" << point.description << "\n";
    }
    return out.str();
}

}  // namespace noisynn
