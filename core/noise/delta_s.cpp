#include "noise/delta_s.h"

#include <cmath>
#include <limits>

namespace noisynn {

std::optional<double> theoreticalDeltaS(const NoiseSpec& noise, long long batchSize) {
    if (batchSize < 2) {
        return std::nullopt;
    }
    const double b = static_cast<double>(batchSize);
    if (noise.kind == NoiseKind::LinearOptimal) {
        return (b - 1.0) * std::log(b + 1.0);
    }
    if (noise.kind == NoiseKind::LinearShift) {
        const double a = noise.strength;
        // log|(1-a)^B - (-a)^B| without overflow for large B: factor out the larger magnitude.
        const double big = std::max(std::abs(1.0 - a), std::abs(a));
        if (big == 0.0) {
            return std::numeric_limits<double>::infinity();
        }
        const double first = std::pow((1.0 - a) / big, b);
        const double second = std::pow(-a / big, b);
        const double rest = std::abs(first - second);
        if (rest == 0.0) {
            return std::numeric_limits<double>::infinity();
        }
        return -(b * std::log(big) + std::log(rest));
    }
    return std::nullopt;
}

}  // namespace noisynn
