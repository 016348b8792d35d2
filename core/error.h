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

// A failure while running that no input change names (a loss that became NaN, a device that
// failed): the CLI exits 1 for these, and 2 for noisynn::Error.
class RunFailure : public std::runtime_error {
public:
    explicit RunFailure(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace noisynn
