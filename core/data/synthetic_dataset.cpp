#include "data/synthetic_dataset.h"

#include "data/in_memory_dataset.h"
#include "error.h"
#include "util/seeded_random.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace noisynn {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::shared_ptr<const Dataset> makeSplit(const SyntheticOptions& options, std::size_t count,
                                         std::uint64_t streamSeed, const std::string& split,
                                         const std::vector<std::string>& names) {
    const ImageShape shape = options.shape;
    std::mt19937_64 generator(streamSeed);

    std::vector<std::uint8_t> pixels(count * shape.elementCount());
    std::vector<std::uint16_t> labels(count);
    std::uint8_t* out = pixels.data();
    for (std::size_t i = 0; i < count; ++i) {
        // Balanced classes in a fixed cycle; shuffling is the loader's job.
        const int label = static_cast<int>(i % static_cast<std::size_t>(options.classes));
        labels[i] = static_cast<std::uint16_t>(label);
        const double angle = kPi * label / options.classes;
        const double frequency = 2.0 * kPi * (label % 2 == 0 ? 2.0 : 3.5) / shape.width;
        const double dx = std::cos(angle) * frequency;
        const double dy = std::sin(angle) * frequency;
        const double offset = 2.0 * kPi * uniform01(generator);
        const double gain = 0.6 + 0.4 * uniform01(generator);
        for (int y = 0; y < shape.height; ++y) {
            for (int x = 0; x < shape.width; ++x) {
                const double wave = 0.5 + 0.5 * gain * std::sin(dx * x + dy * y + offset);
                for (int c = 0; c < shape.channels; ++c) {
                    const double tint =
                        shape.channels == 1
                            ? 1.0
                            : 0.55 + 0.45 * std::cos(2.0 * kPi * (label + c) / options.classes);
                    const double noise = options.noise * standardNormal(generator);
                    const double value = std::clamp(wave * tint + noise, 0.0, 1.0);
                    *out++ = static_cast<std::uint8_t>(std::lround(value * 255.0));
                }
            }
        }
    }
    return std::make_shared<InMemoryDataset>(
        "synthetic " + split + " (seed " + std::to_string(options.seed) + ")", shape, names,
        std::move(pixels), std::move(labels));
}

}  // namespace

DatasetSplits makeSyntheticDataset(const SyntheticOptions& options) {
    if (options.classes < 2 || options.classes > 1000) {
        throw Error("data.synthetic.classes: " + std::to_string(options.classes) +
                    " is out of range; expected 2..1000");
    }
    if (options.shape.height < 4 || options.shape.width < 4 ||
        (options.shape.channels != 1 && options.shape.channels != 3)) {
        throw Error("data.synthetic image shape " + toString(options.shape) +
                    " is not supported; expected at least 4x4 with 1 or 3 channels");
    }
    if (!(options.noise >= 0.0 && options.noise <= 1.0)) {
        throw Error(
            "data.synthetic.noise: " + std::to_string(options.noise) +
            " is out of range; expected 0..1 (a standard deviation in units of full scale)");
    }
    if (options.trainSize == 0 || options.testSize == 0) {
        throw Error("data.synthetic: " + std::to_string(options.trainSize) + " training and " +
                    std::to_string(options.testSize) + " test images; expected at least 1 of each");
    }
    std::vector<std::string> names;
    for (int k = 0; k < options.classes; ++k) {
        names.push_back("pattern " + std::to_string(k));
    }
    DatasetSplits splits;
    splits.name = "synthetic";
    splits.train = makeSplit(options, options.trainSize, options.seed * 2 + 1, "train", names);
    splits.test = makeSplit(options, options.testSize, options.seed * 2 + 2, "test", names);
    return splits;
}

}  // namespace noisynn
