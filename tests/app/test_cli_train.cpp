// `noisynn train`, `eval` and `resume` as a user runs them, on the synthetic data set: the run
// directory and its files, re-evaluation in every order, Ctrl-C (exit 130, checkpoint kept) and
// resuming to the end.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <QTemporaryDir>
#include <QtTest/QtTest>
#include "support/cli_process.h"

#include <csignal>

using noisynn::testing::CliRun;
using noisynn::testing::runNoisynn;

namespace {

QStringList syntheticRun(const QString& runsDir, int epochs) {
    return {"train",
            "--set",
            "data.dataset=synthetic",
            "--set",
            "model.backbone=small-cnn",
            "--set",
            "train.epochs=" + QString::number(epochs),
            "--set",
            "train.batch_size=50",
            "--set",
            "train.log_every=10",
            "--runs-dir",
            runsDir,
            "--name",
            "demo"};
}

QString onlyRun(const QString& runsDir) {
    const auto runs = QDir(runsDir).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    return runs.size() == 1 ? QDir(runsDir).filePath(runs.front()) : QString();
}

}  // namespace

class TestCliTrain : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trainWritesARunDirectoryAndEvalReadsItInEveryOrder();
    void ctrlCExits130KeepingTheCheckpointAndResumeFinishes();
    void aRunKilledWithSigkillResumesFromItsLastCheckpointWithItsMetricsIntact();
    void badRunDirectoriesExitTwo();
    void aLossThatStopsBeingFiniteExitsOneAndTheRunDirectorySaysWhy();
};

void TestCliTrain::trainWritesARunDirectoryAndEvalReadsItInEveryOrder() {
    QTemporaryDir dir;
    const CliRun train = runNoisynn(syntheticRun(dir.path(), 2) + QStringList{"--json"});
    QVERIFY2(train.exitCode == 0, qPrintable(train.err));
    const QJsonObject summary = QJsonDocument::fromJson(train.out).object();
    QCOMPARE(summary["epochs_completed"].toInt(), 2);
    QVERIFY(summary["val_accuracy"].toDouble() > 0.5);
    QVERIFY(summary["train_images_per_second"].toDouble() > 0);
    const QString run = onlyRun(dir.path());
    QVERIFY(run.endsWith("-demo"));
    QCOMPARE(summary["run_dir"].toString(), run);
    for (const char* file : {"config.json", "metrics.csv", "log.txt", "summary.json",
                             "checkpoints/last.pt", "checkpoints/best.pt"}) {
        QVERIFY2(QFile::exists(run + "/" + file), file);
    }
    QFile metrics(run + "/metrics.csv");
    QVERIFY(metrics.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(metrics.readAll());
    QCOMPARE(text.count("\nepoch,"), 2);
    QCOMPARE(text.count("\nbatch,"), 2 * 4);  // 40 batches an epoch, a row every 10

    for (const QString order : {"sorted", "shuffled", "single"}) {
        const CliRun eval =
            runNoisynn({"eval", run, "--eval-order", order, "--eval-batch", "20", "--json"});
        QVERIFY2(eval.exitCode == 0, qPrintable(eval.err));
        const QJsonObject json = QJsonDocument::fromJson(eval.out).object();
        QCOMPARE(json["samples"].toInt(), 500);
        QCOMPARE(json["eval_order"].toString(), order);
        QCOMPARE(json["eval_batch"].toInt(), order == "single" ? 1 : 20);
        // No noise: the order cannot change the accuracy of the best checkpoint.
        QCOMPARE(json["val_accuracy"].toDouble(), summary["val_accuracy"].toDouble());
        QVERIFY(json["train_images_per_second"].toDouble() > 0);  // the checkpoint's training
        QCOMPARE(json["confusion"].toArray().size(), 10);
    }
    // The same checkpoint under a noise it was not trained with, and a key it cannot change.
    const CliRun noisy = runNoisynn({"eval", run, "--set", "noise.type=linear-optimal", "--set",
                                     "noise.layer=2", "--eval-order", "sorted", "--json"});
    QVERIFY2(noisy.exitCode == 0, qPrintable(noisy.err));
    const QJsonObject withNoise = QJsonDocument::fromJson(noisy.out).object();
    QCOMPARE(withNoise["overrides"].toArray().size(), 2);
    QVERIFY(withNoise["task_entropy_after"].isDouble());
    QVERIFY(withNoise["delta_s_theory"].toDouble() > 0);
    // Not a terminal and not --json: plain progress lines, one per quarter, then the result.
    const CliRun plain = runNoisynn({"eval", run});
    QVERIFY2(plain.exitCode == 0, qPrintable(plain.err));
    QCOMPARE(plain.out.count("evaluated "), 4);
    QVERIFY2(plain.out.contains("evaluated 500/500 images\n"), plain.out.constData());
    QVERIFY(plain.out.contains("accuracy"));
    // How the evaluation computes may change; what the model is may not.
    const CliRun bf16 = runNoisynn({"eval", run, "--set", "train.precision=bf16", "--set",
                                    "train.threads=1", "--json"});
    QVERIFY2(bf16.exitCode == 0, qPrintable(bf16.err));
    const QJsonObject inBf16 = QJsonDocument::fromJson(bf16.out).object();
    QCOMPARE(inBf16["precision"].toString(), QString("bf16"));
    QCOMPARE(inBf16["samples"].toInt(), 500);
    const CliRun model = runNoisynn({"eval", run, "--set", "model.width=3"});
    QCOMPARE(model.exitCode, 2);
    QVERIFY2(model.err.contains("eval --set model.width"), qPrintable(model.err));
}

void TestCliTrain::ctrlCExits130KeepingTheCheckpointAndResumeFinishes() {
    QTemporaryDir dir;
    QProcess process;
    process.start(QStringLiteral(NOISYNN_CLI), syntheticRun(dir.path(), 4));
    // Interrupt once the first epoch is on disk.
    QVERIFY(QTest::qWaitFor(
        [&] {
            process.waitForReadyRead(100);
            return process.peek(1 << 20).contains("epoch 1  train");
        },
        120000));
    ::kill(static_cast<pid_t>(process.processId()), SIGINT);
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitCode(), 130);
    const QString run = onlyRun(dir.path());
    QVERIFY(QFile::exists(run + "/checkpoints/last.pt"));
    QFile summaryFile(run + "/summary.json");
    QVERIFY(summaryFile.open(QIODevice::ReadOnly));
    const QJsonObject summary = QJsonDocument::fromJson(summaryFile.readAll()).object();
    QVERIFY(summary["interrupted"].toBool());
    const int done = summary["epochs_completed"].toInt();
    QVERIFY(done >= 1 && done < 4);
    const int into = summary["batches_into_next_epoch"].toInt();
    QVERIFY(into >= 0 && into <= 40);

    const CliRun resume = runNoisynn({"resume", run, "--json"});
    QVERIFY2(resume.exitCode == 0, qPrintable(resume.err));
    QCOMPARE(QJsonDocument::fromJson(resume.out).object()["epochs_completed"].toInt(), 4);
    // Resumed at the batch after the interruption: no epoch's rows missing, none twice.
    QFile metrics(run + "/metrics.csv");
    QVERIFY(metrics.open(QIODevice::ReadOnly));
    const QStringList rows = QString::fromUtf8(metrics.readAll()).split('\n');
    for (int epoch = 1; epoch <= 4; ++epoch) {
        const QString prefix = QString::number(epoch) + ",";
        QCOMPARE(rows.filter(QRegularExpression("^epoch," + prefix)).size(), 1);
        QCOMPARE(rows.filter(QRegularExpression("^batch," + prefix)).size(), 4);
    }
    const CliRun again = runNoisynn({"resume", run});
    QCOMPARE(again.exitCode, 0);
    QVERIFY(again.out.contains("nothing to resume"));
    // With --json, still one JSON object, with the finished run's figures.
    const CliRun againJson = runNoisynn({"resume", run, "--json"});
    QCOMPARE(againJson.exitCode, 0);
    const QJsonObject finished = QJsonDocument::fromJson(againJson.out).object();
    QVERIFY2(finished["nothing_to_resume"].toBool(), againJson.out.constData());
    QCOMPARE(finished["epochs_completed"].toInt(), 4);
    QVERIFY(finished["val_accuracy"].toDouble() > 0);
}

void TestCliTrain::aRunKilledWithSigkillResumesFromItsLastCheckpointWithItsMetricsIntact() {
    QTemporaryDir dir;
    QProcess process;
    process.start(QStringLiteral(NOISYNN_CLI),
                  syntheticRun(dir.path(), 6) + QStringList{"--set", "train.log_every=1"});
    // Kill it without warning in the middle of epoch 3, once epoch 2's checkpoint is written.
    QVERIFY(QTest::qWaitFor(
        [&] {
            process.waitForReadyRead(50);
            return process.peek(1 << 20).contains("epoch 3 batch 5/");
        },
        120000));
    ::kill(static_cast<pid_t>(process.processId()), SIGKILL);
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);
    const QString run = onlyRun(dir.path());

    QFile metrics(run + "/metrics.csv");
    QVERIFY(metrics.open(QIODevice::ReadOnly));
    const QStringList killed = QString::fromUtf8(metrics.readAll()).split('\n');
    metrics.close();
    // Every row up to the checkpoint is there and whole: 40 batch rows and one epoch row an epoch.
    QStringList upToCheckpoint;
    for (const QString& row : killed.mid(1)) {
        if (row.section(',', 1, 1).toInt() <= 2 && !row.isEmpty())
            upToCheckpoint << row;
    }
    QCOMPARE(upToCheckpoint.size(), 2 * 41);
    for (const QString& row : upToCheckpoint)
        QCOMPARE(row.count(','), 13);

    const CliRun resume = runNoisynn({"resume", run, "--json"});
    QVERIFY2(resume.exitCode == 0, qPrintable(resume.err));
    QCOMPARE(QJsonDocument::fromJson(resume.out).object()["epochs_completed"].toInt(), 6);
    QVERIFY(metrics.open(QIODevice::ReadOnly));
    const QStringList resumed = QString::fromUtf8(metrics.readAll()).split('\n');
    // The rows before the checkpoint are untouched, and epoch 3 is not counted twice.
    QCOMPARE(resumed.mid(1, upToCheckpoint.size()), upToCheckpoint);
    QCOMPARE(resumed.filter(QRegularExpression("^epoch,3,")).size(), 1);
    QCOMPARE(resumed.filter(QRegularExpression("^batch,3,")).size(), 40);
    QCOMPARE(resumed.filter(QRegularExpression("^epoch,")).size(), 6);
}

void TestCliTrain::aLossThatStopsBeingFiniteExitsOneAndTheRunDirectorySaysWhy() {
    QTemporaryDir dir;
    // Activations of about 1e24 and plain SGD at lr 10 overflow float32 within a few steps.
    const CliRun failed = runNoisynn(
        syntheticRun(dir.path(), 2) +
        QStringList{"--set", "noise.type=gaussian", "--set", "noise.strength=1e12", "--set",
                    "noise.mean=1e12", "--set", "noise.layer=3", "--set",
                    "noise.position=block-output", "--set", "noise.phase=train", "--set",
                    "train.optimizer=sgd", "--set", "train.lr=10"});
    QCOMPARE(failed.exitCode, 1);
    QVERIFY2(failed.err.contains("the training loss became"), qPrintable(failed.err));
    const QString run = onlyRun(dir.path());
    QFile log(run + "/log.txt");
    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY(log.readAll().contains("failed: the training loss became"));
    QFile summaryFile(run + "/summary.json");
    QVERIFY(summaryFile.open(QIODevice::ReadOnly));
    const QJsonObject summary = QJsonDocument::fromJson(summaryFile.readAll()).object();
    QVERIFY(summary["failed"].toString().contains("train.lr"));
    QCOMPARE(summary["epochs_completed"].toInt(), 0);
    QVERIFY(summary["val_accuracy"].isNull());
}

void TestCliTrain::badRunDirectoriesExitTwo() {
    QTemporaryDir dir;
    const CliRun eval = runNoisynn({"eval", dir.path()});
    QCOMPARE(eval.exitCode, 2);
    QVERIFY2(eval.err.contains("not a run directory"), qPrintable(eval.err));
    const CliRun misspelt = runNoisynn({"train", "--set", "noise.strenght=0.1"});
    QCOMPARE(misspelt.exitCode, 2);
    QVERIFY2(misspelt.err.contains("did you mean noise.strength?"), qPrintable(misspelt.err));
    // Only --set repeats; a second --preset would silently win over the first.
    const CliRun twice = runNoisynn(
        {"train", "--preset", "fmnist-vit", "--preset", "fmnist-small-cnn", "--runs-dir", dir.path()});
    QCOMPARE(twice.exitCode, 2);
    QVERIFY2(twice.err.contains("option --preset is given twice"), qPrintable(twice.err));
}

QTEST_GUILESS_MAIN(TestCliTrain)
#include "test_cli_train.moc"
