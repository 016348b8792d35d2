#pragma once

// Internal to core/training: what a Trainer holds, shared with the checkpoint code.

#include "data/batch_loader.h"
#include "models/backbone.h"
#include "training/loss_scaler.h"
#include "training/lr_schedule.h"
#include "training/precision.h"
#include "training/trainer.h"

#include <torch/torch.h>

namespace noisynn {

// How far the current epoch got: what a checkpoint taken mid-epoch (on Ctrl-C, on closing the
// window) needs to resume it exactly.
struct EpochProgress {
    int epoch = 0;  // the epoch in progress; 0 when none
    std::size_t batches = 0;
    double lossSum = 0;
    std::size_t correct = 0;
    std::size_t seen = 0;
    double seconds = 0;
};

struct Trainer::State {
    RunConfig config;
    DatasetSplits data;
    std::shared_ptr<const Dataset> train;
    ModelSpec spec;
    NoiseSpec noise;
    std::shared_ptr<BackboneImpl> model;
    torch::Device device{torch::kCPU};
    Precision precision = Precision::Fp32;
    LossScaler lossScaler;  // fp16 only
    TransformOptions evaluationTransform;
    std::unique_ptr<BatchLoader> trainLoader;
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    std::unique_ptr<LearningRateSchedule> schedule;
    std::size_t step = 0;
    EpochProgress progress;
    // Which evaluation samples enter the task-entropy estimate (entropy.samples of them, seeded);
    // empty when there is none to make.
    std::vector<char> entropySubset;
    // The last evaluation's features on that subset: the viewers' embeddings, spread over the
    // classes even when the evaluation order is class-sorted, and no extra forward pass.
    FeatureSet lastSubsetFeatures;
};

}  // namespace noisynn
