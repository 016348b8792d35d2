#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace noisynn {

// `noisynn train`, `noisynn resume RUN_DIR` and `noisynn eval RUN_DIR`. Return the exit code: 0,
// or 130 when Ctrl-C stopped training (the last completed epoch's checkpoint is kept).
int runTrain(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err);
int runResume(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err);
int runEval(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err);

}  // namespace noisynn
