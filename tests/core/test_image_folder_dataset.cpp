// Image folders: layouts, class order, colour and size, the seeded split, and damaged files
// reported by name and counted.
#include "data/dataset_report.h"
#include "data/image_folder_dataset.h"
#include "error.h"
#include "support/fixture_files.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <set>

using namespace noisynn;
namespace fs = std::filesystem;

namespace {

DatasetSplits load(const QString& root, double valFraction = 0.2, std::uint64_t seed = 0,
                   int size = 0, ColorMode color = ColorMode::Auto) {
    ImageFolderOptions options;
    options.root = root.toStdString();
    options.valFraction = valFraction;
    options.seed = seed;
    options.height = size;
    options.width = size;
    options.color = color;
    return loadImageFolder(options);
}

std::set<std::string> paths(const Dataset& dataset) {
    std::set<std::string> result;
    for (std::size_t i = 0; i < dataset.size(); ++i)
        result.insert(dataset.imagePath(i));
    return result;
}

}  // namespace

class TestImageFolderDataset : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trainAndValSubfoldersBecomeTheSplitsWithSortedClasses();
    void aSeededSplitIsStratifiedDisjointAndRepeatable();
    void imagesAreDecodedGrayOrColourAndResized();
    void aTrainFolderWithoutValIsSplitAndEveryClassKeepsATrainingImage();
    void aHoldOutThatLeavesNoEvaluationImageIsRefused();
    void aValFolderWithoutClassFoldersIsRefused();
    void anEmptyClassFolderIsRefusedByName();
    void aValClassMissingFromTrainIsRefusedByName();
    void aLimitedCheckDecodesAnEvenlySpreadSubsetOfEveryClass();
    void damagedImagesAreReportedByNameAndCounted_data();
    void damagedImagesAreReportedByNameAndCounted();
    void aPngWhoseTextChunkFailsItsCrcStillDecodes();
};

void TestImageFolderDataset::trainAndValSubfoldersBecomeTheSplitsWithSortedClasses() {
    QTemporaryDir dir;
    fixtures::writeImageFolder(dir.filePath("train").toStdString(), {"zebra", "ant", "moth"}, 4, 8,
                               8, true);
    fixtures::writeImageFolder(dir.filePath("val").toStdString(), {"zebra", "ant", "moth"}, 2, 8, 8,
                               true);
    const DatasetSplits splits = load(dir.path());
    QCOMPARE(splits.testSplitName, std::string("val"));
    QCOMPARE(splits.train->classNames(), (std::vector<std::string>{"ant", "moth", "zebra"}));
    QCOMPARE(splits.train->size(), std::size_t{12});
    QCOMPARE(splits.test->size(), std::size_t{6});
    QCOMPARE(classCounts(*splits.test), (std::vector<std::size_t>{2, 2, 2}));
    QVERIFY(splits.train->imagePath(0).find("/train/ant/") != std::string::npos);
    QCOMPARE(splits.train->label(11), 2);
}

void TestImageFolderDataset::aSeededSplitIsStratifiedDisjointAndRepeatable() {
    QTemporaryDir dir;
    fixtures::writeImageFolder(dir.path().toStdString(), {"a", "b"}, 10, 4, 4, false);
    const DatasetSplits first = load(dir.path(), 0.3, 7);
    const DatasetSplits again = load(dir.path(), 0.3, 7);
    const DatasetSplits other = load(dir.path(), 0.3, 8);
    QCOMPARE(classCounts(*first.train), (std::vector<std::size_t>{7, 7}));
    QCOMPARE(classCounts(*first.test), (std::vector<std::size_t>{3, 3}));
    const auto train = paths(*first.train);
    for (const auto& path : paths(*first.test)) {
        QVERIFY2(train.count(path) == 0, path.c_str());
    }
    QCOMPARE(paths(*again.test), paths(*first.test));
    QVERIFY(paths(*other.test) != paths(*first.test));
}

void TestImageFolderDataset::imagesAreDecodedGrayOrColourAndResized() {
    QTemporaryDir dir;
    fixtures::writeImageFolder(dir.filePath("train").toStdString(), {"c0", "c1"}, 2, 10, 12, true);
    fixtures::writeImageFolder(dir.filePath("val").toStdString(), {"c0", "c1"}, 1, 10, 12, true);
    const DatasetSplits native = load(dir.path());  // training image 0 is train/c0/img0.png
    QVERIFY(native.train->imageShape() == (ImageShape{10, 12, 3}));
    // The fixture writes BGR (value, 255 - value, 128); images come back as RGB.
    const Image colour = native.train->image(0);
    QCOMPARE(int(colour.pixels[2]), 0);
    QCOMPARE(int(colour.pixels[1]), 255);
    QCOMPARE(int(colour.pixels[0]), 128);

    const DatasetSplits gray = load(dir.path(), 0.2, 0, 6, ColorMode::Gray);
    QVERIFY(gray.train->imageShape() == (ImageShape{6, 6, 1}));
    const Image small = gray.train->image(1);
    QCOMPARE(small.pixels.size(), std::size_t{36});
}

void TestImageFolderDataset::aTrainFolderWithoutValIsSplitAndEveryClassKeepsATrainingImage() {
    QTemporaryDir dir;
    fixtures::writeImageFolder(dir.filePath("train").toStdString(), {"few", "many"}, 2, 4, 4,
                               false);
    fixtures::writeImageFolder(dir.filePath("train").toStdString(), {"many"}, 10, 4, 4, false);
    const DatasetSplits splits = load(dir.path(), 0.9, 3);
    QCOMPARE(splits.train->classNames(), (std::vector<std::string>{"few", "many"}));
    QCOMPARE(classCounts(*splits.train), (std::vector<std::size_t>{1, 1}));
    QCOMPARE(classCounts(*splits.test), (std::vector<std::size_t>{1, 9}));
}

void TestImageFolderDataset::aHoldOutThatLeavesNoEvaluationImageIsRefused() {
    QTemporaryDir dir;
    fixtures::writeImageFolder(dir.path().toStdString(), {"a", "b"}, 3, 4, 4, false);
    for (double fraction : {0.0, 0.1, 1.0}) {
        try {
            load(dir.path(), fraction);
            QFAIL(qPrintable(QString("val fraction %1 was accepted").arg(fraction)));
        } catch (const Error& error) {
            // The fraction as the user wrote it (0.1, not 0.100000).
            const QString expected = "data.val_fraction (--val-fraction): " +
                                     QString::number(fraction) + " ";
            QVERIFY2(QString(error.what()).contains(expected), error.what());
        }
    }
}

void TestImageFolderDataset::aValFolderWithoutClassFoldersIsRefused() {
    QTemporaryDir dir;
    fixtures::writeImageFolder(dir.filePath("train").toStdString(), {"a"}, 2, 4, 4, false);
    fixtures::writeImageFolder(dir.path().toStdString(), {"val"}, 2, 4, 4, false);  // val/img*.png
    try {
        load(dir.path());
        QFAIL("a val folder of loose images was accepted");
    } catch (const Error& error) {
        QVERIFY2(QString(error.what()).contains(dir.filePath("val") + ": no class folders"),
                 error.what());
    }
}

void TestImageFolderDataset::anEmptyClassFolderIsRefusedByName() {
    QTemporaryDir dir;
    fixtures::writeImageFolder(dir.path().toStdString(), {"full"}, 2, 4, 4, false);
    fs::create_directories(dir.filePath("hollow").toStdString());
    try {
        load(dir.path());
        QFAIL("an empty class folder was accepted");
    } catch (const Error& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains(dir.filePath("hollow")) && message.contains("empty class folder"),
                 qPrintable(message));
    }
}

void TestImageFolderDataset::aValClassMissingFromTrainIsRefusedByName() {
    QTemporaryDir dir;
    fixtures::writeImageFolder(dir.filePath("train").toStdString(), {"a"}, 2, 4, 4, false);
    fixtures::writeImageFolder(dir.filePath("val").toStdString(), {"a", "b"}, 1, 4, 4, false);
    try {
        load(dir.path());
        QFAIL("a val class unknown to train was accepted");
    } catch (const Error& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains("class \"b\""), qPrintable(message));
    }
}

void TestImageFolderDataset::aLimitedCheckDecodesAnEvenlySpreadSubsetOfEveryClass() {
    QTemporaryDir dir;
    fixtures::writeImageFolder(dir.filePath("train").toStdString(), {"a", "b", "c"}, 10, 4, 4,
                               false);
    fixtures::writeImageFolder(dir.filePath("val").toStdString(), {"a", "b", "c"}, 2, 4, 4, false);
    // The last image of class c is broken: a strided check of 6 of 30 sees c but not that file.
    fixtures::truncateFile(dir.filePath("train/c/img9.png").toStdString(), 30);
    const DatasetSplits splits = load(dir.path());
    const DatasetReport partial = inspectDataset(splits, {2, 6});
    QCOMPARE(partial.train.checked, std::size_t{6});
    QCOMPARE(partial.test.checked, std::size_t{6});
    QCOMPARE(partial.trainStats.samples, std::size_t{6});
    QCOMPARE(partial.unreadableCount(), std::size_t{0});
    QVERIFY(QString::fromStdString(toText(partial)).contains("12 of 36 images decoded"));
    const DatasetReport full = inspectDataset(splits, {2, 0});
    QCOMPARE(full.train.checked, std::size_t{30});
    QCOMPARE(full.unreadableCount(), std::size_t{1});
}

void TestImageFolderDataset::damagedImagesAreReportedByNameAndCounted_data() {
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("expected");
    QTest::newRow("text file") << "text"
                               << "not an image";
    QTest::newRow("empty file") << "empty"
                                << "empty file";
    QTest::newRow("truncated PNG") << "png"
                                   << "truncated PNG: its IDAT chunk at byte";
    QTest::newRow("corrupt PNG") << "png-flipped"
                                 << "corrupt PNG: its IDAT chunk at byte";
    QTest::newRow("truncated JPEG") << "jpeg-truncated"
                                    << "truncated JPEG";
    QTest::newRow("corrupt JPEG") << "jpeg-garbage"
                                  << "corrupt JPEG";
}

void TestImageFolderDataset::damagedImagesAreReportedByNameAndCounted() {
    QFETCH(QString, damage);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    fixtures::writeImageFolder(dir.filePath("train").toStdString(), {"cat", "dog"}, 3, 16, 16,
                               true);
    fixtures::writeImageFolder(dir.filePath("val").toStdString(), {"cat", "dog"}, 2, 16, 16, true);

    std::string bad;
    if (damage == "text") {
        bad = dir.filePath("train/dog/notes.txt").toStdString();
        fixtures::writeBytes(bad, {'h', 'e', 'l', 'l', 'o', '\n'});
    } else if (damage == "empty") {
        bad = dir.filePath("val/cat/zero.png").toStdString();
        fixtures::writeBytes(bad, {});
    } else if (damage == "png") {
        bad = dir.filePath("train/cat/img1.png").toStdString();
        fixtures::truncateFile(bad, 60);
    } else if (damage == "png-flipped") {
        bad = dir.filePath("train/cat/img1.png").toStdString();
        auto bytes = fixtures::readBytes(bad);
        bytes[bytes.size() - 20] ^= 0x10;  // inside the last IDAT, before the 12-byte IEND chunk
        fixtures::writeBytes(bad, bytes);
    } else {
        bad = dir.filePath("train/dog/photo.jpg").toStdString();
        cv::Mat noise(64, 64, CV_8UC3);
        cv::randu(noise, 0, 255);
        std::vector<std::uint8_t> jpeg;
        cv::imencode(".jpg", noise, jpeg);
        if (damage == "jpeg-truncated") {
            jpeg.resize(jpeg.size() / 2);
        } else {
            // Keep the start-of-image marker and the end marker, wreck everything between.
            for (std::size_t i = 4; i + 2 < jpeg.size(); ++i)
                jpeg[i] = static_cast<std::uint8_t>(i * 31);
        }
        fixtures::writeBytes(bad, jpeg);
    }

    const DatasetSplits splits = load(dir.path());
    const DatasetReport report = inspectDataset(splits, {2, 0});
    QCOMPARE(report.unreadableCount(), std::size_t{1});
    const auto& item = report.train.unreadable.empty() ? report.test.unreadable.front()
                                                       : report.train.unreadable.front();
    QCOMPARE(item.path, bad);
    const QString reason = QString::fromStdString(item.reason);
    QVERIFY2(reason.contains(QString::fromStdString(bad)), qPrintable(reason));
    QVERIFY2(reason.contains(expected), qPrintable(reason));
    // The readable images still count and still feed the statistics.
    // The PNG cases damage an existing file.
    const std::size_t added = damage.startsWith("png") ? 0 : 1;
    QCOMPARE(report.train.samples + report.test.samples, 10 + added);
    QCOMPARE(report.trainStats.samples, report.train.samples - report.train.unreadable.size());
}

void TestImageFolderDataset::aPngWhoseTextChunkFailsItsCrcStillDecodes() {
    QTemporaryDir dir;
    fixtures::writeImageFolder(dir.filePath("train").toStdString(), {"cat", "dog"}, 3, 16, 16,
                               true);
    fixtures::writeImageFolder(dir.filePath("val").toStdString(), {"cat", "dog"}, 2, 16, 16, true);
    // An ancillary tEXt chunk with a wrong CRC, after the IHDR chunk (signature 8 + IHDR 25
    // bytes): libpng skips such a chunk and decodes the image, so it must not be called corrupt.
    const std::string path = dir.filePath("train/cat/img1.png").toStdString();
    auto bytes = fixtures::readBytes(path);
    const std::vector<std::uint8_t> text{0, 0, 0, 4, 't', 'E', 'X', 't', 'a', 0, 'b', 'c',
                                         0xDE, 0xAD, 0xBE, 0xEF};
    bytes.insert(bytes.begin() + 33, text.begin(), text.end());
    fixtures::writeBytes(path, bytes);
    const DatasetSplits splits = load(dir.path());
    QCOMPARE(inspectDataset(splits, {2, 0}).unreadableCount(), std::size_t{0});
}

QTEST_GUILESS_MAIN(TestImageFolderDataset)
#include "test_image_folder_dataset.moc"
