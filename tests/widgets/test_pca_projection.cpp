// The 2-D PCA behind the embedding scatter: its axes, variances, paths, sign rule and bad input.
#include <pca_projection.h>

#include <QtTest/QtTest>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

using namespace noisynn;

namespace {

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double sum = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sum += a[i] * b[i];
    }
    return sum;
}

std::vector<double> unit(std::vector<double> v) {
    const double norm = std::sqrt(dot(v, v));
    for (auto& value : v) {
        value /= norm;
    }
    return v;
}

double distance(const std::vector<double>& a, const std::vector<double>& b) {
    double sum = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sum += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return std::sqrt(sum);
}

// A standard normal from the raw engine output: std::normal_distribution differs between
// standard libraries, which would make the seeded data (and a failure) unreproducible elsewhere.
double gaussian(std::mt19937& generator) {
    const double u1 = (static_cast<double>(generator()) + 1.0) / 4294967297.0;
    const double u2 = static_cast<double>(generator()) / 4294967296.0;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

// rows x dimension, anisotropic: standard deviations `scales` along the coordinate axes after a
// fixed rotation, so the principal axes are not simply coordinate axes.
std::vector<float> anisotropicRows(std::size_t rows, std::size_t dimension,
                                   const std::vector<double>& scales, unsigned seed) {
    std::mt19937 generator(seed);
    std::vector<float> data(rows * dimension);
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t d = 0; d < dimension; ++d) {
            const double scale = d < scales.size() ? scales[d] : 0.1;
            data[r * dimension + d] = static_cast<float>(scale * gaussian(generator) + 0.5 * d);
        }
    }
    return data;
}

bool allFinite(const std::vector<PcaPoint>& points) {
    for (const auto& point : points) {
        if (!std::isfinite(point.x) || !std::isfinite(point.y)) {
            return false;
        }
    }
    return true;
}

}  // namespace

class TestPcaProjection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pointsOnALineProjectOntoTheFirstAxisWithAllTheVariance();
    void topAxisOfAnAnisotropicCloudMatchesItsKnownDirection();
    void stackingBeforeAndAfterFitsOneSetOfAxesForBoth();
    void gramPathGivesTheSameAxesAndProjectionsAsTheCovariancePath();
    void automaticPicksGramOnlyWhenRowsAreFewerThanDimensions();
    void constantDataProjectsToZerosWithoutNaN();
    void zeroRowsGiveZeroAxesOfTheRightDimension();
    void oneDimensionalDataHasNoSecondAxis();
    void signRuleMakesTheLargestComponentPositive();
    void signRuleKeepsTheOrientationAcrossRefits();
    void nonFiniteInputIsRejectedNamingBlockRowAndColumn();
    void mismatchedColumnsAreRejected();
};

void TestPcaProjection::pointsOnALineProjectOntoTheFirstAxisWithAllTheVariance() {
    const std::vector<double> direction = unit({1.0, 2.0, -1.0, 0.5, 3.0});
    const std::vector<double> offset = {4.0, -2.0, 1.0, 0.0, 7.0};
    const std::vector<double> steps = {-3.0, -1.0, 0.0, 0.5, 2.0, 4.5};
    std::vector<float> data;
    for (double t : steps) {
        for (std::size_t d = 0; d < 5; ++d) {
            data.push_back(static_cast<float>(offset[d] + t * direction[d]));
        }
    }
    const FloatMatrixView view{data.data(), steps.size(), 5};
    const PcaProjection pca = fitPca2({view});
    QVERIFY(pca.explainedFraction1() > 1.0 - 1e-6);
    QVERIFY(pca.explainedFraction2() < 1e-6);
    // Largest component (3) is positive, so the axis is +direction.
    QVERIFY2(distance(pca.axis1, direction) < 1e-5, "PC1 is not the line's direction");

    double meanStep = 0.0;
    for (double t : steps) {
        meanStep += t / static_cast<double>(steps.size());
    }
    const std::vector<PcaPoint> points = projectPca2(pca, view);
    QCOMPARE(points.size(), steps.size());
    for (std::size_t i = 0; i < steps.size(); ++i) {
        QVERIFY(std::abs(points[i].x - (steps[i] - meanStep)) < 1e-5);
        QVERIFY(std::abs(points[i].y) < 1e-5);
    }
}

void TestPcaProjection::topAxisOfAnAnisotropicCloudMatchesItsKnownDirection() {
    // Standard deviation 20 along u1, 1 along u2, 0.3 elsewhere: with 20000 samples the sampling
    // error of PC1 is about 4e-4, well inside the tolerance.
    constexpr std::size_t dimension = 8;
    constexpr std::size_t rows = 20000;
    const std::vector<double> u1 = unit({1.0, -2.0, 0.5, 3.0, 0.0, 1.0, -1.0, 0.25});
    std::vector<double> u2 = {0.0, 1.0, 1.0, 0.0, 2.0, 0.0, 1.0, 0.0};
    const double along = dot(u2, u1);
    for (std::size_t d = 0; d < dimension; ++d) {
        u2[d] -= along * u1[d];
    }
    u2 = unit(u2);
    std::mt19937 generator(12345u);
    std::vector<float> data(rows * dimension);
    for (std::size_t r = 0; r < rows; ++r) {
        const double a = 20.0 * gaussian(generator);
        const double b = 1.0 * gaussian(generator);
        for (std::size_t d = 0; d < dimension; ++d) {
            data[r * dimension + d] =
                static_cast<float>(a * u1[d] + b * u2[d] + 0.3 * gaussian(generator) + 1.0);
        }
    }
    const PcaProjection pca = fitPca2({{data.data(), rows, dimension}});
    QCOMPARE(pca.method, PcaMethod::Covariance);
    QVERIFY(pca.converged);
    QVERIFY2(distance(pca.axis1, u1) < 1e-3, "PC1 is not the direction of largest spread");
    QVERIFY2(std::abs(std::abs(dot(pca.axis2, u2)) - 1.0) < 1e-2,
             "PC2 is not the second direction");
    QVERIFY(std::abs(dot(pca.axis1, pca.axis2)) < 1e-10);
    QVERIFY(std::abs(pca.variance1 / 400.0 - 1.0) < 0.05);
    QVERIFY(std::abs(pca.variance2 / (1.0 + 0.09) - 1.0) < 0.1);
    QVERIFY(pca.explainedFraction1() > 0.95);
}

void TestPcaProjection::stackingBeforeAndAfterFitsOneSetOfAxesForBoth() {
    constexpr std::size_t rows = 40, dimension = 6;
    const std::vector<float> before = anisotropicRows(rows, dimension, {5.0, 2.0, 1.0}, 7u);
    std::vector<float> after = before;
    std::mt19937 generator(8u);
    for (auto& value : after) {
        value += static_cast<float>(0.8 * gaussian(generator));
    }
    std::vector<float> stacked = before;
    stacked.insert(stacked.end(), after.begin(), after.end());

    const FloatMatrixView beforeView{before.data(), rows, dimension};
    const FloatMatrixView afterView{after.data(), rows, dimension};
    const PcaProjection pca = fitPca2({beforeView, afterView});
    const PcaProjection single = fitPca2({{stacked.data(), 2 * rows, dimension}});
    QCOMPARE(pca.fittedRows, 2 * rows);
    QVERIFY(distance(pca.axis1, single.axis1) < 1e-9);
    QVERIFY(distance(pca.axis2, single.axis2) < 1e-9);
    QVERIFY(distance(pca.mean, single.mean) < 1e-9);

    const std::vector<PcaPoint> all = projectPca2(single, {stacked.data(), 2 * rows, dimension});
    const std::vector<PcaPoint> beforePoints = projectPca2(pca, beforeView);
    const std::vector<PcaPoint> afterPoints = projectPca2(pca, afterView);
    for (std::size_t r = 0; r < rows; ++r) {
        QVERIFY(std::abs(beforePoints[r].x - all[r].x) < 1e-9);
        QVERIFY(std::abs(beforePoints[r].y - all[r].y) < 1e-9);
        QVERIFY(std::abs(afterPoints[r].x - all[rows + r].x) < 1e-9);
        QVERIFY(std::abs(afterPoints[r].y - all[rows + r].y) < 1e-9);
    }
}

void TestPcaProjection::gramPathGivesTheSameAxesAndProjectionsAsTheCovariancePath() {
    constexpr std::size_t rows = 12, dimension = 30;
    const std::vector<float> data = anisotropicRows(rows, dimension, {9.0, 4.0, 1.0, 0.5}, 99u);
    const FloatMatrixView view{data.data(), rows, dimension};
    const PcaProjection covariance = fitPca2({view}, PcaMethod::Covariance);
    const PcaProjection gram = fitPca2({view}, PcaMethod::Gram);
    QCOMPARE(covariance.method, PcaMethod::Covariance);
    QCOMPARE(gram.method, PcaMethod::Gram);
    QVERIFY(covariance.converged && gram.converged);
    QVERIFY(distance(covariance.axis1, gram.axis1) < 1e-8);
    QVERIFY(distance(covariance.axis2, gram.axis2) < 1e-8);
    QVERIFY(std::abs(covariance.variance1 - gram.variance1) < 1e-9 * covariance.variance1);
    QVERIFY(std::abs(covariance.variance2 - gram.variance2) < 1e-9 * covariance.variance1);
    QVERIFY(std::abs(covariance.totalVariance - gram.totalVariance) < 1e-12 * gram.totalVariance);
    const std::vector<PcaPoint> a = projectPca2(covariance, view);
    const std::vector<PcaPoint> b = projectPca2(gram, view);
    for (std::size_t r = 0; r < rows; ++r) {
        QVERIFY(std::abs(a[r].x - b[r].x) < 1e-7);
        QVERIFY(std::abs(a[r].y - b[r].y) < 1e-7);
    }
}

void TestPcaProjection::automaticPicksGramOnlyWhenRowsAreFewerThanDimensions() {
    const std::vector<float> wide = anisotropicRows(5, 9, {3.0, 1.0}, 1u);
    const std::vector<float> tall = anisotropicRows(9, 5, {3.0, 1.0}, 2u);
    QCOMPARE(fitPca2({{wide.data(), 5, 9}}).method, PcaMethod::Gram);
    QCOMPARE(fitPca2({{tall.data(), 9, 5}}).method, PcaMethod::Covariance);
}

void TestPcaProjection::constantDataProjectsToZerosWithoutNaN() {
    const std::vector<float> data(7 * 4, 2.5f);
    const FloatMatrixView view{data.data(), 7, 4};
    for (PcaMethod method : {PcaMethod::Covariance, PcaMethod::Gram}) {
        const PcaProjection pca = fitPca2({view, view}, method);
        QCOMPARE(pca.totalVariance, 0.0);
        QCOMPARE(pca.explainedFraction1(), 0.0);
        QCOMPARE(pca.explainedFraction2(), 0.0);
        QCOMPARE(pca.mean, std::vector<double>(4, 2.5));
        const std::vector<PcaPoint> points = projectPca2(pca, view);
        QCOMPARE(points.size(), std::size_t(7));
        for (const auto& point : points) {
            QCOMPARE(point.x, 0.0);
            QCOMPARE(point.y, 0.0);
        }
    }
}

void TestPcaProjection::zeroRowsGiveZeroAxesOfTheRightDimension() {
    const PcaProjection pca = fitPca2({{nullptr, 0, 5}, {nullptr, 0, 5}});
    QCOMPARE(pca.dimension, std::size_t(5));
    QCOMPARE(pca.fittedRows, std::size_t(0));
    QCOMPARE(pca.axis1, std::vector<double>(5, 0.0));
    QCOMPARE(pca.axis2, std::vector<double>(5, 0.0));
    QVERIFY(projectPca2(pca, {nullptr, 0, 5}).empty());
    const std::vector<float> row = {1, 2, 3, 4, 5};
    const std::vector<PcaPoint> points = projectPca2(pca, {row.data(), 1, 5});
    QVERIFY(allFinite(points));
    QCOMPARE(points.front().x, 0.0);
    QCOMPARE(fitPca2({}).dimension, std::size_t(0));
}

void TestPcaProjection::oneDimensionalDataHasNoSecondAxis() {
    const std::vector<float> data = {1.0f, -2.0f, 4.0f, 0.5f};
    const FloatMatrixView view{data.data(), 4, 1};
    const PcaProjection pca = fitPca2({view});
    QCOMPARE(pca.axis1, std::vector<double>{1.0});
    QCOMPARE(pca.axis2, std::vector<double>{0.0});
    QVERIFY(std::abs(pca.explainedFraction1() - 1.0) < 1e-12);
    QCOMPARE(pca.explainedFraction2(), 0.0);
    const std::vector<PcaPoint> points = projectPca2(pca, view);
    QVERIFY(std::abs(points[2].x - (4.0 - 0.875)) < 1e-12);
    QCOMPARE(points[2].y, 0.0);
}

void TestPcaProjection::signRuleMakesTheLargestComponentPositive() {
    // The line's direction has its largest component negative: the axis must be its opposite.
    const std::vector<double> direction = unit({0.2, -0.9, 0.3});
    std::vector<float> data;
    for (double t : {-2.0, 0.0, 1.0, 3.0}) {
        for (double component : direction) {
            data.push_back(static_cast<float>(t * component));
        }
    }
    for (PcaMethod method : {PcaMethod::Covariance, PcaMethod::Gram}) {
        const PcaProjection pca = fitPca2({{data.data(), 4, 3}}, method);
        QVERIFY(pca.axis1[1] > 0.0);
        QVERIFY(distance(pca.axis1, {-direction[0], -direction[1], -direction[2]}) < 1e-5);
    }
    const std::vector<float> cloud = anisotropicRows(50, 6, {4.0, 2.0, 1.0}, 5u);
    const PcaProjection pca = fitPca2({{cloud.data(), 50, 6}});
    for (const auto* axis : {&pca.axis1, &pca.axis2}) {
        const auto largest = std::max_element(axis->begin(), axis->end(), [](double a, double b) {
            return std::abs(a) < std::abs(b);
        });
        QVERIFY(*largest > 0.0);
    }
}

void TestPcaProjection::signRuleKeepsTheOrientationAcrossRefits() {
    // Next epoch's features: the same cloud in another row order, slightly perturbed, and
    // mirrored through its mean. The plot must not flip.
    constexpr std::size_t rows = 80, dimension = 10;
    const std::vector<float> epoch1 = anisotropicRows(rows, dimension, {6.0, 3.0, 1.0}, 11u);
    std::vector<float> epoch2(epoch1.size());
    std::mt19937 generator(12u);
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t d = 0; d < dimension; ++d) {
            epoch2[(rows - 1 - r) * dimension + d] =
                epoch1[r * dimension + d] + static_cast<float>(0.01 * gaussian(generator));
        }
    }
    std::vector<float> mirrored(epoch1.size());
    for (std::size_t i = 0; i < epoch1.size(); ++i) {
        mirrored[i] = -epoch1[i];
    }
    const PcaProjection first = fitPca2({{epoch1.data(), rows, dimension}});
    const PcaProjection second = fitPca2({{epoch2.data(), rows, dimension}}, PcaMethod::Gram);
    const PcaProjection third = fitPca2({{mirrored.data(), rows, dimension}});
    for (const PcaProjection* refit : {&second, &third}) {
        QVERIFY(dot(first.axis1, refit->axis1) > 0.999);
        QVERIFY(dot(first.axis2, refit->axis2) > 0.99);
    }
}

void TestPcaProjection::nonFiniteInputIsRejectedNamingBlockRowAndColumn() {
    std::vector<float> good(4 * 5, 1.0f);
    good[3] = 2.0f;
    std::vector<float> bad = good;
    bad[2 * 5 + 3] = std::nanf("");
    try {
        fitPca2({{good.data(), 4, 5}, {bad.data(), 4, 5}});
        QFAIL("NaN input was accepted");
    } catch (const std::invalid_argument& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains("block 1, row 2, column 3") && message.contains("NaN"),
                 qPrintable(message));
    }
    bad[2 * 5 + 3] = INFINITY;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, fitPca2({{bad.data(), 4, 5}}));
    const PcaProjection pca = fitPca2({{good.data(), 4, 5}});
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, projectPca2(pca, {bad.data(), 4, 5}));
}

void TestPcaProjection::mismatchedColumnsAreRejected() {
    const std::vector<float> data(12, 1.0f);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                             fitPca2({{data.data(), 3, 4}, {data.data(), 2, 6}}));
    const PcaProjection pca = fitPca2({{data.data(), 3, 4}});
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, projectPca2(pca, {data.data(), 2, 6}));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, fitPca2({{nullptr, 3, 4}}));
}

QTEST_MAIN(TestPcaProjection)
#include "test_pca_projection.moc"
