// Every noise kind against its formula on small hand-made tensors, the gradient rules, impulse
// frequencies, seeding, and the closed-form Delta S.
#include "error.h"
#include "noise/delta_s.h"
#include "noise/latent_noise.h"

#include <torch/torch.h>

#include <QtTest/QtTest>

#include <cmath>

using namespace noisynn;

namespace {

NoiseSpec spec(NoiseKind kind, double strength = 0.1) {
    NoiseSpec noise;
    noise.kind = kind;
    noise.strength = strength;
    return noise;
}

// A batch of B samples, each a 2x3 matrix, every value distinct.
torch::Tensor batchOf(int64_t b) {
    return torch::arange(b * 6, torch::kFloat64).reshape({b, 2, 3}) * 0.5 - 3.0;
}

bool near(const torch::Tensor& a, const torch::Tensor& b, double tolerance = 1e-12) {
    return a.sizes() == b.sizes() && (a - b).abs().max().item<double>() <= tolerance;
}

}  // namespace

class TestLatentNoise : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void linearOptimalAveragesEachSampleWithTheBatchSum_data();
    void linearOptimalAveragesEachSampleWithTheBatchSum();
    void linearShiftMixesInTheNextSampleCircularly_data();
    void linearShiftMixesInTheNextSampleCircularly();
    void linearShiftDetachesTheNeighbourUnlessAsked();
    void linearOptimalPassesGradientToEverySample();
    void batchMixingRefusesABatchOfOne();
    void gaussianAddsScaledShiftedNoiseRepeatablyFromTheSeed();
    void impulseSetsBatchExtremesAtTheRightFrequencies();
    void imageNoiseActsOnPixels();
    void deltaSMatchesTheDeterminantOfIPlusQ_data();
    void deltaSMatchesTheDeterminantOfIPlusQ();
};

void TestLatentNoise::linearOptimalAveragesEachSampleWithTheBatchSum_data() {
    QTest::addColumn<int>("batch");
    QTest::newRow("B=2") << 2;
    QTest::newRow("B=10") << 10;
}

void TestLatentNoise::linearOptimalAveragesEachSampleWithTheBatchSum() {
    QFETCH(int, batch);
    const auto z = batchOf(batch);
    const auto out = applyLatentNoise(z, spec(NoiseKind::LinearOptimal));
    for (int j = 0; j < batch; ++j) {
        auto expected = z[j].clone();
        for (int k = 0; k < batch; ++k)
            expected += z[k];
        QVERIFY(near(out[j], expected / (batch + 1)));
    }
    // The same as (I + Q) Z with Q = -B/(B+1) I + 1/(B+1) 11^T over the batch axis.
    const auto q = -double(batch) / (batch + 1) * torch::eye(batch, torch::kFloat64) +
                   torch::ones({batch, batch}, torch::kFloat64) / (batch + 1);
    const auto viaMatrix =
        torch::matmul(torch::eye(batch, torch::kFloat64) + q, z.reshape({batch, -1}));
    QVERIFY(near(out.reshape({batch, -1}), viaMatrix));
}

void TestLatentNoise::linearShiftMixesInTheNextSampleCircularly_data() {
    QTest::addColumn<int>("batch");
    QTest::addColumn<double>("strength");
    QTest::newRow("B=2, a=0.3") << 2 << 0.3;
    QTest::newRow("B=10, a=0.5") << 10 << 0.5;
    QTest::newRow("B=10, a=0") << 10 << 0.0;
}

void TestLatentNoise::linearShiftMixesInTheNextSampleCircularly() {
    QFETCH(int, batch);
    QFETCH(double, strength);
    const auto z = batchOf(batch);
    const auto out = applyLatentNoise(z, spec(NoiseKind::LinearShift, strength));
    for (int j = 0; j < batch; ++j) {
        QVERIFY(near(out[j], (1 - strength) * z[j] + strength * z[(j + 1) % batch]));
    }
}

void TestLatentNoise::linearShiftDetachesTheNeighbourUnlessAsked() {
    const double a = 0.3;
    // A loss weighting each sample differently tells which path the gradient took.
    const auto weights = torch::arange(1, 5, torch::kFloat64).reshape({4, 1, 1});
    for (bool keep : {false, true}) {
        auto z = batchOf(4).requires_grad_(true);
        auto noise = spec(NoiseKind::LinearShift, a);
        noise.shiftGradient = keep;
        (applyLatentNoise(z, noise) * weights).sum().backward();
        for (int j = 0; j < 4; ++j) {
            // d/dZ_j: (1 - a) w_j through itself, plus a w_{j-1} through its predecessor's mix.
            const double expected = (1 - a) * (j + 1) + (keep ? a * ((j + 3) % 4 + 1) : 0.0);
            QVERIFY2(std::abs(z.grad()[j][0][0].item<double>() - expected) < 1e-12,
                     qPrintable(QString("keep %1, sample %2").arg(keep).arg(j)));
        }
    }
}

void TestLatentNoise::linearOptimalPassesGradientToEverySample() {
    auto z = batchOf(3).requires_grad_(true);
    const auto weights = torch::tensor({1.0, 2.0, 4.0}, torch::kFloat64).reshape({3, 1, 1});
    (applyLatentNoise(z, spec(NoiseKind::LinearOptimal)) * weights).sum().backward();
    // d/dZ_j = (w_j + sum_k w_k) / (B + 1)
    for (int j = 0; j < 3; ++j) {
        const double expected = (weights[j].item<double>() + 7.0) / 4.0;
        QVERIFY(std::abs(z.grad()[j][1][2].item<double>() - expected) < 1e-12);
    }
}

void TestLatentNoise::batchMixingRefusesABatchOfOne() {
    for (auto kind : {NoiseKind::LinearOptimal, NoiseKind::LinearShift}) {
        try {
            applyLatentNoise(batchOf(1), spec(kind));
            QFAIL("a batch of one was mixed");
        } catch (const Error& error) {
            QVERIFY2(QString(error.what()).contains("batch of 1"), error.what());
        }
    }
}

void TestLatentNoise::gaussianAddsScaledShiftedNoiseRepeatablyFromTheSeed() {
    auto noise = spec(NoiseKind::Gaussian, 0.5);
    noise.mean = 2.0;
    noise.std = 3.0;
    const auto z = torch::zeros({400, 250}, torch::kFloat64);
    torch::manual_seed(7);
    const auto first = applyLatentNoise(z, noise);
    torch::manual_seed(7);
    const auto again = applyLatentNoise(z, noise);
    QVERIFY(torch::equal(first, again));
    torch::manual_seed(8);
    QVERIFY(!torch::equal(first, applyLatentNoise(z, noise)));
    // s (mean + std N) has mean 1.0 and std 1.5; 100000 draws pin both to about 0.5%.
    QVERIFY(std::abs(first.mean().item<double>() - 1.0) < 0.02);
    QVERIFY(std::abs(first.std().item<double>() - 1.5) < 0.02);
}

void TestLatentNoise::impulseSetsBatchExtremesAtTheRightFrequencies() {
    torch::manual_seed(3);
    const auto z = torch::rand({50, 2000}, torch::kFloat64) * 2.0 + 1.0;  // values in [1, 3)
    const double high = z.max().item<double>();
    const double low = z.min().item<double>();
    const auto out = applyLatentNoise(z, spec(NoiseKind::Impulse, 0.2));
    const double n = static_cast<double>(z.numel());
    const double salt = (out == high).sum().item<double>() - (z == high).sum().item<double>();
    const double pepper = (out == low).sum().item<double>() - (z == low).sum().item<double>();
    const double unchanged = (out == z).sum().item<double>();
    // Each share is binomial; five standard deviations of 100000 draws at p = 0.1 is 0.0047.
    const double bound = 5.0 * std::sqrt(0.1 * 0.9 / n);
    QVERIFY2(std::abs(salt / n - 0.1) < bound, qPrintable(QString::number(salt / n)));
    QVERIFY2(std::abs(pepper / n - 0.1) < bound, qPrintable(QString::number(pepper / n)));
    QVERIFY(std::abs(unchanged / n - 0.8) < 2 * bound);
    torch::manual_seed(3);
    const auto z2 = torch::rand({50, 2000}, torch::kFloat64) * 2.0 + 1.0;
    QVERIFY(torch::equal(applyLatentNoise(z2, spec(NoiseKind::Impulse, 0.2)), out));
}

void TestLatentNoise::imageNoiseActsOnPixels() {
    NoiseSpec noise;
    noise.imageKind = ImageNoiseKind::SaltAndPepper;
    noise.imageStrength = 0.5;
    const auto images = torch::full({8, 1, 16, 16}, 0.25, torch::kFloat64);
    images[0][0][0][0] = 1.0;
    images[7][0][15][15] = -1.0;
    torch::manual_seed(1);
    const auto out = applyImageNoise(images, noise);
    const double changed = ((out == 1.0) | (out == -1.0)).to(torch::kFloat64).mean().item<double>();
    QVERIFY2(std::abs(changed - 0.5) < 0.05, qPrintable(QString::number(changed)));
    noise.imageKind = ImageNoiseKind::None;
    QVERIFY(torch::equal(applyImageNoise(images, noise), images));
}

void TestLatentNoise::deltaSMatchesTheDeterminantOfIPlusQ_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("batch");
    QTest::addColumn<double>("strength");
    QTest::newRow("optimal B=2") << int(NoiseKind::LinearOptimal) << 2 << 0.0;
    QTest::newRow("optimal B=10") << int(NoiseKind::LinearOptimal) << 10 << 0.0;
    QTest::newRow("shift B=2 a=0.3") << int(NoiseKind::LinearShift) << 2 << 0.3;
    QTest::newRow("shift B=10 a=0.3") << int(NoiseKind::LinearShift) << 10 << 0.3;
    QTest::newRow("shift B=7 a=0.8") << int(NoiseKind::LinearShift) << 7 << 0.8;
}

void TestLatentNoise::deltaSMatchesTheDeterminantOfIPlusQ() {
    QFETCH(int, kind);
    QFETCH(int, batch);
    QFETCH(double, strength);
    const auto noise = spec(static_cast<NoiseKind>(kind), strength);
    // I + Q is the linear map the noise applies over the batch axis: read it off the unit batch.
    const auto identity = torch::eye(batch, torch::kFloat64);
    const auto iPlusQ = applyLatentNoise(identity, noise).transpose(0, 1);
    const double numeric = -std::log(std::abs(torch::det(iPlusQ).item<double>()));
    const auto closed = theoreticalDeltaS(noise, batch);
    QVERIFY(closed.has_value());
    QVERIFY2(std::abs(*closed - numeric) < 1e-9 * std::max(1.0, std::abs(numeric)),
             qPrintable(QString("closed %1, numeric %2").arg(*closed).arg(numeric)));
    QVERIFY(!theoreticalDeltaS(spec(NoiseKind::Gaussian), batch).has_value());
    QVERIFY(!theoreticalDeltaS(noise, 1).has_value());
}

QTEST_GUILESS_MAIN(TestLatentNoise)
#include "test_latent_noise.moc"
