#pragma once

#include <vector>

namespace noisynn {

// TensorBoard's smoothing: an exponential moving average divided by (1 - weight^count), so the
// first points are not dragged towards the zero the average starts from. Kept incremental so a
// streaming plot smooths each new point in O(1) instead of re-smoothing the whole curve.
class DebiasedEma {
public:
    // Weights outside [0, 0.999] are clamped: at 1 the average never moves and the debiasing
    // divides by zero.
    explicit DebiasedEma(double weight = 0.0);

    // The smoothed value for the next point. A non-finite value comes back as it is and leaves
    // the average untouched, so one NaN loss does not poison the rest of the curve.
    double add(double value);
    void reset();

    double weight() const { return m_weight; }

private:
    double m_weight = 0.0;
    double m_last = 0.0;
    double m_weightPower = 1.0;  // weight^count, kept as a running product
};

// debiasedEma applied to a whole series. Weight 0 returns the input unchanged.
std::vector<double> debiasedEma(const std::vector<double>& values, double weight);

}  // namespace noisynn
