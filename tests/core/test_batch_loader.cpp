// The batch loader: every sample once per epoch, repeatable orders whatever the worker count, the
// three evaluation orders, and errors from worker threads that name the file.
#include "data/batch_loader.h"
#include "data/image_folder_dataset.h"
#include "data/synthetic_dataset.h"
#include "error.h"
#include "support/fixture_files.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>

using namespace noisynn;

namespace {

std::shared_ptr<const Dataset> syntheticTrain(std::size_t size) {
    SyntheticOptions options;
    options.classes = 5;
    options.trainSize = size;
    options.testSize = 5;
    options.shape = {8, 8, 1};
    return makeSyntheticDataset(options).train;
}

std::vector<std::vector<std::int64_t>> epochIndices(BatchLoader& loader, std::uint64_t epoch) {
    loader.startEpoch(epoch);
    std::vector<std::vector<std::int64_t>> batches;
    while (auto batch = loader.next()) {
        batches.push_back(batch->sampleIndices);
    }
    return batches;
}

}  // namespace

class TestBatchLoader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everySampleComesOnceWithItsLabelAndPixels();
    void theOrderDependsOnSeedAndEpochNotOnWorkers();
    void classSortedBatchesHoldOneClassAtATime();
    void singleOrderGivesOneSamplePerBatch();
    void dropLastDropsOnlyTheShortFinalBatch();
    void anUnreadableImageSurfacesFromTheWorkerWithItsName();
    void restartingAnEpochMidwayStartsCleanly();
};

void TestBatchLoader::everySampleComesOnceWithItsLabelAndPixels() {
    auto dataset = syntheticTrain(103);
    LoaderOptions options;
    options.batchSize = 10;
    BatchLoader loader(dataset, options);
    QCOMPARE(loader.batchesPerEpoch(), std::size_t{11});
    std::vector<int> seen(103, 0);
    std::size_t batches = 0;
    while (auto batch = loader.next()) {
        QCOMPARE(batch->index, batches++);
        QCOMPARE(batch->pixels.size(), batch->size() * 64);
        for (std::size_t j = 0; j < batch->size(); ++j) {
            const auto sample = static_cast<std::size_t>(batch->sampleIndices[j]);
            ++seen[sample];
            QCOMPARE(batch->labels[j], std::int64_t{dataset->label(sample)});
            QVERIFY(std::abs(batch->pixels[j * 64 + 9] -
                             dataset->image(sample).pixels[9] / 255.0f) < 1e-6f);
        }
    }
    QCOMPARE(batches, std::size_t{11});
    QVERIFY(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
}

void TestBatchLoader::theOrderDependsOnSeedAndEpochNotOnWorkers() {
    auto dataset = syntheticTrain(64);
    LoaderOptions one;
    one.batchSize = 8;
    one.seed = 11;
    one.workers = 1;
    LoaderOptions three = one;
    three.workers = 3;
    three.prefetch = 7;
    BatchLoader a(dataset, one);
    BatchLoader b(dataset, three);
    QCOMPARE(epochIndices(a, 2), epochIndices(b, 2));
    QVERIFY(epochIndices(a, 2) != epochIndices(a, 3));
    LoaderOptions otherSeed = one;
    otherSeed.seed = 12;
    BatchLoader c(dataset, otherSeed);
    QVERIFY(epochIndices(a, 2) != epochIndices(c, 2));
}

void TestBatchLoader::classSortedBatchesHoldOneClassAtATime() {
    auto dataset = syntheticTrain(100);  // 5 classes of 20
    LoaderOptions options;
    options.batchSize = 10;
    options.order = SampleOrder::ClassSorted;
    BatchLoader loader(dataset, options);
    std::int64_t previous = -1;
    while (auto batch = loader.next()) {
        QCOMPARE(*std::min_element(batch->labels.begin(), batch->labels.end()),
                 *std::max_element(batch->labels.begin(), batch->labels.end()));
        QVERIFY(batch->labels.front() >= previous);
        previous = batch->labels.front();
        QVERIFY(std::is_sorted(batch->sampleIndices.begin(), batch->sampleIndices.end()));
    }
    QCOMPARE(previous, std::int64_t{4});
}

void TestBatchLoader::singleOrderGivesOneSamplePerBatch() {
    auto dataset = syntheticTrain(12);
    LoaderOptions options;
    options.batchSize = 32;
    options.order = SampleOrder::Single;
    BatchLoader loader(dataset, options);
    QCOMPARE(loader.batchSize(), std::size_t{1});
    QCOMPARE(loader.batchesPerEpoch(), std::size_t{12});
    std::int64_t expected = 0;
    while (auto batch = loader.next()) {
        QCOMPARE(batch->size(), std::size_t{1});
        QCOMPARE(batch->sampleIndices.front(), expected++);
    }
}

void TestBatchLoader::dropLastDropsOnlyTheShortFinalBatch() {
    auto dataset = syntheticTrain(25);
    LoaderOptions options;
    options.batchSize = 10;
    options.dropLast = true;
    BatchLoader loader(dataset, options);
    QCOMPARE(loader.batchesPerEpoch(), std::size_t{2});
    std::size_t total = 0;
    while (auto batch = loader.next()) {
        QCOMPARE(batch->size(), std::size_t{10});
        total += batch->size();
    }
    QCOMPARE(total, std::size_t{20});
}

void TestBatchLoader::anUnreadableImageSurfacesFromTheWorkerWithItsName() {
    QTemporaryDir dir;
    fixtures::writeImageFolder(dir.filePath("train").toStdString(), {"a", "b"}, 4, 6, 6, false);
    fixtures::writeImageFolder(dir.filePath("val").toStdString(), {"a", "b"}, 1, 6, 6, false);
    const std::string bad = dir.filePath("train/b/img2.png").toStdString();
    fixtures::truncateFile(bad, 50);
    ImageFolderOptions folder;
    folder.root = dir.path().toStdString();
    const auto splits = loadImageFolder(folder);
    LoaderOptions options;
    options.batchSize = 3;
    options.workers = 2;
    BatchLoader loader(splits.train, options);
    try {
        while (loader.next()) {
        }
        QFAIL("the truncated PNG went unnoticed");
    } catch (const Error& error) {
        QVERIFY2(QString(error.what()).contains(QString::fromStdString(bad)), error.what());
    }
}

void TestBatchLoader::restartingAnEpochMidwayStartsCleanly() {
    auto dataset = syntheticTrain(50);
    LoaderOptions options;
    options.batchSize = 5;
    options.prefetch = 6;
    BatchLoader loader(dataset, options);
    loader.startEpoch(4);
    QVERIFY(loader.next().has_value());
    QVERIFY(loader.next().has_value());
    const auto full = epochIndices(loader, 4);
    QCOMPARE(full.size(), std::size_t{10});
    BatchLoader fresh(dataset, options);
    QCOMPARE(epochIndices(fresh, 4), full);
}

QTEST_GUILESS_MAIN(TestBatchLoader)
#include "test_batch_loader.moc"
