#include "cli/describe_command.h"

#include "cli/config_options.h"
#include "error.h"
#include "models/model_description.h"
#include "runtime/compute_threads.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace noisynn {

int runDescribe(const std::vector<std::string>& arguments, std::ostream& out) {
    std::vector<OptionSpec> options = configOptions();
    options.push_back({"json", false, "print one JSON object"});
    options.push_back({"time", false, "also time training forward and backward passes"});
    options.push_back({"time-batch", true, "batch for --time (default train.batch_size)"});
    options.push_back({"time-steps", true, "timed steps for --time (default 5)"});
    options.push_back({"help", false, "show this help"});
    const CommandLine line(arguments, options);
    if (line.has("help")) {
        out << "usage: noisynn describe --preset NAME | --config FILE [--set key=value ...] "
               "[--json]\n"
            << optionHelp(options);
        return 0;
    }
    if (!line.positional().empty()) {
        throw Error("describe takes no positional arguments; found \"" + line.positional().front() +
                    "\"");
    }
    const RunConfig config = configFromCommandLine(line);
    applyComputeThreads(static_cast<int>(config.integer("train.threads")));
    const ModelDescription description = describeModel(config);
    nlohmann::json json = toJson(description);
    std::string text = toText(description);
    if (line.has("time")) {
        const auto batch = static_cast<int>(
            line.integer("time-batch", config.integer("train.batch_size"), 1, 1 << 16));
        const auto steps = static_cast<int>(line.integer("time-steps", 5, 1, 100000));
        const ModelTiming timing = timeModel(config, batch, steps);
        json["timing"] = {{"batch", timing.batch},
                          {"steps", timing.steps},
                          {"threads", timing.threads},
                          {"forward_ms_per_image", timing.forwardMsPerImage},
                          {"backward_ms_per_image", timing.backwardMsPerImage}};
        char row[200];
        std::snprintf(row, sizeof row,
                      "training     forward %.3f ms + backward %.3f ms per image (batch %d, %d "
                      "steps, %d threads)\n",
                      timing.forwardMsPerImage, timing.backwardMsPerImage, timing.batch,
                      timing.steps, timing.threads);
        text += row;
    }
    if (line.has("json")) {
        out << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        out << text;
    }
    return 0;
}

int runPresets(std::ostream& out) {
    for (const auto& name : presetNames()) {
        const RunConfig config = presetConfig(name);
        out << name << "\t" << config.text("model.backbone") << " on "
            << config.text("data.dataset") << ", noise " << config.text("noise.type") << "\n";
    }
    return 0;
}

}  // namespace noisynn
