#pragma once

#include <string>
#include <vector>

namespace noisynn {

// A run's class names, label by label, in RUN/classes.json (a JSON array of strings), so that a
// run opened from disk shows "Dress", not "class 3", without opening its data set again.
void writeClassNames(const std::string& runPath, const std::vector<std::string>& names);
// Empty for a run made before the file existed; throws noisynn::Error naming the file when it is
// there but is not an array of strings.
std::vector<std::string> readClassNames(const std::string& runPath);

}  // namespace noisynn
