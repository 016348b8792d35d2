#pragma once

#include "training/training_events.h"

#include <nlohmann/json.hpp>

#include <string>

namespace noisynn {

class RunDirectory;
class Trainer;

// How a recorded run ended.
struct RunOutcome {
    int epochsCompleted = 0;
    bool stopped = false;                  // a stop was requested before the last epoch ended
    std::size_t batchesIntoNextEpoch = 0;  // kept in the last checkpoint after a stop
    bool nothingToResume = false;          // resume found every epoch done
    nlohmann::json summary;                // what summary.json holds (runs/run_summary)
};

// Trains into a run directory, the way the CLI and the workbench both record runs: metrics.csv
// gets a row every train.log_every batches and one per epoch, checkpoints/last.pt after every
// epoch and best.pt when the validation accuracy improves, log.txt a line per epoch, and
// summary.json the outcome. Every event also goes on to `observer` (progress lines, the GUI's
// signals), on the thread that trains. A stop inside an epoch saves last.pt there, so that a
// resume continues at the next batch.
//
// The run is locked for this process first (RunDirectory::lockForTraining): a second process
// training it is refused. With `resume`, the run continues from checkpoints/last.pt; metrics.csv
// is read whole (a damaged row refuses the resume before anything changes), then the rows written
// after the checkpoint (a killed run's) are dropped. Whatever ends a run early is written to
// log.txt and summary.json before it is rethrown.
RunOutcome recordRun(Trainer& trainer, RunDirectory& run, bool resume, TrainingEvents& observer);

// "epoch 3  train loss 0.4 acc 0.8  val loss ... img/s  12.0 s  H(T;Z) a -> b (Delta S ...)":
// the line log.txt and the CLI print for an epoch.
std::string epochLine(const EpochMetrics& metrics);

}  // namespace noisynn
