#include "gui/run_eta.h"

#include <algorithm>

namespace noisynn {

void RunEta::batch(int epoch, long long batch, long long batches, double seconds) {
    m_epoch = epoch;
    m_batches = batches;
    m_step = (epoch - 1) * batches + batch;
    if (m_firstStep < 0) {
        m_firstStep = m_step - 1;
    }
    m_lastBatchSeconds = seconds;
    m_epochEvaluated = false;
}

void RunEta::epochEnded(double seconds) {
    m_evaluationSeconds = std::max(0.0, seconds - m_lastBatchSeconds);
    m_evaluatedSeconds += m_evaluationSeconds;
    m_lastBatchSeconds = seconds;
    m_epochEvaluated = true;
}

long long RunEta::totalSteps() const {
    return std::max<long long>(1, m_epochs * m_batches);
}

double RunEta::secondsLeft() const {
    if (m_firstStep < 0) {
        return 0;
    }
    const auto done = static_cast<double>(m_step - m_firstStep);
    const double training =
        std::max(0.0, m_lastBatchSeconds - m_pausedSeconds - m_evaluatedSeconds);
    const double perStep = done > 0 ? training / done : 0;
    const double steps = static_cast<double>(std::max<long long>(0, totalSteps() - m_step));
    // The epoch in progress still has its evaluation to come.
    const int evaluations = std::max(0, m_epochs - m_epoch + (m_epochEvaluated ? 0 : 1));
    return perStep * steps + std::max(0.0, m_evaluationSeconds) * evaluations;
}

}  // namespace noisynn
