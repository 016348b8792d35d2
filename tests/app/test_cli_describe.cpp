// `noisynn describe` and `noisynn presets` as a user runs them: the parameter counts of the paper's
// backbones, the resolved noise and Delta S, and bad configs refused with exit 2 naming the key.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <QTemporaryDir>
#include <QtTest/QtTest>
#include "support/cli_process.h"

#include <cmath>

using noisynn::testing::CliRun;
using noisynn::testing::runNoisynn;

namespace {

const QStringList kImageNet{"--set", "model.image_size=224", "--set", "model.channels=3",
                            "--set", "model.classes=1000"};

}  // namespace

class TestCliDescribe : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parameterCountsHoldThroughDescribe_data();
    void parameterCountsHoldThroughDescribe();
    void theFmnistVitPresetDescribesItsNoiseAndDeltaS();
    void aConfigFileWithOverridesIsResolvedWhole();
    void aLayerCountedFromTheEndIsResolvedToTheBlockItStandsFor();
    void badConfigsExitTwoNamingTheKey_data();
    void badConfigsExitTwoNamingTheKey();
    void presetsAreListed();
    void timeReportsForwardAndBackwardCostPerImage();
    void weightsAreImportedAndABadShapeExitsTwoNamingBothShapes();
};

void TestCliDescribe::parameterCountsHoldThroughDescribe_data() {
    QTest::addColumn<QString>("backbone");
    QTest::addColumn<qlonglong>("parameters");
    QTest::newRow("vit-tiny") << "vit-tiny" << 5717416LL;
    QTest::newRow("vit-small") << "vit-small" << 22050664LL;
    QTest::newRow("vit-base") << "vit-base" << 86567656LL;
    QTest::newRow("resnet18") << "resnet18" << 11689512LL;
    QTest::newRow("resnet34") << "resnet34" << 21797672LL;
    QTest::newRow("resnet50") << "resnet50" << 25557032LL;
}

void TestCliDescribe::parameterCountsHoldThroughDescribe() {
    QFETCH(QString, backbone);
    QFETCH(qlonglong, parameters);
    const CliRun run = runNoisynn(QStringList{"describe", "--set", "model.backbone=" + backbone,
                                              "--set", "model.patch=16", "--json"} +
                                  kImageNet);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json["parameters"].toVariant().toLongLong(), parameters);
    QVERIFY(json["flops_per_image"].toDouble() > 1e9);
    QVERIFY(!json["injection_points"].toArray().isEmpty());
    QCOMPARE(json["config"].toObject()["model"].toObject()["backbone"].toString(), backbone);
}

void TestCliDescribe::theFmnistVitPresetDescribesItsNoiseAndDeltaS() {
    const CliRun run = runNoisynn({"describe", "--preset", "fmnist-vit", "--json"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json["image_size"].toInt(), 28);  // from Fashion-MNIST
    QCOMPARE(json["classes"].toInt(), 10);
    QCOMPARE(json["injection_points"].toArray().size(), 6);
    const QJsonObject noise = json["noise"].toObject();
    QCOMPARE(noise["type"].toString(), QString("linear-optimal"));
    QCOMPARE(noise["position"].toString(), QString("attention-input"));
    QCOMPARE(noise["phase"].toString(), QString("eval"));
    QCOMPARE(noise["layer"].toString(), QString("-1"));
    QCOMPARE(noise["resolved_layer"].toString(), QString("5"));
    // Evaluation batches of 10: Delta S = 9 log 11; no noise in training, so no training figure.
    const QJsonObject deltaS = json["delta_s"].toObject();
    QVERIFY(std::abs(deltaS["eval_batch"].toDouble() - 9.0 * std::log(11.0)) < 1e-9);
    QVERIFY(deltaS["train_batch"].isNull());
}

void TestCliDescribe::aConfigFileWithOverridesIsResolvedWhole() {
    QTemporaryDir dir;
    QFile file(dir.filePath("run.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"model": {"backbone": "resnet18", "image_size": 32, "channels": 3,
                             "classes": 10},
                   "noise": {"type": "linear-shift", "layer": "4.2", "strength": 0.3}})");
    file.close();
    const CliRun run = runNoisynn(
        {"describe", "--config", file.fileName(), "--set", "train.batch_size=10", "--json"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json["noise"].toObject()["position"].toString(), QString("block-input"));
    QCOMPARE(json["noise"].toObject()["phase"].toString(), QString("both"));
    // circular shift: Delta S = -log|(1-a)^B - (-a)^B| at B = 10
    const double expected = -std::log(std::abs(std::pow(0.7, 10) - std::pow(-0.3, 10)));
    QVERIFY(std::abs(json["delta_s"].toObject()["train_batch"].toDouble() - expected) < 1e-9);
    QCOMPARE(json["config"].toObject()["train"].toObject()["batch_size"].toInt(), 10);
    QCOMPARE(json["config"].toObject()["eval"].toObject()["order"].toString(), QString("shuffled"));
}

void TestCliDescribe::aLayerCountedFromTheEndIsResolvedToTheBlockItStandsFor() {
    // ResNet-18 has 2 blocks in each of its 4 stages: the third block from the end is 3.2.
    const QStringList resnet{"describe", "--set", "model.backbone=resnet18",
                             "--set", "model.image_size=32", "--set", "model.channels=3",
                             "--set", "model.classes=10", "--set", "noise.type=gaussian",
                             "--set", "noise.layer=-3"};
    CliRun run = runNoisynn(resnet + QStringList{"--json"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(QJsonDocument::fromJson(run.out)["noise"]["resolved_layer"].toString(),
             QString("3.2"));
    run = runNoisynn(resnet);
    QVERIFY2(run.out.contains("gaussian at layer -3 (3.2), block-input"), run.out.constData());
}

void TestCliDescribe::badConfigsExitTwoNamingTheKey_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    QTest::newRow("99th layer of a 6-block ViT")
        << QStringList{"describe", "--preset", "fmnist-vit", "--set", "noise.layer=99"}
        << "noise.layer: \"99\" is not a ViT block; expected 0..5";
    QTest::newRow("misspelt key") << QStringList{"describe", "--preset", "fmnist-vit", "--set",
                                                 "noise.strenght=0.2"}
                                  << "did you mean noise.strength?";
    QTest::newRow("negative strength")
        << QStringList{"describe", "--set", "noise.type=gaussian", "--set", "noise.strength=-1"}
        << "noise.strength: -1 is out of range";
    QTest::newRow("batch of one with mixing noise")
        << QStringList{"describe", "--preset", "fmnist-vit", "--set", "eval.batch_size=1"}
        << "eval.batch_size: 1";
    QTest::newRow("unknown preset")
        << QStringList{"describe", "--preset", "fmnist-vits"} << "did you mean fmnist-vit?";
    QTest::newRow("impulse probability")
        << QStringList{"describe", "--set", "noise.type=impulse", "--set", "noise.strength=1.5"}
        << "noise.strength: 1.5 is a probability";
}

void TestCliDescribe::badConfigsExitTwoNamingTheKey() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const CliRun run = runNoisynn(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(expected), qPrintable(run.err));
}

void TestCliDescribe::presetsAreListed() {
    const CliRun run = runNoisynn({"presets"});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("fmnist-small-cnn"));
    QVERIFY(run.out.contains("fmnist-vit"));
    QVERIFY(run.out.contains("imagenet-resnet50-paper"));
    // The paper's recipes need the user's weights and ImageNet folder, and say so.
    const CliRun paper = runNoisynn({"describe", "--preset", "imagenet-resnet50-paper"});
    QCOMPARE(paper.exitCode, 2);
    QVERIFY2(paper.err.contains("resnet50.pt: file not found"), qPrintable(paper.err));
    QTemporaryDir runs;
    const CliRun training = runNoisynn({"train", "--preset", "imagenet-vit-b16-paper", "--set",
                                        "model.weights=", "--runs-dir", runs.path()});
    QCOMPARE(training.exitCode, 2);
    QVERIFY2(training.err.contains("needs its folder"), qPrintable(training.err));
    QVERIFY(QDir(runs.path()).isEmpty());  // refused before any run directory was made
}

void TestCliDescribe::timeReportsForwardAndBackwardCostPerImage() {
    const CliRun run = runNoisynn({"describe", "--preset", "fmnist-small-cnn", "--time",
                                   "--time-batch", "4", "--time-steps", "2", "--json"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject timing = QJsonDocument::fromJson(run.out).object()["timing"].toObject();
    QCOMPARE(timing["batch"].toInt(), 4);
    QCOMPARE(timing["steps"].toInt(), 2);
    QVERIFY(timing["forward_ms_per_image"].toDouble() > 0.0);
    QVERIFY(timing["backward_ms_per_image"].toDouble() > 0.0);
}

void TestCliDescribe::weightsAreImportedAndABadShapeExitsTwoNamingBothShapes() {
    const QString weights = QStringLiteral(NOISYNN_TEST_DATA_DIR "/vit_tiny_timm.pt");
    const QStringList tinyVit{"describe",
                              "--set",
                              "model.backbone=vit",
                              "--set",
                              "model.image_size=8",
                              "--set",
                              "model.channels=3",
                              "--set",
                              "model.patch=4",
                              "--set",
                              "model.width=16",
                              "--set",
                              "model.depth=2",
                              "--set",
                              "model.heads=2",
                              "--set",
                              "model.weights=" + weights};
    const CliRun imported = runNoisynn(tinyVit + QStringList{"--set", "model.classes=5", "--json"});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
    const QJsonObject json = QJsonDocument::fromJson(imported.out).object()["weights"].toObject();
    QCOMPARE(json["tensors_copied"].toInt(), 32);
    const CliRun otherHead = runNoisynn(tinyVit + QStringList{"--set", "model.classes=7"});
    QCOMPARE(otherHead.exitCode, 2);
    QVERIFY2(otherHead.err.contains("head.bias is [5] in the file but [7] in the model"),
             qPrintable(otherHead.err));
    const CliRun reinitialised = runNoisynn(
        tinyVit + QStringList{"--set", "model.classes=7", "--set", "model.reinit_head=true"});
    QVERIFY2(reinitialised.exitCode == 0, qPrintable(reinitialised.err));
    QVERIFY(reinitialised.out.contains("head re-initialised for 7 classes"));
}

QTEST_GUILESS_MAIN(TestCliDescribe)
#include "test_cli_describe.moc"
