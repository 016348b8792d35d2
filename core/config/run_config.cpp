#include "config/run_config.h"

#include "config/builtin_presets.h"
#include "config/config_schema.h"
#include "error.h"
#include "util/did_you_mean.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace noisynn {
namespace {

std::string describeValue(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "" : separator) + item;
    }
    return text;
}

std::string rangeText(const ConfigKey& key) {
    std::ostringstream out;
    if (key.kind == ConfigKey::Kind::Integer) {
        // Whole numbers in full: 1..1048576, not 1..1.04858e+06.
        out << static_cast<long long>(key.min) << ".." << static_cast<long long>(key.max);
    } else {
        out << key.min << ".." << key.max;
    }
    return out.str();
}

// train.device is text in the schema, with a grammar of its own: auto, cpu, cuda or cuda:N.
bool isDeviceSetting(const std::string& text) {
    if (text == "auto" || text == "cpu" || text == "cuda") {
        return true;
    }
    return text.size() > 5 && text.size() <= 9 && text.rfind("cuda:", 0) == 0 &&
           std::all_of(text.begin() + 5, text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The value as the schema wants it, or Error naming the key, the value and what is allowed.
nlohmann::json validated(const ConfigKey& key, const nlohmann::json& value,
                         const std::string& where) {
    const std::string prefix = where + key.name + ": " + describeValue(value);
    switch (key.kind) {
        case ConfigKey::Kind::Integer: {
            const bool integral =
                value.is_number_integer() ||
                (value.is_number_float() && std::floor(value.get<double>()) == value.get<double>());
            if (!integral) {
                throw Error(prefix + " is not a whole number; expected " + rangeText(key));
            }
            const double number = value.get<double>();
            if (number < key.min || number > key.max) {
                throw Error(prefix + " is out of range; expected " + rangeText(key));
            }
            return static_cast<long long>(number);
        }
        case ConfigKey::Kind::Number: {
            if (!value.is_number() || !std::isfinite(value.get<double>())) {
                throw Error(prefix + " is not a number; expected " + rangeText(key));
            }
            const double number = value.get<double>();
            if (number < key.min || number > key.max) {
                throw Error(prefix + " is out of range; expected " + rangeText(key));
            }
            return number;
        }
        case ConfigKey::Kind::Boolean:
            if (!value.is_boolean()) {
                throw Error(prefix + " is not true or false");
            }
            return value;
        case ConfigKey::Kind::String:
            if (value.is_string() && key.name == "train.device" &&
                !isDeviceSetting(value.get<std::string>())) {
                throw Error(prefix + " is not a device; expected auto, cpu, cuda or cuda:N");
            }
            if (value.is_string()) {
                return value;
            }
            if (value.is_number()) {
                return describeValue(value);  // noise.layer = -1 or 4.2 written as a number
            }
            throw Error(prefix + " is not text");
        case ConfigKey::Kind::Choice: {
            if (value.is_string()) {
                const auto text = value.get<std::string>();
                for (const auto& allowed : key.choices) {
                    if (allowed == text) {
                        return value;
                    }
                }
            }
            throw Error(prefix + " is not allowed; expected one of " + joined(key.choices, ", "));
        }
    }
    return value;
}

std::vector<std::string> schemaNames() {
    std::vector<std::string> names;
    for (const auto& key : configSchema()) {
        names.push_back(key.name);
    }
    return names;
}

const ConfigKey& requireKey(const std::string& name, const std::string& where) {
    if (const ConfigKey* key = findConfigKey(name)) {
        return *key;
    }
    // A section given a value ({"train": 3}) is a misplaced value, not a misspelt key.
    for (const auto& known : schemaNames()) {
        if (known.compare(0, name.size() + 1, name + ".") == 0) {
            throw Error(where + name + ": a section of keys such as " + known +
                        "; expected an object of them, not a single value");
        }
    }
    const std::string suggestion = closestMatch(name, schemaNames());
    throw Error(where + name + ": unknown config key" +
                (suggestion.empty() ? "" : "; did you mean " + suggestion + "?"));
}

void flatten(const nlohmann::json& object, const std::string& prefix,
             std::vector<std::pair<std::string, nlohmann::json>>& out) {
    for (auto item = object.begin(); item != object.end(); ++item) {
        const std::string name = prefix.empty() ? item.key() : prefix + "." + item.key();
        if (item->is_object()) {
            flatten(*item, name, out);
        } else {
            out.emplace_back(name, *item);
        }
    }
}

}  // namespace

RunConfig::RunConfig() {
    for (const auto& key : configSchema()) {
        m_values[key.name] = key.defaultValue;
    }
}

RunConfig RunConfig::fromJson(const nlohmann::json& document, const std::string& origin) {
    RunConfig config;
    config.m_origin = origin;
    if (!document.is_object()) {
        throw Error(origin + ": a config is a JSON object; found " +
                    std::string(document.type_name()));
    }
    std::vector<std::pair<std::string, nlohmann::json>> values;
    flatten(document, "", values);
    for (const auto& [name, value] : values) {
        config.set(name, value);
    }
    return config;
}

RunConfig RunConfig::fromFile(const std::string& path) {
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored)) {
        throw Error(path + ": a folder; expected a config file (JSON)");
    }
    std::ifstream stream(path);
    if (!stream) {
        throw Error(path + ": config file not found or unreadable");
    }
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(stream);
    } catch (const nlohmann::json::exception& error) {
        // A syntax error, or a number too large for a double (1e400).
        throw Error(path + ": not valid JSON: " + error.what());
    } catch (const std::exception& error) {
        throw Error(path + ": cannot be read (" + error.what() + ")");
    }
    return fromJson(document, path);
}

void RunConfig::apply(const std::string& assignment) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0) {
        throw Error("--set " + assignment + ": expected key=value, e.g. noise.strength=0.2");
    }
    const std::string name = assignment.substr(0, equals);
    const std::string text = assignment.substr(equals + 1);
    const ConfigKey& key = requireKey(name, "--set ");
    nlohmann::json value;
    if (key.kind == ConfigKey::Kind::String || key.kind == ConfigKey::Kind::Choice) {
        value = text;  // "4.2" stays the layer "4.2", not a number
    } else {
        value = nlohmann::json::parse(text, nullptr, false);
        if (value.is_discarded()) {
            value = text;
        }
    }
    const std::string saved = m_origin;
    m_origin = "--set ";
    try {
        set(name, value);
    } catch (...) {
        m_origin = saved;
        throw;
    }
    m_origin = saved;
}

void RunConfig::set(const std::string& name, const nlohmann::json& value) {
    const std::string where = m_origin.empty() || m_origin == "--set " ? m_origin : m_origin + ": ";
    const ConfigKey& key = requireKey(name, where);
    m_values[name] = validated(key, value, where);
}

const nlohmann::json& RunConfig::value(const std::string& key) const {
    const auto found = m_values.find(key);
    if (found == m_values.end()) {
        throw Error(key + ": not a config key (a program error: the schema lacks it)");
    }
    return found->second;
}

std::string RunConfig::text(const std::string& key) const {
    return value(key).get<std::string>();
}
long long RunConfig::integer(const std::string& key) const {
    return value(key).get<long long>();
}
double RunConfig::number(const std::string& key) const {
    return value(key).get<double>();
}
bool RunConfig::flag(const std::string& key) const {
    return value(key).get<bool>();
}

nlohmann::json RunConfig::toJson() const {
    nlohmann::json nested = nlohmann::json::object();
    for (const auto& key : configSchema()) {
        std::string pointer = "/" + key.name;  // "noise.image.type" -> "/noise/image/type"
        std::replace(pointer.begin(), pointer.end(), '.', '/');
        nested[nlohmann::json::json_pointer(pointer)] = m_values.at(key.name);
    }
    return nested;
}

std::vector<std::string> presetNames() {
    std::vector<std::string> names;
    for (const auto& [name, text] : builtinPresets()) {
        names.push_back(name);
    }
    return names;
}

RunConfig presetConfig(const std::string& name) {
    for (const auto& [presetName, text] : builtinPresets()) {
        if (presetName == name) {
            return RunConfig::fromJson(nlohmann::json::parse(text), "preset " + name);
        }
    }
    const std::string suggestion = closestMatch(name, presetNames());
    throw Error("preset \"" + name + "\" does not exist" +
                (suggestion.empty() ? "" : "; did you mean " + suggestion + "?") +
                " Presets: " + joined(presetNames(), ", "));
}

}  // namespace noisynn
