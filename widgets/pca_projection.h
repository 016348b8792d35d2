#pragma once

// Qt-free on purpose: the app may fit on a worker thread, and tests need no QApplication.

#include <cstddef>
#include <vector>

namespace noisynn {

// A row-major float matrix owned by someone else.
struct FloatMatrixView {
    const float* data = nullptr;
    std::size_t rows = 0;
    std::size_t columns = 0;
};

// Which symmetric matrix the eigenvectors come from. Both give the same axes; the cost of forming
// the matrix is rows * dimension^2 for the covariance and rows^2 * dimension for the Gram matrix,
// so Automatic takes the Gram matrix when there are fewer rows than dimensions.
enum class PcaMethod { Automatic, Covariance, Gram };

struct PcaPoint {
    double x = 0.0;
    double y = 0.0;
};

// The top two principal axes of a set of rows. Variances divide by the number of rows (not rows-1):
// only their ratios are shown, and a single row then has zero variance instead of 0/0.
struct PcaProjection {
    std::size_t dimension = 0;
    std::size_t fittedRows = 0;
    std::vector<double> mean;
    // Unit length, or all zero when the data has no variance along it (constant data; the second
    // axis of data on a line or of one-dimensional data), so such projections are exactly 0.
    // Each axis is signed so that its largest-magnitude component is positive (the first such
    // component on ties): a refit on slightly different data keeps the plot's orientation.
    std::vector<double> axis1;
    std::vector<double> axis2;
    double variance1 = 0.0;
    double variance2 = 0.0;
    double totalVariance = 0.0;
    PcaMethod method = PcaMethod::Automatic;  // the one used; as asked when there was no variance
    int iterations = 0;
    bool converged = true;

    double explainedFraction1() const;
    double explainedFraction2() const;
};

// Fits on the rows of all blocks stacked (e.g. features before and after noise, so that both are
// projected onto the same axes). Throws std::invalid_argument when the blocks' column counts
// differ, a block with rows has no data, or a value is NaN or infinite (naming block, row and
// column): PCA of such data is meaningless, and silently dropping rows would misreport the counts.
// Zero rows give a projection of the right dimension with zero axes.
PcaProjection fitPca2(const std::vector<FloatMatrixView>& blocks,
                      PcaMethod method = PcaMethod::Automatic);

// The (PC1, PC2) coordinates of each row of the matrix, in row order. Throws std::invalid_argument
// when its column count is not the projection's dimension or a value is not finite.
std::vector<PcaPoint> projectPca2(const PcaProjection& projection, const FloatMatrixView& matrix);

}  // namespace noisynn
