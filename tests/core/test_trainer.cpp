// The trainer on synthetic patterns: it learns, repeats itself from a seed on the CPU, stops within
// a batch, evaluates in every order with a confusion matrix, and refuses what it cannot honour.
#include "data/synthetic_dataset.h"
#include "error.h"
#include "models/backbone.h"
#include "runtime/cpu_features.h"
#include "support/error_of.h"
#include "training/checkpoint.h"
#include "training/device.h"
#include "training/loss_scaler.h"
#include "training/lr_schedule.h"
#include "training/precision.h"
#include "training/trainer.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <set>
#include <thread>

#include <filesystem>

using namespace noisynn;
using noisynn::testing::errorOf;

namespace {

DatasetSplits patterns(std::size_t train = 1200, std::size_t test = 300) {
    SyntheticOptions options;
    options.classes = 4;
    options.trainSize = train;
    options.testSize = test;
    options.shape = {16, 16, 1};
    options.seed = 5;
    return makeSyntheticDataset(options);
}

RunConfig smallRun() {
    RunConfig config;
    config.apply("model.backbone=small-cnn");
    config.apply("train.epochs=2");
    config.apply("train.batch_size=32");
    config.apply("train.lr=0.003");
    config.apply("train.weight_decay=0.0");
    config.apply("train.threads=2");
    config.apply("eval.batch_size=50");
    return config;
}

struct Recorder : TrainingEvents {
    std::vector<BatchMetrics> batches;
    std::vector<EpochMetrics> epochs;
    std::function<void(const BatchMetrics&)> afterBatch;
    void onBatch(const BatchMetrics& metrics) override {
        batches.push_back(metrics);
        if (afterBatch)
            afterBatch(metrics);
    }
    void onEpoch(const EpochMetrics& metrics) override { epochs.push_back(metrics); }
};

}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theScheduleWarmsUpLinearlyThenFollowsACosineToTheFloor();
    void aSmallCnnLearnsTheSyntheticPatterns();
    void theSameSeedGivesTheSameRunOnTheCpu();
    void stopTakesEffectWithinOneBatch();
    void aStopDuringTheEpochsEvaluationKeepsTheTrainingAndTheResumeOnlyEvaluates();
    void evaluationCountsEverySampleInEveryOrder();
    void aCancelledEvaluationEndsWithAMessage();
    void batchMixingNoiseInEvaluationNeedsABatch();
    void unsupportedSettingsAreRefusedNamingTheKey();
    void twoEpochsStoppedAndResumedForTwoMoreEqualFourUninterrupted();
    void aRunStoppedInsideAnEpochResumesAtTheNextBatchExactly();
    void aDamagedCheckpointIsRefusedByName();
    void zeroEpochsEvaluatesTheModelAsItIs();
    void aLossThatIsNoLongerFiniteStopsTheRunWithAClearMessage();
    void bf16AutocastTrainsAndAutoPicksBf16OnlyWhereItIsNative();
    void theLossScalerSkipsOverflowingStepsAndGrowsAfterGoodOnes();
    void everyStepIsTimedByPhase();
    void featuresAreCollectedInEvaluationOrderAndMixedWithinEvaluationBatches();
    void viewerSamplesArriveAfterEachEpochWithoutChangingTheRun();
};

void TestTrainer::theScheduleWarmsUpLinearlyThenFollowsACosineToTheFloor() {
    const LearningRateSchedule schedule(1.0, 0.1, 4, 13);  // cosine over steps 4..12
    QCOMPARE(schedule.at(0), 0.25);
    QCOMPARE(schedule.at(3), 1.0);
    QCOMPARE(schedule.at(4), 1.0);                     // the cosine starts at the peak
    QVERIFY(std::abs(schedule.at(8) - 0.55) < 1e-12);  // half way: (peak + floor) / 2
    QVERIFY(std::abs(schedule.at(12) - 0.1) < 1e-12);
    QVERIFY(std::abs(schedule.at(100) - 0.1) < 1e-12);
}

void TestTrainer::aSmallCnnLearnsTheSyntheticPatterns() {
    Trainer trainer(smallRun(), patterns());
    Recorder recorder;
    QCOMPARE(trainer.run(recorder), 2);
    QCOMPARE(recorder.epochs.size(), std::size_t{2});
    QCOMPARE(recorder.batches.size(), std::size_t{2 * (1200 / 32)});
    const auto& last = recorder.epochs.back();
    QVERIFY2(last.validation.accuracy > 0.9,
             qPrintable(QString("validation accuracy %1").arg(last.validation.accuracy)));
    QVERIFY(last.trainLoss < recorder.epochs.front().trainLoss);
    QCOMPARE(last.validation.samples, std::size_t{300});
}

void TestTrainer::theSameSeedGivesTheSameRunOnTheCpu() {
    auto config = smallRun();
    config.apply("train.epochs=1");
    config.apply("data.crop_padding=2");
    config.apply("data.flip=true");
    std::vector<double> losses[2];
    for (auto& run : losses) {
        Trainer trainer(config, patterns(400, 100));
        Recorder recorder;
        trainer.run(recorder);
        for (const auto& batch : recorder.batches)
            run.push_back(batch.loss);
    }
    QCOMPARE(losses[0], losses[1]);
    config.apply("train.seed=1");
    Trainer other(config, patterns(400, 100));
    Recorder recorder;
    other.run(recorder);
    QVERIFY(recorder.batches.front().loss != losses[0].front());
}

void TestTrainer::stopTakesEffectWithinOneBatch() {
    Trainer trainer(smallRun(), patterns());
    Recorder recorder;
    recorder.afterBatch = [&](const BatchMetrics& metrics) {
        if (metrics.batch == 3)
            trainer.requestStop();
    };
    QCOMPARE(trainer.run(recorder), 0);
    QCOMPARE(recorder.batches.size(), std::size_t{3});
    QVERIFY(recorder.epochs.empty());
}

void TestTrainer::aStopDuringTheEpochsEvaluationKeepsTheTrainingAndTheResumeOnlyEvaluates() {
    auto config = smallRun();
    config.apply("train.epochs=1");
    const auto data = patterns(320, 64);
    Trainer straight(config, data);
    Recorder all;
    QCOMPARE(straight.run(all), 1);

    // A pause at the last batch holds the evaluation at its first batch; the stop that follows
    // ends it there. Were the pause not honoured, the evaluation would finish first.
    QTemporaryDir dir;
    const std::string checkpoint = dir.filePath("last.pt").toStdString();
    {
        Trainer stopped(config, data);
        Recorder recorder;
        std::thread stopper;
        recorder.afterBatch = [&](const BatchMetrics& metrics) {
            if (metrics.batch == metrics.batches) {
                stopped.setPaused(true);
                stopper = std::thread([&stopped] {
                    std::this_thread::sleep_for(std::chrono::milliseconds(300));
                    stopped.requestStop();
                });
            }
        };
        QCOMPARE(stopped.run(recorder), 0);
        stopper.join();
        QVERIFY(recorder.epochs.empty());
        QCOMPARE(stopped.batchesIntoEpoch(), std::size_t{320 / 32});
        saveCheckpoint(stopped, 0, checkpoint);
    }
    Trainer resumed(config, data);
    QCOMPARE(loadCheckpoint(resumed, checkpoint), 0);
    Recorder rest;
    QCOMPARE(resumed.run(rest, 1), 1);
    QVERIFY(rest.batches.empty());  // nothing trained again
    QCOMPARE(rest.epochs.size(), std::size_t{1});
    QCOMPARE(rest.epochs.front().validation.loss, all.epochs.front().validation.loss);
    QCOMPARE(rest.epochs.front().trainLoss, all.epochs.front().trainLoss);
}

void TestTrainer::evaluationCountsEverySampleInEveryOrder() {
    Trainer trainer(smallRun(), patterns(200, 120));
    for (auto order : {SampleOrder::ClassSorted, SampleOrder::Shuffled, SampleOrder::Single}) {
        const auto result = trainer.evaluate(order, 25);
        QCOMPARE(result.samples, std::size_t{120});
        long long total = 0;
        for (const auto& row : result.confusion)
            for (auto count : row)
                total += count;
        QCOMPARE(total, 120LL);
        QCOMPARE(result.perClassAccuracy.size(), std::size_t{4});
    }
    // Without batch-mixing noise the order cannot change a prediction.
    QCOMPARE(trainer.evaluate(SampleOrder::ClassSorted, 25).confusion,
             trainer.evaluate(SampleOrder::Single, 1).confusion);
}

void TestTrainer::aCancelledEvaluationEndsWithAMessage() {
    Trainer trainer(smallRun(), patterns(200, 120));
    std::atomic<bool> cancel{false};
    QCOMPARE(trainer.evaluate(SampleOrder::Shuffled, 25, 0, &cancel).samples, std::size_t{120});
    cancel = true;
    const QString message =
        errorOf([&] { trainer.evaluate(SampleOrder::Shuffled, 25, 0, &cancel); });
    QVERIFY2(message.contains("cancelled after 0 images"), qPrintable(message));
}

void TestTrainer::batchMixingNoiseInEvaluationNeedsABatch() {
    auto config = smallRun();
    config.apply("noise.type=linear-optimal");
    config.apply("noise.phase=eval");
    Trainer trainer(config, patterns(200, 100));
    const QString message = errorOf([&] { trainer.evaluate(SampleOrder::Single, 1); });
    QVERIFY2(message.contains("mixes a batch in evaluation"), qPrintable(message));
    // Sorted batches of one class and shuffled batches give different predictions from one model.
    const auto sorted = trainer.evaluate(SampleOrder::ClassSorted, 10);
    const auto shuffled = trainer.evaluate(SampleOrder::Shuffled, 10);
    QVERIFY(sorted.confusion != shuffled.confusion);
    // Batches of 33 leave a last batch of 1 of the 100 images: refused for the whole split, and
    // allowed for a timing run over the first batches, which never reaches it.
    const QString last = errorOf([&] { trainer.evaluate(SampleOrder::Shuffled, 33); });
    QVERIFY2(last.contains("eval.batch_size: 33 leaves a last batch of 1"), qPrintable(last));
    QCOMPARE(trainer.evaluate(SampleOrder::Shuffled, 33, 2).samples, std::size_t{66});
    // A split of one image can never be mixed: refused by name, at once.
    const QString one = errorOf([&] { Trainer(config, patterns(200, 1)); });
    QVERIFY2(one.contains("the evaluation split has 1 image"), qPrintable(one));
    // The same for training, where a subset of one image would fail at its first batch.
    auto training = smallRun();
    training.apply("noise.type=linear-optimal");
    training.apply("noise.phase=train");
    training.apply("data.train_subset=1");
    const QString subset = errorOf([&] { Trainer(training, patterns(200, 100)); });
    QVERIFY2(subset.contains("data.train_subset: a training split of 1 image"),
             qPrintable(subset));
}

void TestTrainer::unsupportedSettingsAreRefusedNamingTheKey() {
    auto fp16 = smallRun();
    fp16.apply("train.precision=fp16");
    if (!torch::cuda::is_available()) {
        QVERIFY(errorOf([&] { Trainer(fp16, patterns(100, 50)); }).contains("train.precision"));
    }
    auto gpu = smallRun();
    gpu.apply("train.device=cuda:3");
    if (!torch::cuda::is_available()) {
        QVERIFY(errorOf([&] { Trainer(gpu, patterns(100, 50)); }).contains("train.device"));
    }
    QCOMPARE(resolveDevice("cpu"), std::string("cpu"));
    QCOMPARE(resolveDevice("auto"),
             torch::cuda::is_available() ? std::string("cuda:0") : std::string("cpu"));
    QVERIFY(errorOf([] { resolveDevice("tpu"); }).contains("expected auto, cpu, cuda or cuda:N"));
    // Four classes need six entropy samples; five would silently give no figures.
    auto fewSamples = smallRun();
    fewSamples.apply("noise.type=gaussian");  // no noise, no entropy to estimate
    fewSamples.apply("entropy.samples=5");
    const QString entropy = errorOf([&] { Trainer(fewSamples, patterns(100, 50)); });
    QVERIFY2(entropy.contains("entropy.samples: 5") && entropy.contains("at least 6"),
             qPrintable(entropy));
}

void TestTrainer::twoEpochsStoppedAndResumedForTwoMoreEqualFourUninterrupted() {
    auto config = smallRun();
    config.apply("train.epochs=4");
    config.apply("train.warmup_epochs=1");
    config.apply("data.crop_padding=2");
    config.apply("noise.type=gaussian");  // draws from LibTorch's generator in every step
    config.apply("noise.phase=train");
    const auto data = patterns(320, 64);

    Trainer straight(config, data);
    Recorder all;
    QCOMPARE(straight.run(all), 4);

    QTemporaryDir dir;
    const std::string checkpoint = dir.filePath("last.pt").toStdString();
    {
        Trainer first(config, data);
        Recorder recorder;
        recorder.afterBatch = nullptr;
        struct StopAfterTwo : Recorder {
            Trainer* trainer = nullptr;
            void onEpoch(const EpochMetrics& metrics) override {
                Recorder::onEpoch(metrics);
                if (metrics.epoch == 2)
                    trainer->requestStop();
            }
        } stopper;
        stopper.trainer = &first;
        QCOMPARE(first.run(stopper), 2);
        saveCheckpoint(first, 2, checkpoint);
    }
    Trainer resumed(config, data);
    QCOMPARE(loadCheckpoint(resumed, checkpoint), 2);
    Recorder rest;
    QCOMPARE(resumed.run(rest, 3), 4);
    QCOMPARE(rest.epochs.front().epoch, 3);

    const auto expected = straight.model().parameters();
    const auto actual = resumed.model().parameters();
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QVERIFY2(torch::equal(expected[i], actual[i]), qPrintable(QString("parameter %1").arg(i)));
    }
    QCOMPARE(rest.epochs.back().validation.loss, all.epochs.back().validation.loss);
}

void TestTrainer::aRunStoppedInsideAnEpochResumesAtTheNextBatchExactly() {
    auto config = smallRun();
    config.apply("train.epochs=3");
    config.apply("data.crop_padding=2");
    config.apply("data.flip=true");
    config.apply("noise.type=gaussian");
    config.apply("noise.phase=train");
    const auto data = patterns(320, 64);
    Trainer straight(config, data);
    Recorder all;
    QCOMPARE(straight.run(all), 3);

    QTemporaryDir dir;
    const std::string checkpoint = dir.filePath("last.pt").toStdString();
    {
        Trainer first(config, data);
        Recorder stopper;
        stopper.afterBatch = [&](const BatchMetrics& metrics) {
            if (metrics.epoch == 2 && metrics.batch == 4)
                first.requestStop();
        };
        QCOMPARE(first.run(stopper), 1);
        QCOMPARE(first.batchesIntoEpoch(), std::size_t{4});
        saveCheckpoint(first, 1, checkpoint);
    }
    Trainer resumed(config, data);
    QCOMPARE(loadCheckpoint(resumed, checkpoint), 1);
    QCOMPARE(resumed.batchesIntoEpoch(), std::size_t{4});
    Recorder rest;
    QCOMPARE(resumed.run(rest, 2), 3);
    QCOMPARE(rest.batches.front().epoch, 2);
    QCOMPARE(rest.batches.front().batch, std::size_t{5});
    QCOMPARE(rest.batches.size(), std::size_t{10 - 4 + 10});
    // The resumed epoch's figures count the batches before the stop too.
    QCOMPARE(rest.epochs.front().trainLoss, all.epochs[1].trainLoss);
    QCOMPARE(rest.epochs.front().trainAccuracy, all.epochs[1].trainAccuracy);
    const auto expected = straight.model().parameters();
    const auto actual = resumed.model().parameters();
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QVERIFY2(torch::equal(expected[i], actual[i]), qPrintable(QString("parameter %1").arg(i)));
    }
}

void TestTrainer::aDamagedCheckpointIsRefusedByName() {
    Trainer trainer(smallRun(), patterns(100, 50));
    QTemporaryDir dir;
    const std::string path = dir.filePath("last.pt").toStdString();
    saveCheckpoint(trainer, 1, path);
    std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
    const QString message = errorOf([&] { loadCheckpoint(trainer, path); });
    QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
    QVERIFY(errorOf([&] { loadCheckpoint(trainer, path + ".gone"); }).contains("not found"));
}

void TestTrainer::zeroEpochsEvaluatesTheModelAsItIs() {
    auto config = smallRun();
    config.apply("train.epochs=0");
    Trainer trainer(config, patterns(100, 60));
    const auto before = trainer.model().parameters().front().clone();
    Recorder recorder;
    QCOMPARE(trainer.run(recorder), 0);
    QVERIFY(recorder.batches.empty());
    QCOMPARE(recorder.epochs.size(), std::size_t{1});
    QCOMPARE(recorder.epochs.front().epoch, 0);
    QCOMPARE(recorder.epochs.front().validation.samples, std::size_t{60});
    // Nothing trained, so no training figures rather than zeros.
    QVERIFY(std::isnan(recorder.epochs.front().trainLoss));
    QVERIFY(std::isnan(recorder.epochs.front().trainImagesPerSecond));
    QVERIFY(torch::equal(trainer.model().parameters().front(), before));
}

void TestTrainer::aLossThatIsNoLongerFiniteStopsTheRunWithAClearMessage() {
    auto config = smallRun();
    // Hidden activations of about 1e24 and plain SGD at lr 10: the weights grow until the logits
    // overflow float32 and the loss turns NaN within a few steps.
    config.apply("noise.type=gaussian");
    config.apply("noise.strength=1e12");
    config.apply("noise.mean=1e12");
    config.apply("train.optimizer=sgd");
    config.apply("noise.layer=3");
    config.apply("noise.position=block-output");
    config.apply("noise.phase=train");
    config.apply("train.lr=10");
    Trainer trainer(config, patterns(200, 50));
    Recorder recorder;
    try {
        trainer.run(recorder);
        QFAIL("a run with an overflowing loss completed");
    } catch (const RunFailure& failure) {
        QVERIFY2(QString(failure.what()).contains("the training loss became"), failure.what());
        QVERIFY2(QString(failure.what()).contains("train.lr"), failure.what());
    }
}

void TestTrainer::bf16AutocastTrainsAndAutoPicksBf16OnlyWhereItIsNative() {
    QVERIFY(resolvePrecision("fp32", "cpu") == Precision::Fp32);
    QVERIFY(resolvePrecision("bf16", "cpu") == Precision::Bf16);
    QVERIFY(resolvePrecision("fp16", "cuda:0") == Precision::Fp16);
    // auto: bf16 only where it is native, fp16 on tensor cores that know only fp16, fp32 on
    // older GPUs and on a GPU the driver cannot describe.
    QVERIFY(automaticPrecision({true, 8, false}) == Precision::Bf16);
    QVERIFY(automaticPrecision({true, 9, false}) == Precision::Bf16);
    QVERIFY(automaticPrecision({true, 7, false}) == Precision::Fp16);
    QVERIFY(automaticPrecision({true, 6, false}) == Precision::Fp32);
    QVERIFY(automaticPrecision({true, std::nullopt, false}) == Precision::Fp32);
    QVERIFY(automaticPrecision({false, std::nullopt, true}) == Precision::Bf16);
    QVERIFY(automaticPrecision({false, std::nullopt, false}) == Precision::Fp32);
    QVERIFY(resolvePrecision("auto", "cpu") ==
            (cpuHasNativeBf16() ? Precision::Bf16 : Precision::Fp32));
    QVERIFY(errorOf([] { resolvePrecision("fp16", "cpu"); }).contains("train.precision: fp16"));

    // Inside the scope matrix products come out in bf16; after it, in fp32 again.
    const auto a = torch::randn({4, 4});
    {
        AutocastScope scope(Precision::Bf16, false);
        QCOMPARE(torch::matmul(a, a).scalar_type(), torch::kBFloat16);
    }
    QCOMPARE(torch::matmul(a, a).scalar_type(), torch::kFloat32);

    auto config = smallRun();
    config.apply("train.precision=bf16");
    config.apply("train.epochs=1");
    Trainer trainer(config, patterns(320, 64));
    QCOMPARE(trainer.precision(), std::string("bf16"));
    Recorder recorder;
    QCOMPARE(trainer.run(recorder), 1);
    QVERIFY(std::isfinite(recorder.epochs.back().trainLoss));
    QVERIFY(recorder.batches.back().loss < recorder.batches.front().loss);
    QCOMPARE(trainer.model().parameters().front().scalar_type(), torch::kFloat32);
}

void TestTrainer::theLossScalerSkipsOverflowingStepsAndGrowsAfterGoodOnes() {
    LossScaler scaler(1024.0, 3);
    QVERIFY(!scaler.update(false));
    QCOMPARE(scaler.scale(), 512.0);
    QVERIFY(scaler.update(true));
    QVERIFY(scaler.update(true));
    QCOMPARE(scaler.scale(), 512.0);
    QVERIFY(scaler.update(true));
    QCOMPARE(scaler.scale(), 1024.0);  // three good steps in a row
    LossScaler floor(1.0, 3);
    floor.update(false);
    QCOMPARE(floor.scale(), 1.0);
}

void TestTrainer::everyStepIsTimedByPhase() {
    auto config = smallRun();
    config.apply("train.epochs=1");
    Trainer trainer(config, patterns(320, 64));
    Recorder recorder;
    trainer.run(recorder);
    QCOMPARE(recorder.batches.size(), std::size_t{10});
    for (const auto& batch : recorder.batches) {
        const auto& t = batch.timings;
        QVERIFY(t.data >= 0 && t.forward > 0 && t.backward > 0 && t.optimizer > 0);
        QVERIFY(std::abs(batch.imagesPerSecond - 32 / t.total()) < 1e-6 * batch.imagesPerSecond);
    }
}

void TestTrainer::featuresAreCollectedInEvaluationOrderAndMixedWithinEvaluationBatches() {
    auto config = smallRun();
    config.apply("noise.type=linear-optimal");
    config.apply("noise.layer=2");
    Trainer trainer(config, patterns(100, 60));
    const FeatureSet features = trainer.collectFeatures(SampleOrder::ClassSorted, 8);
    QCOMPARE(features.rows, std::size_t{60});
    QCOMPARE(features.labels.size(), std::size_t{60});
    QVERIFY(std::is_sorted(features.labels.begin(), features.labels.end()));
    const std::size_t d = features.dimension;
    QVERIFY(d > 0);
    QCOMPARE(features.before.size(), 60 * d);
    // linear-optimal: z'_j = (z_j + sum of the batch) / (B + 1), batch by batch of 8 (the last 4).
    for (std::size_t start = 0; start < 60; start += 8) {
        const std::size_t size = std::min<std::size_t>(8, 60 - start);
        for (std::size_t c = 0; c < d; ++c) {
            double sum = 0;
            for (std::size_t j = start; j < start + size; ++j)
                sum += features.before[j * d + c];
            for (std::size_t j = start; j < start + size; ++j) {
                const double expected = (features.before[j * d + c] + sum) / (size + 1);
                QVERIFY(std::abs(features.after[j * d + c] - expected) < 1e-4);
            }
        }
    }
    const FeatureSet first = trainer.collectFeatures(SampleOrder::Shuffled, 10, 25);
    QCOMPARE(first.rows, std::size_t{25});
    QVERIFY(!std::is_sorted(first.labels.begin(), first.labels.end()));

    auto clean = smallRun();
    QVERIFY(errorOf([&] {
                Trainer(clean, patterns(100, 60)).collectFeatures(SampleOrder::Shuffled, 8);
            }).contains("noise.type: none"));
}

void TestTrainer::viewerSamplesArriveAfterEachEpochWithoutChangingTheRun() {
    struct SampleRecorder : Recorder {
        std::vector<ViewerSamples> samples;
        bool wantsSamples() const override { return true; }
        void onSamples(const ViewerSamples& s) override { samples.push_back(s); }
    };
    auto config = smallRun();
    config.apply("noise.type=gaussian");
    config.apply("noise.layer=2");
    config.apply("noise.image.type=salt-and-pepper");
    config.apply("noise.image.strength=0.2");
    // Class-sorted evaluation: the embeddings still come from the seeded subset across classes.
    config.apply("eval.order=sorted");
    const auto data = patterns(320, 64);
    Trainer watched(config, data);
    SampleRecorder recorder;
    watched.run(recorder);
    QCOMPARE(recorder.samples.size(), std::size_t{2});
    const ViewerSamples& last = recorder.samples.back();
    QCOMPARE(last.epoch, 2);
    QCOMPARE(last.images.count, std::size_t{16});
    QCOMPARE(last.images.before.size(), std::size_t{16 * 16 * 16});
    QVERIFY(last.images.before != last.images.after);
    for (float v : last.images.after)
        QVERIFY(v >= 0.0f && v <= 1.0f);
    QCOMPARE(last.features.rows, std::size_t{64});
    const std::set<std::int64_t> classes(last.features.labels.begin(), last.features.labels.end());
    QVERIFY(classes.size() > 1);
    for (std::size_t row = 0; row < last.features.rows; ++row) {
        const auto sample = static_cast<std::size_t>(last.features.sampleIndices[row]);
        QCOMPARE(static_cast<std::int64_t>(data.test->label(sample)), last.features.labels[row]);
    }
    QCOMPARE(last.rawShape.size(), std::size_t{2});
    QCOMPARE(last.rawBefore.size(), std::size_t(last.rawShape[0] * last.rawShape[1]));
    QVERIFY(last.rawBefore != last.rawAfter);

    Trainer unwatched(config, data);
    Recorder plain;
    unwatched.run(plain);
    QCOMPARE(plain.epochs.back().trainLoss, recorder.epochs.back().trainLoss);
    QCOMPARE(plain.epochs.back().validation.loss, recorder.epochs.back().validation.loss);
}

QTEST_GUILESS_MAIN(TestTrainer)
#include "test_trainer.moc"
