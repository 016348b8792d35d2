#pragma once

#include "cli/progress_line.h"

#include <cstddef>
#include <ostream>
#include <string>

namespace noisynn {

// Reports a task that goes through a known number of images (an evaluation, an export, a
// benchmark): a bar with an ETA when stdout is a terminal, a plain line at each quarter otherwise,
// nothing when quiet (--json, whose output must stay one JSON object).
class TaskProgress {
public:
    // `task` names the bar ("evaluating"), `done` the plain lines ("evaluated").
    TaskProgress(std::ostream& out, bool quiet, std::string task, std::string done);
    ~TaskProgress() { finish(); }
    TaskProgress(const TaskProgress&) = delete;
    TaskProgress& operator=(const TaskProgress&) = delete;

    // After `images` of `total`; 0 marks the start (see ProgressLine::updateImages).
    void update(std::size_t images, std::size_t total);
    // Ends the bar's line, so that what is printed next starts on a fresh one.
    void finish() { m_line.clear(); }

private:
    std::ostream& m_out;
    bool m_quiet;
    bool m_terminal;
    std::string m_task;
    std::string m_done;
    ProgressLine m_line;
    std::size_t m_quartersShown = 0;
};

}  // namespace noisynn
