// Reading run directories back, as the workbench does: metrics.csv rows (old headers, empty
// cells, a line cut short by a kill, damage named by line), the run list's status of each run,
// and the viewer samples of each epoch written and read back whole.
#include "config/run_config.h"
#include "error.h"
#include "runs/class_names_file.h"
#include "runs/metrics_file.h"
#include "runs/run_catalog.h"
#include "runs/run_directory.h"
#include "runs/run_summary.h"
#include "runs/viewer_samples_file.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

using namespace noisynn;

namespace {

void writeText(const QString& path, const std::string& text) {
    std::ofstream out(path.toStdString(), std::ios::binary);
    out << text;
}

std::string errorOf(const std::function<void()>& call) {
    try {
        call();
    } catch (const Error& error) {
        return error.what();
    }
    return {};
}

RunConfig tinyConfig(int epochs) {
    RunConfig config;
    config.set("name", "store-test");
    config.set("train.epochs", epochs);
    config.set("noise.type", "linear-optimal");
    return config;
}

}  // namespace

class TestRunStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void metricsRowsReadBackAsWrittenWithEmptyCellsAsNaN();
    void aLastLineCutShortIsSkippedAndDamageIsNamedByLine();
    void epochAndBatchCellsMustBeCounts();
    void theBestAccuracyCountsOnlyEpochsUpToTheCheckpoint();
    void theSummaryReportsTheLastCompletedEpochFromMetricsAndNullBeforeOne();
    void theRunListTellsFinishedStoppedAndDamagedRunsApart();
    void viewerSamplesOfAnEpochComeBackWhole();
    void viewerSamplesThatDoNotFitAreRefusedNamingTheFile();
    void classNamesComeBackAndADamagedFileIsRefusedNamingIt();
};

void TestRunStore::metricsRowsReadBackAsWrittenWithEmptyCellsAsNaN() {
    QTemporaryDir dir;
    RunDirectory run = RunDirectory::create(dir.path().toStdString(), "m", tinyConfig(2));
    const double none = std::numeric_limits<double>::quiet_NaN();
    run.appendMetrics({"batch", 1, 10, 0.5, 0.75, 1e-3, 900, none, none, none});
    MetricsRow epoch{"epoch", 1, 0, 0.4, 0.8, 0, 950, 0.45, 0.79, 12.5};
    epoch.taskEntropyBefore = -4.5;
    epoch.taskEntropyAfter = -12.25;
    run.appendMetrics(epoch);
    const auto rows = readMetricsFile(run.path() + "/metrics.csv");
    QCOMPARE(rows.size(), std::size_t(2));
    QCOMPARE(rows[0].kind, std::string("batch"));
    QCOMPARE(rows[0].batch, 10LL);
    QCOMPARE(rows[0].learningRate, 1e-3);
    QVERIFY(std::isnan(rows[0].taskEntropyBefore));
    // A batch row has no validation figures: empty cells, not zeros.
    QVERIFY(std::isnan(rows[0].valLoss) && std::isnan(rows[0].valAccuracy));
    QVERIFY(std::isnan(rows[0].seconds));
    QCOMPARE(rows[1].valAccuracy, 0.79);
    QCOMPARE(rows[1].seconds, 12.5);
    QCOMPARE(rows[1].taskEntropyAfter, -12.25);
    QVERIFY(std::isnan(rows[1].deltaSTheory));

    // A file from before the entropy columns reads too.
    const QString old = dir.filePath("old.csv");
    writeText(old,
              "kind,epoch,batch,loss,accuracy,lr,images_per_second,val_loss,val_accuracy,seconds\n"
              "epoch,1,0,0.4,0.8,0,950,0.45,0.7,10\n");
    const auto oldRows = readMetricsFile(old.toStdString());
    QCOMPARE(oldRows.size(), std::size_t(1));
    QCOMPARE(oldRows[0].valAccuracy, 0.7);
    QVERIFY(std::isnan(oldRows[0].taskEntropyBefore));
}

void TestRunStore::aLastLineCutShortIsSkippedAndDamageIsNamedByLine() {
    QTemporaryDir dir;
    const QString cut = dir.filePath("cut.csv");
    writeText(cut,
              "kind,epoch,batch,loss,accuracy,lr,images_per_second,val_loss,val_accuracy,seconds\n"
              "batch,1,5,0.5,0.7,0.001,100,0,0,0\n"
              "batch,1,10,0.4");
    QCOMPARE(readMetricsFile(cut.toStdString()).size(), std::size_t(1));

    const QString damaged = dir.filePath("damaged.csv");
    writeText(damaged,
              "kind,epoch,batch,loss,accuracy,lr,images_per_second,val_loss,val_accuracy,seconds\n"
              "batch,1,5,0.5,0.7,0.001,100,0,0,0\n"
              "batch,1,10,zero,0.7,0.001,100,0,0,0\n");
    const std::string message = errorOf([&] { readMetricsFile(damaged.toStdString()); });
    QVERIFY2(message.find("damaged.csv: line 3, column 4") != std::string::npos &&
                 message.find("\"zero\"") != std::string::npos,
             message.c_str());

    const QString notMetrics = dir.filePath("other.csv");
    writeText(notMetrics, "a,b,c\n1,2,3\n");
    QVERIFY(errorOf([&] { readMetricsFile(notMetrics.toStdString()); }).find("line 1") !=
            std::string::npos);
}

void TestRunStore::epochAndBatchCellsMustBeCounts() {
    QTemporaryDir dir;
    const std::string header = metricsHeader();
    for (const char* row :
         {"epoch,nan,0,0.4,0.8,0,950,0.45,0.7,10\n", "epoch,1e300,0,0.4,0.8,0,950,0.45,0.7,10\n",
          "batch,1,-3,0.4,0.8,0,950,0,0,0\n", "batch,1,2.5,0.4,0.8,0,950,0,0,0\n"}) {
        const QString path = dir.filePath("bad.csv");
        writeText(path, header + row);
        const std::string message = errorOf([&] { readMetricsFile(path.toStdString()); });
        QVERIFY2(message.find("bad.csv: line 2, column ") != std::string::npos &&
                     message.find("expected a whole number") != std::string::npos,
                 message.c_str());
    }
}

void TestRunStore::theBestAccuracyCountsOnlyEpochsUpToTheCheckpoint() {
    std::vector<MetricsRow> rows;
    for (int epoch = 1; epoch <= 4; ++epoch) {
        MetricsRow row{"epoch", epoch, 0, 0, 0, 0, 0, 0, 0, 0};
        row.valAccuracy = epoch == 2 ? 0.9 : 0.5 + 0.1 * epoch;  // 0.6, 0.9, 0.8, 0.9
        rows.push_back(row);
        rows.push_back({"batch", epoch + 1, 5, 0, 0.99, 0, 0, 0, 0.99, 0});  // not an epoch row
    }
    QCOMPARE(bestValidationAccuracy(rows, 0), -1.0);
    QCOMPARE(bestValidationAccuracy(rows, 1), 0.6);
    QCOMPARE(bestValidationAccuracy(rows, 3), 0.9);
    // A row written once formats back to the same line.
    const QString line = QString::fromStdString(metricsLine(rows[0]));
    QVERIFY(line.startsWith("epoch,1,0,") && line.endsWith(",,,,\n"));
}

void TestRunStore::theSummaryReportsTheLastCompletedEpochFromMetricsAndNullBeforeOne() {
    QTemporaryDir dir;
    RunDirectory run = RunDirectory::create(dir.path().toStdString(), "s", tinyConfig(3));
    run.appendMetrics({"epoch", 1, 0, 0.9, 0.6, 0, 800, 0.7, 0.65, 12});
    run.appendMetrics({"batch", 2, 10, 0.5, 0.75, 1e-3, 900, 0, 0, 0});
    MetricsRow second{"epoch", 2, 0, 0.5, 0.8, 0, 850, 0.45, 0.82, 11};
    second.taskEntropyBefore = -3.5;
    second.taskEntropyAfter = -4.0;
    run.appendMetrics(second);

    // A resume stopped inside epoch 3 ended no epoch of its own: the run's figures are epoch 2's.
    const auto stopped = runSummary(run, 2, true, 7);
    QCOMPARE(stopped["epochs_completed"].get<int>(), 2);
    QCOMPARE(stopped["interrupted"].get<bool>(), true);
    QCOMPARE(stopped["batches_into_next_epoch"].get<int>(), 7);
    QCOMPARE(stopped["val_accuracy"].get<double>(), 0.82);
    QCOMPARE(stopped["val_loss"].get<double>(), 0.45);
    QCOMPARE(stopped["train_images_per_second"].get<double>(), 850.0);
    QCOMPARE(stopped["task_entropy_after"].get<double>(), -4.0);
    QVERIFY(stopped["delta_s_theory"].is_null());  // not estimated: no figure, not a zero

    QCOMPARE(runSummary(run, 1, false, 0)["val_accuracy"].get<double>(), 0.65);
    const auto none = runSummary(run, 0, true, 3);
    for (const char* key : {"val_accuracy", "val_loss", "train_images_per_second"}) {
        QVERIFY2(none[key].is_null(), key);
    }

    // A damaged metrics.csv leaves the figures null instead of failing the finished run.
    writeText(dir.path() + "/" +
                  QString::fromStdString(std::filesystem::path(run.path()).filename().string()) +
                  "/metrics.csv",
              "not,a,metrics,file\nepoch,x\n");
    const auto damaged = runSummary(run, 2, false, 0);
    QVERIFY(damaged["val_accuracy"].is_null());
    QCOMPARE(damaged["epochs_completed"].get<int>(), 2);
}

void TestRunStore::theRunListTellsFinishedStoppedAndDamagedRunsApart() {
    QTemporaryDir dir;
    const std::string runs = dir.path().toStdString();
    auto makeRun = [&](const std::string& name, int epochsDone, bool checkpoint) {
        RunDirectory run = RunDirectory::create(runs, name, tinyConfig(2));
        for (int epoch = 1; epoch <= epochsDone; ++epoch) {
            run.appendMetrics({"epoch", epoch, 0, 0.4, 0.8, 0, 950, 0.45, 0.5 + 0.1 * epoch, 10});
        }
        if (checkpoint) {
            writeText(QString::fromStdString(run.checkpointPath("last")), "x");
        }
        return run.path();
    };
    const std::string finished = makeRun("finished", 2, true);
    const std::string stopped = makeRun("stopped", 1, true);
    const std::string empty = makeRun("empty", 0, false);
    const std::string damaged = makeRun("damaged", 1, true);
    writeText(QString::fromStdString(damaged + "/config.json"), "{\"noise\": {\"strenght\": 1}}");
    QDir(dir.path()).mkdir("not-a-run");

    const auto listings = listRuns(runs);
    QCOMPARE(listings.size(), std::size_t(4));
    std::map<std::string, RunListing> byPath;
    for (const RunListing& listing : listings) {
        byPath[listing.path] = listing;
    }
    QCOMPARE(byPath[finished].status, std::string("finished"));
    QCOMPARE(byPath[finished].bestValAccuracy, 0.7);
    QCOMPARE(byPath[finished].epochsCompleted, 2);
    QVERIFY(!byPath[finished].resumable);
    QCOMPARE(byPath[finished].noise, std::string("linear-optimal @ -1 (auto)"));
    QCOMPARE(byPath[stopped].status, std::string("stopped"));
    QVERIFY(byPath[stopped].resumable);
    QCOMPARE(byPath[empty].status, std::string("no checkpoint"));
    QCOMPARE(byPath[empty].bestValAccuracy, -1.0);
    QVERIFY2(byPath[damaged].status.find("damaged") == 0 &&
                 byPath[damaged].status.find("noise.strength") != std::string::npos,
             byPath[damaged].status.c_str());
}

void TestRunStore::viewerSamplesOfAnEpochComeBackWhole() {
    QTemporaryDir dir;
    ViewerSamples samples;
    samples.epoch = 3;
    samples.images.shape = {2, 3, 1};
    samples.images.count = 2;
    samples.images.before = {0, .1f, .2f, .3f, .4f, .5f, .6f, .7f, .8f, .9f, 1, .5f};
    samples.images.after = samples.images.before;
    samples.images.after[4] = 0.25f;
    samples.images.labels = {4, 7};
    samples.features.rows = 3;
    samples.features.dimension = 2;
    samples.features.before = {1, 2, 3, 4, 5, 6};
    samples.features.after = {1.5f, 2, 3, 4.5f, 5, 6};
    samples.features.labels = {0, 1, 0};
    samples.rawShape = {2, 2};
    samples.rawBefore = {1, 2, 3, 4};
    samples.rawAfter = {4, 3, 2, 1};
    writeViewerSamples(dir.path().toStdString(), samples);
    samples.epoch = 1;
    writeViewerSamples(dir.path().toStdString(), samples);

    QCOMPARE(viewerSampleEpochs(dir.path().toStdString()), std::vector<int>({1, 3}));
    const ViewerSamples back = readViewerSamples(dir.path().toStdString(), 3);
    QCOMPARE(back.epoch, 3);
    QVERIFY(back.images.shape == samples.images.shape);
    QCOMPARE(back.images.count, std::size_t(2));
    QCOMPARE(back.images.after, samples.images.after);
    QCOMPARE(back.images.labels, samples.images.labels);
    QCOMPARE(back.features.rows, std::size_t(3));
    QCOMPARE(back.features.after, samples.features.after);
    QCOMPARE(back.features.labels, samples.features.labels);
    QCOMPARE(back.rawShape, samples.rawShape);
    QCOMPARE(back.rawAfter, samples.rawAfter);
}

void TestRunStore::viewerSamplesThatDoNotFitAreRefusedNamingTheFile() {
    QTemporaryDir dir;
    ViewerSamples samples;
    samples.epoch = 1;
    samples.images.shape = {1, 1, 1};
    samples.images.count = 1;
    samples.images.before = {0.5f};
    samples.images.after = {0.5f};
    samples.images.labels = {0};
    samples.features.rows = 2;
    samples.features.dimension = 1;
    samples.features.before = {1, 2};
    samples.features.after = {1, 2};
    samples.features.labels = {0, 1, 1};  // one label too many
    writeViewerSamples(dir.path().toStdString(), samples);
    const std::string message = errorOf([&] { readViewerSamples(dir.path().toStdString(), 1); });
    QVERIFY2(message.find("labels.npy") != std::string::npos, message.c_str());
    const std::string missing = errorOf([&] { readViewerSamples(dir.path().toStdString(), 2); });
    QVERIFY2(missing.find("epoch-002") != std::string::npos, missing.c_str());
}

void TestRunStore::classNamesComeBackAndADamagedFileIsRefusedNamingIt() {
    QTemporaryDir dir;
    const std::string run = dir.path().toStdString();
    QVERIFY(readClassNames(run).empty());  // a run from before classes.json
    const std::vector<std::string> names{"T-shirt/top", "Trouser", "a \"quoted\"\nname"};
    writeClassNames(run, names);
    QCOMPARE(readClassNames(run), names);
    writeText(dir.filePath("classes.json"), "[\"Dress\", 3]");
    try {
        readClassNames(run);
        QFAIL("a class name that is a number was accepted");
    } catch (const Error& error) {
        QVERIFY2(
            QString(error.what()).contains(dir.filePath("classes.json") + ": entry 1 is a number"),
            error.what());
    }
    writeText(dir.filePath("classes.json"), "[\"Dress\", \"Coa");  // cut off mid-write
    try {
        readClassNames(run);
        QFAIL("a cut-off classes.json was accepted");
    } catch (const Error& error) {
        QVERIFY2(QString(error.what()).contains("found text that is not JSON"), error.what());
    }
}

QTEST_GUILESS_MAIN(TestRunStore)
#include "test_run_store.moc"
