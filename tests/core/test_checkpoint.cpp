// Checkpoints as files: a full disk keeps the previous one and fails the run instead of ending the
// process, damaged weights are caught by their checksum, and a config whose model keys no longer
// match the checkpoint is refused naming the tensor.
#include "data/synthetic_dataset.h"
#include "error.h"
#include "models/backbone.h"
#include "support/error_of.h"
#include "training/checkpoint.h"
#include "training/trainer.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace noisynn;
using noisynn::testing::errorOf;

namespace {

DatasetSplits patterns() {
    SyntheticOptions options;
    options.classes = 4;
    options.trainSize = 64;
    options.testSize = 32;
    options.shape = {16, 16, 1};
    options.seed = 5;
    return makeSyntheticDataset(options);
}

RunConfig tinyVit(double mlpRatio) {
    RunConfig config;
    config.apply("model.backbone=vit");
    config.apply("model.patch=4");
    config.apply("model.width=16");
    config.apply("model.depth=1");
    config.apply("model.heads=2");
    config.apply("model.mlp_ratio=" + std::to_string(mlpRatio));
    config.apply("train.threads=1");
    return config;
}

std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aFullDiskFailsTheSaveAndKeepsThePreviousCheckpoint();
    void aFlippedByteInTheWeightsIsRefusedAsDamaged();
    void aConfigThatBuildsOtherShapesIsRefusedNamingTheTensor();
};

void TestCheckpoint::aFullDiskFailsTheSaveAndKeepsThePreviousCheckpoint() {
    Trainer trainer(tinyVit(2.0), patterns());
    QTemporaryDir dir;
    const std::string path = dir.filePath("last.pt").toStdString();
    saveCheckpoint(trainer, 1, path);
    const std::string previous = contents(path);
    // The temporary file lands on /dev/full, where every write fails with ENOSPC.
    std::filesystem::create_symlink("/dev/full", path + ".partial");
    bool failed = false;
    try {
        saveCheckpoint(trainer, 2, path);
    } catch (const RunFailure& failure) {
        failed = true;
        const QString message = failure.what();
        QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
        QVERIFY2(message.contains("No space left on device"), qPrintable(message));
        QVERIFY2(message.contains("previous checkpoint is kept"), qPrintable(message));
    }
    QVERIFY(failed);
    QVERIFY(!std::filesystem::exists(std::filesystem::symlink_status(path + ".partial")));
    QVERIFY(contents(path) == previous);
    QCOMPARE(loadCheckpoint(trainer, path), 1);
}

void TestCheckpoint::aFlippedByteInTheWeightsIsRefusedAsDamaged() {
    Trainer trainer(tinyVit(2.0), patterns());
    {
        // A weight with a pattern that can be found in the file.
        torch::NoGradGuard noGrad;
        trainer.model().parameters().front().fill_(0.375f);
    }
    QTemporaryDir dir;
    const std::string path = dir.filePath("best.pt").toStdString();
    saveCheckpoint(trainer, 3, path);
    std::string bytes = contents(path);
    float value = 0.375f;
    std::string pattern(sizeof value * 4, '\0');
    for (int i = 0; i < 4; ++i) {
        std::memcpy(&pattern[i * sizeof value], &value, sizeof value);
    }
    const auto at = bytes.find(pattern);
    QVERIFY(at != std::string::npos);
    bytes[at + 1] ^= 0x40;
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;

    const QString message = errorOf([&] { loadCheckpoint(trainer, path); });
    QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
    QVERIFY2(message.contains("weights are damaged"), qPrintable(message));
}

void TestCheckpoint::aConfigThatBuildsOtherShapesIsRefusedNamingTheTensor() {
    Trainer trained(tinyVit(4.0), patterns());
    QTemporaryDir dir;
    const std::string path = dir.filePath("last.pt").toStdString();
    saveCheckpoint(trained, 1, path);
    // model.mlp_ratio changed in config.json after training: the MLP is built narrower.
    Trainer other(tinyVit(2.0), patterns());
    const QString message = errorOf([&] { loadCheckpoint(other, path); });
    QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
    QVERIFY2(message.contains("mlp") && message.contains("[64, 16]") &&
                 message.contains("[32, 16]"),
             qPrintable(message));
    QVERIFY2(message.contains("config.json"), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
