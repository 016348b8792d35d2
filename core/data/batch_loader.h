#pragma once

#include "data/dataset.h"
#include "data/sample_order.h"
#include "data/transforms.h"

#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <optional>
#include <vector>

namespace noisynn {

class ThreadPool;

struct LoaderOptions {
    std::size_t batchSize = 64;  // forced to 1 for SampleOrder::Single
    SampleOrder order = SampleOrder::Shuffled;
    bool dropLast = false;  // drop a final batch smaller than batchSize
    std::uint64_t seed = 0;
    int workers = 2;           // threads preparing batches
    std::size_t prefetch = 4;  // batches prepared ahead of the consumer
    TransformOptions transform;
};

// Float pixels, channels first (N, C, H, W), ready to wrap in a tensor without copying.
struct Batch {
    std::size_t index = 0;  // position in the epoch
    ImageShape shape;       // of one image
    std::vector<float> pixels;
    std::vector<std::int64_t> labels;
    std::vector<std::int64_t> sampleIndices;  // into the data set, in batch order
    std::size_t size() const { return labels.size(); }
};

// Prepares batches on worker threads, `prefetch` ahead of the consumer, in a deterministic order:
// the same seed and epoch give the same batches whatever the number of workers.
class BatchLoader {
public:
    BatchLoader(std::shared_ptr<const Dataset> dataset, LoaderOptions options);
    ~BatchLoader();
    BatchLoader(const BatchLoader&) = delete;
    BatchLoader& operator=(const BatchLoader&) = delete;

    std::size_t batchesPerEpoch() const;
    std::size_t batchSize() const { return m_batchSize; }
    ImageShape outputShape() const { return m_transform.outputShape(); }
    const Dataset& dataset() const { return *m_dataset; }

    // Starts (or restarts) an epoch at batch firstBatch (a resumed epoch skips the batches it
    // already trained on); batches of a previous epoch still in flight are discarded.
    void startEpoch(std::uint64_t epoch, std::size_t firstBatch = 0);
    // The next batch of the epoch, or nothing at its end. Rethrows a worker's noisynn::Error (an
    // unreadable image, named).
    std::optional<Batch> next();
    const std::vector<std::size_t>& epochOrder() const { return m_order; }

private:
    Batch assemble(std::size_t batchIndex) const;
    void topUp();
    void drain();

    std::shared_ptr<const Dataset> m_dataset;
    LoaderOptions m_options;
    std::size_t m_batchSize;
    SampleTransform m_transform;
    std::uint64_t m_epoch = 0;
    std::vector<std::size_t> m_order;
    std::size_t m_nextToSubmit = 0;
    std::deque<std::future<Batch>> m_inFlight;
    // Declared last: destroyed first, so its workers finish before the state they read goes.
    std::unique_ptr<ThreadPool> m_pool;
};

}  // namespace noisynn
