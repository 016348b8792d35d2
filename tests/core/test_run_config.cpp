// The run config: defaults, nested files, --set overrides, presets, and refusals that name the key.
#include "config/config_schema.h"
#include "config/run_config.h"
#include "error.h"
#include "support/error_of.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

using namespace noisynn;
using noisynn::testing::errorOf;

class TestRunConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everySchemaKeyHasAValidDefault();
    void aNestedFileOverridesDefaultsAndRoundTrips();
    void setParsesNumbersAndKeepsLayersAsText();
    void badValuesAreRefusedNamingKeyValueAndRange_data();
    void badValuesAreRefusedNamingKeyValueAndRange();
    void aMisspeltKeyGetsADidYouMean();
    void aFolderAnOverflowOrAMisplacedValueIsRefusedNamingTheFile();
    void presetsLoadAndAnUnknownPresetIsNamed();
};

void TestRunConfig::everySchemaKeyHasAValidDefault() {
    RunConfig config;
    for (const auto& key : configSchema()) {
        QVERIFY2(errorOf([&] { config.set(key.name, key.defaultValue); }).isEmpty(),
                 key.name.c_str());
    }
    QCOMPARE(config.integer("schema_version"), static_cast<long long>(kConfigSchemaVersion));
    QCOMPARE(config.text("data.dataset"), std::string("fashion-mnist"));
}

void TestRunConfig::aNestedFileOverridesDefaultsAndRoundTrips() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("run.json").toStdString();
    std::ofstream(path) << R"({"model": {"backbone": "resnet18"},
                              "noise": {"type": "linear-shift", "strength": 0.25, "layer": "4.2",
                                        "image": {"type": "gaussian"}}})";
    const RunConfig config = RunConfig::fromFile(path);
    QCOMPARE(config.text("model.backbone"), std::string("resnet18"));
    QCOMPARE(config.number("noise.strength"), 0.25);
    QCOMPARE(config.text("noise.layer"), std::string("4.2"));
    QCOMPARE(config.text("noise.image.type"), std::string("gaussian"));
    QCOMPARE(config.integer("train.batch_size"), 128LL);  // a default
    const RunConfig again = RunConfig::fromJson(config.toJson(), "round trip");
    QCOMPARE(again.toJson(), config.toJson());
    QCOMPARE(config.toJson()["noise"]["image"]["type"], nlohmann::json("gaussian"));
}

void TestRunConfig::setParsesNumbersAndKeepsLayersAsText() {
    RunConfig config;
    config.apply("noise.strength=0.5");
    config.apply("train.epochs=3");
    config.apply("data.flip=true");
    config.apply("noise.layer=4.2");
    config.apply("noise.layer=-1");
    config.apply("data.dataset=/data/flowers");
    QCOMPARE(config.number("noise.strength"), 0.5);
    QCOMPARE(config.integer("train.epochs"), 3LL);
    QVERIFY(config.flag("data.flip"));
    QCOMPARE(config.text("noise.layer"), std::string("-1"));
    QCOMPARE(config.text("data.dataset"), std::string("/data/flowers"));
    QVERIFY(errorOf([&] { config.apply("noise.strength"); }).contains("expected key=value"));
}

void TestRunConfig::badValuesAreRefusedNamingKeyValueAndRange_data() {
    QTest::addColumn<QString>("assignment");
    QTest::addColumn<QString>("expected");
    QTest::newRow("negative strength") << "noise.strength=-0.1"
                                       << "noise.strength: -0.1 is out of range";
    QTest::newRow("fractional epochs") << "train.epochs=1.5"
                                       << "train.epochs: 1.5 is not a whole number";
    QTest::newRow("text for a number") << "train.lr=fast"
                                       << "train.lr: \"fast\" is not a number";
    QTest::newRow("unknown choice") << "eval.order=random"
                                    << "one of sorted, shuffled, single";
    QTest::newRow("not a boolean") << "data.flip=yes"
                                   << "data.flip: \"yes\" is not true or false";
    QTest::newRow("zero batch") << "eval.batch_size=0"
                                << "eval.batch_size: 0 is out of range; expected 1..1048576";
    QTest::newRow("not a device") << "train.device=tpu"
                                  << "train.device: \"tpu\" is not a device; expected auto, cpu";
    QTest::newRow("no device number") << "train.device=cuda:abc"
                                      << "train.device: \"cuda:abc\" is not a device";
}

void TestRunConfig::badValuesAreRefusedNamingKeyValueAndRange() {
    QFETCH(QString, assignment);
    QFETCH(QString, expected);
    RunConfig config;
    const QString message = errorOf([&] { config.apply(assignment.toStdString()); });
    QVERIFY2(message.contains(expected), qPrintable(message));
}

void TestRunConfig::aMisspeltKeyGetsADidYouMean() {
    RunConfig config;
    const QString set = errorOf([&] { config.apply("noise.strenght=0.2"); });
    QVERIFY2(set.contains("noise.strenght: unknown config key; did you mean noise.strength?"),
             qPrintable(set));
    const QString file = errorOf([] {
        RunConfig::fromJson(nlohmann::json::parse(R"({"train": {"epoch": 3}})"), "run.json");
    });
    QVERIFY2(file.contains("run.json: train.epoch: unknown config key; did you mean train.epochs?"),
             qPrintable(file));
}

void TestRunConfig::aFolderAnOverflowOrAMisplacedValueIsRefusedNamingTheFile() {
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    const QString notAFile = errorOf([&] { RunConfig::fromFile(folder); });
    QVERIFY2(notAFile.contains(QString::fromStdString(folder) + ": a folder"),
             qPrintable(notAFile));
    const std::string path = dir.filePath("huge.json").toStdString();
    std::ofstream(path) << R"({"train": {"lr": 1e400}})";
    const QString huge = errorOf([&] { RunConfig::fromFile(path); });
    QVERIFY2(huge.contains(QString::fromStdString(path) + ": not valid JSON") &&
                 huge.contains("overflow"),
             qPrintable(huge));
    // A value where a section belongs is named as such, not as an unknown key.
    std::ofstream(path, std::ios::trunc) << R"({"train": 3})";
    const QString section = errorOf([&] { RunConfig::fromFile(path); });
    QVERIFY2(section.contains("train: a section of keys such as train."), qPrintable(section));
}

void TestRunConfig::presetsLoadAndAnUnknownPresetIsNamed() {
    const auto names = presetNames();
    QVERIFY(std::find(names.begin(), names.end(), "fmnist-small-cnn") != names.end());
    QVERIFY(std::find(names.begin(), names.end(), "fmnist-vit") != names.end());
    const RunConfig vit = presetConfig("fmnist-vit");
    QCOMPARE(vit.integer("model.patch"), 4LL);
    QCOMPARE(vit.integer("model.width"), 128LL);
    QCOMPARE(vit.integer("model.depth"), 6LL);
    QCOMPARE(vit.integer("model.heads"), 4LL);
    for (const char* name : {"fmnist-resnet18", "cifar10-vit", "cifar10-resnet18",
                             "imagenet-vit-b16-paper", "imagenet-resnet50-paper"}) {
        QVERIFY2(std::find(names.begin(), names.end(), name) != names.end(), name);
    }
    for (const auto& name : names) {
        QVERIFY2(errorOf([&] { presetConfig(name); }).isEmpty(), name.c_str());
    }
    // The authors' ViT recipe (NOISYNN.md).
    const RunConfig paper = presetConfig("imagenet-vit-b16-paper");
    QCOMPARE(paper.number("train.lr"), 1e-6);
    QCOMPARE(paper.integer("train.batch_size"), 16LL);
    QCOMPARE(paper.text("noise.phase"), std::string("eval"));
    QCOMPARE(paper.text("eval.order"), std::string("sorted"));
    const QString message = errorOf([] { presetConfig("fmnist-vitt"); });
    QVERIFY2(message.contains("did you mean fmnist-vit?"), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestRunConfig)
#include "test_run_config.moc"
