#include "runs/checkpoint_evaluation.h"

#include "config/run_dataset.h"
#include "error.h"
#include "training/checkpoint.h"
#include "training/trainer.h"

namespace noisynn {

RunConfig evaluationConfig(const RunConfig& trained, const std::vector<std::string>& overrides) {
    RunConfig config = trained;
    for (const std::string& setting : overrides) {
        const std::string key = setting.substr(0, setting.find('='));
        // How the evaluation computes is free too: a checkpoint trained in bf16 or on a GPU can
        // be evaluated in fp32 on this CPU.
        const bool computeKey =
            key == "train.precision" || key == "train.device" || key == "train.threads";
        const bool evaluationKey = key.rfind("noise.", 0) == 0 || key.rfind("eval.", 0) == 0 ||
                                   key.rfind("entropy.", 0) == 0 || computeKey;
        if (!evaluationKey) {
            throw Error("eval --set " + key +
                        ": the checkpoint was trained with it; expected a noise.*, eval.* or "
                        "entropy.* key, or train.precision, train.device or train.threads");
        }
        config.apply(setting);
    }
    return config;
}

RunConfig withEvaluation(const RunConfig& config, SampleOrder order, std::size_t batch) {
    RunConfig chosen = config;
    if (order != SampleOrder::Sequential) {
        chosen.set("eval.order", toString(order));
    }
    chosen.set("eval.batch_size", static_cast<long long>(batch));
    return chosen;
}

CheckpointEvaluation evaluateCheckpoint(const RunConfig& config, const std::string& checkpoint,
                                        SampleOrder order, std::size_t batch,
                                        const std::atomic<bool>* cancel,
                                        const EvaluationProgress& progress) {
    const RunConfig chosen = withEvaluation(config, order, batch);
    Trainer trainer(chosen, openDataset(datasetRequestFrom(chosen)));
    CheckpointEvaluation evaluation;
    evaluation.epoch = loadCheckpoint(trainer, checkpoint);
    evaluation.result = trainer.evaluate(order, batch, 0, cancel, nullptr, progress);
    return evaluation;
}

}  // namespace noisynn
