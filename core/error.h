#pragma once

#include <stdexcept>
#include <string>

namespace noisynn {

// Raised for bad input (files, config keys, command-line values). Its message names the file or
// key, what was found and what was expected, so callers can show it to the user unchanged.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace noisynn
