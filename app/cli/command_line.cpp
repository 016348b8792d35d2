#include "cli/command_line.h"

#include "error.h"
#include "util/did_you_mean.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace noisynn {
CommandLine::CommandLine(const std::vector<std::string>& arguments,
                         const std::vector<OptionSpec>& options) {
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& argument = arguments[i];
        if (argument.size() < 3 || argument.compare(0, 2, "--") != 0) {
            m_positional.push_back(argument);
            continue;
        }
        std::string name = argument.substr(2);
        std::string inlineValue;
        const bool hasInline = name.find('=') != std::string::npos;
        if (hasInline) {
            inlineValue = name.substr(name.find('=') + 1);
            name = name.substr(0, name.find('='));
        }
        const auto spec = std::find_if(options.begin(), options.end(),
                                       [&](const OptionSpec& o) { return o.name == name; });
        if (spec == options.end()) {
            std::vector<std::string> names;
            for (const auto& option : options)
                names.push_back(option.name);
            const std::string suggestion = closestMatch(name, names);
            throw Error("unknown option --" + name +
                        (suggestion.empty() ? "" : "; did you mean --" + suggestion + "?"));
        }
        if (m_values.count(name) && !spec->repeatable) {
            // The later one silently winning would hide a mistake (two --preset).
            throw Error("option --" + name + " is given twice; expected it once");
        }
        if (!spec->takesValue) {
            if (hasInline) {
                throw Error("option --" + name + " takes no value; found \"" + inlineValue + "\"");
            }
            m_values[name].push_back("true");
            continue;
        }
        if (hasInline) {
            m_values[name].push_back(inlineValue);
        } else if (i + 1 < arguments.size()) {
            m_values[name].push_back(arguments[++i]);
        } else {
            throw Error("option --" + name + " needs a value");
        }
    }
}

std::string CommandLine::value(const std::string& name, const std::string& fallback) const {
    const auto found = m_values.find(name);
    return found == m_values.end() ? fallback : found->second.back();
}

std::vector<std::string> CommandLine::values(const std::string& name) const {
    const auto found = m_values.find(name);
    return found == m_values.end() ? std::vector<std::string>{} : found->second;
}

long long CommandLine::integer(const std::string& name, long long fallback, long long min,
                               long long max) const {
    if (!has(name))
        return fallback;
    const std::string text = value(name);
    char* end = nullptr;
    const long long parsed = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || parsed < min || parsed > max) {
        throw Error("option --" + name + ": \"" + text + "\" is not a whole number in " +
                    std::to_string(min) + ".." + std::to_string(max));
    }
    return parsed;
}

double CommandLine::number(const std::string& name, double fallback, double min, double max) const {
    if (!has(name))
        return fallback;
    const std::string text = value(name);
    char* end = nullptr;
    const double parsed = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(parsed >= min && parsed <= max)) {
        std::ostringstream range;
        range << min << ".." << max;
        throw Error("option --" + name + ": \"" + text + "\" is not a number in " + range.str());
    }
    return parsed;
}

std::string optionHelp(const std::vector<OptionSpec>& options) {
    std::ostringstream out;
    for (const auto& option : options) {
        std::string left = "  --" + option.name + (option.takesValue ? " VALUE" : "");
        left.resize(std::max<std::size_t>(left.size() + 2, 26), ' ');
        out << left << option.help << "\n";
    }
    return out.str();
}

}  // namespace noisynn
