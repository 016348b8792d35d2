// The attention product shared out over compute threads gives what torch::matmul gives, values
// and gradients, on the shapes attention uses, on views, with two threads, and in its fallbacks.
#include "models/batched_matmul.h"
#include "runtime/compute_threads.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>

#include <QtTest/QtTest>

using namespace noisynn;

namespace {

double largestDifference(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

// Values and gradients of both inputs from batchedMatmul and from torch::matmul, for a loss that
// weighs every output element differently (so a transposed gradient would show).
struct Comparison {
    double value = 0;
    double gradientA = 0;
    double gradientB = 0;
};

using View = std::function<torch::Tensor(const torch::Tensor&)>;

torch::Tensor unchanged(const torch::Tensor& t) {
    return t;
}

// `viewB` is how b enters the product; `viewProduct` how the product enters the loss, so that the
// gradient coming back can be laid out as attention's is (through a transpose).
Comparison compare(const torch::Tensor& aData, const torch::Tensor& bData, const View& viewB,
                   const View& viewProduct = unchanged) {
    auto run = [&](bool ours) {
        auto a = aData.clone().requires_grad_(true);
        auto b = bData.clone().requires_grad_(true);
        const auto product = ours ? batchedMatmul(a, viewB(b)) : torch::matmul(a, viewB(b));
        const auto seen = viewProduct(product);
        const auto weights =
            torch::linspace(-1, 2, seen.numel(), seen.options()).reshape(seen.sizes());
        (seen * weights).sum().backward();
        return std::make_tuple(product.detach(), a.grad(), b.grad());
    };
    const auto [ourProduct, ourGradientA, ourGradientB] = run(true);
    const auto [theirProduct, theirGradientA, theirGradientB] = run(false);
    return {largestDifference(ourProduct, theirProduct),
            largestDifference(ourGradientA, theirGradientA),
            largestDifference(ourGradientB, theirGradientB)};
}

}  // namespace

class TestBatchedMatmul : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QCOMPARE(applyComputeThreads(2), 2); }

    void attentionScoresMatchTorchMatmulInValueAndGradient() {
        // q [B, H, N, Dh] times kᵀ, k a transposed view as the ViT passes it.
        torch::manual_seed(3);
        const auto q = torch::randn({5, 4, 50, 32});
        const auto k = torch::randn({5, 4, 50, 32});
        const auto result =
            compare(q, k, [](const torch::Tensor& t) { return t.transpose(-2, -1); });
        QVERIFY2(result.value < 1e-4, qPrintable(QString::number(result.value)));
        QVERIFY2(result.gradientA < 1e-4, qPrintable(QString::number(result.gradientA)));
        QVERIFY2(result.gradientB < 1e-4, qPrintable(QString::number(result.gradientB)));
    }

    void attentionMixingMatchesTorchMatmulInValueAndGradient() {
        // softmax weights [B, H, N, N] times v [B, H, N, Dh], with an odd stack of 3 x 3 matrices.
        torch::manual_seed(4);
        const auto weights = torch::softmax(torch::randn({3, 3, 7, 7}), -1);
        const auto v = torch::randn({3, 3, 7, 5});
        // The gradient arrives through .transpose(1, 2), as in the ViT: not contiguous.
        const auto result = compare(weights, v, unchanged,
                                    [](const torch::Tensor& t) { return t.transpose(1, 2); });
        QVERIFY2(result.value < 1e-5, qPrintable(QString::number(result.value)));
        QVERIFY2(result.gradientA < 1e-5, qPrintable(QString::number(result.gradientA)));
        QVERIFY2(result.gradientB < 1e-5, qPrintable(QString::number(result.gradientB)));
    }

    void aGradientFlowsToTheOneInputThatAsksForIt() {
        torch::manual_seed(7);
        const auto a = torch::randn({4, 3, 5}).requires_grad_(true);
        const auto b = torch::randn({4, 5, 2});
        batchedMatmul(a, b).sum().backward();
        // d(sum(a·b))/da = ones · bᵀ: each row of a's gradient is b's row sums.
        const auto expected = b.sum(-1).unsqueeze(1).expand({4, 3, 5});
        QVERIFY2(largestDifference(a.grad(), expected) < 1e-5,
                 qPrintable(QString::number(largestDifference(a.grad(), expected))));
        QVERIFY(!b.grad().defined());
    }

    void emptyMatricesGiveWhatTorchMatmulGives() {
        const auto a = torch::randn({3, 4, 0});
        const auto b = torch::randn({3, 0, 5});
        const auto product = batchedMatmul(a, b);
        QCOMPARE(product.sizes().vec(), (std::vector<int64_t>{3, 4, 5}));
        QVERIFY(torch::equal(product, torch::zeros({3, 4, 5})));
        QCOMPARE(batchedMatmul(torch::randn({0, 4, 2}), torch::randn({0, 2, 5})).sizes().vec(),
                 (std::vector<int64_t>{0, 4, 5}));
    }

    void theSameInputsGiveBitIdenticalResults() {
        // Every matrix is one single-threaded BLAS call, so the thread split cannot change a bit.
        torch::manual_seed(5);
        const auto a = torch::randn({64, 50, 32});
        const auto b = torch::randn({64, 32, 50});
        QVERIFY(torch::equal(batchedMatmul(a, b), batchedMatmul(a, b)));
        QVERIFY(torch::equal(batchedMatmul(a.narrow(0, 0, 1), b.narrow(0, 0, 1))[0],
                             batchedMatmul(a, b)[0]));
    }

    void otherTypesAndBroadcastShapesGoToTorchMatmul() {
        torch::manual_seed(6);
        const auto a = torch::randn({2, 4, 3}, torch::kFloat64);
        const auto b = torch::randn({2, 3, 5}, torch::kFloat64);
        QVERIFY(torch::equal(batchedMatmul(a, b), torch::matmul(a, b)));
        const auto broadcastA = torch::randn({1, 4, 3});
        const auto stackB = torch::randn({6, 3, 5});
        QCOMPARE(batchedMatmul(broadcastA, stackB).sizes().vec(), (std::vector<int64_t>{6, 4, 5}));
        QVERIFY(torch::equal(batchedMatmul(broadcastA, stackB), torch::matmul(broadcastA, stackB)));
    }

    void underBf16AutocastTheProductIsBf16AsTorchMatmulMakesIt() {
        const auto a = torch::randn({2, 4, 8});
        const auto b = torch::randn({2, 8, 4});
        at::autocast::set_cpu_enabled(true);
        const auto product = batchedMatmul(a, b);
        at::autocast::set_cpu_enabled(false);
        at::autocast::clear_cache();
        QCOMPARE(product.scalar_type(), torch::kBFloat16);
    }
};

QTEST_GUILESS_MAIN(TestBatchedMatmul)
#include "test_batched_matmul.moc"
