#pragma once

#include "runs/run_directory.h"

#include <optional>
#include <string>
#include <vector>

namespace noisynn {

// Reads a run's metrics.csv back, for the workbench's plots of a finished run. Any version's
// header is accepted (older files lack the entropy columns); empty cells read as NaN. A last line
// cut short by a kill is skipped, as a resume would drop it. Throws noisynn::Error naming the
// file and line for a row that is not a metrics row.
std::vector<MetricsRow> readMetricsFile(const std::string& path);

// The header line of metrics.csv, newline included, and one row as a line of it: an empty cell for
// every figure that does not exist (NaN): a batch row's validation figures, epoch 0's training
// ones, an epoch row's learning rate, entropy figures that were not estimated.
const std::string& metricsHeader();
std::string metricsLine(const MetricsRow& row);

// The best validation accuracy of the epoch rows up to `lastEpoch`, -1 when there is none: where
// a resumed run's best checkpoint stands.
double bestValidationAccuracy(const std::vector<MetricsRow>& rows, int lastEpoch);

// The epoch row of `epoch` (the last one, should a file hold two); empty when there is none.
std::optional<MetricsRow> epochRow(const std::vector<MetricsRow>& rows, int epoch);

}  // namespace noisynn
