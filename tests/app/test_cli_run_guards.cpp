// What protects a run directory: a run is refused before one exists when its model or evaluation
// batches cannot fit the data; a second process cannot train a run that is training; a resume
// that is refused changes nothing; a full disk is a failure while running, named by its file;
// eval writes nothing into the run; and a run's config.json with a key removed is refused by name
// rather than read with a default in its place.
#include "support/cli_process.h"
#include "support/fixture_files.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

using noisynn::testing::CliRun;
using noisynn::testing::runNoisynn;

namespace {

QStringList smallRun(const QString& runsDir) {
    return {"train",      "--set", "data.dataset=synthetic", "--set", "model.backbone=small-cnn",
            "--set",      "train.epochs=1", "--set", "train.batch_size=50", "--set",
            "train.threads=1", "--runs-dir", runsDir, "--json"};
}

QString trainedRun(const QString& runsDir) {
    const CliRun train = runNoisynn(smallRun(runsDir));
    if (train.exitCode != 0) {
        qWarning() << train.err;
        return {};
    }
    return QJsonDocument::fromJson(train.out).object()["run_dir"].toString();
}

QByteArray contents(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Gives a finished one-epoch run a second epoch, so that `resume` has work to do.
bool withASecondEpochToTrain(const QString& run) {
    QByteArray config = contents(run + "/config.json");
    config.replace("\"epochs\": 1", "\"epochs\": 2");
    QFile file(run + "/config.json");
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(config) == config.size();
}

int entriesIn(const QString& folder) {
    return QDir(folder).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size();
}

}  // namespace

class TestCliRunGuards : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aClassCountBelowTheDataSetsIsRefusedBeforeARunExists();
    void anEvaluationBatchThatLeavesOneImageIsRefusedBeforeTraining();
    void aRunThatAnotherProcessTrainsIsNotTrainedTwice();
    void aRefusedResumeLeavesMetricsAndLogAsTheyWere();
    void aFullDiskWhileResumingExitsOneNamingLogTxtAndNothingElseOnStderr();
    void evalWritesNothingIntoTheRun();
    void evalAndExportOfARunWithoutABestCheckpointPointToTheLastOne();
    void aRunConfigWithAKeyRemovedIsRefusedNamingIt();
    void anUnreadableEvaluationImageKeepsTheEpochsTrainingForTheResume();
};

void TestCliRunGuards::aClassCountBelowTheDataSetsIsRefusedBeforeARunExists() {
    QTemporaryDir dir;
    const CliRun train = runNoisynn(smallRun(dir.path()) << "--set" << "model.classes=2");
    QCOMPARE(train.exitCode, 2);
    QVERIFY2(train.err.contains("model.classes: 2") && train.err.contains("10 classes"),
             qPrintable(train.err));
    QVERIFY(!train.err.contains("Exception raised from"));
    const CliRun channels = runNoisynn(smallRun(dir.path()) << "--set" << "model.channels=3");
    QCOMPARE(channels.exitCode, 2);
    QVERIFY2(channels.err.contains("model.channels: 3"), qPrintable(channels.err));
    QCOMPARE(entriesIn(dir.path()), 0);
}

void TestCliRunGuards::anEvaluationBatchThatLeavesOneImageIsRefusedBeforeTraining() {
    QTemporaryDir dir;
    // 500 evaluation images in batches of 499 leave a last batch of 1, which the noise cannot
    // mix.
    const CliRun train = runNoisynn(smallRun(dir.path())
                                    << "--set" << "noise.type=linear-optimal" << "--set"
                                    << "noise.phase=eval" << "--set" << "eval.batch_size=499");
    QCOMPARE(train.exitCode, 2);
    QVERIFY2(train.err.contains("eval.batch_size: 499 leaves a last batch of 1 of the 500") &&
                 train.err.contains("e.g. 500"),
             qPrintable(train.err));
    QCOMPARE(entriesIn(dir.path()), 0);
}

void TestCliRunGuards::aRunThatAnotherProcessTrainsIsNotTrainedTwice() {
    QTemporaryDir dir;
    const QString run = trainedRun(dir.path());
    QVERIFY(!run.isEmpty());
    // This test holds the lock a training process holds.
    const int held = ::open(QFile::encodeName(run + "/config.json").constData(), O_RDONLY);
    QVERIFY(held >= 0);
    QCOMPARE(::flock(held, LOCK_EX | LOCK_NB), 0);
    const QByteArray metrics = contents(run + "/metrics.csv");
    const CliRun resume = runNoisynn({"resume", run});
    ::close(held);
    QCOMPARE(resume.exitCode, 2);
    QVERIFY2(resume.err.contains("another process is training this run"), qPrintable(resume.err));
    QCOMPARE(contents(run + "/metrics.csv"), metrics);
}

void TestCliRunGuards::aRefusedResumeLeavesMetricsAndLogAsTheyWere() {
    QTemporaryDir dir;
    const QString run = trainedRun(dir.path());
    QVERIFY(!run.isEmpty());
    QVERIFY(withASecondEpochToTrain(run));
    // Damage a row in the middle of metrics.csv.
    QByteArray metrics = contents(run + "/metrics.csv");
    const int second = metrics.indexOf('\n') + 1;
    metrics.replace(second, 5, "bogus");
    {
        QFile file(run + "/metrics.csv");
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(metrics);
    }
    const QByteArray log = contents(run + "/log.txt");
    const CliRun resume = runNoisynn({"resume", run});
    QCOMPARE(resume.exitCode, 2);
    QVERIFY2(resume.err.contains("metrics.csv"), qPrintable(resume.err));
    QCOMPARE(contents(run + "/metrics.csv"), metrics);
    QCOMPARE(contents(run + "/log.txt"), log);
}

void TestCliRunGuards::aFullDiskWhileResumingExitsOneNamingLogTxtAndNothingElseOnStderr() {
    QTemporaryDir dir;
    const QString run = trainedRun(dir.path());
    QVERIFY(!run.isEmpty());
    QVERIFY(withASecondEpochToTrain(run));
    const QByteArray metrics = contents(run + "/metrics.csv");
    // log.txt on /dev/full, where every write fails with ENOSPC, as on a full disk.
    QVERIFY(QFile::remove(run + "/log.txt"));
    QVERIFY(QFile::link("/dev/full", run + "/log.txt"));
    const CliRun resume = runNoisynn({"resume", run});
    // A failure while running (exit 1), not bad input (exit 2).
    QCOMPARE(resume.exitCode, 1);
    QVERIFY2(resume.err.contains(run + "/log.txt: cannot be appended to (No space left on "
                                       "device)"),
             qPrintable(resume.err));
    // spdlog's own "[*** LOG ERROR ***]" line used to come first.
    QCOMPARE(resume.err.count('\n'), 1);
    QCOMPARE(contents(run + "/metrics.csv"), metrics);
}

void TestCliRunGuards::evalWritesNothingIntoTheRun() {
    QTemporaryDir dir;
    const QString run = trainedRun(dir.path());
    QVERIFY(!run.isEmpty());
    QVERIFY(QFile::remove(run + "/log.txt"));
    QVERIFY(QFile::remove(run + "/metrics.csv"));
    const CliRun eval = runNoisynn({"eval", run, "--json"});
    QVERIFY2(eval.exitCode == 0, qPrintable(eval.err));
    // Opening files to append to is writing: on a read-only copy of a run it would fail.
    QVERIFY(!QFile::exists(run + "/log.txt"));
    QVERIFY(!QFile::exists(run + "/metrics.csv"));
}

void TestCliRunGuards::evalAndExportOfARunWithoutABestCheckpointPointToTheLastOne() {
    QTemporaryDir dir;
    const CliRun train = runNoisynn(smallRun(dir.path()) << "--set" << "noise.type=gaussian"
                                                         << "--set" << "noise.layer=2");
    QVERIFY2(train.exitCode == 0, qPrintable(train.err));
    const QString run = QJsonDocument::fromJson(train.out).object()["run_dir"].toString();
    // As after a stop inside the first epoch: last.pt, and no best.pt yet.
    QVERIFY(QFile::remove(run + "/checkpoints/best.pt"));
    const CliRun best = runNoisynn({"eval", run});
    QCOMPARE(best.exitCode, 2);
    QVERIFY2(best.err.contains("best.pt: no best checkpoint") &&
                 best.err.contains("--checkpoint last"),
             qPrintable(best.err));
    QCOMPARE(runNoisynn({"eval", run, "--checkpoint", "last"}).exitCode, 0);
    // A refused export leaves no folder behind.
    const QString out = dir.filePath("export");
    const CliRun exported = runNoisynn({"export", run, "--out", out});
    QCOMPARE(exported.exitCode, 2);
    QVERIFY2(exported.err.contains("--checkpoint last"), qPrintable(exported.err));
    QVERIFY(!QFile::exists(out));
}

void TestCliRunGuards::aRunConfigWithAKeyRemovedIsRefusedNamingIt() {
    QTemporaryDir dir;
    const QString run = trainedRun(dir.path());
    QVERIFY(!run.isEmpty());
    QJsonObject config = QJsonDocument::fromJson(contents(run + "/config.json")).object();
    config.remove("noise");
    {
        QFile file(run + "/config.json");
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(config).toJson());
    }
    const CliRun eval = runNoisynn({"eval", run});
    QCOMPARE(eval.exitCode, 2);
    QVERIFY2(eval.err.contains("config.json: noise.type is missing"), qPrintable(eval.err));
}

void TestCliRunGuards::anUnreadableEvaluationImageKeepsTheEpochsTrainingForTheResume() {
    QTemporaryDir dir;
    const std::string root = dir.filePath("images").toStdString();
    noisynn::fixtures::writeImageFolder(root + "/train", {"left", "right"}, 16, 8, 8, false);
    noisynn::fixtures::writeImageFolder(root + "/val", {"left", "right"}, 4, 8, 8, false);
    const std::string broken = root + "/val/right/img2.png";
    const auto intact = noisynn::fixtures::readBytes(broken);
    noisynn::fixtures::truncateFile(broken, 40);
    const QString runs = dir.filePath("runs");
    const QStringList train{"train", "--set", "data.dataset=" + QString::fromStdString(root),
                            "--set", "model.backbone=small-cnn", "--set", "train.epochs=1",
                            "--set", "train.batch_size=8", "--set", "eval.batch_size=4",
                            "--set", "train.threads=1", "--runs-dir", runs};
    const CliRun failed = runNoisynn(train);
    QCOMPARE(failed.exitCode, 2);
    QVERIFY2(failed.err.contains(QString::fromStdString(broken)), qPrintable(failed.err));
    const QStringList made = QDir(runs).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(made.size(), 1);
    const QString run = runs + "/" + made.front();
    const QString log = QString::fromUtf8(contents(run + "/log.txt"));
    QVERIFY2(log.contains("stopped in epoch 1 after batch 4; checkpoint saved") &&
                 log.contains("failed: "),
             qPrintable(log));
    const QJsonObject summary =
        QJsonDocument::fromJson(contents(run + "/summary.json")).object();
    QVERIFY(summary["failed"].toString().contains(QString::fromStdString(broken)));
    QCOMPARE(summary["batches_into_next_epoch"].toInt(), 4);

    // Mended, the run resumes with the epoch's training done: it only evaluates.
    noisynn::fixtures::writeBytes(broken, intact);
    const CliRun resumed = runNoisynn({"resume", run, "--json"});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QCOMPARE(QJsonDocument::fromJson(resumed.out).object()["epochs_completed"].toInt(), 1);
    const QString metrics = QString::fromUtf8(contents(run + "/metrics.csv"));
    QCOMPARE(metrics.count("\nbatch,1,"), 1);  // the last batch's row, written once
    QCOMPARE(metrics.count("\nepoch,1,"), 1);
}

QTEST_GUILESS_MAIN(TestCliRunGuards)
#include "test_cli_run_guards.moc"
