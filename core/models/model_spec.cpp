#include "models/model_spec.h"

#include "config/run_config.h"

namespace noisynn {

ModelSpec modelSpecFrom(const RunConfig& config, const ImageShape& dataShape, int dataClasses) {
    ModelSpec spec;
    spec.backbone = config.text("model.backbone");
    const auto size = static_cast<int>(config.integer("model.image_size"));
    const auto channels = static_cast<int>(config.integer("model.channels"));
    const auto classes = static_cast<int>(config.integer("model.classes"));
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
