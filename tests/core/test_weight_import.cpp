// Pretrained weights from Python: a timm-named ViT reproduces Python's logits; our ResNet-18 has
// exactly torchvision's state-dict names and shapes; bad files are refused naming key and shapes.
#include "error.h"
#include "models/backbone.h"
#include "models/torch_save_reader.h"
#include "models/weight_import.h"
#include "support/error_of.h"

#include <caffe2/serialize/inline_container.h>
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>

using namespace noisynn;
using noisynn::testing::errorOf;

namespace {

std::string fixture(const char* name) {
    return std::string(NOISYNN_TEST_DATA_DIR "/") + name;
}

ModelSpec fixtureVit(int classes = 5) {
    ModelSpec spec;
    spec.backbone = "vit";
    spec.imageSize = 8;
    spec.channels = 3;
    spec.classes = classes;
    spec.patch = 4;
    spec.width = 16;
    spec.depth = 2;
    spec.heads = 2;
    return spec;
}

std::map<std::string, torch::Tensor> fixtureTensors(const char* key = nullptr) {
    const auto file = readTorchSave(fixture("vit_tiny_timm.pt"));
    const PickleValue* dict = key ? dictEntry(*file, key) : file.get();
    std::map<std::string, torch::Tensor> tensors;
    for (auto& [name, tensor] : tensorEntries(*dict))
        tensors[name] = tensor;
    return tensors;
}

// The fixture's state dict, changed by `edit`, written (as a plain dict, through LibTorch's
// pickle_save) where the test wants it.
std::string writeEdited(const QTemporaryDir& dir,
                        const std::function<void(c10::impl::GenericDict&)>& edit) {
    c10::impl::GenericDict stateDict(c10::StringType::get(), c10::TensorType::get());
    for (auto& [name, tensor] : fixtureTensors("state_dict"))
        stateDict.insert(name, tensor);
    edit(stateDict);
    const auto bytes = torch::pickle_save(stateDict);
    const std::string path = dir.filePath("edited.pt").toStdString();
    std::ofstream(path, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path;
}

}  // namespace

class TestWeightImport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aTimmVitStateDictReproducesPythonsLogits();
    void resnet18HasTorchvisionsStateDictNamesAndShapes();
    void aMissingTensorIsNamedWithTheShapeExpected();
    void aShapeThatDiffersIsNamedWithBothShapes();
    void aHeadOfAnotherClassCountIsReinitialisedOnlyOnRequest();
    void tensorsTheModelLacksAreRefusedAndNothingIsCopied();
    void dataParallelPrefixesAreAccepted();
    void aFileTorchSaveDidNotWriteIsRefused();
    void deeplyNestedPicklesAreRefusedWithoutACrash();
};

void TestWeightImport::aTimmVitStateDictReproducesPythonsLogits() {
    auto model = makeBackbone(fixtureVit(), NoiseSpec{});
    const auto report = importWeights(*model, fixture("vit_tiny_timm.pt"), false);
    QCOMPARE(report.copied, std::size_t{model->parameters().size()});
    model->eval();
    auto file = fixtureTensors();
    const auto logits = model->forward(file.at("input"));
    const auto& expected = file.at("logits");
    QVERIFY2(
        torch::allclose(logits, expected, 1e-5, 1e-5),
        qPrintable(
            QString("largest difference %1").arg((logits - expected).abs().max().item<double>())));
}

void TestWeightImport::resnet18HasTorchvisionsStateDictNamesAndShapes() {
    ModelSpec spec;
    spec.backbone = "resnet18";
    spec.imageSize = 224;
    spec.channels = 3;
    spec.classes = 1000;
    auto model = makeBackbone(spec, NoiseSpec{});
    std::map<std::string, std::string> ours;
    auto shapeOf = [](const torch::Tensor& tensor) {
        std::string text;
        for (int64_t d = 0; d < tensor.dim(); ++d)
            text += (d ? "," : "") + std::to_string(tensor.size(d));
        return text;
    };
    for (const auto& item : model->named_parameters())
        ours[item.key()] = shapeOf(item.value());
    for (const auto& item : model->named_buffers())
        ours[item.key()] = shapeOf(item.value());
    std::map<std::string, std::string> torchvision;
    std::ifstream keys(fixture("resnet18_torchvision_keys.txt"));
    std::string line;
    while (std::getline(keys, line)) {
        const auto space = line.find(' ');
        torchvision[line.substr(0, space)] = line.substr(space + 1);
    }
    QCOMPARE(torchvision.size(), std::size_t{122});
    for (const auto& [name, shape] : torchvision) {
        QVERIFY2(ours.count(name), name.c_str());
        QCOMPARE(ours[name], shape);
    }
    QCOMPARE(ours.size(), torchvision.size());
}

void TestWeightImport::aMissingTensorIsNamedWithTheShapeExpected() {
    QTemporaryDir dir;
    const auto path =
        writeEdited(dir, [](auto& dict) { (void)dict.erase("blocks.1.attn.qkv.weight"); });
    auto model = makeBackbone(fixtureVit(), NoiseSpec{});
    const QString message = errorOf([&] { importWeights(*model, path, false); });
    QVERIFY2(message.contains("no tensor blocks.1.attn.qkv.weight") &&
                 message.contains("[48, 16]") && message.contains(QString::fromStdString(path)),
             qPrintable(message));
}

void TestWeightImport::aShapeThatDiffersIsNamedWithBothShapes() {
    QTemporaryDir dir;
    const auto path = writeEdited(dir, [](auto& dict) {
        dict.insert_or_assign("pos_embed", torch::zeros({1, 9, 16}));
    });
    auto model = makeBackbone(fixtureVit(), NoiseSpec{});
    const QString message = errorOf([&] { importWeights(*model, path, false); });
    QVERIFY2(message.contains("pos_embed is [1, 9, 16] in the file but [1, 5, 16] in the model"),
             qPrintable(message));
}

void TestWeightImport::aHeadOfAnotherClassCountIsReinitialisedOnlyOnRequest() {
    auto model = makeBackbone(fixtureVit(7), NoiseSpec{});
    const QString refused =
        errorOf([&] { importWeights(*model, fixture("vit_tiny_timm.pt"), false); });
    // Tensors are checked in name order, so the bias is the one named.
    QVERIFY2(refused.contains("head.bias is [5] in the file but [7] in the model") &&
                 refused.contains("model.reinit_head"),
             qPrintable(refused));
    const auto headBefore = model->named_parameters()["head.weight"].clone();
    const auto report = importWeights(*model, fixture("vit_tiny_timm.pt"), true);
    QCOMPARE(report.reinitialised, (std::vector<std::string>{"head.bias", "head.weight"}));
    QVERIFY(torch::equal(model->named_parameters()["head.weight"], headBefore));
    QVERIFY(torch::equal(model->named_parameters()["blocks.0.norm1.weight"],
                         fixtureTensors("state_dict").at("blocks.0.norm1.weight")));
}

void TestWeightImport::tensorsTheModelLacksAreRefusedAndNothingIsCopied() {
    QTemporaryDir dir;
    const auto path = writeEdited(dir, [](auto& dict) {
        dict.insert("head_dist.weight", torch::zeros({5, 16}));
    });
    auto model = makeBackbone(fixtureVit(), NoiseSpec{});
    const auto before = model->named_parameters()["cls_token"].clone();
    const QString message = errorOf([&] { importWeights(*model, path, false); });
    QVERIFY2(message.contains("head_dist.weight"), qPrintable(message));
    QVERIFY(torch::equal(model->named_parameters()["cls_token"], before));
}

void TestWeightImport::dataParallelPrefixesAreAccepted() {
    QTemporaryDir dir;
    const auto path = writeEdited(dir, [](auto& dict) {
        c10::impl::GenericDict prefixed(c10::StringType::get(), c10::TensorType::get());
        for (const auto& entry : dict)
            prefixed.insert("module." + entry.key().toStringRef(), entry.value());
        dict = prefixed;
    });
    auto model = makeBackbone(fixtureVit(), NoiseSpec{});
    QVERIFY(importWeights(*model, path, false).copied > 0);
}

void TestWeightImport::aFileTorchSaveDidNotWriteIsRefused() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("notes.pt").toStdString();
    std::ofstream(path) << "these are not weights";
    auto model = makeBackbone(fixtureVit(), NoiseSpec{});
    const QString message = errorOf([&] { importWeights(*model, path, false); });
    QVERIFY2(message.contains(QString::fromStdString(path)) && message.contains("torch.save"),
             qPrintable(message));
    const QString missing = errorOf([&] { importWeights(*model, path + ".gone", false); });
    QVERIFY2(missing.contains("file not found"), qPrintable(missing));
}

void TestWeightImport::deeplyNestedPicklesAreRefusedWithoutACrash() {
    constexpr std::size_t kDepth = 1000000;
    // A million empty lists, each appended into the one below it: a list nested a million deep.
    const std::string lists =
        std::string("\x80\x02") + std::string(kDepth, ']') + std::string(kDepth - 1, 'a') + ".";
    // A tuple of the memo's value twice, stored back as the memo's value, half a million times:
    // each level shared by two parents.
    std::string shared = "\x80\x02]q\x00";
    for (std::size_t i = 0; i < kDepth / 2; ++i) {
        shared += "h\x00h\x00\x86q\x00";
    }
    shared += ".";
    QTemporaryDir dir;
    auto model = makeBackbone(fixtureVit(), NoiseSpec{});
    for (const std::string& pickle : {lists, shared}) {
        const std::string path = dir.filePath("nested.pt").toStdString();
        {
            caffe2::serialize::PyTorchStreamWriter writer(path);
            writer.writeRecord("data.pkl", pickle.data(), pickle.size());
            writer.writeEndOfFile();
        }
        // Not a state dict; the nested value is taken apart without a destructor per level.
        const QString message = errorOf([&] { importWeights(*model, path, false); });
        QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(TestWeightImport)
#include "test_weight_import.moc"
