#include "runs/run_summary.h"

#include "error.h"
#include "runs/metrics_file.h"
#include "runs/run_directory.h"

#include <cmath>
#include <optional>

namespace noisynn {

nlohmann::json runSummary(const RunDirectory& run, int epochsCompleted, bool interrupted,
                          std::size_t batchesIntoNextEpoch) {
    std::optional<MetricsRow> row;
    try {
        row = epochRow(readMetricsFile(run.path() + "/metrics.csv"), epochsCompleted);
    } catch (const Error&) {
        // A metrics file that cannot be read leaves the figures null; the run itself stands.
    }
    const auto figure = [&row](double MetricsRow::*field) {
        return row && std::isfinite((*row).*field) ? nlohmann::json((*row).*field)
                                                   : nlohmann::json(nullptr);
    };
    return {{"run_dir", run.path()},
            {"epochs_completed", epochsCompleted},
            {"interrupted", interrupted},
            {"batches_into_next_epoch", batchesIntoNextEpoch},
            {"val_accuracy", figure(&MetricsRow::valAccuracy)},
            {"val_loss", figure(&MetricsRow::valLoss)},
            {"train_images_per_second", figure(&MetricsRow::imagesPerSecond)},
            {"task_entropy_before", figure(&MetricsRow::taskEntropyBefore)},
            {"task_entropy_after", figure(&MetricsRow::taskEntropyAfter)},
            {"delta_s_estimated", figure(&MetricsRow::deltaSEstimated)},
            {"delta_s_theory", figure(&MetricsRow::deltaSTheory)}};
}

}  // namespace noisynn
