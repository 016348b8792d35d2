#pragma once

#include "cli/command_line.h"
#include "config/run_config.h"

#include <vector>

namespace noisynn {

// --preset NAME | --config FILE, then every --set key=value in order: shared by the commands that
// take a run config.
const std::vector<OptionSpec>& configOptions();
RunConfig configFromCommandLine(const CommandLine& line);

}  // namespace noisynn
