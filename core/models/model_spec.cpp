#include "models/model_spec.h"

#include "config/run_config.h"
#include "error.h"

#include <string>

namespace noisynn {

ModelSpec modelSpecFrom(const RunConfig& config, const ImageShape& dataShape, int dataClasses) {
    ModelSpec spec;
    spec.backbone = config.text("model.backbone");
    const auto size = static_cast<int>(config.integer("model.image_size"));
    const auto channels = static_cast<int>(config.integer("model.channels"));
    const auto classes = static_cast<int>(config.integer("model.classes"));
    // An explicit channel or class count must fit the data (0 means not known: not opened).
    if (channels > 0 && dataShape.channels > 0 && channels != dataShape.channels) {
        throw Error("model.channels: " + std::to_string(channels) + ", but the data set's images " +
                    "have " + std::to_string(dataShape.channels) + "; expected 0 (the data " +
                    "set's) or " + std::to_string(dataShape.channels));
    }
    if (classes > 0 && dataClasses > 0 && classes < dataClasses) {
        throw Error("model.classes: " + std::to_string(classes) + ", but the data set has " +
                    std::to_string(dataClasses) + " classes; expected 0 (the data set's) or at " +
                    "least " + std::to_string(dataClasses));
    }
    spec.imageSize = size > 0 ? size : dataShape.height;
    spec.channels = channels > 0 ? channels : dataShape.channels;
    spec.classes = classes > 0 ? classes : dataClasses;
    spec.patch = static_cast<int>(config.integer("model.patch"));
    spec.width = static_cast<int>(config.integer("model.width"));
    spec.depth = static_cast<int>(config.integer("model.depth"));
    spec.heads = static_cast<int>(config.integer("model.heads"));
    spec.mlpRatio = config.number("model.mlp_ratio");
    spec.stem = config.text("model.stem");
    return spec;
}

bool modelNeedsDataShape(const RunConfig& config) {
    return config.integer("model.image_size") == 0 || config.integer("model.channels") == 0 ||
           config.integer("model.classes") == 0;
}

}  // namespace noisynn
