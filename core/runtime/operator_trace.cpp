#include "runtime/operator_trace.h"

#include "util/file_writing.h"

#include <torch/csrc/autograd/profiler_legacy.h>

#include <sstream>

namespace noisynn {

struct OperatorTrace::Recording {
    std::ostringstream events;
    std::unique_ptr<torch::autograd::profiler::RecordProfile> profile =
        std::make_unique<torch::autograd::profiler::RecordProfile>(events);
};

OperatorTrace::OperatorTrace(std::string path) : m_path(std::move(path)) {
    writeFileAtomically(m_path, "[]\n");  // a path that cannot be written fails here, not later
}

void OperatorTrace::start() {
    if (!m_recording) {
        m_recording = std::make_unique<Recording>();
    }
}

OperatorTrace::~OperatorTrace() = default;

std::size_t OperatorTrace::finish() {
    if (!m_recording) {
        return 0;
    }
    m_recording->profile.reset();  // stops recording and writes the events to the stream
    const std::string trace = m_recording->events.str();
    m_recording.reset();
    writeFileAtomically(m_path, trace);
    // One "ph": "X" entry per operator call.
    std::size_t events = 0;
    for (auto at = trace.find("\"ph\": \"X\""); at != std::string::npos;
         at = trace.find("\"ph\": \"X\"", at + 1)) {
        ++events;
    }
    return events;
}

}  // namespace noisynn
