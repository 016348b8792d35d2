#include "data/idx_dataset.h"

#include "data/idx_file.h"
#include "data/in_memory_dataset.h"
#include "error.h"

#include <filesystem>
#include <future>

namespace fs = std::filesystem;

namespace noisynn {
namespace {

// Distributions name the files "train-images-idx3-ubyte" or "train-images.idx3-ubyte", with or
// without ".gz"; the first one found wins. kind is "images-idx3" or "labels-idx1".
std::string findIdxFile(const std::string& folder, const std::string& split,
                        const std::string& kind, bool required) {
    const std::string stem = split + "-" + kind.substr(0, kind.find('-'));
    const std::string format = kind.substr(kind.find('-') + 1) + "-ubyte";
    for (const char* separator : {"-", "."}) {
        for (const char* suffix : {".gz", ""}) {
            const fs::path candidate = fs::path(folder) / (stem + separator + format + suffix);
            if (fs::is_regular_file(candidate)) {
                return candidate.string();
            }
        }
    }
    if (required) {
        throw Error(folder + ": no " + stem + "-" + format + " file (raw or .gz) found; expected " +
                    "the four IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte, " +
                    "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte");
    }
    return {};
}

std::shared_ptr<const Dataset> loadSplit(const std::string& datasetName, const std::string& split,
                                         const std::string& imagesPath,
                                         const std::string& labelsPath,
                                         const std::vector<std::string>& classNames) {
    IdxArray images = readIdxFile(imagesPath, 3);
    IdxArray labels = readIdxFile(labelsPath, 1);
    if (images.dimensions[0] != labels.dimensions[0]) {
        throw Error(imagesPath + " holds " + std::to_string(images.dimensions[0]) + " images but " +
                    labelsPath + " holds " + std::to_string(labels.dimensions[0]) +
                    " labels; expected the same count");
    }
    for (std::size_t i = 0; i < labels.values.size(); ++i) {
        if (labels.values[i] >= classNames.size()) {
            throw Error(labelsPath + ": label " + std::to_string(labels.values[i]) + " at index " +
                        std::to_string(i) + " is out of range; expected 0.." +
                        std::to_string(classNames.size() - 1));
        }
    }
    constexpr std::uint32_t kMaxSide = 65535;
    if (images.dimensions[1] > kMaxSide || images.dimensions[2] > kMaxSide) {
        throw Error(imagesPath + ": images of " + std::to_string(images.dimensions[1]) + "x" +
                    std::to_string(images.dimensions[2]) + " pixels; expected sides of at most " +
                    std::to_string(kMaxSide));
    }
    const ImageShape shape{static_cast<int>(images.dimensions[1]),
                           static_cast<int>(images.dimensions[2]), 1};
    std::vector<std::uint16_t> wideLabels(labels.values.begin(), labels.values.end());
    return std::make_shared<InMemoryDataset>(datasetName + " " + split + " (" + imagesPath + ")",
                                             shape, classNames, std::move(images.values),
                                             std::move(wideLabels));
}

}  // namespace

std::string idxFamilyName(IdxFamily family) {
    switch (family) {
        case IdxFamily::FashionMnist:
            return "fashion-mnist";
        case IdxFamily::Mnist:
            return "mnist";
        case IdxFamily::Kmnist:
            return "kmnist";
    }
    return "idx";
}

std::vector<std::string> idxFamilyClassNames(IdxFamily family) {
    switch (family) {
        case IdxFamily::FashionMnist:
            return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
        case IdxFamily::Kmnist:
            // The romanised hiragana of Kuzushiji-MNIST's classmap.
            return {"o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"};
        case IdxFamily::Mnist:
            break;
    }
    return {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
}

bool looksLikeIdxFolder(const std::string& folder) {
    return !findIdxFile(folder, "train", "images-idx3", false).empty();
}

DatasetSplits loadIdxDataset(IdxFamily family, const std::string& folder) {
    if (!fs::is_directory(folder)) {
        throw Error(folder + ": data-set folder not found");
    }
    const std::string trainImages = findIdxFile(folder, "train", "images-idx3", true);
    const std::string trainLabels = findIdxFile(folder, "train", "labels-idx1", true);
    const std::string testImages = findIdxFile(folder, "t10k", "images-idx3", true);
    const std::string testLabels = findIdxFile(folder, "t10k", "labels-idx1", true);

    const std::string name = idxFamilyName(family);
    const auto classes = idxFamilyClassNames(family);
    // Decompressing is the cost; the two splits decompress on two threads.
    auto test =
        std::async(std::launch::async, loadSplit, name, "test", testImages, testLabels, classes);
    DatasetSplits splits;
    splits.name = name;
    splits.location = folder;
    splits.train = loadSplit(name, "train", trainImages, trainLabels, classes);
    splits.test = test.get();
    if (splits.train->imageShape() != splits.test->imageShape()) {
        throw Error(testImages + ": images are " + toString(splits.test->imageShape()) +
                    " but the training images are " + toString(splits.train->imageShape()));
    }
    return splits;
}

}  // namespace noisynn
