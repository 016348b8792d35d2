#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace noisynn {

// noisynn bench: training and evaluation speed of a config, the step split by phase.
int runBench(const std::vector<std::string>& arguments, std::ostream& out);

}  // namespace noisynn
