#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace noisynn {

// noisynn entropy --embeddings Z.npy --labels Y.npy: the Gaussian task-entropy estimate of any
// pair of NPY files.
int runEntropy(const std::vector<std::string>& arguments, std::ostream& out);

}  // namespace noisynn
