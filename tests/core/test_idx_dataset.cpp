// IDX (MNIST family) loading: contents, gzip and raw, the real Fashion-MNIST, and every kind of
// damaged file refused with a message that names it.
#include "data/channel_stats.h"
#include "data/idx_dataset.h"
#include "data/idx_file.h"
#include "error.h"
#include "support/fixture_files.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>

using namespace noisynn;
namespace fs = std::filesystem;

class TestIdxDataset : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loadsGzipAndRawFilesWithTheirPixelsAndLabels_data();
    void loadsGzipAndRawFilesWithTheirPixelsAndLabels();
    void loadsTheInstalledFashionMnistWithItsTenClasses();
    void refusesDamagedFilesNamingTheFile_data();
    void refusesDamagedFilesNamingTheFile();
    void refusesAFolderWithoutIdxFiles();
};

void TestIdxDataset::loadsGzipAndRawFilesWithTheirPixelsAndLabels_data() {
    QTest::addColumn<bool>("gzip");
    QTest::newRow("gzip") << true;
    QTest::newRow("raw") << false;
}

void TestIdxDataset::loadsGzipAndRawFilesWithTheirPixelsAndLabels() {
    QFETCH(bool, gzip);
    QTemporaryDir dir;
    fixtures::writeIdxFolder(dir.path().toStdString(), 50, 20, gzip);

    const DatasetSplits splits = loadIdxDataset(IdxFamily::Mnist, dir.path().toStdString());
    QCOMPARE(splits.name, std::string("mnist"));
    QCOMPARE(splits.train->size(), std::size_t{50});
    QCOMPARE(splits.test->size(), std::size_t{20});
    QVERIFY(splits.train->imageShape() == (ImageShape{28, 28, 1}));
    for (std::size_t i : {std::size_t{0}, std::size_t{13}, std::size_t{49}}) {
        QCOMPARE(splits.train->label(i), static_cast<int>(i % 10));
        const Image image = splits.train->image(i);
        QCOMPARE(image.pixels.size(), std::size_t{784});
        QCOMPARE(int(image.pixels[0]), static_cast<int>((i * 7 + 3) % 256));
        QCOMPARE(int(image.pixels[783]), static_cast<int>((i * 7 + 3) % 256));
    }
    const auto counts = classCounts(*splits.train);
    QCOMPARE(counts.size(), std::size_t{10});
    QCOMPARE(counts[0], std::size_t{5});
}

void TestIdxDataset::loadsTheInstalledFashionMnistWithItsTenClasses() {
    const std::string folder = "/usr/share/datasets/fashion-mnist";
    if (!fs::is_directory(folder)) {
        QFAIL(
            "Fashion-MNIST is missing: packaging/setup-dependencies.sh installs "
            "dataset-fashion-mnist");
    }
    const DatasetSplits splits = loadIdxDataset(IdxFamily::FashionMnist, folder);
    QCOMPARE(splits.train->size(), std::size_t{60000});
    QCOMPARE(splits.test->size(), std::size_t{10000});
    QCOMPARE(splits.train->classNames().size(), std::size_t{10});
    QCOMPARE(splits.train->classNames()[9], std::string("Ankle boot"));
    for (std::size_t count : classCounts(*splits.train)) {
        QCOMPARE(count, std::size_t{6000});
    }
    // The published statistics of Fashion-MNIST's training images.
    const ChannelStats stats = computeChannelStats(*splits.train);
    QVERIFY(std::abs(stats.mean[0] - 0.2860) < 0.0005);
    QVERIFY(std::abs(stats.std[0] - 0.3530) < 0.0005);
}

void TestIdxDataset::refusesDamagedFilesNamingTheFile_data() {
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("gzip");
    for (bool gzip : {true, false}) {
        const QString suffix = gzip ? ".gz" : "";
        const char* kind = gzip ? " (gzip)" : " (raw)";
        QTest::addRow("missing labels%s", kind)
            << "delete"
            << "train-labels-idx1-ubyte" + suffix << "no train-labels-idx1-ubyte file" << gzip;
        QTest::addRow("truncated images%s", kind)
            << "truncate"
            << "train-images-idx3-ubyte" + suffix << "truncated" << gzip;
        QTest::addRow("truncated labels%s", kind)
            << "truncate"
            << "t10k-labels-idx1-ubyte" + suffix << "truncated" << gzip;
        QTest::addRow("wrong magic%s", kind)
            << "magic"
            << "train-images-idx3-ubyte" + suffix << "wrong magic number" << gzip;
        QTest::addRow("count mismatch%s", kind)
            << "fewer labels"
            << "train-labels-idx1-ubyte" + suffix << "expected the same count" << gzip;
        QTest::addRow("label out of range%s", kind)
            << "bad label"
            << "train-labels-idx1-ubyte" + suffix << "out of range" << gzip;
        QTest::addRow("overflowing header%s", kind)
            << "huge"
            << "train-images-idx3-ubyte" + suffix << "more than 2^40" << gzip;
        QTest::addRow("no images%s", kind)
            << "empty"
            << "t10k-images-idx3-ubyte" + suffix << "dimension 0 of the header is 0" << gzip;
        QTest::addRow("trailing bytes%s", kind)
            << "extra"
            << "t10k-images-idx3-ubyte" + suffix << "more data than its header" << gzip;
    }
}

void TestIdxDataset::refusesDamagedFilesNamingTheFile() {
    QFETCH(QString, damage);
    QFETCH(QString, file);
    QFETCH(QString, expected);
    QFETCH(bool, gzip);
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    fixtures::writeIdxFolder(folder, 30, 10, gzip);
    const std::string path = (fs::path(folder) / file.toStdString()).string();

    if (damage == "delete") {
        fs::remove(path);
    } else if (damage == "truncate") {
        fixtures::truncateFile(path, fs::file_size(path) / 2);
    } else if (damage == "magic") {
        fixtures::writeIdxLabels(path, fixtures::cyclicLabels(30, 10), gzip);  // labels, not images
    } else if (damage == "fewer labels") {
        fixtures::writeIdxLabels(path, fixtures::cyclicLabels(29, 10), gzip);
    } else if (damage == "bad label") {
        auto labels = fixtures::cyclicLabels(30, 10);
        labels[17] = 12;
        fixtures::writeIdxLabels(path, labels, gzip);
    } else if (damage == "huge") {
        // 65536 images of 2^24 x 2^24: the product wraps a 64-bit count to 0.
        fixtures::writeIdxImages(path, {}, 65536, 1u << 24, 1u << 24, gzip);
    } else if (damage == "empty") {
        fixtures::writeIdxImages(path, {}, 0, 28, 28, gzip);
    } else if (damage == "extra") {
        auto pixels = fixtures::patternPixels(10, 28, 28, 1);
        pixels.push_back(0);
        fixtures::writeIdxImages(path, pixels, 10, 28, 28, gzip);
    }

    try {
        loadIdxDataset(IdxFamily::FashionMnist, folder);
        QFAIL("a damaged file was accepted");
    } catch (const Error& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains(file.left(file.indexOf('-'))), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
        if (damage != "delete") {
            QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
        }
        if (damage == "bad label") {
            QVERIFY2(message.contains("label 12 at index 17"), qPrintable(message));
        }
    }
}

void TestIdxDataset::refusesAFolderWithoutIdxFiles() {
    QTemporaryDir dir;
    try {
        loadIdxDataset(IdxFamily::Mnist, dir.path().toStdString());
        QFAIL("an empty folder was accepted");
    } catch (const Error& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains(dir.path()) && message.contains("train-images-idx3-ubyte"),
                 qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(TestIdxDataset)
#include "test_idx_dataset.moc"
