#include "training/lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace noisynn {

LearningRateSchedule::LearningRateSchedule(double peak, double floor, std::size_t warmupSteps,
                                           std::size_t totalSteps)
    : m_peak(peak),
      m_floor(std::min(floor, peak)),
      m_warmup(warmupSteps),
      m_total(std::max(totalSteps, warmupSteps + 1)) {}

double LearningRateSchedule::at(std::size_t step) const {
    if (step < m_warmup) {
        return m_peak * static_cast<double>(step + 1) / static_cast<double>(m_warmup);
    }
    const double span = static_cast<double>(m_total - m_warmup - 1);
    const double progress =
        span > 0 ? std::min(1.0, static_cast<double>(step - m_warmup) / span) : 1.0;
    return m_floor + 0.5 * (m_peak - m_floor) * (1.0 + std::cos(3.14159265358979323846 * progress));
}

}  // namespace noisynn
