#include "data/dataset_catalog.h"

#include "data/cifar_dataset.h"
#include "data/idx_dataset.h"
#include "error.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

namespace noisynn {
namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "" : ", ") + item;
    }
    return text;
}

bool isFolderFormat(const std::string& name, const std::string& folder) {
    if (name == "cifar10")
        return !findCifarFolder(folder, CifarVariant::Cifar10).empty();
    if (name == "cifar100" || name == "cifar100-coarse")
        return !findCifarFolder(folder, CifarVariant::Cifar100Fine).empty();
    return looksLikeIdxFolder(folder);
}

std::string resolveNamedFolder(const std::string& name, const std::string& root) {
    if (!root.empty()) {
        return root;
    }
    const auto candidates = datasetSearchFolders(name);
    for (const auto& folder : candidates) {
        if (fs::is_directory(folder) && isFolderFormat(name, folder)) {
            return folder;
        }
    }
    throw Error("data set \"" + name + "\" not found; looked in " + joined(candidates) +
                (name == "fashion-mnist" ? " (Debian: apt-get install dataset-fashion-mnist)"
                                         : "; give its folder: data.root, --root, or Open folder… "
                                           "in the window"));
}

DatasetSplits openNamed(const std::string& name, const std::string& folder) {
    if (name == "fashion-mnist")
        return loadIdxDataset(IdxFamily::FashionMnist, folder);
    if (name == "mnist")
        return loadIdxDataset(IdxFamily::Mnist, folder);
    if (name == "kmnist")
        return loadIdxDataset(IdxFamily::Kmnist, folder);
    if (name == "cifar10")
        return loadCifarDataset(CifarVariant::Cifar10, folder);
    if (name == "cifar100")
        return loadCifarDataset(CifarVariant::Cifar100Fine, folder);
    return loadCifarDataset(CifarVariant::Cifar100Coarse, folder);
}

// An IDX folder does not say which family it holds; its name usually does.
IdxFamily guessIdxFamily(const std::string& folder) {
    const std::string name = lower(fs::absolute(folder).lexically_normal().string());
    if (name.find("fashion") != std::string::npos)
        return IdxFamily::FashionMnist;
    if (name.find("kmnist") != std::string::npos || name.find("kuzushiji") != std::string::npos)
        return IdxFamily::Kmnist;
    return IdxFamily::Mnist;
}

}  // namespace

std::vector<std::string> knownDatasetNames() {
    return {"fashion-mnist", "mnist",           "kmnist",   "cifar10",
            "cifar100",      "cifar100-coarse", "synthetic"};
}

std::vector<std::string> datasetSearchFolders(const std::string& name) {
    std::vector<std::string> folders;
    if (const char* custom = std::getenv("NOISYNN_DATA_DIR"); custom && *custom) {
        folders.push_back((fs::path(custom) / name).string());
    }
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) {
        folders.push_back((fs::path(xdg) / "noisynn/datasets" / name).string());
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        folders.push_back((fs::path(home) / ".local/share/noisynn/datasets" / name).string());
    }
    folders.push_back("/usr/share/datasets/" + name);
    return folders;
}

DatasetSplits openDataset(const DatasetRequest& request) {
    const std::string& source = request.source;
    if (source == "synthetic") {
        return makeSyntheticDataset(request.synthetic);
    }
    const auto names = knownDatasetNames();
    if (std::find(names.begin(), names.end(), source) != names.end()) {
        return openNamed(source, resolveNamedFolder(source, request.root));
    }
    if (source == "image-folder") {
        if (request.root.empty()) {
            throw Error("data set \"image-folder\" needs its folder: give data.root or --root");
        }
        ImageFolderOptions options = request.imageFolder;
        options.root = request.root;
        return loadImageFolder(options);
    }
    if (!fs::exists(source)) {
        throw Error("data set \"" + source + "\": neither a known name (" + joined(names) +
                    ", image-folder) nor an existing folder");
    }
    if (!fs::is_directory(source)) {
        throw Error(source + ": a data set is a folder; this is a file");
    }
    if (looksLikeIdxFolder(source)) {
        return loadIdxDataset(guessIdxFamily(source), source);
    }
    if (!findCifarFolder(source, CifarVariant::Cifar10).empty()) {
        return loadCifarDataset(CifarVariant::Cifar10, source);
    }
    if (!findCifarFolder(source, CifarVariant::Cifar100Fine).empty()) {
        return loadCifarDataset(CifarVariant::Cifar100Fine, source);
    }
    ImageFolderOptions options = request.imageFolder;
    options.root = source;
    return loadImageFolder(options);
}

}  // namespace noisynn
