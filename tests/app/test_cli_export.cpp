// `noisynn export` as a user runs it on a trained synthetic run: the NPY files hold one row per
// evaluation sample in the evaluation order used, the after-noise rows mixed within evaluation
// batches, the PNG grids are real images in the chosen order, a run with image noise only gets
// its grids, a run without any noise is refused by name, and a full disk fails the export (exit
// 1) naming the file.
#include "data/npy_file.h"
#include "support/cli_process.h"

#include <opencv2/imgcodecs.hpp>

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>

using noisynn::testing::CliRun;
using noisynn::testing::runNoisynn;

namespace {

// One epoch of the small CNN on the synthetic set with the given extra settings; returns the run.
QString trainedRun(const QString& runsDir, const QStringList& settings) {
    QStringList arguments{"train",
                          "--set",
                          "data.dataset=synthetic",
                          "--set",
                          "model.backbone=small-cnn",
                          "--set",
                          "train.epochs=1",
                          "--set",
                          "train.batch_size=50",
                          "--runs-dir",
                          runsDir,
                          "--json"};
    for (const QString& setting : settings)
        arguments << "--set" << setting;
    const CliRun train = runNoisynn(arguments);
    if (train.exitCode != 0) {
        qWarning() << train.err;
        return {};
    }
    return QJsonDocument::fromJson(train.out).object()["run_dir"].toString();
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class TestCliExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void exportWritesFeaturesInEvaluationOrderAndImageGrids();
    void theImageGridsFollowTheChosenEvaluationOrder();
    void aRunWithOnlyImageNoiseExportsItsImageGrids();
    void withoutJsonTheExportReportsItsProgressInPlainLines();
    void aRunWithoutNoiseHasNothingToExport();
    void aFullDiskFailsTheExportWithExitOneNamingEachFile();
};

void TestCliExport::exportWritesFeaturesInEvaluationOrderAndImageGrids() {
    QTemporaryDir dir;
    const QString run =
        trainedRun(dir.path(), {"noise.type=linear-optimal", "noise.layer=2", "noise.phase=eval",
                                "noise.image.type=gaussian", "noise.image.strength=0.5"});
    QVERIFY(!run.isEmpty());
    const QString out = dir.filePath("export");
    const CliRun exported = runNoisynn(
        {"export", run, "--out", out, "--eval-order", "sorted", "--eval-batch", "20", "--json"});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
    const QJsonObject manifest = QJsonDocument::fromJson(exported.out).object();
    QCOMPARE(manifest["rows"].toInt(), 500);
    QCOMPARE(manifest["eval_order"].toString(), QString("sorted"));
    // Labels in labels.npy are indices into the data set's class names.
    QCOMPARE(manifest["class_names"].toArray().first().toString(), QString("pattern 0"));
    QVERIFY(QFile::exists(out + "/export.json"));

    const auto read = [&](const char* name) {
        return noisynn::readNpy(QDir(out).filePath(name).toStdString());
    };
    const auto before = read("z_before.npy");
    const auto after = read("z_after.npy");
    const auto labels = read("labels.npy");
    QCOMPARE(before.dtype, std::string("<f4"));
    QCOMPARE(labels.dtype, std::string("<i8"));
    QCOMPARE(before.rows(), std::size_t{500});
    QCOMPARE(before.shape, after.shape);
    QCOMPARE(labels.shape, std::vector<std::size_t>{500});
    QCOMPARE(before.columns(), std::size_t(manifest["dimension"].toInt()));
    QVERIFY(std::is_sorted(labels.values.begin(), labels.values.end()));
    // Rows 0..19 form the first evaluation batch: each after-row is (row + batch sum) / 21.
    const std::size_t d = before.columns();
    for (std::size_t c = 0; c < d; ++c) {
        double sum = 0;
        for (std::size_t j = 0; j < 20; ++j)
            sum += before.values[j * d + c];
        QVERIFY(std::abs(after.values[c] - (before.values[c] + sum) / 21) < 1e-4);
    }

    for (const char* grid : {"images_before.png", "images_after.png"}) {
        const cv::Mat image = cv::imread(QDir(out).filePath(grid).toStdString());
        QVERIFY2(!image.empty(), grid);
        QVERIFY(image.cols > image.rows);  // 64 images, 16 to a row
    }
    // The exported files feed `noisynn entropy` as they are.
    const CliRun entropy = runNoisynn({"entropy", "--embeddings", out + "/z_after.npy", "--labels",
                                       out + "/labels.npy", "--json"});
    QVERIFY2(entropy.exitCode == 0, qPrintable(entropy.err));
    const QJsonObject figures = QJsonDocument::fromJson(entropy.out).object();
    QCOMPARE(figures["samples"].toInt(), 500);
    QVERIFY(std::isfinite(figures["task_entropy"].toDouble()));

    // Training wrote the four entropy columns on its epoch row, the theory's Delta S for the
    // evaluation batch of 100: (B - 1) log(B + 1).
    QFile metrics(run + "/metrics.csv");
    QVERIFY(metrics.open(QIODevice::ReadOnly));
    const QStringList rows = QString::fromUtf8(metrics.readAll()).split('\n');
    QVERIFY(rows.front().endsWith(
        "task_entropy_before,task_entropy_after,delta_s_estimated,delta_s_theory"));
    const QStringList epoch = rows.filter(QRegularExpression("^epoch,1,")).value(0).split(',');
    QCOMPARE(epoch.size(), 14);
    const double hBefore = epoch[10].toDouble(), hAfter = epoch[11].toDouble();
    QVERIFY(!epoch[10].isEmpty() && !epoch[11].isEmpty());
    QVERIFY(std::abs(epoch[12].toDouble() - (hBefore - hAfter)) < 1e-4 * std::abs(hBefore) + 1e-6);
    QVERIFY(std::abs(epoch[13].toDouble() - 99 * std::log(101.0)) < 1e-3);

    const cv::Mat clean = cv::imread(QDir(out).filePath("images_before.png").toStdString());
    const cv::Mat noisy = cv::imread(QDir(out).filePath("images_after.png").toStdString());
    QVERIFY(cv::norm(clean, noisy) > 0);  // the image noise shows
}

void TestCliExport::theImageGridsFollowTheChosenEvaluationOrder() {
    QTemporaryDir dir;
    // The run evaluates shuffled; the export asks for sorted, then for shuffled.
    const QString run = trainedRun(dir.path(), {"noise.type=gaussian", "noise.layer=2",
                                                "eval.order=shuffled"});
    QVERIFY(!run.isEmpty());
    const auto grid = [&](const QString& order) {
        const QString out = dir.filePath("export-" + order);
        const CliRun exported =
            runNoisynn({"export", run, "--out", out, "--eval-order", order, "--json"});
        if (exported.exitCode != 0) {
            qWarning() << exported.err;
        }
        return cv::imread(QDir(out).filePath("images_before.png").toStdString());
    };
    const cv::Mat sorted = grid("sorted");
    const cv::Mat shuffled = grid("shuffled");
    QVERIFY(!sorted.empty() && !shuffled.empty());
    QCOMPARE(sorted.size(), shuffled.size());
    QVERIFY2(cv::norm(sorted, shuffled) > 0, "the grids show the same images in both orders");
}

void TestCliExport::aRunWithOnlyImageNoiseExportsItsImageGrids() {
    QTemporaryDir dir;
    const QString run = trainedRun(
        dir.path(), {"noise.type=none", "noise.image.type=salt-and-pepper", "noise.image.strength=0.2"});
    QVERIFY(!run.isEmpty());
    const QString out = dir.filePath("export");
    const CliRun exported = runNoisynn({"export", run, "--out", out, "--json"});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
    const QJsonObject manifest = QJsonDocument::fromJson(exported.out).object();
    QCOMPARE(manifest["files"].toArray(),
             QJsonArray({"images_before.png", "images_after.png"}));
    QCOMPARE(manifest["rows"].toInt(), 0);
    QVERIFY(!QFile::exists(out + "/z_before.npy"));
    const cv::Mat clean = cv::imread(QDir(out).filePath("images_before.png").toStdString());
    const cv::Mat noisy = cv::imread(QDir(out).filePath("images_after.png").toStdString());
    QVERIFY(!clean.empty() && !noisy.empty());
    QVERIFY(cv::norm(clean, noisy) > 0);  // the salt and pepper shows
}

void TestCliExport::withoutJsonTheExportReportsItsProgressInPlainLines() {
    QTemporaryDir dir;
    const QString run = trainedRun(dir.path(), {"noise.type=gaussian", "noise.layer=2"});
    QVERIFY(!run.isEmpty());
    const CliRun exported = runNoisynn({"export", run, "--out", dir.filePath("export")});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
    // Not a terminal: one plain line per quarter, then the result.
    QCOMPARE(exported.out.count("read the features of "), 4);
    QVERIFY2(exported.out.contains("read the features of 500/500 images\n"),
             exported.out.constData());
    QVERIFY(exported.out.contains("exported 500 x "));
    QVERIFY(!exported.out.contains('\r'));
}

void TestCliExport::aRunWithoutNoiseHasNothingToExport() {
    QTemporaryDir dir;
    const QString run = trainedRun(dir.path(), {"noise.type=none", "noise.image.type=none"});
    QVERIFY(!run.isEmpty());
    const CliRun exported = runNoisynn({"export", run, "--out", dir.filePath("export")});
    QCOMPARE(exported.exitCode, 2);
    QVERIFY2(exported.err.contains("noise.type and noise.image.type are both none"),
             qPrintable(exported.err));
    QVERIFY(!QFile::exists(dir.filePath("export/z_before.npy")));
    QVERIFY(!QFile::exists(dir.filePath("export/images_before.png")));
}

void TestCliExport::aFullDiskFailsTheExportWithExitOneNamingEachFile() {
    QTemporaryDir dir;
    const QString run = trainedRun(dir.path(), {"noise.type=gaussian", "noise.layer=2",
                                                "noise.image.type=gaussian"});
    QVERIFY(!run.isEmpty());
    const QString out = dir.filePath("export");
    const QStringList exportCommand{"export", run, "--out", out, "--images", "8"};
    QCOMPARE(runNoisynn(exportCommand).exitCode, 0);
    // Each file in turn gets its temporary file on /dev/full, where every write fails with
    // ENOSPC, as on a full disk. export.json went unchecked before: a full disk left it empty
    // and the export exited 0.
    for (const QString name : {"z_before.npy", "images_before.png", "export.json"}) {
        const QByteArray previous = readAll(out + "/" + name);
        QVERIFY(!previous.isEmpty());
        QVERIFY(QFile::link("/dev/full", out + "/" + name + ".partial"));
        const CliRun exported = runNoisynn(exportCommand);
        QCOMPARE(exported.exitCode, 1);  // a failure while running, not bad input
        QVERIFY2(exported.err.contains(out + "/" + name + ": cannot be written (No space left "
                                                          "on device)"),
                 qPrintable(exported.err));
        QVERIFY(!QFileInfo(out + "/" + name + ".partial").isSymLink());
        if (name != "export.json") {
            QCOMPARE(readAll(out + "/" + name), previous);  // the previous version is kept
        }
        // No manifest is left to vouch for a folder the failed export half rewrote.
        QVERIFY(!QFile::exists(out + "/export.json"));
        QCOMPARE(runNoisynn(exportCommand).exitCode, 0);  // with room again
    }
}

QTEST_GUILESS_MAIN(TestCliExport)
#include "test_cli_export.moc"
