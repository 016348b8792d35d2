#include "cli/task_progress.h"

#include <algorithm>

namespace noisynn {

TaskProgress::TaskProgress(std::ostream& out, bool quiet, std::string task, std::string done)
    : m_out(out),
      m_quiet(quiet),
      m_terminal(!quiet && ProgressLine::stdoutIsTerminal()),
      m_task(std::move(task)),
      m_done(std::move(done)),
      m_line(out) {}

void TaskProgress::update(std::size_t images, std::size_t total) {
    if (m_terminal) {
        m_line.updateImages(m_task, images, total);
    } else if (!m_quiet && images > 0 && m_quartersShown < 4 &&
               images * 4 >= (m_quartersShown + 1) * total) {
        m_quartersShown = images * 4 / std::max<std::size_t>(1, total);
        m_out << m_done << " " << images << "/" << total << " images\n" << std::flush;
    }
}

}  // namespace noisynn
