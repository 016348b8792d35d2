// `noisynn data inspect` and `data bench` as a user runs them: the real Fashion-MNIST, a truncated
// copy, image folders with a broken file, and bad usage, with the exit codes of DESIGN.md.
#include "support/fixture_files.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <QTemporaryDir>
#include <QtTest/QtTest>
#include "support/cli_process.h"

#include <filesystem>

namespace fs = std::filesystem;
using namespace noisynn;

using noisynn::testing::CliRun;
using noisynn::testing::runNoisynn;

namespace {

const char* kFashion = "/usr/share/datasets/fashion-mnist";

}  // namespace

class TestCliDataInspect : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fashionMnistReportsItsSplitsClassesAndShapeAsJson();
    void aTruncatedTrainingImagesFileExitsTwoNamingTheFile();
    void anImageFolderWithABrokenImageListsItAndExitsTwo();
    void dataBenchTimesTheBatchesItWasAskedFor();
    void badUsageExitsTwoWithAHint_data();
    void badUsageExitsTwoWithAHint();
};

void TestCliDataInspect::fashionMnistReportsItsSplitsClassesAndShapeAsJson() {
    const CliRun run = runNoisynn({"data", "inspect", "fashion-mnist", "--json"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json["train_samples"].toInt(), 60000);
    QCOMPARE(json["test_samples"].toInt(), 10000);
    QCOMPARE(json["num_classes"].toInt(), 10);
    QCOMPARE(json["classes"].toArray().at(0).toString(), QString("T-shirt/top"));
    const QJsonObject shape = json["image_shape"].toObject();
    QCOMPARE(shape["height"].toInt(), 28);
    QCOMPARE(shape["width"].toInt(), 28);
    QCOMPARE(shape["channels"].toInt(), 1);
    QVERIFY(std::abs(json["mean"].toArray().at(0).toDouble() - 0.2860) < 0.0005);
    QVERIFY(std::abs(json["std"].toArray().at(0).toDouble() - 0.3530) < 0.0005);
    const QJsonArray splits = json["splits"].toArray();
    QCOMPARE(splits.at(1).toObject()["class_counts"].toArray().at(9).toInt(), 1000);
}

void TestCliDataInspect::aTruncatedTrainingImagesFileExitsTwoNamingTheFile() {
    QTemporaryDir dir;
    for (const auto& entry : fs::directory_iterator(kFashion)) {
        fs::copy_file(entry.path(), fs::path(dir.path().toStdString()) / entry.path().filename());
    }
    const QString images = dir.filePath("train-images-idx3-ubyte.gz");
    fixtures::truncateFile(images.toStdString(), 1000000);
    const CliRun run = runNoisynn({"data", "inspect", dir.path(), "--json"});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(images) && run.err.contains("truncated"), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

void TestCliDataInspect::anImageFolderWithABrokenImageListsItAndExitsTwo() {
    QTemporaryDir dir;
    fixtures::writeImageFolder(dir.path().toStdString(), {"left", "right"}, 6, 8, 8, false);
    const QString broken = dir.filePath("right/img3.png");
    fixtures::truncateFile(broken.toStdString(), 40);
    const CliRun run =
        runNoisynn({"data", "inspect", dir.path(), "--val-fraction", "0.5", "--json"});
    QCOMPARE(run.exitCode, 2);
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json["unreadable_count"].toInt(), 1);
    QCOMPARE(json["train_samples"].toInt() + json["test_samples"].toInt(), 12);
    const QString listed = QString::fromUtf8(run.out);
    QVERIFY2(listed.contains(broken), qPrintable(listed));
    QVERIFY2(run.err.contains("1 unreadable"), qPrintable(run.err));
    // Only our message: libpng's own "libpng error: ..." line used to come first.
    QVERIFY2(!run.err.contains("libpng"), qPrintable(run.err));
}

void TestCliDataInspect::dataBenchTimesTheBatchesItWasAskedFor() {
    const CliRun run = runNoisynn({"data", "bench", "synthetic", "--batches", "7", "--batch-size",
                                   "32", "--workers", "2", "--json"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json["batches"].toInt(), 7);
    QCOMPARE(json["images"].toInt(), 7 * 32);
    QVERIFY(json["images_per_second"].toDouble() > 0.0);
    QCOMPARE(json["workers"].toInt(), 2);
    // Its help lists its own options, not data inspect's.
    const CliRun help = runNoisynn({"data", "bench", "--help"});
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.startsWith("usage: noisynn data bench") && help.out.contains("--batches") &&
                 help.out.contains("--workers") && !help.out.contains("--val-fraction"),
             help.out.constData());
}

void TestCliDataInspect::badUsageExitsTwoWithAHint_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("hint");
    QTest::newRow("misspelt option")
        << QStringList{"data", "inspect", "fashion-mnist", "--jsn"} << "did you mean --json";
    QTest::newRow("misspelt command") << QStringList{"dta", "inspect"} << "did you mean \"data\"";
    QTest::newRow("unknown subcommand")
        << QStringList{"data", "inspekt", "mnist"} << "where the subcommand inspect or bench";
    QTest::newRow("zero batch size")
        << QStringList{"data", "bench", "synthetic", "--batch-size", "0"} << "--batch-size";
    QTest::newRow("no data set") << QStringList{"data", "inspect"} << "exactly one data set";
    QTest::newRow("unknown name") << QStringList{"data", "inspect", "imagenet-9k"}
                                  << "neither a known name";
    QTest::newRow("bad number") << QStringList{"data", "inspect", "synthetic", "--threads", "many"}
                                << "--threads";
}

void TestCliDataInspect::badUsageExitsTwoWithAHint() {
    QFETCH(QStringList, arguments);
    QFETCH(QString, hint);
    const CliRun run = runNoisynn(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(hint), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(TestCliDataInspect)
#include "test_cli_data_inspect.moc"
