#include "cli/evaluation_options.h"

#include "error.h"
#include "runs/run_directory.h"

#include <filesystem>

namespace noisynn {

std::vector<OptionSpec> evaluationOptions() {
    return {{"checkpoint", true, "best or last (default best)"},
            {"eval-order", true, "sorted, shuffled or single (default: the run's eval.order)"},
            {"eval-batch", true, "evaluation batch size (default: the run's eval.batch_size)"}};
}

EvaluationChoice evaluationChoice(const CommandLine& line, const RunConfig& config) {
    EvaluationChoice choice;
    choice.checkpoint = line.value("checkpoint", "best");
    if (choice.checkpoint != "best" && choice.checkpoint != "last") {
        throw Error("option --checkpoint: \"" + choice.checkpoint + "\"; expected best or last");
    }
    choice.order =
        parseSampleOrder(line.value("eval-order", config.text("eval.order")), "--eval-order");
    const auto batch = line.integer("eval-batch", config.integer("eval.batch_size"), 1, 1 << 20);
    choice.batch = choice.order == SampleOrder::Single ? 1 : static_cast<std::size_t>(batch);
    return choice;
}

std::string chosenCheckpoint(const RunDirectory& run, const std::string& which) {
    const std::string path = run.checkpointPath(which);
    if (which == "best" && !std::filesystem::exists(path) &&
        std::filesystem::exists(run.checkpointPath("last"))) {
        throw Error(path + ": no best checkpoint (no epoch of this run has completed, or it was "
                    "deleted); expected --checkpoint last, which the run has");
    }
    return path;
}

}  // namespace noisynn
