#pragma once

#include <string>
#include <utility>
#include <vector>

namespace noisynn {

// resources/presets/*.json, compiled into the library at build time (name, JSON text), so that the
// CLI on a server needs no data files beside it.
const std::vector<std::pair<std::string, std::string>>& builtinPresets();

}  // namespace noisynn
