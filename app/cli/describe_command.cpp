#include "cli/describe_command.h"

#include "cli/config_options.h"
#include "error.h"
#include "models/model_description.h"

#include <nlohmann/json.hpp>

namespace noisynn {

int runDescribe(const std::vector<std::string>& arguments, std::ostream& out) {
    std::vector<OptionSpec> options = configOptions();
    options.push_back({"json", false, "print one JSON object"});
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
    const ModelDescription description = describeModel(configFromCommandLine(line));
    if (line.has("json")) {
        out << toJson(description).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
    } else {
        out << toText(description);
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
