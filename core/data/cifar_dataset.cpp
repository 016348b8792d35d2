#include "data/cifar_dataset.h"

#include "data/file_bytes.h"
#include "data/in_memory_dataset.h"
#include "error.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace noisynn {
namespace {

constexpr int kSide = 32;
constexpr std::size_t kPlane = kSide * kSide;
constexpr std::size_t kPixelBytes = 3 * kPlane;

bool isCifar10(CifarVariant variant) {
    return variant == CifarVariant::Cifar10;
}

std::vector<std::string> trainFiles(CifarVariant variant) {
    if (isCifar10(variant)) {
        return {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin"};
    }
    return {"train.bin"};
}

std::string testFile(CifarVariant variant) {
    return isCifar10(variant) ? "test_batch.bin" : "test.bin";
}

std::vector<std::string> classNames(CifarVariant variant, const fs::path& folder) {
    const char* file = variant == CifarVariant::Cifar10        ? "batches.meta.txt"
                       : variant == CifarVariant::Cifar100Fine ? "fine_label_names.txt"
                                                               : "coarse_label_names.txt";
    const std::size_t count = variant == CifarVariant::Cifar10        ? 10
                              : variant == CifarVariant::Cifar100Fine ? 100
                                                                      : 20;
    const fs::path path = folder / file;
    if (fs::is_regular_file(path)) {
        auto names = readNonEmptyLines(path.string());
        if (names.size() != count) {
            throw Error(path.string() + ": holds " + std::to_string(names.size()) +
                        " class names; expected " + std::to_string(count));
        }
        return names;
    }
    if (variant == CifarVariant::Cifar10) {
        return {"airplane", "automobile", "bird",  "cat",  "deer",
                "dog",      "frog",       "horse", "ship", "truck"};
    }
    std::vector<std::string> numbered;
    for (std::size_t i = 0; i < count; ++i) {
        numbered.push_back("class " + std::to_string(i));
    }
    return numbered;
}

std::shared_ptr<const Dataset> loadSplit(CifarVariant variant, const fs::path& folder,
                                         const std::vector<std::string>& files,
                                         const std::string& split,
                                         const std::vector<std::string>& names) {
    // CIFAR-100 records start with the coarse then the fine label byte.
    const std::size_t labelBytes = isCifar10(variant) ? 1 : 2;
    const std::size_t labelOffset = variant == CifarVariant::Cifar100Fine ? 1 : 0;
    const std::size_t recordBytes = labelBytes + kPixelBytes;

    std::vector<std::uint8_t> pixels;
    std::vector<std::uint16_t> labels;
    for (const auto& name : files) {
        const std::string path = (folder / name).string();
        const auto bytes = readFileBytes(path);
        if (bytes.empty() || bytes.size() % recordBytes != 0) {
            throw Error(path + ": truncated or not a CIFAR binary file: " +
                        std::to_string(bytes.size()) + " bytes is not a whole number of " +
                        std::to_string(recordBytes) + "-byte records (" +
                        std::to_string(bytes.size() / recordBytes) + " whole records and " +
                        std::to_string(bytes.size() % recordBytes) + " bytes over)");
        }
        const std::size_t records = bytes.size() / recordBytes;
        pixels.reserve(pixels.size() + records * kPixelBytes);
        for (std::size_t r = 0; r < records; ++r) {
            const std::uint8_t* record = bytes.data() + r * recordBytes;
            const std::uint8_t label = record[labelOffset];
            if (label >= names.size()) {
                throw Error(path + ": label " + std::to_string(label) + " of record " +
                            std::to_string(r) + " is out of range; expected 0.." +
                            std::to_string(names.size() - 1));
            }
            labels.push_back(label);
            // Records store three colour planes; images here are interleaved.
            const std::uint8_t* planes = record + labelBytes;
            for (std::size_t p = 0; p < kPlane; ++p) {
                pixels.push_back(planes[p]);
                pixels.push_back(planes[kPlane + p]);
                pixels.push_back(planes[2 * kPlane + p]);
            }
        }
    }
    return std::make_shared<InMemoryDataset>(
        cifarVariantName(variant) + " " + split + " (" + folder.string() + ")",
        ImageShape{kSide, kSide, 3}, names, std::move(pixels), std::move(labels));
}

}  // namespace

std::string cifarVariantName(CifarVariant variant) {
    switch (variant) {
        case CifarVariant::Cifar10:
            return "cifar10";
        case CifarVariant::Cifar100Fine:
            return "cifar100";
        case CifarVariant::Cifar100Coarse:
            return "cifar100-coarse";
    }
    return "cifar";
}

std::string findCifarFolder(const std::string& folder, CifarVariant variant) {
    const fs::path root(folder);
    const char* subfolder = isCifar10(variant) ? "cifar-10-batches-bin" : "cifar-100-binary";
    for (const fs::path& candidate : {root, root / subfolder}) {
        if (fs::is_regular_file(candidate / testFile(variant))) {
            return candidate.string();
        }
    }
    return {};
}

DatasetSplits loadCifarDataset(CifarVariant variant, const std::string& folder) {
    const std::string found = findCifarFolder(folder, variant);
    if (found.empty()) {
        throw Error(folder + ": no " + testFile(variant) + " found (here or in " +
                    (isCifar10(variant) ? "cifar-10-batches-bin" : "cifar-100-binary") +
                    "/); expected the binary version of " +
                    (isCifar10(variant) ? "CIFAR-10" : "CIFAR-100"));
    }
    const auto names = classNames(variant, found);
    DatasetSplits splits;
    splits.name = cifarVariantName(variant);
    splits.location = found;
    splits.train = loadSplit(variant, found, trainFiles(variant), "train", names);
    splits.test = loadSplit(variant, found, {testFile(variant)}, "test", names);
    return splits;
}

}  // namespace noisynn
