#include "entropy/task_entropy.h"

#include "error.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace noisynn {
namespace {

constexpr double kTwoPiE = 2.0 * M_PI * M_E;
constexpr double kSamplesPerDimension = 10.0;
// Eigenvalues below this fraction of the largest are rounding noise, not variance.
constexpr double kRelativeRankTolerance = 1e-10;

void checkInput(const std::vector<double>& features, std::size_t rows, std::size_t dimension,
                const std::vector<std::int64_t>& labels) {
    if (labels.size() != rows) {
        throw Error("task entropy: " + std::to_string(rows) + " feature rows but " +
                    std::to_string(labels.size()) + " labels; expected one label per row");
    }
    if (dimension == 0 || features.size() != rows * dimension) {
        throw Error("task entropy: " + std::to_string(features.size()) + " feature values for " +
                    std::to_string(rows) + " rows of " + std::to_string(dimension) +
                    "; expected rows x dimension values, dimension at least 1");
    }
    for (std::size_t i = 0; i < features.size(); ++i) {
        if (!std::isfinite(features[i])) {
            throw Error("task entropy: feature row " + std::to_string(i / dimension) + ", column " +
                        std::to_string(i % dimension) + " is " + std::to_string(features[i]) +
                        "; expected finite values");
        }
    }
}

TaskEntropy estimate(const std::vector<double>& features, std::size_t rows, std::size_t dimension,
                     const std::vector<std::int64_t>& labels, std::size_t maxDimension) {
    std::map<std::int64_t, std::int64_t> classIndex;
    for (auto label : labels)
        classIndex.emplace(label, 0);
    std::int64_t next = 0;
    for (auto& entry : classIndex)
        entry.second = next++;
    const auto classes = static_cast<std::size_t>(classIndex.size());
    if (classes < 2) {
        throw Error("task entropy: the labels hold " + std::to_string(classes) +
                    " class; expected at least 2");
    }
    if (rows < classes + 2) {
        throw Error("task entropy: " + std::to_string(rows) + " samples of " +
                    std::to_string(classes) +
                    " classes; expected at least classes + 2 = " + std::to_string(classes + 2));
    }

    torch::NoGradGuard noGrad;
    const auto n = static_cast<int64_t>(rows);
    const auto z = torch::from_blob(const_cast<double*>(features.data()),
                                    {n, static_cast<int64_t>(dimension)}, torch::kFloat64);
    std::vector<int64_t> mapped(rows);
    for (std::size_t i = 0; i < rows; ++i)
        mapped[i] = classIndex[labels[i]];
    const auto classOf = torch::tensor(mapped, torch::kInt64);

    TaskEntropy result;
    result.samples = rows;
    result.classes = classes;
    result.dimension = dimension;

    // Within-class spread: mean squared distance to the class mean.
    const auto k = static_cast<int64_t>(classes);
    const auto sums = torch::zeros({k, z.size(1)}, torch::kFloat64).index_add_(0, classOf, z);
    const auto counts = torch::bincount(classOf, {}, k).to(torch::kFloat64).unsqueeze(1);
    const auto means = sums / counts;
    result.withinClassSpread =
        (z - means.index_select(0, classOf)).pow(2).sum(1).mean().item<double>();

    // Principal components of Z, largest last. Z is scaled to at most 1 first, so that huge
    // values cannot overflow the covariance; the task entropy does not depend on the scale and
    // H(Z) is shifted back below.
    const auto centred = z - z.mean(0, true);
    const double scale = centred.abs().max().item<double>();
    if (!(scale > 0)) {
        throw Error("task entropy: every feature is constant over the " + std::to_string(rows) +
                    " samples; expected features that vary");
    }
    const auto scaled = centred / scale;
    // Wide features (more columns than samples) take the n x n Gram matrix, which has the same
    // non-zero spectrum at a fraction of the memory.
    const bool wide = dimension > rows;
    const auto [values, vectors] = torch::linalg::eigh(
        wide ? scaled.mm(scaled.t()) / double(n - 1) : scaled.t().mm(scaled) / double(n - 1), "L");
    const auto largest = values[-1].item<double>();
    const double tolerance = std::max(largest, 0.0) * kRelativeRankTolerance;
    int64_t rank = 0;
    const auto* eigen = values.data_ptr<double>();
    for (int64_t i = 0; i < values.size(0); ++i)
        rank += eigen[i] > tolerance ? 1 : 0;
    // n >= 10 (d + K - 1), and the joint covariance needs n > d + K - 1 to be regular.
    const auto budget =
        static_cast<int64_t>(std::floor(double(n) / kSamplesPerDimension)) - (k - 1);
    int64_t used = std::max<int64_t>(1, std::min(rank, budget));
    if (maxDimension > 0) {
        used = std::min(used, static_cast<int64_t>(maxDimension));
    }
    result.dimensionUsed = static_cast<std::size_t>(used);
    if (rank == 0) {
        throw Error("task entropy: every feature is constant over the " + std::to_string(rows) +
                    " samples; expected features that vary");
    }

    // Whitened leading components W: Sigma_WW = I, so Sigma_{Y|Z} = Sigma_YY - Sigma_YW Sigma_WY.
    const auto kept = values.slice(0, values.size(0) - used);
    const auto basis = vectors.slice(1, vectors.size(1) - used);
    // With the Gram matrix's eigenvectors U (scaled = U S V^T) the whitened scores are U sqrt(n-1).
    const auto whitened = wide ? basis * std::sqrt(double(n - 1)) : scaled.mm(basis) / kept.sqrt();
    result.hZ = 0.5 * (double(used) * std::log(kTwoPiE) + kept.log().sum().item<double>()) +
                double(used) * std::log(scale);

    // One-hot labels with the last class dropped (its column is 1 minus the others).
    auto y = torch::zeros({n, k}, torch::kFloat64);
    y.scatter_(1, classOf.unsqueeze(1), 1.0);
    y = y.slice(1, 0, k - 1);
    const auto yCentred = y - y.mean(0, true);
    const auto yy = yCentred.t().mm(yCentred) / double(n - 1);
    const auto yw = yCentred.t().mm(whitened) / double(n - 1);
    auto conditional = yy - yw.mm(yw.t());
    conditional = 0.5 * (conditional + conditional.t());
    // Labels that are an exact linear function of Z leave no conditional variance: -infinity.
    const auto spectrum = torch::linalg::eigvalsh(conditional, "L");
    const double logDet = spectrum.min().item<double>() <= 0
                              ? -std::numeric_limits<double>::infinity()
                              : spectrum.log().sum().item<double>();
    result.taskEntropy = 0.5 * (double(k - 1) * std::log(kTwoPiE) + logDet);
    result.hYZ = result.hZ + result.taskEntropy;
    return result;
}

}  // namespace

TaskEntropy estimateTaskEntropy(const std::vector<double>& features, std::size_t rows,
                                std::size_t dimension, const std::vector<std::int64_t>& labels,
                                std::size_t maxDimension) {
    checkInput(features, rows, dimension, labels);
    try {
        return estimate(features, rows, dimension, labels, maxDimension);
    } catch (const c10::Error& error) {
        // Out of memory for the covariance, or a decomposition that did not converge.
        throw Error("task entropy of " + std::to_string(rows) + " x " + std::to_string(dimension) +
                    " features failed: " + error.what_without_backtrace());
    }
}

}  // namespace noisynn
