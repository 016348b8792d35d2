// The backbones: parameter counts equal to timm's and torchvision's, noise at every position and
// scope, the phase rule in train() and eval(), the capture, and refused injection points.
#include "error.h"
#include "models/backbone.h"
#include "support/error_of.h"

#include <torch/torch.h>

#include <QtTest/QtTest>

using namespace noisynn;
using noisynn::testing::errorOf;

namespace {

ModelSpec smallVit() {
    ModelSpec spec;
    spec.backbone = "vit";
    spec.imageSize = 8;
    spec.channels = 1;
    spec.classes = 3;
    spec.patch = 4;
    spec.width = 16;
    spec.depth = 2;
    spec.heads = 2;
    return spec;
}

NoiseSpec optimalAt(const std::string& layer, NoisePosition position, bool train, bool eval) {
    NoiseSpec noise;
    noise.kind = NoiseKind::LinearOptimal;
    noise.layer = layer;
    noise.position = position;
    noise.inTraining = train;
    noise.inEvaluation = eval;
    return noise;
}

// Two models of the same spec and initial weights, one without noise.
std::pair<std::shared_ptr<BackboneImpl>, std::shared_ptr<BackboneImpl>> twins(
    const ModelSpec& spec, const NoiseSpec& noise) {
    torch::manual_seed(11);
    auto noisy = makeBackbone(spec, noise);
    torch::manual_seed(11);
    auto clean = makeBackbone(spec, NoiseSpec{});
    return {noisy, clean};
}

}  // namespace

class TestBackbones : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parameterCountsMatchTimmAndTorchvision_data();
    void parameterCountsMatchTimmAndTorchvision();
    void everyBackboneClassifiesABatch_data();
    void everyBackboneClassifiesABatch();
    void thePhaseDecidesWhetherNoiseActsInTrainAndEval();
    void imageNoiseActsAloneOrWithLatentNoiseInItsPhase();
    void patchScopeLeavesTheClassTokenAlone();
    void captureReturnsPooledFeaturesBeforeAndAfter();
    void captureIsEmptyWhenNotAsked();
    void everyPositionReachesTheOutputThatFollowsIt_data();
    void everyPositionReachesTheOutputThatFollowsIt();
    void injectionPointsThatDoNotExistAreRefused_data();
    void injectionPointsThatDoNotExistAreRefused();
};

void TestBackbones::parameterCountsMatchTimmAndTorchvision_data() {
    QTest::addColumn<QString>("backbone");
    QTest::addColumn<qlonglong>("parameters");
    QTest::newRow("vit-tiny/16") << "vit-tiny" << 5717416LL;
    QTest::newRow("vit-small/16") << "vit-small" << 22050664LL;
    QTest::newRow("vit-base/16") << "vit-base" << 86567656LL;
    QTest::newRow("resnet18") << "resnet18" << 11689512LL;
    QTest::newRow("resnet34") << "resnet34" << 21797672LL;
    QTest::newRow("resnet50") << "resnet50" << 25557032LL;
}

void TestBackbones::parameterCountsMatchTimmAndTorchvision() {
    QFETCH(QString, backbone);
    QFETCH(qlonglong, parameters);
    ModelSpec spec;
    spec.backbone = backbone.toStdString();
    spec.imageSize = 224;
    spec.channels = 3;
    spec.classes = 1000;
    spec.patch = 16;
    QCOMPARE(makeBackbone(spec, NoiseSpec{})->parameterCount(), parameters);
}

void TestBackbones::everyBackboneClassifiesABatch_data() {
    QTest::addColumn<QString>("backbone");
    QTest::addColumn<QString>("layer");
    QTest::newRow("small-cnn") << "small-cnn"
                               << "2";
    QTest::newRow("vit") << "vit"
                         << "-1";
    QTest::newRow("resnet18") << "resnet18"
                              << "4.2";
    QTest::newRow("resnet50") << "resnet50"
                              << "3.6";
}

void TestBackbones::everyBackboneClassifiesABatch() {
    QFETCH(QString, backbone);
    QFETCH(QString, layer);
    ModelSpec spec = smallVit();
    spec.backbone = backbone.toStdString();
    spec.imageSize = 16;
    auto noise = optimalAt(layer.toStdString(), NoisePosition::BlockInput, true, true);
    auto model = makeBackbone(spec, noise);
    const auto images = torch::randn({4, 1, 16, 16});
    const auto output = model->run(images, {true, 2});
    QCOMPARE(output.logits.sizes(), (torch::IntArrayRef{4, 3}));
    QVERIFY(output.capture.has_value());
    QCOMPARE(output.capture->pooledBefore.size(0), 4);
    QCOMPARE(output.capture->rawBefore.size(0), 2);
    // Training reaches every parameter.
    output.logits.sum().backward();
    for (const auto& parameter : model->parameters()) {
        QVERIFY(parameter.grad().defined());
    }
}

void TestBackbones::thePhaseDecidesWhetherNoiseActsInTrainAndEval() {
    const auto images = torch::randn({5, 1, 8, 8});
    for (auto [train, eval] :
         {std::pair{true, false}, std::pair{false, true}, std::pair{true, true}}) {
        auto [noisy, clean] =
            twins(smallVit(), optimalAt("-1", NoisePosition::AttentionInput, train, eval));
        for (bool training : {true, false}) {
            noisy->train(training);
            clean->train(training);
            const bool differs = !torch::allclose(noisy->forward(images), clean->forward(images));
            QCOMPARE(differs, training ? train : eval);
        }
    }
}

void TestBackbones::imageNoiseActsAloneOrWithLatentNoiseInItsPhase() {
    const auto images = torch::randn({4, 1, 8, 8});
    NoiseSpec pixelsOnly;
    pixelsOnly.imageKind = ImageNoiseKind::Gaussian;
    pixelsOnly.imageStrength = 0.5;
    pixelsOnly.inEvaluation = false;  // training only
    NoiseSpec both = optimalAt("0", NoisePosition::BlockInput, true, false);
    both.imageKind = ImageNoiseKind::SaltAndPepper;
    both.imageStrength = 0.3;
    for (const auto& noise : {pixelsOnly, both}) {
        auto [noisy, clean] = twins(smallVit(), noise);
        noisy->train();
        clean->train();
        QVERIFY(!torch::allclose(noisy->forward(images), clean->forward(images)));
        noisy->eval();
        clean->eval();
        QVERIFY(torch::allclose(noisy->forward(images), clean->forward(images)));
    }
    // Pixel noise on top of latent noise changes the result again.
    torch::manual_seed(11);
    auto latentOnly =
        makeBackbone(smallVit(), optimalAt("0", NoisePosition::BlockInput, true, false));
    torch::manual_seed(11);
    auto withPixels = makeBackbone(smallVit(), both);
    latentOnly->train();
    withPixels->train();
    QVERIFY(!torch::allclose(withPixels->forward(images), latentOnly->forward(images)));
}

void TestBackbones::patchScopeLeavesTheClassTokenAlone() {
    for (auto scope : {NoiseScope::PatchTokens, NoiseScope::AllTokens}) {
        auto noise = optimalAt("0", NoisePosition::BlockOutput, true, true);
        noise.scope = scope;
        auto model = makeBackbone(smallVit(), noise);
        const auto output = model->run(torch::randn({3, 1, 8, 8}), {true, 3});
        // Raw captures hold what the noise touched: 4 patch tokens, or those and the class token.
        QCOMPARE(output.capture->rawBefore.size(1), scope == NoiseScope::PatchTokens ? 4 : 5);
    }
}

void TestBackbones::captureReturnsPooledFeaturesBeforeAndAfter() {
    auto model =
        makeBackbone(smallVit(), optimalAt("1", NoisePosition::AttentionInput, true, true));
    const auto output = model->run(torch::randn({6, 1, 8, 8}), {true, 6});
    const auto& capture = *output.capture;
    QCOMPARE(capture.pooledBefore.sizes(), (torch::IntArrayRef{6, 16}));
    // Pooling is the mean of the patch tokens, and the optimal Q is linear: the pooled features
    // after the noise are the noise applied to the pooled features before it.
    QVERIFY(torch::allclose(capture.pooledBefore, capture.rawBefore.mean(1), 1e-5, 1e-6));
    const auto expected = (capture.pooledBefore + capture.pooledBefore.sum(0, true)) / 7.0;
    QVERIFY(torch::allclose(capture.pooledAfter, expected, 1e-5, 1e-6));
}

void TestBackbones::captureIsEmptyWhenNotAsked() {
    auto model =
        makeBackbone(smallVit(), optimalAt("1", NoisePosition::AttentionInput, true, true));
    QVERIFY(!model->run(torch::randn({2, 1, 8, 8}), {}).capture.has_value());
}

void TestBackbones::everyPositionReachesTheOutputThatFollowsIt_data() {
    QTest::addColumn<QString>("backbone");
    QTest::addColumn<QString>("layer");
    QTest::addColumn<int>("position");
    QTest::addColumn<bool>("changes");
    QTest::newRow("vit attention-input") << "vit"
                                         << "-1" << int(NoisePosition::AttentionInput) << true;
    QTest::newRow("vit block-input") << "vit"
                                     << "-1" << int(NoisePosition::BlockInput) << true;
    QTest::newRow("vit block-output") << "vit"
                                      << "0" << int(NoisePosition::BlockOutput) << true;
    // The head reads only the class token: patch-token noise after the last block cannot reach it.
    QTest::newRow("vit last block-output") << "vit"
                                           << "-1" << int(NoisePosition::BlockOutput) << false;
    QTest::newRow("resnet18 block-input") << "resnet18"
                                          << "-1" << int(NoisePosition::BlockInput) << true;
    QTest::newRow("resnet18 block-output") << "resnet18"
                                           << "-1" << int(NoisePosition::BlockOutput) << true;
    QTest::newRow("small-cnn block-input") << "small-cnn"
                                           << "-1" << int(NoisePosition::BlockInput) << true;
    QTest::newRow("small-cnn block-output") << "small-cnn"
                                            << "1" << int(NoisePosition::BlockOutput) << true;
}

void TestBackbones::everyPositionReachesTheOutputThatFollowsIt() {
    QFETCH(QString, backbone);
    QFETCH(QString, layer);
    QFETCH(int, position);
    QFETCH(bool, changes);
    ModelSpec spec = smallVit();
    spec.backbone = backbone.toStdString();
    auto [noisy, clean] =
        twins(spec, optimalAt(layer.toStdString(), NoisePosition(position), true, true));
    noisy->eval();
    clean->eval();
    const auto images = torch::randn({4, 1, 8, 8});
    QCOMPARE(!torch::allclose(noisy->forward(images), clean->forward(images)), changes);
}

void TestBackbones::injectionPointsThatDoNotExistAreRefused_data() {
    QTest::addColumn<QString>("backbone");
    QTest::addColumn<QString>("layer");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("expected");
    QTest::newRow("vit block 99") << "vit"
                                  << "99" << int(NoisePosition::AttentionInput)
                                  << "noise.layer: \"99\" is not a ViT block; expected 0..1";
    QTest::newRow("vit block -3") << "vit"
                                  << "-3" << int(NoisePosition::AttentionInput) << "noise.layer";
    QTest::newRow("resnet stage 5")
        << "resnet18"
        << "5.1" << int(NoisePosition::BlockInput) << "resnet18 stage; expected 1..4";
    QTest::newRow("resnet block 4.3")
        << "resnet18"
        << "4.3" << int(NoisePosition::BlockInput) << "block of stage 4; expected 1..2";
    QTest::newRow("cnn layer 4") << "small-cnn"
                                 << "4" << int(NoisePosition::BlockInput)
                                 << "small-cnn layer; expected 1..3";
    QTest::newRow("resnet attention") << "resnet18"
                                      << "-1" << int(NoisePosition::AttentionInput)
                                      << "noise.position: attention-input exists only in ViTs";
    QTest::newRow("not a number") << "vit"
                                  << "last" << int(NoisePosition::AttentionInput)
                                  << "noise.layer: \"last\"";
}

void TestBackbones::injectionPointsThatDoNotExistAreRefused() {
    QFETCH(QString, backbone);
    QFETCH(QString, layer);
    QFETCH(int, position);
    QFETCH(QString, expected);
    ModelSpec spec = smallVit();
    spec.backbone = backbone.toStdString();
    const QString message = errorOf([&] {
        makeBackbone(spec, optimalAt(layer.toStdString(), NoisePosition(position), true, true));
    });
    QVERIFY2(message.contains(expected), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestBackbones)
#include "test_backbones.moc"
