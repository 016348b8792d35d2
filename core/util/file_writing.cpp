#include "util/file_writing.h"

#include "error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace noisynn {

void throwWriteFailure(int errorNumber, const std::string& what, const std::string& consequence) {
    const std::string reason =
        errorNumber == 0 ? std::string("the system gave no reason") : std::strerror(errorNumber);
    const std::string full = what + " (" + reason + ")" + (consequence.empty() ? "" : "; ") +
                             consequence;
    switch (errorNumber) {
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
    case EIO:
        throw RunFailure(full);
    default:
        throw Error(full);
    }
}

void writeFileAtomically(const std::string& path, const std::string& text) {
    const std::string temporary = path + ".partial";
    std::error_code ignored;
    const std::string kept =
        std::filesystem::exists(path, ignored) ? "the previous version is kept" : "";
    errno = 0;
    std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
    stream << text;
    stream.flush();
    if (!stream) {
        const int error = errno;
        stream.close();
        std::remove(temporary.c_str());
        throwWriteFailure(error, path + ": cannot be written", kept);
    }
    stream.close();
    std::error_code failure;
    std::filesystem::rename(temporary, path, failure);
    if (failure) {
        std::remove(temporary.c_str());
        throwWriteFailure(failure.value(), path + ": cannot be put in place", kept);
    }
}

}  // namespace noisynn
