#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace noisynn {

// Runs one `noisynn` command line (without the program name) and returns the exit code: 0 success,
// 2 bad usage, config or input, 1 a failure while running. Messages go to err, results to out.
int runCli(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err);

}  // namespace noisynn
