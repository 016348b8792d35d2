#include "data/batch_loader.h"

#include "error.h"
#include "util/thread_pool.h"

#include <algorithm>

namespace noisynn {

BatchLoader::BatchLoader(std::shared_ptr<const Dataset> dataset, LoaderOptions options)
    : m_dataset(std::move(dataset)),
      m_options(std::move(options)),
      m_batchSize(m_options.order == SampleOrder::Single ? 1 : m_options.batchSize),
      m_transform(m_options.transform, m_dataset->imageShape()),
      m_pool(std::make_unique<ThreadPool>(std::max(1, m_options.workers))) {
    if (m_batchSize == 0 || m_batchSize > (std::size_t{1} << 24)) {
        throw Error("batch size " + std::to_string(m_batchSize) + ": expected 1.." +
                    std::to_string(std::size_t{1} << 24));
    }
    m_options.prefetch = std::max<std::size_t>(1, m_options.prefetch);
    startEpoch(0);
}

BatchLoader::~BatchLoader() {
    drain();
}

std::size_t BatchLoader::batchesPerEpoch() const {
    const std::size_t samples = m_dataset->size();
    const std::size_t whole = samples / m_batchSize;
    return m_options.dropLast || samples % m_batchSize == 0 ? whole : whole + 1;
}

void BatchLoader::startEpoch(std::uint64_t epoch, std::size_t firstBatch) {
    drain();
    m_epoch = epoch;
    m_order = orderSamples(*m_dataset, m_options.order, m_options.seed, epoch);
    m_nextToSubmit = std::min(firstBatch, batchesPerEpoch());
}

std::optional<Batch> BatchLoader::next() {
    topUp();
    if (m_inFlight.empty()) {
        return std::nullopt;
    }
    auto future = std::move(m_inFlight.front());
    m_inFlight.pop_front();
    Batch batch = future.get();  // rethrows the worker's exception
    topUp();
    return batch;
}

void BatchLoader::topUp() {
    while (m_inFlight.size() < m_options.prefetch && m_nextToSubmit < batchesPerEpoch()) {
        const std::size_t batchIndex = m_nextToSubmit++;
        m_inFlight.push_back(m_pool->submit([this, batchIndex] { return assemble(batchIndex); }));
    }
}

void BatchLoader::drain() {
    for (auto& future : m_inFlight) {
        future.wait();  // an exception inside is dropped with the batch
    }
    m_inFlight.clear();
}

Batch BatchLoader::assemble(std::size_t batchIndex) const {
    const std::size_t begin = batchIndex * m_batchSize;
    const std::size_t end = std::min(begin + m_batchSize, m_order.size());
    Batch batch;
    batch.index = batchIndex;
    batch.shape = m_transform.outputShape();
    const std::size_t perImage = batch.shape.elementCount();
    batch.pixels.resize((end - begin) * perImage);
    for (std::size_t position = begin; position < end; ++position) {
        const std::size_t sample = m_order[position];
        const Image image = m_dataset->image(sample);
        m_transform.apply(image, m_options.seed, m_epoch, sample,
                          batch.pixels.data() + (position - begin) * perImage);
        batch.labels.push_back(m_dataset->label(sample));
        batch.sampleIndices.push_back(static_cast<std::int64_t>(sample));
    }
    return batch;
}

}  // namespace noisynn
