#pragma once

#include "noise/noise_spec.h"

#include <optional>

namespace noisynn {

// The theory's entropy change for linear-transform noise Z' = (I + Q) Z over a batch of B:
// Delta S = -log |det(I + Q)|, positive for "positive" noise. Closed forms (NOISYNN.md):
//   optimal Q:          det(I + Q) = (B + 1)^(1 - B)      ->  Delta S = (B - 1) log(B + 1)
//   circular shift, a:  det(I + Q) = (1 - a)^B - (-a)^B
// Empty for the other kinds, which the theory does not cover, and for B < 2. Infinite when
// I + Q is singular (a shift with a = 1/2 and even B).
std::optional<double> theoreticalDeltaS(const NoiseSpec& noise, long long batchSize);

}  // namespace noisynn
