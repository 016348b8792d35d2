#include "runs/viewer_samples_file.h"

#include "data/npy_file.h"
#include "error.h"
#include "util/file_writing.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;

namespace noisynn {
namespace {

fs::path epochFolder(const std::string& runPath, int epoch) {
    char name[32];
    std::snprintf(name, sizeof name, "epoch-%03d", epoch);
    return fs::path(runPath) / "viewer" / name;
}

std::vector<float> floatsOf(const NpyArray& array) {
    return std::vector<float>(array.values.begin(), array.values.end());
}

std::vector<std::int64_t> integersOf(const NpyArray& array) {
    return std::vector<std::int64_t>(array.values.begin(), array.values.end());
}

}  // namespace

void writeViewerSamples(const std::string& runPath, const ViewerSamples& samples) {
    const fs::path folder = epochFolder(runPath, samples.epoch);
    makeFolders(folder, "expected a writable run directory");
    const auto file = [&](const char* name) { return (folder / name).string(); };
    const ImagePreview& images = samples.images;
    const std::vector<std::size_t> imageShape{images.count,
                                              static_cast<std::size_t>(images.shape.channels),
                                              static_cast<std::size_t>(images.shape.height),
                                              static_cast<std::size_t>(images.shape.width)};
    writeNpy(file("images_before.npy"), imageShape, images.before);
    writeNpy(file("images_after.npy"), imageShape, images.after);
    writeNpy(file("image_labels.npy"), {images.labels.size()}, images.labels);
    const FeatureSet& features = samples.features;
    writeNpy(file("z_before.npy"), {features.rows, features.dimension}, features.before);
    writeNpy(file("z_after.npy"), {features.rows, features.dimension}, features.after);
    writeNpy(file("labels.npy"), {features.labels.size()}, features.labels);
    std::vector<std::size_t> rawShape;
    for (std::int64_t extent : samples.rawShape) {
        rawShape.push_back(static_cast<std::size_t>(extent));
    }
    if (rawShape.empty()) {
        rawShape = {0, 0};
    }
    writeNpy(file("raw_before.npy"), rawShape, samples.rawBefore);
    writeNpy(file("raw_after.npy"), rawShape, samples.rawAfter);
}

ViewerSamples readViewerSamples(const std::string& runPath, int epoch) {
    const fs::path folder = epochFolder(runPath, epoch);
    const auto read = [&](const std::string& name) { return readNpy((folder / name).string()); };
    const auto expect = [&](bool fits, const std::string& name, const std::string& expected) {
        if (!fits) {
            throw Error((folder / name).string() + ": its shape does not fit; expected " +
                        expected);
        }
    };
    // NAME_before.npy of `rank` dimensions and NAME_after.npy of the same shape.
    const auto readPair = [&](const std::string& name, std::size_t rank, const char* layout) {
        std::pair<NpyArray, NpyArray> pair{read(name + "_before.npy"), read(name + "_after.npy")};
        expect(pair.first.shape.size() == rank, name + "_before.npy", layout);
        expect(pair.second.shape == pair.first.shape, name + "_after.npy",
               "the shape of " + name + "_before.npy");
        return pair;
    };
    ViewerSamples samples;
    samples.epoch = epoch;
    const auto [before, after] = readPair("images", 4, "count x channels x height x width");
    ImagePreview& images = samples.images;
    images.count = before.shape[0];
    images.shape = {static_cast<int>(before.shape[2]), static_cast<int>(before.shape[3]),
                    static_cast<int>(before.shape[1])};
    images.before = floatsOf(before);
    images.after = floatsOf(after);
    images.labels = integersOf(read("image_labels.npy"));
    expect(images.labels.size() == images.count, "image_labels.npy", "one label per image");

    const auto [zBefore, zAfter] = readPair("z", 2, "rows x dimension");
    FeatureSet& features = samples.features;
    features.rows = zBefore.shape[0];
    features.dimension = zBefore.shape[1];
    features.before = floatsOf(zBefore);
    features.after = floatsOf(zAfter);
    features.labels = integersOf(read("labels.npy"));
    expect(features.labels.size() == features.rows, "labels.npy", "one label per row");

    const auto [rawBefore, rawAfter] = readPair("raw", 2, "rows x columns");
    if (rawBefore.values.size() > 0) {
        samples.rawShape = {static_cast<std::int64_t>(rawBefore.shape[0]),
                            static_cast<std::int64_t>(rawBefore.shape[1])};
        samples.rawBefore = floatsOf(rawBefore);
        samples.rawAfter = floatsOf(rawAfter);
    }
    return samples;
}

std::vector<int> viewerSampleEpochs(const std::string& runPath) {
    std::vector<int> epochs;
    std::error_code failure;
    for (const auto& entry : fs::directory_iterator(fs::path(runPath) / "viewer", failure)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory() && name.rfind("epoch-", 0) == 0) {
            epochs.push_back(std::atoi(name.c_str() + 6));
        }
    }
    std::sort(epochs.begin(), epochs.end());
    return epochs;
}

}  // namespace noisynn
