#pragma once

#include "cli/command_line.h"
#include "config/run_config.h"
#include "data/sample_order.h"

#include <string>
#include <vector>

namespace noisynn {

class RunDirectory;

// How `eval` and `export` evaluate a run's checkpoint: which one, in what order and batch size.
struct EvaluationChoice {
    std::string checkpoint;  // "best" or "last"
    SampleOrder order;
    std::size_t batch;  // 1 for SampleOrder::Single
};

// --checkpoint, --eval-order and --eval-batch.
std::vector<OptionSpec> evaluationOptions();
// The options given, the run's eval.order and eval.batch_size otherwise. Throws noisynn::Error
// naming the option for a value it cannot take.
EvaluationChoice evaluationChoice(const CommandLine& line, const RunConfig& config);
// The path of the run's `which` checkpoint. Throws noisynn::Error pointing to --checkpoint last
// when best.pt is missing because no epoch completed but a stop saved last.pt.
std::string chosenCheckpoint(const RunDirectory& run, const std::string& which);

}  // namespace noisynn
