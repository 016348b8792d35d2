#pragma once

#include "data/image.h"

#include <string>

namespace noisynn {

class RunConfig;

// The network's shape, settled from the config and the data set (LibTorch-free, so that the CLI
// and the GUI can read it without the model).
struct ModelSpec {
    std::string backbone = "small-cnn";
    int imageSize = 28;
    int channels = 1;
    int classes = 10;
    int patch = 16;
    int width = 192;
    int depth = 12;
    int heads = 3;
    double mlpRatio = 4.0;
    std::string stem = "auto";
};

// model.image_size, model.channels and model.classes of 0 take the data set's values. Throws
// noisynn::Error naming the key when a set channel count differs from the data's or a set class
// count is below it (data values of 0: the data set was not opened, nothing to check).
ModelSpec modelSpecFrom(const RunConfig& config, const ImageShape& dataShape, int dataClasses);

// True when the config leaves one of the three to the data set.
bool modelNeedsDataShape(const RunConfig& config);

}  // namespace noisynn
