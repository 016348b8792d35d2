#include "cli/evaluation_options.h"

#include "error.h"

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

}  // namespace noisynn
