#pragma once

#include "config/run_config.h"
#include "data/sample_order.h"
#include "training/trainer.h"
#include "training/training_events.h"

#include <atomic>
#include <string>
#include <vector>

namespace noisynn {

// The config a run's checkpoint is re-evaluated under: the run's own, with "key=value" overrides
// that may touch only noise.*, eval.* and entropy.* keys (the checkpoint fixed everything else).
// Throws noisynn::Error naming a key outside those.
RunConfig evaluationConfig(const RunConfig& trained, const std::vector<std::string>& overrides);

// `config` with eval.order and eval.batch_size set to an evaluation's own, so that the Trainer
// checks those rather than the run's (an order of SampleOrder::Sequential keeps the run's).
RunConfig withEvaluation(const RunConfig& config, SampleOrder order, std::size_t batch);

struct CheckpointEvaluation {
    int epoch = 0;  // the epochs the checkpoint had completed
    EvaluationResult result;
};

// Builds the config's model, loads the checkpoint into it and evaluates it in the given order and
// batch size: the NoisyNN audit of one checkpoint under another evaluation. Throws noisynn::Error
// naming the file for a checkpoint that is missing or of another model.
// `cancel`, when given, ends the evaluation at its next batch (noisynn::Error); `progress` hears
// of every batch.
CheckpointEvaluation evaluateCheckpoint(const RunConfig& config, const std::string& checkpoint,
                                        SampleOrder order, std::size_t batch,
                                        const std::atomic<bool>* cancel = nullptr,
                                        const EvaluationProgress& progress = {});

}  // namespace noisynn
