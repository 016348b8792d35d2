#pragma once

#include "config/run_config.h"
#include "data/dataset_catalog.h"

namespace noisynn {

// The data set a run's config names: data.dataset, data.root, and for image folders
// data.val_fraction with train.seed for the split.
DatasetRequest datasetRequestFrom(const RunConfig& config);

}  // namespace noisynn
