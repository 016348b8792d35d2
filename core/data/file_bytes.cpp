#include "data/file_bytes.h"

#include "error.h"

#include <filesystem>
#include <fstream>

namespace noisynn {

std::vector<std::uint8_t> readFileBytes(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        throw Error(path + ": file not found");
    }
    std::ifstream stream(path, std::ios::binary);
    if (!stream) {
        throw Error(path + ": cannot be opened (permissions?)");
    }
    const auto size = std::filesystem::file_size(path, error);
    if (error) {
        throw Error(path + ": cannot be read: " + error.message());
    }
    std::vector<std::uint8_t> bytes(size);
    if (!stream.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
        throw Error(path + ": cannot be read: the file ended after " +
                    std::to_string(stream.gcount()) + " of " + std::to_string(size) + " bytes");
    }
    return bytes;
}

std::vector<std::string> readNonEmptyLines(const std::string& path) {
    std::ifstream stream(path);
    if (!stream) {
        throw Error(path + ": cannot be opened");
    }
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(stream, line)) {
        const auto first = line.find_first_not_of(" \t\r\n");
        if (first == std::string::npos) {
            continue;
        }
        const auto last = line.find_last_not_of(" \t\r\n");
        lines.push_back(line.substr(first, last - first + 1));
    }
    return lines;
}

}  // namespace noisynn
