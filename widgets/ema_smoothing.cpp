#include "ema_smoothing.h"

#include <algorithm>
#include <cmath>

namespace noisynn {

namespace {

constexpr double kMaxWeight = 0.999;

}  // namespace

DebiasedEma::DebiasedEma(double weight)
    : m_weight(std::isfinite(weight) ? std::clamp(weight, 0.0, kMaxWeight) : 0.0) {}

double DebiasedEma::add(double value) {
    if (!std::isfinite(value) || m_weight <= 0.0) {
        return value;
    }
    m_last = m_last * m_weight + (1.0 - m_weight) * value;
    m_weightPower *= m_weight;
    return m_last / (1.0 - m_weightPower);
}

void DebiasedEma::reset() {
    m_last = 0.0;
    m_weightPower = 1.0;
}

std::vector<double> debiasedEma(const std::vector<double>& values, double weight) {
    DebiasedEma ema(weight);
    if (ema.weight() <= 0.0) {
        return values;
    }
    std::vector<double> smoothed;
    smoothed.reserve(values.size());
    for (const double value : values) {
        smoothed.push_back(ema.add(value));
    }
    return smoothed;
}

}  // namespace noisynn
