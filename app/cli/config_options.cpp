#include "cli/config_options.h"

#include "error.h"

namespace noisynn {

const std::vector<OptionSpec>& configOptions() {
    static const std::vector<OptionSpec> options = {
        {"preset", true, "a built-in preset (see `noisynn presets`)"},
        {"config", true, "a config JSON file"},
        {"set", true, "override one key, e.g. --set noise.strength=0.2 (repeatable)", true},
    };
    return options;
}

RunConfig configFromCommandLine(const CommandLine& line) {
    if (line.has("preset") && line.has("config")) {
        throw Error("--preset and --config both given; expected one of them");
    }
    RunConfig config = line.has("preset")   ? presetConfig(line.value("preset"))
                       : line.has("config") ? RunConfig::fromFile(line.value("config"))
                                            : RunConfig();
    for (const auto& assignment : line.values("set")) {
        config.apply(assignment);
    }
    return config;
}

}  // namespace noisynn
