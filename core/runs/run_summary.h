#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>

namespace noisynn {

class RunDirectory;

// What summary.json and `--json` report of a run: run_dir, epochs_completed, interrupted,
// batches_into_next_epoch, and the last completed epoch's val_accuracy, val_loss,
// train_images_per_second and task-entropy figures, read from metrics.csv so that a resume that
// ends no epoch of its own still reports the run's; null where no epoch ended or nothing was
// estimated.
nlohmann::json runSummary(const RunDirectory& run, int epochsCompleted, bool interrupted,
                          std::size_t batchesIntoNextEpoch);

}  // namespace noisynn
