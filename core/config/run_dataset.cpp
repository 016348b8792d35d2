#include "config/run_dataset.h"

namespace noisynn {

DatasetRequest datasetRequestFrom(const RunConfig& config) {
    DatasetRequest request;
    request.source = config.text("data.dataset");
    request.root = config.text("data.root");
    request.imageFolder.valFraction = config.number("data.val_fraction");
    request.imageFolder.seed = static_cast<std::uint64_t>(config.integer("train.seed"));
    return request;
}

}  // namespace noisynn
