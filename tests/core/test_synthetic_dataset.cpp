// The synthetic data set: repeatable from its seed, balanced, and separable by class.
#include "data/synthetic_dataset.h"
#include "error.h"

#include <QtTest/QtTest>

#include <cmath>

using namespace noisynn;

class TestSyntheticDataset : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theSameSeedGivesTheSameImagesAndAnotherSeedDoesNot();
    void classesAreBalancedAndShapedAsAsked();
    void aNearestCentroidClassifierSeparatesTheClasses();
    void refusesImpossibleOptionsNamingTheKey();
};

void TestSyntheticDataset::theSameSeedGivesTheSameImagesAndAnotherSeedDoesNot() {
    SyntheticOptions options;
    options.trainSize = 40;
    options.testSize = 10;
    options.seed = 3;
    const auto first = makeSyntheticDataset(options);
    const auto again = makeSyntheticDataset(options);
    options.seed = 4;
    const auto other = makeSyntheticDataset(options);
    QCOMPARE(first.train->image(17).pixels, again.train->image(17).pixels);
    QVERIFY(first.train->image(17).pixels != other.train->image(17).pixels);
    QVERIFY(first.train->image(0).pixels != first.test->image(0).pixels);
}

void TestSyntheticDataset::classesAreBalancedAndShapedAsAsked() {
    SyntheticOptions options;
    options.classes = 4;
    options.trainSize = 100;
    options.testSize = 20;
    options.shape = {16, 20, 3};
    const auto splits = makeSyntheticDataset(options);
    QVERIFY(splits.train->imageShape() == (ImageShape{16, 20, 3}));
    QCOMPARE(classCounts(*splits.train), (std::vector<std::size_t>{25, 25, 25, 25}));
    QCOMPARE(splits.train->image(3).pixels.size(), std::size_t{16 * 20 * 3});
}

void TestSyntheticDataset::aNearestCentroidClassifierSeparatesTheClasses() {
    // Gratings with a random phase average out to grey, so pixel centroids cannot tell classes
    // apart; the mean absolute differences along four directions follow the grating's
    // orientation and frequency and do.
    SyntheticOptions options;
    options.classes = 4;
    options.trainSize = 400;
    options.testSize = 200;
    const auto splits = makeSyntheticDataset(options);
    auto features = [](const Image& image) {
        const int h = image.shape.height, w = image.shape.width;
        double gx = 0, gy = 0, gd = 0, ga = 0;
        for (int y = 1; y < h; ++y) {
            for (int x = 1; x < w - 1; ++x) {
                const double v = image.pixels[y * w + x];
                gx += std::abs(v - image.pixels[y * w + x - 1]);
                gy += std::abs(v - image.pixels[(y - 1) * w + x]);
                gd += std::abs(v - image.pixels[(y - 1) * w + x - 1]);
                ga += std::abs(v - image.pixels[(y - 1) * w + x + 1]);
            }
        }
        return std::vector<double>{gx, gy, gd, ga};
    };
    std::vector<std::vector<double>> centroids(4, std::vector<double>(4, 0.0));
    std::vector<int> counts(4, 0);
    for (std::size_t i = 0; i < splits.train->size(); ++i) {
        const auto f = features(splits.train->image(i));
        const int label = splits.train->label(i);
        for (int d = 0; d < 4; ++d)
            centroids[label][d] += f[d];
        ++counts[label];
    }
    for (int k = 0; k < 4; ++k)
        for (double& value : centroids[k])
            value /= counts[k];
    int correct = 0;
    for (std::size_t i = 0; i < splits.test->size(); ++i) {
        const auto f = features(splits.test->image(i));
        int best = 0;
        double bestDistance = 1e300;
        for (int k = 0; k < 4; ++k) {
            double distance = 0;
            for (int d = 0; d < 4; ++d)
                distance += (f[d] - centroids[k][d]) * (f[d] - centroids[k][d]);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = k;
            }
        }
        correct += best == splits.test->label(i);
    }
    const double accuracy = double(correct) / splits.test->size();
    QVERIFY2(accuracy > 0.9, qPrintable(QString("accuracy %1").arg(accuracy)));
}

void TestSyntheticDataset::refusesImpossibleOptionsNamingTheKey() {
    SyntheticOptions options;
    options.classes = 1;
    try {
        makeSyntheticDataset(options);
        QFAIL("one class was accepted");
    } catch (const Error& error) {
        QVERIFY(QString(error.what()).contains("data.synthetic.classes"));
    }
}

QTEST_GUILESS_MAIN(TestSyntheticDataset)
#include "test_synthetic_dataset.moc"
