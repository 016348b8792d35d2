#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace noisynn {

// noisynn export RUN_DIR: the features before and after the noise as NPY, and image grids.
int runExport(const std::vector<std::string>& arguments, std::ostream& out);

}  // namespace noisynn
