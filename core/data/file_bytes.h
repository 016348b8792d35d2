#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace noisynn {

// The whole file, or noisynn::Error naming it when it is missing or unreadable.
std::vector<std::uint8_t> readFileBytes(const std::string& path);

// Non-empty lines with surrounding white space removed (class-name files).
std::vector<std::string> readNonEmptyLines(const std::string& path);

}  // namespace noisynn
