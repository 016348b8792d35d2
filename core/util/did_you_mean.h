#pragma once

#include <string>
#include <vector>

namespace noisynn {

// The candidate closest to `word` by edit distance, or empty when none is close enough to suggest.
std::string closestMatch(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace noisynn
