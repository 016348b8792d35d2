#include "training/trainer.h"

#include "training/trainer_state.h"

#include "data/batch_loader.h"
#include "data/channel_stats.h"
#include "entropy/task_entropy.h"
#include "error.h"
#include "models/backbone.h"
#include "models/weight_import.h"
#include "noise/delta_s.h"
#include "noise/latent_noise.h"
#include "runtime/compute_threads.h"
#include "training/device.h"
#include "training/lr_schedule.h"
#include "util/seeded_random.h"

#include <chrono>
#include <cmath>
#include <mutex>
#include <set>
#include <thread>

namespace noisynn {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// The first `count` samples of a seeded permutation of a split (data.train_subset).
class SubsetDataset : public Dataset {
public:
    SubsetDataset(std::shared_ptr<const Dataset> parent, std::size_t count, std::uint64_t seed)
        : m_parent(std::move(parent)), m_indices(m_parent->size()) {
        for (std::size_t i = 0; i < m_indices.size(); ++i)
            m_indices[i] = i;
        std::mt19937_64 generator(seed);
        seededShuffle(m_indices, generator);
        m_indices.resize(count);
        std::sort(m_indices.begin(), m_indices.end());
    }
    std::string description() const override {
        return m_parent->description() + ", subset of " + std::to_string(m_indices.size());
    }
    std::size_t size() const override { return m_indices.size(); }
    ImageShape imageShape() const override { return m_parent->imageShape(); }
    const std::vector<std::string>& classNames() const override { return m_parent->classNames(); }
    int label(std::size_t index) const override { return m_parent->label(m_indices.at(index)); }
    Image image(std::size_t index) const override { return m_parent->image(m_indices.at(index)); }
    std::string imagePath(std::size_t index) const override {
        return m_parent->imagePath(m_indices.at(index));
    }

private:
    std::shared_ptr<const Dataset> m_parent;
    std::vector<std::size_t> m_indices;
};

torch::Tensor imagesOf(Batch& batch, const torch::Device& device) {
    const auto tensor = torch::from_blob(batch.pixels.data(),
                                         {static_cast<int64_t>(batch.size()), batch.shape.channels,
                                          batch.shape.height, batch.shape.width},
                                         torch::kFloat32);
    // On the CPU the tensor borrows the batch's memory, which outlives the step.
    return device.is_cpu() ? tensor : tensor.to(device);
}

torch::Tensor labelsOf(const Batch& batch, const torch::Device& device) {
    return torch::tensor(batch.labels, torch::kInt64).to(device);
}

// Divides the fp16-scaled gradients back and tells the scaler whether they stayed finite; returns
// whether the optimizer may step.
// Appends a tensor's values, row-major, as float32.
void appendRows(std::vector<float>& rows, const torch::Tensor& matrix) {
    const auto contiguous = matrix.to(torch::kCPU, torch::kFloat32).contiguous();
    rows.insert(rows.end(), contiguous.data_ptr<float>(),
                contiguous.data_ptr<float>() + contiguous.numel());
}

// Adds the rows of a batch's captured features whose samples are in the entropy subset.
void keepEntropyRows(const Batch& batch, const NoiseCapture& capture,
                     const std::vector<char>& subset, FeatureSet& rows) {
    std::vector<int64_t> picked;
    for (std::size_t j = 0; j < batch.size(); ++j) {
        const auto sample = static_cast<std::size_t>(batch.sampleIndices[j]);
        if (sample < subset.size() && subset[sample]) {
            picked.push_back(static_cast<int64_t>(j));
            rows.labels.push_back(batch.labels[j]);
            rows.sampleIndices.push_back(batch.sampleIndices[j]);
        }
    }
    if (picked.empty()) {
        return;
    }
    const auto index = torch::tensor(picked, torch::kInt64).to(capture.pooledBefore.device());
    appendRows(rows.before, capture.pooledBefore.index_select(0, index));
    appendRows(rows.after, capture.pooledAfter.index_select(0, index));
    rows.dimension = static_cast<std::size_t>(capture.pooledBefore.size(1));
    rows.rows += picked.size();
}

// The entropy figures of an evaluation, or none (NaN) when its rows cannot give them: a side
// figure never stops a run. Both estimates use one dimension, so that noise reviving dead units
// cannot bias their difference.
EntropyFigures entropyFigures(const FeatureSet& rows, const NoiseSpec& noise,
                              long long evaluationBatch) {
    const auto start = Clock::now();
    const std::set<std::int64_t> present(rows.labels.begin(), rows.labels.end());
    if (present.size() < 2 || rows.rows < present.size() + 2) {
        return {};  // e.g. the first class-sorted batch alone, as bench's warm-up sees it
    }
    const std::vector<double> before(rows.before.begin(), rows.before.end());
    const std::vector<double> after(rows.after.begin(), rows.after.end());
    TaskEntropy clean;
    TaskEntropy noisy;
    try {
        clean = estimateTaskEntropy(before, rows.rows, rows.dimension, rows.labels);
        noisy = estimateTaskEntropy(after, rows.rows, rows.dimension, rows.labels);
        const std::size_t common = std::min(clean.dimensionUsed, noisy.dimensionUsed);
        if (clean.dimensionUsed > common) {
            clean = estimateTaskEntropy(before, rows.rows, rows.dimension, rows.labels, common);
        } else if (noisy.dimensionUsed > common) {
            noisy = estimateTaskEntropy(after, rows.rows, rows.dimension, rows.labels, common);
        }
    } catch (const Error&) {
        return {};  // constant or non-finite features (a diverging fp16 run, say)
    }
    EntropyFigures figures;
    figures.before = clean.taskEntropy;
    figures.after = noisy.taskEntropy;
    figures.deltaSEstimated = clean.taskEntropy - noisy.taskEntropy;
    figures.spreadBefore = clean.withinClassSpread;
    figures.spreadAfter = noisy.withinClassSpread;
    figures.samples = rows.rows;
    figures.dimensionUsed = clean.dimensionUsed;
    if (noise.inEvaluation) {
        figures.deltaSTheory =
            theoreticalDeltaS(noise, evaluationBatch).value_or(EntropyFigures::kNone);
    }
    figures.seconds = secondsSince(start);
    return figures;
}

bool unscaleGradients(BackboneImpl& model, LossScaler& scaler) {
    const double inverse = 1.0 / scaler.scale();
    bool finite = true;
    for (auto& parameter : model.parameters()) {
        auto& gradient = parameter.mutable_grad();
        if (gradient.defined()) {
            gradient.mul_(inverse);
            finite = finite && torch::isfinite(gradient).all().item<bool>();
        }
    }
    return scaler.update(finite);
}

}  // namespace

Trainer::Trainer(const RunConfig& config, DatasetSplits data) : m_state(std::make_unique<State>()) {
    State& s = *m_state;
    s.config = config;
    s.data = std::move(data);
    applyComputeThreads(static_cast<int>(config.integer("train.threads")));
    s.device = torch::Device(resolveDevice(config.text("train.device")));
    s.precision = resolvePrecision(config.text("train.precision"), s.device.str());
    const auto seed = static_cast<std::uint64_t>(config.integer("train.seed"));
    torch::manual_seed(seed);

    s.train = s.data.train;
    const auto subset = static_cast<std::size_t>(config.integer("data.train_subset"));
    if (subset > 0 && subset < s.train->size()) {
        s.train = std::make_shared<SubsetDataset>(s.train, subset, seed);
    }

    const auto classes = static_cast<int>(s.train->classNames().size());
    s.spec = modelSpecFrom(config, s.train->imageShape(), classes);
    s.noise = noiseSpecFrom(config, isVitBackbone(s.spec.backbone));
    s.model = makeBackbone(s.spec, s.noise);
    if (!config.text("model.weights").empty()) {
        importWeights(*s.model, config.text("model.weights"), config.flag("model.reinit_head"));
    }
    s.model->to(s.device);

    const auto batchSize = static_cast<std::size_t>(config.integer("train.batch_size"));
    if (s.noise.mixesBatch() && s.noise.inTraining && batchSize < 2) {
        throw Error("train.batch_size: 1, but noise.type " + toString(s.noise.kind) +
                    " mixes a batch in training; expected 2 or more");
    }
    if (s.noise.mixesBatch() && s.noise.inTraining && s.train->size() < 2) {
        throw Error("data.train_subset: a training split of " + std::to_string(s.train->size()) +
                    " image, but noise.type " + toString(s.noise.kind) + " mixes a batch in " +
                    "training; expected 2 or more images");
    }

    const ChannelStats stats = computeChannelStats(*s.train, 10000, seed);
    TransformOptions transform;
    if (s.spec.imageSize != s.train->imageShape().height ||
        s.spec.imageSize != s.train->imageShape().width) {
        transform.resizeHeight = s.spec.imageSize;
        transform.resizeWidth = s.spec.imageSize;
    }
    for (std::size_t c = 0; c < stats.mean.size(); ++c) {
        transform.mean.push_back(static_cast<float>(stats.mean[c]));
        transform.std.push_back(std::max(1e-3f, static_cast<float>(stats.std[c])));
    }
    s.evaluationTransform = transform;
    transform.cropPadding = static_cast<int>(config.integer("data.crop_padding"));
    transform.horizontalFlip = config.flag("data.flip");

    LoaderOptions loader;
    loader.batchSize = batchSize;
    loader.order = SampleOrder::Shuffled;
    // A last batch of one would break batch-mixing noise, and a short batch skews BatchNorm.
    loader.dropLast = s.train->size() > batchSize;
    loader.seed = seed;
    loader.workers = static_cast<int>(config.integer("data.workers"));
    loader.transform = transform;
    s.trainLoader = std::make_unique<BatchLoader>(s.train, loader);

    const double lr = config.number("train.lr");
    const double decay = config.number("train.weight_decay");
    if (config.text("train.optimizer") == "sgd") {
        s.optimizer = std::make_unique<torch::optim::SGD>(
            s.model->parameters(), torch::optim::SGDOptions(lr)
                                       .momentum(config.number("train.momentum"))
                                       .nesterov(config.flag("train.nesterov"))
                                       .weight_decay(decay));
    } else {
        s.optimizer = std::make_unique<torch::optim::AdamW>(
            s.model->parameters(), torch::optim::AdamWOptions(lr).weight_decay(decay));
    }
    // Refused now rather than after the first epoch's training.
    checkEvaluationBatches(parseSampleOrder(config.text("eval.order"), "eval.order"),
                           static_cast<std::size_t>(config.integer("eval.batch_size")));
    const auto entropySamples = static_cast<std::size_t>(config.integer("entropy.samples"));
    const std::size_t entropyMinimum = static_cast<std::size_t>(classes) + 2;
    if (entropySamples > 0 && s.noise.kind != NoiseKind::None &&
        std::min(entropySamples, s.data.test->size()) < entropyMinimum) {
        // Fewer rows than classes + 2 leave the joint covariance without a determinant.
        throw Error("entropy.samples: " + std::to_string(entropySamples) + " of " +
                    std::to_string(s.data.test->size()) + " evaluation images, too few for the " +
                    std::to_string(classes) + " classes; expected 0 (off) or at least " +
                    std::to_string(entropyMinimum) + " samples");
    }
    if (entropySamples > 0 && s.noise.kind != NoiseKind::None) {
        // The same samples every epoch, so that the figures of one run compare across epochs.
        std::vector<std::size_t> indices(s.data.test->size());
        for (std::size_t i = 0; i < indices.size(); ++i)
            indices[i] = i;
        std::mt19937_64 generator(mixSeed(seed, 0xE7));
        seededShuffle(indices, generator);
        indices.resize(std::min(entropySamples, indices.size()));
        s.entropySubset.assign(s.data.test->size(), 0);
        for (auto index : indices)
            s.entropySubset[index] = 1;
    }

    const std::size_t perEpoch = s.trainLoader->batchesPerEpoch();
    const auto epochs = static_cast<std::size_t>(config.integer("train.epochs"));
    const auto warmup =
        static_cast<std::size_t>(std::llround(config.number("train.warmup_epochs") * perEpoch));
    s.schedule = std::make_unique<LearningRateSchedule>(
        lr, config.number("train.lr_min"), warmup, perEpoch * std::max<std::size_t>(1, epochs));
}

Trainer::~Trainer() = default;

BackboneImpl& Trainer::model() {
    return *m_state->model;
}
const std::vector<std::string>& Trainer::classNames() const {
    return m_state->data.test->classNames();
}

std::string Trainer::device() const {
    return m_state->device.str();
}
std::size_t Trainer::batchesIntoEpoch() const {
    return m_state->progress.batches;
}
std::string Trainer::precision() const {
    return toString(m_state->precision);
}

int Trainer::run(TrainingEvents& events, int firstEpoch) {
    State& s = *m_state;
    const auto epochs = static_cast<int>(s.config.integer("train.epochs"));
    const auto evalOrder = parseSampleOrder(s.config.text("eval.order"), "eval.order");
    const auto evalBatch = static_cast<std::size_t>(s.config.integer("eval.batch_size"));
    const double smoothing = s.config.number("train.label_smoothing");
    const double clip = s.config.number("train.grad_clip");
    int completed = firstEpoch - 1;
    if (epochs == 0 && firstEpoch == 1) {
        // train.epochs 0 evaluates the model as it is (imported weights, the paper's
        // inference-only noise), reported as epoch 0.
        const auto start = Clock::now();
        EpochMetrics metrics;
        // Nothing was trained: no training figures (NaN, empty cells and nulls downstream).
        metrics.trainLoss = metrics.trainAccuracy = metrics.trainImagesPerSecond =
            std::numeric_limits<double>::quiet_NaN();
        metrics.validation = evaluate(evalOrder, evalBatch);
        metrics.seconds = secondsSince(start);
        events.onEpoch(metrics);
        if (events.wantsSamples()) {
            events.onSamples(viewerSamples(0));
        }
        return 0;
    }
    for (int epoch = firstEpoch; epoch <= epochs && !m_stop; ++epoch) {
        s.model->train();
        // A checkpoint from inside this epoch carries the batches done and their sums.
        EpochProgress& progress = s.progress;
        if (progress.epoch != epoch) {
            progress = EpochProgress{epoch};
        }
        s.trainLoader->startEpoch(static_cast<std::uint64_t>(epoch - 1), progress.batches);
        const auto epochStart = Clock::now() - std::chrono::duration_cast<Clock::duration>(
                                                   std::chrono::duration<double>(progress.seconds));
        double& lossSum = progress.lossSum;
        std::size_t& correct = progress.correct;
        std::size_t& seen = progress.seen;
        for (;;) {
            StepTimings timings;
            auto mark = Clock::now();
            const auto lap = [&mark](double& phase) {
                const auto now = Clock::now();
                phase = std::chrono::duration<double>(now - mark).count();
                mark = now;
            };
            auto batch = s.trainLoader->next();
            if (!batch) {
                break;
            }
            while (m_paused && !m_stop) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                mark = Clock::now();  // a pause is not data time
            }
            if (m_stop) {
                break;
            }
            const double lr = s.schedule->at(s.step);
            for (auto& group : s.optimizer->param_groups()) {
                group.options().set_lr(lr);
            }
            const auto images = imagesOf(*batch, s.device);
            const auto labels = labelsOf(*batch, s.device);
            lap(timings.data);

            torch::Tensor logits;
            {
                AutocastScope autocast(s.precision, s.device.is_cuda());
                logits = s.model->forward(images);
            }
            const auto loss = torch::nn::functional::cross_entropy(
                logits.to(torch::kFloat32), labels,
                torch::nn::functional::CrossEntropyFuncOptions().label_smoothing(smoothing));
            const double lossValue = loss.item<double>();
            if (!std::isfinite(lossValue)) {
                throw RunFailure("the training loss became " + std::to_string(lossValue) +
                                 " at epoch " + std::to_string(epoch) + ", batch " +
                                 std::to_string(batch->index + 1) +
                                 "; a lower train.lr or a train.grad_clip usually helps");
            }
            lap(timings.forward);

            s.optimizer->zero_grad();
            const bool scaled = s.precision == Precision::Fp16;
            (scaled ? loss * s.lossScaler.scale() : loss).backward();
            lap(timings.backward);

            if (!scaled || unscaleGradients(*s.model, s.lossScaler)) {
                if (clip > 0) {
                    torch::nn::utils::clip_grad_norm_(s.model->parameters(), clip);
                }
                s.optimizer->step();
            }
            ++s.step;
            const auto hits = logits.argmax(1).eq(labels).sum().item<int64_t>();
            lap(timings.optimizer);

            lossSum += lossValue * batch->size();
            correct += static_cast<std::size_t>(hits);
            seen += batch->size();
            BatchMetrics metrics;
            metrics.epoch = epoch;
            metrics.batch = batch->index + 1;
            metrics.batches = s.trainLoader->batchesPerEpoch();
            metrics.loss = lossValue;
            metrics.accuracy = double(hits) / batch->size();
            metrics.learningRate = lr;
            metrics.imagesPerSecond = batch->size() / std::max(1e-9, timings.total());
            metrics.timings = timings;
            progress.batches = batch->index + 1;
            progress.seconds = secondsSince(epochStart);
            events.onBatch(metrics);
        }
        if (m_stop) {
            break;  // a partial epoch is not a completed one; progress keeps how far it got
        }
        EpochMetrics metrics;
        metrics.epoch = epoch;
        metrics.trainLoss = seen ? lossSum / seen : 0;
        metrics.trainAccuracy = seen ? double(correct) / seen : 0;
        metrics.trainImagesPerSecond = seen / std::max(1e-9, secondsSince(epochStart));
        try {
            metrics.validation = evaluate(evalOrder, evalBatch, 0, &m_stop, &m_paused);
        } catch (const Error&) {
            if (!m_stop) {
                throw;
            }
            break;  // trained but not evaluated: progress holds every batch, so a resume evaluates
        }
        metrics.seconds = secondsSince(epochStart);
        progress = EpochProgress{};
        completed = epoch;
        events.onEpoch(metrics);
        if (events.wantsSamples()) {
            events.onSamples(viewerSamples(epoch));
        }
    }
    return completed;
}

namespace {

// How many images an evaluation over the loader's first maxBatches batches (all when 0) sees.
std::size_t imagesToEvaluate(const BatchLoader& loader, std::size_t maxBatches) {
    const std::size_t all = loader.dataset().size();
    return maxBatches > 0 ? std::min(all, maxBatches * loader.batchSize()) : all;
}

}  // namespace

void Trainer::checkEvaluationBatches(SampleOrder order, std::size_t batchSize,
                                     bool wholeSplit) const {
    const State& s = *m_state;
    if (!s.noise.mixesBatch() || !s.noise.inEvaluation) {
        return;
    }
    if (order == SampleOrder::Single) {
        throw Error("eval.order: single evaluates one image at a time, but noise.type " +
                    toString(s.noise.kind) + " mixes a batch in evaluation; expected sorted or "
                    "shuffled");
    }
    if (batchSize < 2) {
        throw Error("eval.batch_size: an evaluation batch of 1, but noise.type " +
                    toString(s.noise.kind) + " mixes a batch in evaluation; expected 2 or more");
    }
    const std::size_t images = s.data.test->size();
    if (images < 2) {
        throw Error("the evaluation split has " + std::to_string(images) + " image, but " +
                    "noise.type " + toString(s.noise.kind) + " mixes a batch in evaluation; " +
                    "expected 2 or more images");
    }
    if (wholeSplit && images % batchSize == 1) {
        std::size_t suggestion = batchSize + 1;
        while (images % suggestion == 1) {
            ++suggestion;
        }
        throw Error("eval.batch_size: " + std::to_string(batchSize) + " leaves a last batch of 1 " +
                    "of the " + std::to_string(images) + " evaluation images, but noise.type " +
                    toString(s.noise.kind) + " mixes a batch in evaluation; expected a size " +
                    "that leaves 0 or at least 2 over, e.g. " + std::to_string(suggestion));
    }
}

std::unique_ptr<BatchLoader> Trainer::evaluationLoader(SampleOrder order, std::size_t batchSize,
                                                       bool wholeSplit) {
    State& s = *m_state;
    checkEvaluationBatches(order, batchSize, wholeSplit);
    LoaderOptions options;
    options.batchSize = batchSize;
    options.order = order;
    options.seed = static_cast<std::uint64_t>(s.config.integer("train.seed"));
    options.workers = static_cast<int>(s.config.integer("data.workers"));
    options.transform = s.evaluationTransform;
    return std::make_unique<BatchLoader>(s.data.test, options);
}

EvaluationResult Trainer::evaluate(SampleOrder order, std::size_t batchSize, std::size_t maxBatches,
                                   const std::atomic<bool>* cancel,
                                   const std::atomic<bool>* paused,
                                   const EvaluationProgress& progress) {
    State& s = *m_state;
    // A timing run over the first batches never reaches the split's last one.
    auto loader = evaluationLoader(order, batchSize, maxBatches == 0);
    torch::NoGradGuard noGrad;
    s.model->eval();
    const std::size_t classes = s.data.test->classNames().size();
    EvaluationResult result;
    result.confusion.assign(classes, std::vector<long long>(classes, 0));
    double lossSum = 0;
    std::size_t batches = 0;
    ForwardOptions forward;
    forward.capture = !s.entropySubset.empty();
    forward.rawSamples = 0;
    FeatureSet entropyRows;
    const std::size_t total = imagesToEvaluate(*loader, maxBatches);
    if (progress) {
        progress(0, total);
    }
    while (auto batch = loader->next()) {
        while (paused && *paused && !(cancel && *cancel)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (cancel && *cancel) {
            throw Error("the evaluation was cancelled after " + std::to_string(result.samples) +
                        " images");
        }
        const auto images = imagesOf(*batch, s.device);
        const auto labels = labelsOf(*batch, s.device);
        ForwardOutput output;
        {
            AutocastScope autocast(s.precision, s.device.is_cuda());
            output = s.model->run(images, forward);
        }
        const auto logits = output.logits.to(torch::kFloat32);
        if (output.capture) {
            keepEntropyRows(*batch, *output.capture, s.entropySubset, entropyRows);
        }
        lossSum +=
            torch::nn::functional::cross_entropy(logits, labels).item<double>() * batch->size();
        const auto predicted = logits.argmax(1).to(torch::kCPU);
        const auto* guesses = predicted.data_ptr<int64_t>();
        for (std::size_t j = 0; j < batch->size(); ++j) {
            ++result.confusion[batch->labels[j]][guesses[j]];
        }
        result.samples += batch->size();
        if (progress) {
            progress(result.samples, total);
        }
        if (maxBatches > 0 && ++batches >= maxBatches) {
            break;
        }
    }
    long long correct = 0;
    for (std::size_t k = 0; k < classes; ++k) {
        long long row = 0;
        for (auto count : result.confusion[k])
            row += count;
        correct += result.confusion[k][k];
        result.perClassAccuracy.push_back(row ? double(result.confusion[k][k]) / row : 0.0);
    }
    result.accuracy = result.samples ? double(correct) / result.samples : 0.0;
    result.loss = result.samples ? lossSum / result.samples : 0.0;
    if (entropyRows.rows > classes + 1) {
        const long long formedIn =
            order == SampleOrder::Single ? 1 : static_cast<long long>(batchSize);
        result.entropy = entropyFigures(entropyRows, s.noise, formedIn);
    }
    s.lastSubsetFeatures = std::move(entropyRows);
    return result;
}

namespace {

// Viewer samples and exports draw noise from LibTorch's generator too; restoring its state keeps
// a run that shows them bitwise equal to one that does not (and resumes exact).
class PreservedRandomState {
public:
    PreservedRandomState() : m_generator(at::detail::getDefaultCPUGenerator()) {
        std::lock_guard<std::mutex> lock(m_generator.mutex());
        m_state = m_generator.get_state();
    }
    ~PreservedRandomState() {
        std::lock_guard<std::mutex> lock(m_generator.mutex());
        m_generator.set_state(m_state);
    }

private:
    at::Generator m_generator;
    at::Tensor m_state;
};

}  // namespace

FeatureSet Trainer::collectFeatures(SampleOrder order, std::size_t batchSize,
                                    std::size_t maxSamples, const EvaluationProgress& progress) {
    State& s = *m_state;
    if (s.noise.kind == NoiseKind::None) {
        throw Error(
            "noise.type: none, so the model has no injection point whose features could be "
            "read; expected a noise kind (gaussian, linear-optimal, linear-shift, impulse)");
    }
    auto loader = evaluationLoader(order, batchSize);
    PreservedRandomState preserved;
    torch::NoGradGuard noGrad;
    s.model->eval();
    ForwardOptions options;
    options.capture = true;
    options.rawSamples = 0;
    FeatureSet features;
    const std::size_t all = loader->dataset().size();
    const std::size_t total = maxSamples > 0 ? std::min(all, maxSamples) : all;
    if (progress) {
        progress(0, total);
    }
    while (auto batch = loader->next()) {
        ForwardOutput output;
        {
            AutocastScope autocast(s.precision, s.device.is_cuda());
            output = s.model->run(imagesOf(*batch, s.device), options);
        }
        // A batch-mixing noise mixes the whole evaluation batch, so the batch is formed whole and
        // only its rows are cut at maxSamples.
        std::size_t take = batch->size();
        if (maxSamples > 0) {
            take = std::min(take, maxSamples - features.rows);
        }
        const auto& capture = output.capture.value();
        const auto rows = static_cast<int64_t>(take);
        appendRows(features.before, capture.pooledBefore.slice(0, 0, rows));
        appendRows(features.after, capture.pooledAfter.slice(0, 0, rows));
        features.dimension = static_cast<std::size_t>(capture.pooledBefore.size(1));
        features.labels.insert(features.labels.end(), batch->labels.begin(),
                               batch->labels.begin() + rows);
        features.sampleIndices.insert(features.sampleIndices.end(), batch->sampleIndices.begin(),
                                      batch->sampleIndices.begin() + rows);
        features.rows += take;
        if (progress) {
            progress(features.rows, total);
        }
        if (maxSamples > 0 && features.rows >= maxSamples) {
            break;
        }
    }
    return features;
}

ImagePreview Trainer::previewImageNoise(std::size_t count, std::optional<SampleOrder> chosen) {
    State& s = *m_state;
    const auto order =
        chosen.value_or(parseSampleOrder(s.config.text("eval.order"), "eval.order"));
    const auto batchSize =
        std::max<std::size_t>(count, static_cast<std::size_t>(s.config.integer("eval.batch_size")));
    // The noise is drawn over a whole evaluation batch (salt-and-pepper takes its extremes there).
    auto loader = evaluationLoader(order == SampleOrder::Single ? SampleOrder::Sequential : order,
                                   std::max<std::size_t>(2, batchSize), false);
    auto batch = loader->next();
    ImagePreview preview;
    if (!batch) {
        return preview;
    }
    PreservedRandomState preserved;
    torch::NoGradGuard noGrad;
    const auto images = imagesOf(*batch, torch::Device(torch::kCPU));
    const auto noisy =
        s.noise.imageKind == ImageNoiseKind::None ? images : applyImageNoise(images, s.noise);
    preview.shape = batch->shape;
    preview.count = std::min(count, batch->size());
    const auto rows = static_cast<int64_t>(preview.count);
    // Undo the normalisation so the viewer shows pixels as they are stored.
    const auto channels = static_cast<int64_t>(s.evaluationTransform.mean.size());
    const auto mean = torch::tensor(s.evaluationTransform.mean).reshape({1, channels, 1, 1});
    const auto spread = torch::tensor(s.evaluationTransform.std).reshape({1, channels, 1, 1});
    appendRows(preview.before, (images.slice(0, 0, rows) * spread + mean).clamp(0, 1));
    appendRows(preview.after, (noisy.slice(0, 0, rows) * spread + mean).clamp(0, 1));
    preview.labels.assign(batch->labels.begin(), batch->labels.begin() + rows);
    return preview;
}

ViewerSamples Trainer::viewerSamples(int epoch) {
    State& s = *m_state;
    ViewerSamples samples;
    samples.epoch = epoch;
    samples.images = previewImageNoise(16);
    if (s.noise.kind == NoiseKind::None) {
        return samples;
    }
    const auto order = parseSampleOrder(s.config.text("eval.order"), "eval.order");
    const auto batchSize = static_cast<std::size_t>(s.config.integer("eval.batch_size"));
    constexpr std::size_t kViewerRows = 512;
    const FeatureSet& subset = s.lastSubsetFeatures;
    if (subset.rows > 0) {
        // Rows evenly spread over the subset: in a class-sorted evaluation the first ones would
        // all be of the first classes.
        FeatureSet& features = samples.features;
        features.rows = std::min(subset.rows, kViewerRows);
        features.dimension = subset.dimension;
        for (std::size_t i = 0; i < features.rows; ++i) {
            const std::size_t row = i * subset.rows / features.rows;
            const auto first = static_cast<std::ptrdiff_t>(row * subset.dimension);
            const auto last = first + static_cast<std::ptrdiff_t>(subset.dimension);
            features.before.insert(features.before.end(), subset.before.begin() + first,
                                   subset.before.begin() + last);
            features.after.insert(features.after.end(), subset.after.begin() + first,
                                  subset.after.begin() + last);
            features.labels.push_back(subset.labels[row]);
            features.sampleIndices.push_back(subset.sampleIndices[row]);
        }
    } else {
        samples.features = collectFeatures(order, batchSize, kViewerRows);
    }

    // One sample's raw features, from the first evaluation batch.
    auto loader = evaluationLoader(order, batchSize);
    auto batch = loader->next();
    if (!batch) {
        return samples;
    }
    PreservedRandomState preserved;
    torch::NoGradGuard noGrad;
    ForwardOptions options;
    options.capture = true;
    options.rawSamples = 1;
    ForwardOutput output;
    {
        AutocastScope autocast(s.precision, s.device.is_cuda());
        output = s.model->run(imagesOf(*batch, s.device), options);
    }
    const auto& capture = output.capture.value();
    const auto before = capture.rawBefore[0].reshape({capture.rawBefore.size(1), -1});
    samples.rawShape = {before.size(0), before.size(1)};
    appendRows(samples.rawBefore, before);
    appendRows(samples.rawAfter, capture.rawAfter[0].reshape({capture.rawAfter.size(1), -1}));
    return samples;
}

}  // namespace noisynn
