#include "runs/class_names_file.h"

#include "error.h"
#include "util/file_writing.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace noisynn {
namespace {

std::string classNamesPath(const std::string& runPath) {
    return (std::filesystem::path(runPath) / "classes.json").string();
}

}  // namespace

void writeClassNames(const std::string& runPath, const std::vector<std::string>& names) {
    writeFileAtomically(classNamesPath(runPath), nlohmann::json(names).dump(2) + "\n");
}

std::vector<std::string> readClassNames(const std::string& runPath) {
    const std::string path = classNamesPath(runPath);
    std::error_code missing;
    if (!std::filesystem::exists(path, missing)) {
        return {};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(path + ": cannot be read");
    }
    const nlohmann::json names = nlohmann::json::parse(in, nullptr, false);
    const std::string expected =
        "; expected a JSON array of class names, e.g. [\"T-shirt/top\", \"Trouser\"]";
    if (!names.is_array()) {
        throw Error(path + ": not a JSON array (found " +
                    (names.is_discarded() ? std::string("text that is not JSON")
                                          : std::string(names.type_name())) +
                    ")" + expected);
    }
    for (std::size_t label = 0; label < names.size(); ++label) {
        if (!names[label].is_string()) {
            throw Error(path + ": entry " + std::to_string(label) + " is a " +
                        names[label].type_name() + ", not a name" + expected);
        }
    }
    return names.get<std::vector<std::string>>();
}

}  // namespace noisynn
