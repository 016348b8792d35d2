// The Gaussian task-entropy estimator on synthetic Gaussian classes: it agrees with the definition
// computed directly from the joint sample covariance, ignores a constant shift, is unchanged by an
// invertible linear map, reduces the dimension when samples are few, refuses bad input by name,
// and shows what batch-mixing noise does over class-sorted and shuffled batches.
#include "entropy/task_entropy.h"
#include "noise/latent_noise.h"
#include "noise/noise_spec.h"
#include "support/error_of.h"

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <cmath>
#include <numeric>
#include <random>

using namespace noisynn;
using noisynn::testing::errorOf;

namespace {

struct Classes {
    std::size_t rows = 0;
    std::size_t dimension = 0;
    std::vector<double> features;
    std::vector<std::int64_t> labels;
};

// n samples of K Gaussian classes in D dimensions with a shared, correlated covariance, labels
// sorted by class (samples n / K a class).
Classes gaussianClasses(std::size_t n, std::size_t k, std::size_t d, double separation,
                        std::uint64_t seed) {
    std::mt19937_64 generator(seed);
    std::normal_distribution<double> normal;
    std::vector<double> means(k * d), mixing(d * d);
    for (auto& m : means)
        m = separation * normal(generator);
    for (std::size_t i = 0; i < d; ++i)
        for (std::size_t j = 0; j < d; ++j)
            mixing[i * d + j] = (i == j ? 1.0 : 0.0) + 0.3 * normal(generator);
    Classes classes{n, d, std::vector<double>(n * d), std::vector<std::int64_t>(n)};
    std::vector<double> noise(d);
    for (std::size_t s = 0; s < n; ++s) {
        const std::size_t label = s * k / n;
        classes.labels[s] = static_cast<std::int64_t>(label);
        for (auto& e : noise)
            e = normal(generator);
        for (std::size_t i = 0; i < d; ++i) {
            double value = means[label * d + i];
            for (std::size_t j = 0; j < d; ++j)
                value += mixing[i * d + j] * noise[j];
            classes.features[s * d + i] = value;
        }
    }
    return classes;
}

// log det of a symmetric positive definite matrix by Gaussian elimination in long double: an
// independent route to the same number.
long double logDeterminant(std::vector<long double> a, std::size_t size) {
    long double sum = 0;
    for (std::size_t c = 0; c < size; ++c) {
        std::size_t pivot = c;
        for (std::size_t r = c + 1; r < size; ++r)
            if (std::fabs(a[r * size + c]) > std::fabs(a[pivot * size + c]))
                pivot = r;
        if (pivot != c)
            for (std::size_t j = 0; j < size; ++j)
                std::swap(a[c * size + j], a[pivot * size + j]);
        sum += std::log(std::fabs(a[c * size + c]));
        for (std::size_t r = c + 1; r < size; ++r) {
            const long double factor = a[r * size + c] / a[c * size + c];
            for (std::size_t j = c; j < size; ++j)
                a[r * size + j] -= factor * a[c * size + j];
        }
    }
    return sum;
}

// The definition: H = 1/2 log det(2 pi e Sigma) of [Y Z] and of Z, Y one-hot without its last
// column, Sigma the sample covariance (n - 1).
struct Definition {
    double hZ, hYZ, task;
};
Definition fromDefinition(const Classes& c, std::size_t k) {
    const std::size_t width = k - 1 + c.dimension;
    std::vector<long double> columns(c.rows * width, 0.0L), mean(width, 0.0L);
    for (std::size_t s = 0; s < c.rows; ++s) {
        if (static_cast<std::size_t>(c.labels[s]) < k - 1)
            columns[s * width + c.labels[s]] = 1.0L;
        for (std::size_t i = 0; i < c.dimension; ++i)
            columns[s * width + k - 1 + i] = c.features[s * c.dimension + i];
        for (std::size_t j = 0; j < width; ++j)
            mean[j] += columns[s * width + j] / c.rows;
    }
    std::vector<long double> joint(width * width, 0.0L);
    for (std::size_t s = 0; s < c.rows; ++s)
        for (std::size_t i = 0; i < width; ++i)
            for (std::size_t j = 0; j <= i; ++j)
                joint[i * width + j] +=
                    (columns[s * width + i] - mean[i]) * (columns[s * width + j] - mean[j]);
    for (std::size_t i = 0; i < width; ++i)
        for (std::size_t j = 0; j <= i; ++j)
            joint[j * width + i] = joint[i * width + j] /= (c.rows - 1);
    std::vector<long double> zz(c.dimension * c.dimension);
    for (std::size_t i = 0; i < c.dimension; ++i)
        for (std::size_t j = 0; j < c.dimension; ++j)
            zz[i * c.dimension + j] = joint[(k - 1 + i) * width + k - 1 + j];
    const long double log2pie = std::log(2.0L * M_PI * M_E);
    const double hYZ = 0.5 * double(width * log2pie + logDeterminant(joint, width));
    const double hZ = 0.5 * double(c.dimension * log2pie + logDeterminant(zz, c.dimension));
    return {hZ, hYZ, hYZ - hZ};
}

bool within(double actual, double expected, double relative) {
    return std::fabs(actual - expected) <= relative * std::fabs(expected);
}

// Linear-optimal noise over consecutive batches of `batch` rows, through the workbench's own
// noise function.
std::vector<double> mixedInBatches(const Classes& c, std::size_t batch) {
    NoiseSpec noise;
    noise.kind = NoiseKind::LinearOptimal;
    const auto z = torch::tensor(c.features, torch::kFloat64)
                       .reshape({static_cast<int64_t>(c.rows), static_cast<int64_t>(c.dimension)});
    std::vector<torch::Tensor> parts;
    for (int64_t start = 0; start < z.size(0); start += static_cast<int64_t>(batch))
        parts.push_back(applyLatentNoise(z.slice(0, start, start + batch), noise));
    const auto mixed = torch::cat(parts).contiguous();
    return {mixed.data_ptr<double>(), mixed.data_ptr<double>() + mixed.numel()};
}

}  // namespace

class TestTaskEntropy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theEstimateAgreesWithTheDefinitionWithinOnePercent_data();
    void theEstimateAgreesWithTheDefinitionWithinOnePercent();
    void aConstantAddedToEveryFeatureChangesNothing();
    void anInvertibleLinearMapLeavesTheTaskEntropyUnchanged();
    void fewSamplesReduceTheDimensionAndDeadUnitsAreDropped();
    void wideAndHugeFeaturesGiveTheSameEstimate();
    void badInputIsRefusedNamingWhatWasFound();
    void batchMixingLowersTheEstimateOverClassSortedBatchesButNotShuffledOnes();
};

void TestTaskEntropy::theEstimateAgreesWithTheDefinitionWithinOnePercent_data() {
    QTest::addColumn<int>("classes");
    QTest::addColumn<int>("dimension");
    QTest::addColumn<double>("separation");
    QTest::newRow("10 classes, 64 dimensions") << 10 << 64 << 0.5;
    QTest::newRow("4 classes, 16 dimensions, well apart") << 4 << 16 << 2.0;
    QTest::newRow("2 classes, 1 dimension") << 2 << 1 << 1.0;
}

void TestTaskEntropy::theEstimateAgreesWithTheDefinitionWithinOnePercent() {
    QFETCH(int, classes);
    QFETCH(int, dimension);
    QFETCH(double, separation);
    const Classes c = gaussianClasses(20000, classes, dimension, separation, 11);
    const TaskEntropy estimate = estimateTaskEntropy(c.features, c.rows, c.dimension, c.labels);
    const Definition definition = fromDefinition(c, classes);
    QCOMPARE(estimate.samples, std::size_t{20000});
    QCOMPARE(estimate.classes, std::size_t(classes));
    QCOMPARE(estimate.dimensionUsed, std::size_t(dimension));  // 20000 samples need no reduction
    QVERIFY2(within(estimate.taskEntropy, definition.task, 0.01),
             qPrintable(QString("%1 vs %2").arg(estimate.taskEntropy).arg(definition.task)));
    QVERIFY(within(estimate.hZ, definition.hZ, 0.01));
    QVERIFY(within(estimate.hYZ, definition.hYZ, 0.01));
    QVERIFY(std::fabs(estimate.hYZ - estimate.hZ - estimate.taskEntropy) < 1e-9);
    QVERIFY(estimate.withinClassSpread > 0);
}

void TestTaskEntropy::aConstantAddedToEveryFeatureChangesNothing() {
    Classes c = gaussianClasses(5000, 5, 12, 1.0, 3);
    const TaskEntropy plain = estimateTaskEntropy(c.features, c.rows, c.dimension, c.labels);
    for (auto& value : c.features)
        value += 1000.0;
    const TaskEntropy shifted = estimateTaskEntropy(c.features, c.rows, c.dimension, c.labels);
    QVERIFY(within(shifted.taskEntropy, plain.taskEntropy, 1e-6));
    QVERIFY(within(shifted.hZ, plain.hZ, 1e-6));
    QVERIFY(within(shifted.withinClassSpread, plain.withinClassSpread, 1e-6));
}

void TestTaskEntropy::anInvertibleLinearMapLeavesTheTaskEntropyUnchanged() {
    const Classes c = gaussianClasses(5000, 6, 20, 1.0, 4);
    torch::manual_seed(9);
    const auto map =
        torch::eye(20, torch::kFloat64) + 0.4 * torch::randn({20, 20}, torch::kFloat64);
    const auto z = torch::tensor(c.features, torch::kFloat64).reshape({5000, 20});
    const auto mapped = z.mm(map).contiguous();
    const std::vector<double> values(mapped.data_ptr<double>(),
                                     mapped.data_ptr<double>() + mapped.numel());
    const TaskEntropy before = estimateTaskEntropy(c.features, c.rows, c.dimension, c.labels);
    const TaskEntropy after = estimateTaskEntropy(values, c.rows, c.dimension, c.labels);
    QVERIFY2(within(after.taskEntropy, before.taskEntropy, 1e-6),
             qPrintable(QString("%1 vs %2").arg(after.taskEntropy).arg(before.taskEntropy)));
    // H(Z) itself moves by log |det M|, as a differential entropy must.
    const double logDet = std::get<1>(torch::linalg::slogdet(map)).item<double>();
    QVERIFY(std::fabs(after.hZ - before.hZ - logDet) < 1e-6 * std::fabs(before.hZ));
}

void TestTaskEntropy::fewSamplesReduceTheDimensionAndDeadUnitsAreDropped() {
    // 300 samples, 64 dimensions, 5 classes: 10 (d + 4) <= 300 keeps d = 26.
    const Classes c = gaussianClasses(300, 5, 64, 1.0, 5);
    const TaskEntropy reduced = estimateTaskEntropy(c.features, c.rows, c.dimension, c.labels);
    QCOMPARE(reduced.dimension, std::size_t{64});
    QCOMPARE(reduced.dimensionUsed, std::size_t{26});
    QVERIFY(std::isfinite(reduced.taskEntropy));

    // Three of eight features are always zero (dead ReLU units): they carry nothing and drop out.
    Classes dead = gaussianClasses(4000, 3, 8, 1.0, 6);
    for (std::size_t s = 0; s < dead.rows; ++s)
        for (std::size_t i : {1, 4, 7})
            dead.features[s * 8 + i] = 0.0;
    const TaskEntropy alive = estimateTaskEntropy(dead.features, dead.rows, 8, dead.labels);
    QCOMPARE(alive.dimensionUsed, std::size_t{5});
    QVERIFY(std::isfinite(alive.taskEntropy) && std::isfinite(alive.hZ));
}

void TestTaskEntropy::wideAndHugeFeaturesGiveTheSameEstimate() {
    // 200 samples of 150 features, then the same with 100 zero columns: more columns than samples
    // takes the Gram-matrix route, which must agree.
    const Classes c = gaussianClasses(200, 3, 150, 1.0, 13);
    const TaskEntropy narrow = estimateTaskEntropy(c.features, c.rows, c.dimension, c.labels);
    std::vector<double> padded;
    for (std::size_t s = 0; s < c.rows; ++s) {
        padded.insert(padded.end(), c.features.begin() + s * 150, c.features.begin() + s * 150 + 150);
        padded.insert(padded.end(), 100, 0.0);
    }
    const TaskEntropy wide = estimateTaskEntropy(padded, c.rows, 250, c.labels);
    QCOMPARE(narrow.dimensionUsed, std::size_t{18});  // 10 (18 + 2) = 200
    QCOMPARE(wide.dimensionUsed, std::size_t{18});
    QVERIFY2(within(wide.taskEntropy, narrow.taskEntropy, 1e-6),
             qPrintable(QString("%1 vs %2").arg(wide.taskEntropy).arg(narrow.taskEntropy)));
    QVERIFY(within(wide.hZ, narrow.hZ, 1e-6));

    // Values near 1e200 would overflow a covariance taken as they are.
    std::vector<double> huge = c.features;
    for (auto& value : huge)
        value *= 1e200;
    const TaskEntropy scaled = estimateTaskEntropy(huge, c.rows, c.dimension, c.labels);
    QVERIFY(within(scaled.taskEntropy, narrow.taskEntropy, 1e-6));
    QVERIFY(within(scaled.hZ - narrow.hZ, 18 * std::log(1e200), 1e-6));
}

void TestTaskEntropy::badInputIsRefusedNamingWhatWasFound() {
    const Classes c = gaussianClasses(100, 4, 3, 1.0, 7);
    auto labels = c.labels;
    labels.pop_back();
    QVERIFY(errorOf([&] {
                estimateTaskEntropy(c.features, 100, 3, labels);
            }).contains("100 feature rows but 99 labels"));
    auto features = c.features;
    features[3 * 41 + 2] = std::nan("");
    QVERIFY(errorOf([&] {
                estimateTaskEntropy(features, 100, 3, c.labels);
            }).contains("feature row 41, column 2 is nan"));
    const std::vector<std::int64_t> five{0, 1, 2, 3, 3};
    QVERIFY(errorOf([&] {
                estimateTaskEntropy(
                    std::vector<double>(c.features.begin(), c.features.begin() + 15), 5, 3, five);
            }).contains("5 samples of 4 classes; expected at least classes + 2 = 6"));
    QVERIFY(errorOf([&] {
                estimateTaskEntropy(c.features, 100, 3, std::vector<std::int64_t>(100, 2));
            }).contains("expected at least 2"));
    QVERIFY(errorOf([&] {
                estimateTaskEntropy(std::vector<double>(300, 1.5), 100, 3, c.labels);
            }).contains("every feature is constant"));
}

void TestTaskEntropy::batchMixingLowersTheEstimateOverClassSortedBatchesButNotShuffledOnes() {
    // 2000 samples of 10 classes, sorted by class: batches of 10 never straddle two classes.
    const Classes sorted = gaussianClasses(2000, 10, 16, 0.5, 8);
    const TaskEntropy clean =
        estimateTaskEntropy(sorted.features, sorted.rows, sorted.dimension, sorted.labels);
    const TaskEntropy sortedMix = estimateTaskEntropy(mixedInBatches(sorted, 10), sorted.rows,
                                                      sorted.dimension, sorted.labels);

    Classes shuffled = sorted;
    std::vector<std::size_t> order(shuffled.rows);
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), std::mt19937_64(12));
    for (std::size_t s = 0; s < order.size(); ++s) {
        shuffled.labels[s] = sorted.labels[order[s]];
        for (std::size_t i = 0; i < 16; ++i)
            shuffled.features[s * 16 + i] = sorted.features[order[s] * 16 + i];
    }
    const TaskEntropy shuffledMix = estimateTaskEntropy(mixedInBatches(shuffled, 10), shuffled.rows,
                                                        shuffled.dimension, shuffled.labels);
    qInfo("task entropy: clean %.4f, mixed over class-sorted batches %.4f, over shuffled %.4f",
          clean.taskEntropy, sortedMix.taskEntropy, shuffledMix.taskEntropy);
    // Sorted: a sample is averaged with its own class, so the class shows more clearly.
    QVERIFY(sortedMix.taskEntropy < clean.taskEntropy - 1.0);
    // Shuffled: it is averaged with other classes, which blurs it.
    QVERIFY(shuffledMix.taskEntropy > clean.taskEntropy);
    QVERIFY(sortedMix.withinClassSpread < clean.withinClassSpread);
}

QTEST_GUILESS_MAIN(TestTaskEntropy)
#include "test_task_entropy.moc"
