#pragma once

#include <cstddef>

namespace noisynn {

// Linear warm-up from 0 to the peak over the warm-up steps, then a cosine from the peak down to the
// floor at the last step (the authors' recipes: cosine with warm-up and lr_min).
class LearningRateSchedule {
public:
    LearningRateSchedule(double peak, double floor, std::size_t warmupSteps,
                         std::size_t totalSteps);
    double at(std::size_t step) const;  // step counts from 0

private:
    double m_peak;
    double m_floor;
    std::size_t m_warmup;
    std::size_t m_total;
};

}  // namespace noisynn
