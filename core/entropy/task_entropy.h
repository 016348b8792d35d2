#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace noisynn {

// The Gaussian estimate of the paper's task entropy (NOISYNN.md), in nats:
//   H(Z) = 1/2 log det(2 pi e Sigma_ZZ),  H(Y, Z) = 1/2 log det(2 pi e Sigma_[Y Z]),
//   H(T; Z) = H(Y, Z) - H(Z) = 1/2 log det(2 pi e Sigma_{Y|Z}),
// with Y one-hot over the classes present, one column dropped.
struct TaskEntropy {
    double hZ = 0;
    double hYZ = 0;
    double taskEntropy = 0;
    std::size_t samples = 0;
    std::size_t classes = 0;
    std::size_t dimension = 0;      // of the features given
    std::size_t dimensionUsed = 0;  // after the principal-component reduction
    // Mean squared distance of a sample to its class mean, in the features as given: a plain
    // companion figure that needs no Gaussian assumption.
    double withinClassSpread = 0;
};

// Estimates in float64 from the sample covariance. When samples are few (n < 10 (D + K - 1)) Z is
// first projected onto its leading principal components, as many as keep n >= 10 (d + K - 1);
// directions with no variance (dead units) are dropped too, as they carry no information about Y;
// maxDimension, when not 0, caps the dimension further (to compare two estimates at one size).
// `features` is rows x dimension, row-major. Throws noisynn::Error for unequal row counts, a NaN
// or infinite value (naming its row and column), fewer samples than classes + 2, or a single class.
TaskEntropy estimateTaskEntropy(const std::vector<double>& features, std::size_t rows,
                                std::size_t dimension, const std::vector<std::int64_t>& labels,
                                std::size_t maxDimension = 0);

}  // namespace noisynn
