#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace noisynn {

// `noisynn describe --preset NAME | --config FILE [--set key=value ...] [--json]`.
int runDescribe(const std::vector<std::string>& arguments, std::ostream& out);
// `noisynn presets`: the built-in presets, one per line with its backbone and noise.
int runPresets(std::ostream& out);

}  // namespace noisynn
