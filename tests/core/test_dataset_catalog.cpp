// Opening data sets by name or by path: format detection, the search folders, and clear refusals.
#include "data/dataset_catalog.h"
#include "error.h"
#include "support/fixture_files.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cstdlib>
#include <filesystem>

using namespace noisynn;
namespace fs = std::filesystem;

class TestDatasetCatalog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aFolderIsOpenedInTheFormatItHolds();
    void aNamedDataSetIsFoundUnderNoisynnDataDir();
    void anExplicitRootWinsOverTheSearchFolders();
    void unknownNamesAndMissingDataSetsAreRefusedClearly();
};

void TestDatasetCatalog::aFolderIsOpenedInTheFormatItHolds() {
    QTemporaryDir dir;
    fixtures::writeIdxFolder(dir.filePath("kmnist").toStdString(), 20, 10, true);
    fixtures::writeCifar10Folder(dir.filePath("c10").toStdString(), 2, 2);
    fixtures::writeCifar100Folder(dir.filePath("c100").toStdString(), 4, 2);
    fixtures::writeImageFolder(dir.filePath("pictures").toStdString(), {"x", "y"}, 5, 4, 4, false);

    DatasetRequest request;
    request.source = dir.filePath("kmnist").toStdString();
    QCOMPARE(openDataset(request).name, std::string("kmnist"));
    request.source = dir.filePath("c10").toStdString();
    QCOMPARE(openDataset(request).name, std::string("cifar10"));
    request.source = dir.filePath("c100").toStdString();
    QCOMPARE(openDataset(request).name, std::string("cifar100"));
    request.source = dir.filePath("pictures").toStdString();
    const auto pictures = openDataset(request);
    QCOMPARE(pictures.name, std::string("image-folder"));
    QCOMPARE(pictures.train->size() + pictures.test->size(), std::size_t{10});
    request.source = "synthetic";
    QCOMPARE(openDataset(request).name, std::string("synthetic"));
}

void TestDatasetCatalog::aNamedDataSetIsFoundUnderNoisynnDataDir() {
    QTemporaryDir dir;
    fixtures::writeIdxFolder(dir.filePath("mnist").toStdString(), 20, 10, false);
    qputenv("NOISYNN_DATA_DIR", dir.path().toUtf8());
    const auto folders = datasetSearchFolders("mnist");
    QCOMPARE(folders.front(), dir.filePath("mnist").toStdString());
    DatasetRequest request;
    request.source = "mnist";
    const auto splits = openDataset(request);
    QCOMPARE(splits.location, dir.filePath("mnist").toStdString());
    QCOMPARE(splits.train->size(), std::size_t{20});
    qunsetenv("NOISYNN_DATA_DIR");
}

void TestDatasetCatalog::anExplicitRootWinsOverTheSearchFolders() {
    QTemporaryDir dir;
    fixtures::writeCifar10Folder(dir.path().toStdString(), 1, 3);
    DatasetRequest request;
    request.source = "cifar10";
    request.root = dir.path().toStdString();
    QCOMPARE(openDataset(request).test->size(), std::size_t{3});
}

void TestDatasetCatalog::unknownNamesAndMissingDataSetsAreRefusedClearly() {
    QTemporaryDir dir;
    qputenv("NOISYNN_DATA_DIR", dir.path().toUtf8());
    DatasetRequest request;
    request.source = "kmnist";
    try {
        openDataset(request);
        QFAIL("a missing data set was opened");
    } catch (const Error& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(
            message.contains("\"kmnist\" not found") && message.contains(dir.filePath("kmnist")),
            qPrintable(message));
    }
    request.source = "imagenet-22k-nowhere";
    try {
        openDataset(request);
        QFAIL("an unknown name was opened");
    } catch (const Error& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains("neither a known name") && message.contains("fashion-mnist"),
                 qPrintable(message));
    }
    qunsetenv("NOISYNN_DATA_DIR");
}

QTEST_GUILESS_MAIN(TestDatasetCatalog)
#include "test_dataset_catalog.moc"
