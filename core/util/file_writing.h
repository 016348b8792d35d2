#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>

namespace noisynn {

// Throws the failure a write deserves, so that every file the workbench writes fails the same way:
// a path that cannot be written (read-only, missing, not permitted) is bad input (Error, exit 2);
// a disk that is full, over quota or failing, or a failure the system gives no reason for (errno
// 0), is a failure while running (RunFailure, exit 1). The message reads
// "what (the system's reason); consequence".
[[noreturn]] void throwWriteFailure(int errorNumber, const std::string& what,
                                    const std::string& consequence = {});

// Writes the parts, one after another, to path + ".partial", syncs it to the disk and renames it
// into place, so that a failure (thrown as above, naming path) or a crash keeps the previous
// version whole and leaves no partial file.
void writeFileAtomically(const std::string& path, std::initializer_list<std::string_view> parts);
inline void writeFileAtomically(const std::string& path, std::string_view text) {
    writeFileAtomically(path, {text});
}

// Creates the folder and its parents; a failure is thrown as above, naming the folder and
// `expected`.
void makeFolders(const std::filesystem::path& folder, const std::string& expected);

}  // namespace noisynn
