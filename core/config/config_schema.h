#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace noisynn {

// One key of a run's config: its dotted name, what it holds and its default. The schema is the
// contract that scripts and the GUI rely on; every key a config file or --set names must be here.
struct ConfigKey {
    enum class Kind { Integer, Number, Boolean, String, Choice };
    std::string name;  // "noise.strength"
    Kind kind = Kind::String;
    nlohmann::json defaultValue;
    std::string help;
    std::vector<std::string> choices;  // Choice: the allowed values
    double min = 0.0;                  // Integer and Number: the allowed range
    double max = 0.0;
};

constexpr int kConfigSchemaVersion = 1;

const std::vector<ConfigKey>& configSchema();
const ConfigKey* findConfigKey(const std::string& name);

}  // namespace noisynn
