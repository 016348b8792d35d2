#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace noisynn {

// `noisynn data inspect NAME|PATH [--json] ...`. Returns the exit code; throws noisynn::Error for
// bad usage or input.
int runDataInspect(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err);

// `noisynn data bench NAME|PATH [--batch-size N] [--workers N] [--batches N] [--json]`: training
// batches per second through the loader, with the augmentations training uses.
int runDataBench(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err);

// The usage of `data inspect` or `data bench`, with that command's options.
std::string dataCommandUsage(const std::string& command = "inspect");

}  // namespace noisynn
