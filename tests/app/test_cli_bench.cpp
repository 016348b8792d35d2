// `noisynn bench` on the synthetic set: it reports training and evaluation speed, the step split
// into phases that add up, and peak memory, shows its progress, and writes nothing to disk but the
// operator trace it is asked for.
#include "support/cli_process.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using noisynn::testing::CliRun;
using noisynn::testing::runNoisynn;

class TestCliBench : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void benchSplitsTheStepIntoPhasesThatAddUp();
    void withoutJsonTheBenchReportsItsProgressInPlainLines();
    void badBenchOptionsExitTwo();
    void theTraceHoldsTheOperatorsOfTheMeasuredStepsOnly();
    void aTraceThatCannotBeWrittenFailsBeforeTraining();
};

void TestCliBench::benchSplitsTheStepIntoPhasesThatAddUp() {
    QTemporaryDir dir;
    QProcess process;
    process.setWorkingDirectory(dir.path());
    process.start(QStringLiteral(NOISYNN_CLI),
                  {"bench", "--set", "data.dataset=synthetic", "--set", "model.backbone=small-cnn",
                   "--set", "train.batch_size=50", "--set", "noise.type=gaussian", "--set",
                   "noise.layer=2", "--set", "eval.order=sorted", "--steps", "15", "--json"});
    QVERIFY(process.waitForFinished(120000));
    QCOMPARE(process.exitCode(), 0);
    const QJsonObject result = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    QCOMPARE(result["steps"].toInt(), 15);
    QCOMPARE(result["precision"].toString(), QString("fp32"));
    QCOMPARE(result["device"].toString(), QString("cpu"));
    const QJsonObject ms = result["ms_per_step"].toObject();
    const double parts = ms["data"].toDouble() + ms["forward"].toDouble() +
                         ms["backward"].toDouble() + ms["optimizer"].toDouble();
    QVERIFY(ms["forward"].toDouble() > 0 && ms["backward"].toDouble() > 0);
    QVERIFY(std::abs(parts - ms["total"].toDouble()) < 1e-6 * parts);
    QVERIFY(std::abs(result["train_images_per_second"].toDouble() -
                     50 * 1000 / ms["total"].toDouble()) < 1e-3);
    const double share = result["data_share"].toDouble();
    QVERIFY(share >= 0 && share < 1);
    QVERIFY(result["eval_images_per_second"].toDouble() > 0);
    QVERIFY(result["eval_images"].toInt() >= 15 * 50 / 100);
    QVERIFY(result["peak_memory_mib"].toDouble() > 10);
    // A benchmark leaves no run behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 0);
}

void TestCliBench::withoutJsonTheBenchReportsItsProgressInPlainLines() {
    const CliRun bench = runNoisynn(
        {"bench", "--set", "data.dataset=synthetic", "--set", "model.backbone=small-cnn", "--set",
         "train.batch_size=50", "--set", "eval.batch_size=50", "--steps", "6", "--warmup", "2"});
    QVERIFY2(bench.exitCode == 0, qPrintable(bench.err));
    // Not a terminal: a plain line per quarter of the 8 training steps and of the evaluation
    // (6 steps x 50 images = 6 evaluation batches of 50), then the result.
    QCOMPARE(bench.out.count("trained on "), 4);
    QVERIFY2(bench.out.contains("trained on 400/400 images\n"), bench.out.constData());
    QCOMPARE(bench.out.count("evaluated "), 4);
    QVERIFY2(bench.out.contains("evaluated 300/300 images\n"), bench.out.constData());
    QVERIFY(bench.out.contains("images/s"));
    QVERIFY(!bench.out.contains('\r'));
}

void TestCliBench::badBenchOptionsExitTwo() {
    const CliRun zero = runNoisynn({"bench", "--preset", "fmnist-small-cnn", "--steps", "0"});
    QCOMPARE(zero.exitCode, 2);
    QVERIFY2(zero.err.contains("--steps"), qPrintable(zero.err));
    const CliRun misspelt =
        runNoisynn({"bench", "--preset", "fmnist-small-cnn", "--set", "train.precison=bf16"});
    QCOMPARE(misspelt.exitCode, 2);
    QVERIFY2(misspelt.err.contains("train.precision"), qPrintable(misspelt.err));
}

void TestCliBench::theTraceHoldsTheOperatorsOfTheMeasuredStepsOnly() {
    QTemporaryDir dir;
    const QString path = dir.filePath("trace.json");
    const CliRun bench = runNoisynn({"bench", "--set", "data.dataset=synthetic", "--set",
                                     "model.backbone=small-cnn", "--set", "train.batch_size=50",
                                     "--steps", "3", "--warmup", "1", "--trace", path, "--json"});
    QVERIFY2(bench.exitCode == 0, qPrintable(bench.err));
    const QJsonObject result = QJsonDocument::fromJson(bench.out).object();
    QCOMPARE(result["trace"].toObject()["file"].toString(), path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonArray events = QJsonDocument::fromJson(file.readAll(), &error).array();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    int operators = 0;
    int convolutions = 0;
    for (const auto& event : events) {
        const QJsonObject call = event.toObject();
        if (call["ph"].toString() == "X") {
            ++operators;
            QVERIFY(call["dur"].toDouble() >= 0);
            convolutions += call["name"].toString() == "aten::conv2d" ? 1 : 0;
        }
    }
    QCOMPARE(result["trace"].toObject()["operators"].toInt(), operators);
    // The small CNN's two convolutions in each of the 3 measured steps; the warm-up step and the
    // evaluation are not traced.
    QCOMPARE(convolutions, 2 * 3);
}

void TestCliBench::aTraceThatCannotBeWrittenFailsBeforeTraining() {
    QTemporaryDir dir;
    const QString path = dir.filePath("missing/trace.json");
    const CliRun bench = runNoisynn({"bench", "--set", "data.dataset=synthetic", "--set",
                                     "model.backbone=small-cnn", "--steps", "3", "--trace", path});
    QCOMPARE(bench.exitCode, 2);
    QVERIFY2(bench.err.contains(path), qPrintable(bench.err));
    QVERIFY2(!bench.out.contains("trained on"), bench.out.constData());
}

QTEST_GUILESS_MAIN(TestCliBench)
#include "test_cli_bench.moc"
