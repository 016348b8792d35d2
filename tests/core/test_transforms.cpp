// Sample transforms: exact normalisation, seeded crop and flip, resize, and refused settings.
#include "data/transforms.h"
#include "error.h"

#include <QtTest/QtTest>

using namespace noisynn;

namespace {

// A 4x4 gray image whose pixel (y, x) is 10 * y + x + 1: no pixel is 0, the padding value.
Image ramp() {
    Image image{{4, 4, 1}, {}};
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x)
            image.pixels.push_back(static_cast<std::uint8_t>(10 * y + x + 1));
    return image;
}

std::vector<float> run(const SampleTransform& transform, const Image& image, std::uint64_t seed,
                       std::uint64_t epoch, std::uint64_t index) {
    std::vector<float> out(transform.outputShape().elementCount());
    transform.apply(image, seed, epoch, index, out.data());
    return out;
}

}  // namespace

class TestTransforms : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void normalisationScalesTo01ThenStandardisesPerChannel();
    void colourImagesComeOutChannelsFirst();
    void flipMirrorsRowsAndDependsOnlyOnSeedEpochAndIndex();
    void paddedCropShiftsTheImageAndFillsWithZeros();
    void resizeChangesTheOutputShape();
    void refusesMismatchedOrNonPositiveStatistics();
};

void TestTransforms::normalisationScalesTo01ThenStandardisesPerChannel() {
    TransformOptions options;
    options.mean = {0.5f};
    options.std = {0.25f};
    const SampleTransform transform(options, {4, 4, 1});
    const auto out = run(transform, ramp(), 0, 0, 0);
    QCOMPARE(out.size(), std::size_t{16});
    QVERIFY(std::abs(out[0] - (1.0f / 255.0f - 0.5f) / 0.25f) < 1e-5f);
    QVERIFY(std::abs(out[15] - (34.0f / 255.0f - 0.5f) / 0.25f) < 1e-5f);
}

void TestTransforms::colourImagesComeOutChannelsFirst() {
    Image image{{1, 2, 3}, {10, 20, 30, 40, 50, 60}};
    const SampleTransform transform({}, image.shape);
    const auto out = run(transform, image, 0, 0, 0);
    const std::vector<float> expected{10, 40, 20, 50, 30, 60};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QVERIFY(std::abs(out[i] - expected[i] / 255.0f) < 1e-6f);
    }
}

void TestTransforms::flipMirrorsRowsAndDependsOnlyOnSeedEpochAndIndex() {
    TransformOptions options;
    options.horizontalFlip = true;
    const SampleTransform transform(options, {4, 4, 1});
    int flipped = 0;
    for (std::uint64_t index = 0; index < 200; ++index) {
        const auto out = run(transform, ramp(), 5, 1, index);
        QCOMPARE(out, run(transform, ramp(), 5, 1, index));
        const bool mirrored = std::abs(out[0] - 4.0f / 255.0f) < 1e-6f;
        QVERIFY(mirrored || std::abs(out[0] - 1.0f / 255.0f) < 1e-6f);
        if (mirrored) {
            QVERIFY(std::abs(out[3] - 1.0f / 255.0f) < 1e-6f);  // row 0 reversed
            ++flipped;
        }
    }
    QVERIFY2(flipped > 70 && flipped < 130, qPrintable(QString::number(flipped)));
    int differ = 0;
    for (std::uint64_t index = 0; index < 50; ++index) {
        differ += run(transform, ramp(), 5, 1, index) != run(transform, ramp(), 5, 2, index);
    }
    QVERIFY(differ > 10);
}

void TestTransforms::paddedCropShiftsTheImageAndFillsWithZeros() {
    TransformOptions options;
    options.cropPadding = 2;
    const SampleTransform transform(options, {4, 4, 1});
    QVERIFY(transform.outputShape() == (ImageShape{4, 4, 1}));
    bool sawShift = false;
    for (std::uint64_t index = 0; index < 50; ++index) {
        const auto out = run(transform, ramp(), 0, 0, index);
        // Every pixel is padding (0) or the ramp pixel at one common offset (dy, dx).
        int dy = 0, dx = 0, padding = 0;
        bool offsetKnown = false;
        for (int y = 0; y < 4; ++y) {
            for (int x = 0; x < 4; ++x) {
                const int value = static_cast<int>(std::lround(out[y * 4 + x] * 255.0f));
                if (value == 0) {
                    ++padding;
                    continue;
                }
                const int sy = (value - 1) / 10, sx = (value - 1) % 10;
                if (!offsetKnown) {
                    dy = sy - y;
                    dx = sx - x;
                    offsetKnown = true;
                }
                QCOMPARE(sy - y, dy);
                QCOMPARE(sx - x, dx);
            }
        }
        QVERIFY(std::abs(dy) <= 2 && std::abs(dx) <= 2);
        // The padding is exactly what the offset pushes outside the image.
        QCOMPARE(padding, 16 - (4 - std::abs(dy)) * (4 - std::abs(dx)));
        sawShift = sawShift || dy != 0 || dx != 0;
    }
    QVERIFY(sawShift);
}

void TestTransforms::resizeChangesTheOutputShape() {
    TransformOptions options;
    options.resizeHeight = 8;
    options.resizeWidth = 6;
    const SampleTransform transform(options, {4, 4, 1});
    QVERIFY(transform.outputShape() == (ImageShape{8, 6, 1}));
    const auto out = run(transform, ramp(), 0, 0, 0);
    QCOMPARE(out.size(), std::size_t{48});
    QVERIFY(out.back() > out.front());
}

void TestTransforms::refusesMismatchedOrNonPositiveStatistics() {
    TransformOptions twoMeans;
    twoMeans.mean = {0.1f, 0.2f};
    twoMeans.std = {1.0f, 1.0f};
    QVERIFY_THROWS_EXCEPTION(Error, SampleTransform(twoMeans, {4, 4, 1}));
    TransformOptions zeroStd;
    zeroStd.mean = {0.1f};
    zeroStd.std = {0.0f};
    QVERIFY_THROWS_EXCEPTION(Error, SampleTransform(zeroStd, {4, 4, 1}));
    TransformOptions halfResize;
    halfResize.resizeHeight = 8;
    QVERIFY_THROWS_EXCEPTION(Error, SampleTransform(halfResize, {4, 4, 1}));
}

QTEST_GUILESS_MAIN(TestTransforms)
#include "test_transforms.moc"
