// `noisynn entropy` on NPY files: a JSON answer with the figures scripts rely on, and exit 2 with
// the file named for unequal row counts, NaN values, too few samples, a file that is not NPY and an
// unsupported type.
#include "data/npy_file.h"
#include "support/cli_process.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>
#include <random>

using noisynn::testing::CliRun;
using noisynn::testing::runNoisynn;

namespace {

// 600 samples of 3 classes in 4 dimensions, the classes apart along the first feature.
void writeClasses(const QString& features, const QString& labels, std::size_t rows = 600) {
    std::mt19937_64 generator(2);
    std::normal_distribution<float> normal;
    std::vector<float> z(rows * 4);
    std::vector<std::int64_t> y(rows);
    for (std::size_t s = 0; s < rows; ++s) {
        y[s] = static_cast<std::int64_t>(s % 3);
        for (std::size_t i = 0; i < 4; ++i)
            z[s * 4 + i] = normal(generator) + (i == 0 ? 2.0f * y[s] : 0.0f);
    }
    noisynn::writeNpy(features.toStdString(), {rows, 4}, z);
    noisynn::writeNpy(labels.toStdString(), {rows}, y);
}

}  // namespace

class TestCliEntropy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void entropyPrintsTheFiguresAsJson();
    void badFilesExitTwoNamingTheFile();
};

void TestCliEntropy::entropyPrintsTheFiguresAsJson() {
    QTemporaryDir dir;
    writeClasses(dir.filePath("z.npy"), dir.filePath("y.npy"));
    const CliRun run = runNoisynn({"entropy", "--embeddings", dir.filePath("z.npy"), "--labels",
                                   dir.filePath("y.npy"), "--json"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject json = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(json["samples"].toInt(), 600);
    QCOMPARE(json["classes"].toInt(), 3);
    QCOMPARE(json["dimension_used"].toInt(), 4);
    QVERIFY(std::abs(json["h_yz"].toDouble() - json["h_z"].toDouble() -
                     json["task_entropy"].toDouble()) < 1e-9);
    // Features that separate the classes leave less label uncertainty than features that do not.
    const QString noise = dir.filePath("noise.npy");
    std::vector<float> random(600 * 4);
    std::mt19937_64 generator(3);
    std::normal_distribution<float> normal;
    for (auto& v : random)
        v = normal(generator);
    noisynn::writeNpy(noise.toStdString(), {600, 4}, random);
    const CliRun blind =
        runNoisynn({"entropy", "--embeddings", noise, "--labels", dir.filePath("y.npy"), "--json"});
    QVERIFY2(blind.exitCode == 0, qPrintable(blind.err));
    QVERIFY(QJsonDocument::fromJson(blind.out).object()["task_entropy"].toDouble() >
            json["task_entropy"].toDouble());
}

void TestCliEntropy::badFilesExitTwoNamingTheFile() {
    QTemporaryDir dir;
    const QString z = dir.filePath("z.npy");
    const QString y = dir.filePath("y.npy");
    writeClasses(z, y);
    const auto entropy = [&](const QString& features, const QString& labels) {
        return runNoisynn({"entropy", "--embeddings", features, "--labels", labels});
    };

    const QString shortLabels = dir.filePath("short.npy");
    noisynn::writeNpy(shortLabels.toStdString(), {10}, std::vector<std::int64_t>(10, 1));
    CliRun run = entropy(z, shortLabels);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("600 rows") && run.err.contains("short.npy has 10 labels"),
             qPrintable(run.err));

    const QString nan = dir.filePath("nan.npy");
    std::vector<float> values(600 * 4, 1.0f);
    values[4 * 17 + 3] = std::numeric_limits<float>::quiet_NaN();
    noisynn::writeNpy(nan.toStdString(), {600, 4}, values);
    run = entropy(nan, y);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("nan.npy: row 17, column 3 is nan"), qPrintable(run.err));

    const QString fewZ = dir.filePath("few_z.npy");
    const QString fewY = dir.filePath("few_y.npy");
    writeClasses(fewZ, fewY, 4);
    run = entropy(fewZ, fewY);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("4 samples of 3 classes"), qPrintable(run.err));

    const QString text = dir.filePath("z.csv");
    std::ofstream(text.toStdString()) << "1,2,3\n";
    run = entropy(text, y);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("z.csv: not an NPY file"), qPrintable(run.err));

    run = entropy(y, y);  // integer features
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("y.npy: NPY type '<i8'; expected float32"), qPrintable(run.err));
    run = entropy(z, z);  // float labels
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("z.npy: NPY type '<f4'; expected integer labels"),
             qPrintable(run.err));
    run = runNoisynn({"entropy", "--embeddings", z});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("--labels"), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(TestCliEntropy)
#include "test_cli_entropy.moc"
