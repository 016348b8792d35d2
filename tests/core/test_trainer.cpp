// The trainer on synthetic patterns: it learns, repeats itself from a seed on the CPU, stops within
// a batch, evaluates in every order with a confusion matrix, and refuses what it cannot honour.
#include "data/synthetic_dataset.h"
#include "error.h"
#include "models/backbone.h"
#include "support/error_of.h"
#include "training/checkpoint.h"
#include "training/device.h"
#include "training/lr_schedule.h"
#include "training/trainer.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest/QtTest>

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
    void evaluationCountsEverySampleInEveryOrder();
    void batchMixingNoiseInEvaluationNeedsABatch();
    void unsupportedSettingsAreRefusedNamingTheKey();
    void twoEpochsStoppedAndResumedForTwoMoreEqualFourUninterrupted();
    void aDamagedCheckpointIsRefusedByName();
    void zeroEpochsEvaluatesTheModelAsItIs();
    void aLossThatIsNoLongerFiniteStopsTheRunWithAClearMessage();
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
}

void TestTrainer::unsupportedSettingsAreRefusedNamingTheKey() {
    auto bf16 = smallRun();
    bf16.apply("train.precision=bf16");
    QVERIFY(errorOf([&] { Trainer(bf16, patterns(100, 50)); }).contains("train.precision"));
    auto gpu = smallRun();
    gpu.apply("train.device=cuda:3");
    if (!torch::cuda::is_available()) {
        QVERIFY(errorOf([&] { Trainer(gpu, patterns(100, 50)); }).contains("train.device"));
    }
    QCOMPARE(resolveDevice("cpu"), std::string("cpu"));
    QCOMPARE(resolveDevice("auto"),
             torch::cuda::is_available() ? std::string("cuda:0") : std::string("cpu"));
    QVERIFY(errorOf([] { resolveDevice("tpu"); }).contains("expected auto, cpu, cuda or cuda:N"));
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

QTEST_GUILESS_MAIN(TestTrainer)
#include "test_trainer.moc"
