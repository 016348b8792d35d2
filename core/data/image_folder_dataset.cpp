#include "data/image_folder_dataset.h"

#include "error.h"
#include "util/seeded_random.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>

namespace fs = std::filesystem;

namespace noisynn {
namespace {

bool isHidden(const fs::path& path) {
    return path.filename().string().rfind('.', 0) == 0;
}

// The folder's entries, or noisynn::Error naming it when it cannot be listed (permissions, I/O).
std::vector<fs::directory_entry> listFolder(const fs::path& folder) {
    std::vector<fs::directory_entry> entries;
    std::error_code error;
    fs::directory_iterator iterator(folder, error);
    for (; !error && iterator != fs::directory_iterator(); iterator.increment(error)) {
        if (!isHidden(iterator->path())) {
            entries.push_back(*iterator);
        }
    }
    if (error) {
        throw Error(folder.string() + ": cannot be listed: " + error.message());
    }
    return entries;
}

std::vector<std::string> sortedClassFolders(const fs::path& root) {
    std::vector<std::string> names;
    for (const auto& entry : listFolder(root)) {
        std::error_code error;
        if (entry.is_directory(error)) {
            names.push_back(entry.path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

// Every regular file counts as an image: one that does not decode is reported by name when it is
// read, never skipped here. Dot-files (.DS_Store and the like) are not data.
std::vector<std::string> sortedFiles(const fs::path& folder) {
    std::vector<std::string> files;
    for (const auto& entry : listFolder(folder)) {
        std::error_code error;
        if (entry.is_regular_file(error)) {
            files.push_back(entry.path().string());
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        throw Error(folder.string() + ": empty class folder; every class needs at least one image");
    }
    return files;
}

std::vector<std::vector<std::string>> filesPerClass(const fs::path& root,
                                                    const std::vector<std::string>& classes) {
    std::vector<std::vector<std::string>> files;
    for (const auto& name : classes) {
        files.push_back(sortedFiles(root / name));
    }
    return files;
}

std::vector<ImageFolderDataset::Entry> entriesOf(
    const std::vector<std::vector<std::string>>& files) {
    std::vector<ImageFolderDataset::Entry> entries;
    for (std::size_t label = 0; label < files.size(); ++label) {
        for (const auto& path : files[label]) {
            entries.push_back({path, static_cast<int>(label)});
        }
    }
    return entries;
}

fs::path evaluationFolder(const fs::path& root) {
    for (const char* name : {"val", "test"}) {
        if (fs::is_directory(root / name)) {
            return root / name;
        }
    }
    return {};
}

// 0.2 as a user writes it, not std::to_string's 0.200000.
std::string fractionText(double fraction) {
    std::ostringstream text;
    text << fraction;
    return text.str();
}

}  // namespace

ImageFolderDataset::ImageFolderDataset(std::string description, std::vector<Entry> entries,
                                       std::vector<std::string> classNames, ImageShape shape)
    : m_description(std::move(description)),
      m_entries(std::move(entries)),
      m_classNames(std::move(classNames)),
      m_shape(shape) {}

Image ImageFolderDataset::image(std::size_t index) const {
    const ColorMode color = m_shape.channels == 1 ? ColorMode::Gray : ColorMode::Color;
    return decodeImageFile(m_entries.at(index).path, color, m_shape.height, m_shape.width);
}

bool looksLikeImageFolder(const std::string& root) {
    std::error_code error;
    return fs::is_directory(root, error) && !sortedClassFolders(root).empty();
}

DatasetSplits loadImageFolder(const ImageFolderOptions& options) {
    const fs::path root(options.root);
    if (!fs::is_directory(root)) {
        throw Error(options.root + ": image folder not found");
    }
    // root/train alone (no val/ or test/ beside it) is split like a plain root/<class> folder.
    const fs::path trainRoot = fs::is_directory(root / "train") ? root / "train" : fs::path{};
    const fs::path evalRoot = trainRoot.empty() ? fs::path{} : evaluationFolder(root);
    const bool presplit = !trainRoot.empty() && !evalRoot.empty();
    if (!presplit && !(options.valFraction > 0.0 && options.valFraction < 1.0)) {
        throw Error("data.val_fraction (--val-fraction): " + fractionText(options.valFraction) +
                    " is out of range; expected 0 < fraction < 1 (" + options.root +
                    " has no val/ folder, so the evaluation split is held out of each class)");
    }

    const fs::path classRoot = presplit ? trainRoot : (trainRoot.empty() ? root : trainRoot);
    const auto classes = sortedClassFolders(classRoot);
    if (classes.empty()) {
        throw Error(classRoot.string() + ": no class folders; expected root/<class>/<image> or " +
                    "root/train/<class>/<image> with root/val/<class>/<image>");
    }
    auto trainFiles = filesPerClass(classRoot, classes);
    std::vector<std::vector<std::string>> evalFiles(classes.size());
    if (presplit) {
        const auto evalClasses = sortedClassFolders(evalRoot);
        if (evalClasses.empty()) {
            throw Error(evalRoot.string() + ": no class folders; expected " + evalRoot.string() +
                        "/<class>/<image> with the classes of " + trainRoot.string());
        }
        for (const auto& name : evalClasses) {
            const auto found = std::lower_bound(classes.begin(), classes.end(), name);
            if (found == classes.end() || *found != name) {
                throw Error((evalRoot / name).string() + ": class \"" + name +
                            "\" has no folder in " + trainRoot.string());
            }
            evalFiles[static_cast<std::size_t>(found - classes.begin())] =
                sortedFiles(evalRoot / name);
        }
    } else {
        // A seeded shuffle per class, so every class keeps the same share in both splits; a class
        // always keeps at least one training image.
        std::mt19937_64 generator(options.seed);
        std::size_t heldTotal = 0;
        for (std::size_t c = 0; c < classes.size(); ++c) {
            auto& files = trainFiles[c];
            seededShuffle(files, generator);
            const auto held =
                std::min(files.size() - 1,
                         static_cast<std::size_t>(options.valFraction * files.size() + 0.5));
            heldTotal += held;
            evalFiles[c].assign(files.end() - static_cast<std::ptrdiff_t>(held), files.end());
            files.resize(files.size() - held);
            std::sort(files.begin(), files.end());
            std::sort(evalFiles[c].begin(), evalFiles[c].end());
        }
        if (heldTotal == 0) {
            throw Error("data.val_fraction (--val-fraction): " +
                        fractionText(options.valFraction) + " holds out no image of " + classRoot.string() +
                        "; expected a larger fraction or more images per class");
        }
    }

    ImageShape shape{options.height, options.width, 0};
    const std::string& first = trainFiles.front().front();
    if (shape.height <= 0 || shape.width <= 0 || options.color == ColorMode::Auto) {
        const ImageShape stored = probeImageFile(first);
        if (shape.height <= 0 || shape.width <= 0) {
            shape.height = stored.height;
            shape.width = stored.width;
        }
        shape.channels = stored.channels;
    }
    if (options.color != ColorMode::Auto) {
        shape.channels = options.color == ColorMode::Gray ? 1 : 3;
    }

    DatasetSplits splits;
    splits.name = "image-folder";
    splits.location = options.root;
    splits.testSplitName = presplit ? evalRoot.filename().string() : "val";
    splits.train = std::make_shared<ImageFolderDataset>(
        "image folder train (" + classRoot.string() + ")", entriesOf(trainFiles), classes, shape);
    splits.test = std::make_shared<ImageFolderDataset>(
        "image folder " + splits.testSplitName + " (" +
            (presplit ? evalRoot.string() : classRoot.string()) + ")",
        entriesOf(evalFiles), classes, shape);
    return splits;
}

}  // namespace noisynn
