#pragma once

#include "config/run_config.h"
#include "data/dataset.h"
#include "data/sample_order.h"
#include "training/training_events.h"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace noisynn {

class BackboneImpl;
class BatchLoader;

// Called with 0 images when an evaluation starts, then after each batch with the images evaluated
// so far and the images it will evaluate in all.
using EvaluationProgress = std::function<void(std::size_t images, std::size_t total)>;

// Trains the config's model on a data set, on whatever thread calls run(). Stop and pause are
// atomic flags read between batches, the evaluation's included. LibTorch stays out of this header
// (pimpl) so that the app's QObject headers can hold a Trainer.
class Trainer {
public:
    // Builds the model (and imports model.weights), the loaders and the optimizer. Throws
    // noisynn::Error for any config the run cannot honour.
    Trainer(const RunConfig& config, DatasetSplits data);
    ~Trainer();

    // Epochs firstEpoch..train.epochs (from 1), each followed by an evaluation and onEpoch; when a
    // loaded checkpoint was taken inside epoch firstEpoch, that epoch continues where it stopped.
    // Returns the last completed epoch (firstEpoch - 1 when stopped before one completed; a stop
    // during an epoch's evaluation leaves that epoch trained but not completed, so resuming only
    // evaluates it). With
    // train.epochs 0 it only evaluates, reported as epoch 0. Throws noisynn::RunFailure when the
    // loss stops being finite; the checkpoints of completed epochs stay as they are.
    int run(TrainingEvents& events, int firstEpoch = 1);
    // The evaluation split in the given order and batch size (SampleOrder::Single forces 1); only
    // the first maxBatches batches when that is not 0 (for timing). When `cancel` is given and
    // becomes true, the evaluation ends at the next batch with noisynn::Error; while `paused` is
    // given and true, it waits before the next batch.
    EvaluationResult evaluate(SampleOrder order, std::size_t batchSize, std::size_t maxBatches = 0,
                              const std::atomic<bool>* cancel = nullptr,
                              const std::atomic<bool>* paused = nullptr,
                              const EvaluationProgress& progress = {});
    // The features before and after the noise for the first maxSamples evaluation samples (all
    // when 0) in the given order and batch size. Throws noisynn::Error when noise.type is none:
    // without a noise there is no injection point to read.
    FeatureSet collectFeatures(SampleOrder order, std::size_t batchSize,
                               std::size_t maxSamples = 0,
                               const EvaluationProgress& progress = {});
    // The first `count` evaluation images in the given order (the configured eval.order when
    // none), before and after image noise.
    ImagePreview previewImageNoise(std::size_t count,
                                   std::optional<SampleOrder> order = std::nullopt);
    ViewerSamples viewerSamples(int epoch);

    void requestStop() { m_stop = true; }
    bool stopRequested() const { return m_stop; }
    // After a stop: the batches of the interrupted epoch that were trained (0 when the stop fell
    // between epochs). A checkpoint saved now resumes at the next batch.
    std::size_t batchesIntoEpoch() const;
    void setPaused(bool paused) { m_paused = paused; }
    BackboneImpl& model();
    // The data set's class names, label by label.
    const std::vector<std::string>& classNames() const;
    std::string device() const;
    std::string precision() const;

    // For checkpoints: the optimizer state and the schedule's position, opaque outside core.
    struct State;
    State& state() { return *m_state; }

private:
    // Throws noisynn::Error naming eval.batch_size when a batch-mixing noise would get an
    // evaluation batch of one: the whole batch, or the split's last one when the caller goes
    // through the whole split (a timing run over the first batches never reaches it).
    void checkEvaluationBatches(SampleOrder order, std::size_t batchSize,
                                bool wholeSplit = true) const;
    // The evaluation split's batches, checked as above.
    std::unique_ptr<BatchLoader> evaluationLoader(SampleOrder order, std::size_t batchSize,
                                                  bool wholeSplit = true);

    std::unique_ptr<State> m_state;
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_paused{false};
};

}  // namespace noisynn
