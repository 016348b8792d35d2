#pragma once

#include "util/did_you_mean.h"

#include <map>
#include <string>
#include <vector>

namespace noisynn {

struct OptionSpec {
    std::string name;  // without the leading "--"
    bool takesValue = false;
    std::string help;
    bool repeatable = false;  // --set may come many times; any other option once
};

// The arguments after a command's name: positional arguments and --options, each option checked
// against the command's list. "--name=value" and "--name value" both work; an option given twice
// keeps every value (for --set).
class CommandLine {
public:
    // Throws noisynn::Error for an unknown option (with a did-you-mean) or a missing value.
    CommandLine(const std::vector<std::string>& arguments, const std::vector<OptionSpec>& options);

    const std::vector<std::string>& positional() const { return m_positional; }
    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    std::string value(const std::string& name, const std::string& fallback = {}) const;
    std::vector<std::string> values(const std::string& name) const;
    // Throws noisynn::Error naming the option when the value is not a whole number in range.
    long long integer(const std::string& name, long long fallback, long long min,
                      long long max) const;
    double number(const std::string& name, double fallback, double min, double max) const;

private:
    std::vector<std::string> m_positional;
    std::map<std::string, std::vector<std::string>> m_values;
};

std::string optionHelp(const std::vector<OptionSpec>& options);

}  // namespace noisynn
