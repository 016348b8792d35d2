#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace noisynn {

// A run's config: every key of the schema (config_schema.h), the user's values over the defaults,
// each validated. Errors are noisynn::Error naming the key, what was found and what is allowed.
class RunConfig {
public:
    RunConfig();  // every default

    // A nested JSON object as written in config.json or a preset. `origin` (a file name) prefixes
    // the messages. Unknown keys are refused with a did-you-mean.
    static RunConfig fromJson(const nlohmann::json& document, const std::string& origin);
    static RunConfig fromFile(const std::string& path);

    // "noise.strength=0.2": the value is read as JSON when it parses (numbers, true, "text"),
    // otherwise as text.
    void apply(const std::string& assignment);
    void set(const std::string& key, const nlohmann::json& value);

    std::string text(const std::string& key) const;
    long long integer(const std::string& key) const;
    double number(const std::string& key) const;
    bool flag(const std::string& key) const;

    // Nested, every key present: what config.json holds and `describe --json` prints.
    nlohmann::json toJson() const;

private:
    const nlohmann::json& value(const std::string& key) const;
    std::string m_origin;
    std::map<std::string, nlohmann::json> m_values;
};

std::vector<std::string> presetNames();
// A built-in preset (resources/presets/NAME.json, compiled in); Error with the list when unknown.
RunConfig presetConfig(const std::string& name);

}  // namespace noisynn
