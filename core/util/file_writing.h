#pragma once

#include <string>

namespace noisynn {

// Throws the failure a write deserves, so that every file the workbench writes exits the same way:
// a disk that is full, over quota or failing is a failure while running (RunFailure, exit 1); a
// path that cannot be written (read-only, missing, not permitted) is bad input (Error, exit 2).
// The message reads "what (the system's reason); consequence".
[[noreturn]] void throwWriteFailure(int errorNumber, const std::string& what,
                                    const std::string& consequence = {});

// Writes text (or any bytes) to a temporary file beside path and renames it into place, so that a failure keeps
// the previous version whole.
void writeFileAtomically(const std::string& path, const std::string& text);

}  // namespace noisynn
