#include "util/file_writing.h"

#include "error.h"
#include "util/checked_file_sink.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace noisynn {

void throwWriteFailure(int errorNumber, const std::string& what, const std::string& consequence) {
    const std::string reason =
        errorNumber == 0 ? std::string("the system gave no reason") : std::strerror(errorNumber);
    const std::string full =
        what + " (" + reason + ")" + (consequence.empty() ? "" : "; ") + consequence;
    switch (errorNumber) {
    case 0:
    case ENOSPC:
    case EDQUOT:
    case EFBIG:
    case EIO:
        throw RunFailure(full);
    default:
        throw Error(full);
    }
}

void writeFileAtomically(const std::string& path, std::initializer_list<std::string_view> parts) {
    const std::string temporary = path + ".partial";
    std::error_code ignored;
    const std::string kept =
        std::filesystem::exists(path, ignored) ? "the previous version is kept" : "";
    int error = 0;
    {
        CheckedFileSink sink(temporary);
        for (std::string_view part : parts) {
            sink.write(part.data(), part.size());
        }
        error = sink.finish();
    }
    if (error != 0) {
        std::remove(temporary.c_str());
        throwWriteFailure(error, path + ": cannot be written", kept);
    }
    std::error_code failure;
    std::filesystem::rename(temporary, path, failure);
    if (failure) {
        std::remove(temporary.c_str());
        throwWriteFailure(failure.value(), path + ": cannot be put in place", kept);
    }
}

void makeFolders(const std::filesystem::path& folder, const std::string& expected) {
    std::error_code failure;
    std::filesystem::create_directories(folder, failure);
    if (failure) {
        throwWriteFailure(failure.value(), folder.string() + ": cannot be made", expected);
    }
}

}  // namespace noisynn
