#pragma once

#include <memory>
#include <string>

namespace noisynn {

// Records every LibTorch operator the thread that calls start() runs, with its time, until finish()
// writes them to a file as a Chrome trace (open it in ui.perfetto.dev or chrome://tracing). It is
// how a researcher sees where a step's time goes, operator by operator; recording slows the
// operators it records a little.
class OperatorTrace {
public:
    // Checks at once that the file can be written, so that a bad path fails before the work it
    // would have traced; throws as writeFileAtomically does, naming the file.
    explicit OperatorTrace(std::string path);
    ~OperatorTrace();
    OperatorTrace(const OperatorTrace&) = delete;
    OperatorTrace& operator=(const OperatorTrace&) = delete;

    // Begins recording on the calling thread (LibTorch's profiler state is per thread).
    void start();
    // Stops recording and writes the file; returns how many operator calls it holds.
    std::size_t finish();

private:
    struct Recording;
    std::string m_path;
    std::unique_ptr<Recording> m_recording;
};

}  // namespace noisynn
