// CIFAR-10 and CIFAR-100 binary versions: labels, planar-to-interleaved pixels, class names, and
// damaged files refused by name.
#include "data/cifar_dataset.h"
#include "error.h"
#include "support/fixture_files.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>

using namespace noisynn;
namespace fs = std::filesystem;

class TestCifarDataset : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cifar10InterleavesColourPlanesAndReadsTheMetaFile();
    void cifar10IsFoundInItsArchiveSubfolder();
    void cifar100GivesFineOrCoarseLabels();
    void refusesATruncatedBatchFileNamingIt();
    void refusesALabelOutOfRangeNamingFileAndRecord();
    void refusesAFolderWithoutCifarFiles();
};

void TestCifarDataset::cifar10InterleavesColourPlanesAndReadsTheMetaFile() {
    QTemporaryDir dir;
    fixtures::writeCifar10Folder(dir.path().toStdString(), 12, 7);
    const DatasetSplits splits = loadCifarDataset(CifarVariant::Cifar10, dir.path().toStdString());
    QCOMPARE(splits.train->size(), std::size_t{60});
    QCOMPARE(splits.test->size(), std::size_t{7});
    QVERIFY(splits.train->imageShape() == (ImageShape{32, 32, 3}));
    QCOMPARE(splits.train->classNames()[3], std::string("cat"));
    // Record 25 lives in data_batch_3.bin: label 5, planes 25, 26, 27.
    QCOMPARE(splits.train->label(25), 5);
    const Image image = splits.train->image(25);
    QCOMPARE(int(image.pixels[0]), 25);
    QCOMPARE(int(image.pixels[1]), 26);
    QCOMPARE(int(image.pixels[2]), 27);
    QCOMPARE(int(image.pixels[3 * 1023 + 2]), 27);
}

void TestCifarDataset::cifar10IsFoundInItsArchiveSubfolder() {
    QTemporaryDir dir;
    const std::string inner =
        (fs::path(dir.path().toStdString()) / "cifar-10-batches-bin").string();
    fixtures::writeCifar10Folder(inner, 2, 3);
    QCOMPARE(findCifarFolder(dir.path().toStdString(), CifarVariant::Cifar10), inner);
    const DatasetSplits splits = loadCifarDataset(CifarVariant::Cifar10, dir.path().toStdString());
    QCOMPARE(splits.location, inner);
}

void TestCifarDataset::cifar100GivesFineOrCoarseLabels() {
    QTemporaryDir dir;
    fixtures::writeCifar100Folder(dir.path().toStdString(), 130, 40);
    const auto fine = loadCifarDataset(CifarVariant::Cifar100Fine, dir.path().toStdString());
    const auto coarse = loadCifarDataset(CifarVariant::Cifar100Coarse, dir.path().toStdString());
    QCOMPARE(fine.train->classNames().size(), std::size_t{100});
    QCOMPARE(coarse.train->classNames().size(), std::size_t{20});
    QCOMPARE(fine.train->label(123), 23);
    QCOMPARE(coarse.train->label(123), 3);
    QCOMPARE(fine.train->classNames()[23], std::string("fine23"));
    QCOMPARE(coarse.name, std::string("cifar100-coarse"));
    QCOMPARE(int(fine.test->image(39).pixels[0]), 39);
}

void TestCifarDataset::refusesATruncatedBatchFileNamingIt() {
    QTemporaryDir dir;
    fixtures::writeCifar10Folder(dir.path().toStdString(), 4, 2);
    const std::string path = dir.filePath("data_batch_4.bin").toStdString();
    fixtures::truncateFile(path, 3073 * 3 + 100);
    try {
        loadCifarDataset(CifarVariant::Cifar10, dir.path().toStdString());
        QFAIL("a truncated CIFAR file was accepted");
    } catch (const Error& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
        QVERIFY2(message.contains("3 whole records and 100 bytes over"), qPrintable(message));
    }
}

void TestCifarDataset::refusesALabelOutOfRangeNamingFileAndRecord() {
    QTemporaryDir dir;
    fixtures::writeCifar10Folder(dir.path().toStdString(), 4, 3);
    const std::string path = dir.filePath("test_batch.bin").toStdString();
    auto bytes = fixtures::readBytes(path);
    bytes[3073 * 2] = 10;
    fixtures::writeBytes(path, bytes);
    try {
        loadCifarDataset(CifarVariant::Cifar10, dir.path().toStdString());
        QFAIL("a label of 10 was accepted in CIFAR-10");
    } catch (const Error& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
        QVERIFY2(message.contains("label 10 of record 2 is out of range"), qPrintable(message));
    }
}

void TestCifarDataset::refusesAFolderWithoutCifarFiles() {
    QTemporaryDir dir;
    QVERIFY_THROWS_EXCEPTION(
        Error, loadCifarDataset(CifarVariant::Cifar100Fine, dir.path().toStdString()));
}

QTEST_GUILESS_MAIN(TestCifarDataset)
#include "test_cifar_dataset.moc"
