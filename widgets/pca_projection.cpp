#include "pca_projection.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>
#include <stdexcept>
#include <string>

namespace noisynn {

namespace {

// Iteration stops when the residuals of the top two Ritz vectors are this small relative to the
// top eigenvalue; a plot cannot show the difference long before that.
constexpr double kResidualTolerance = 1e-10;
// Vectors iterated together: two wanted plus guards. Convergence goes as (lambda_{b+1} /
// lambda_2)^iterations, and class-structured features often have as many near-equal top
// eigenvalues as classes (ten for CIFAR-10), where a block of two would crawl.
constexpr std::size_t kBlock = 12;
// Caps the cost on pathological spectra; the plane found by then is still close to the top one,
// which is all a scatter plot needs. `converged` reports it.
constexpr int kMaxIterations = 300;
// An eigenvalue below this fraction of the total variance is rounding noise, not a direction.
constexpr double kNegligibleVariance = 1e-12;

void checkFinite(const FloatMatrixView& matrix, std::size_t block, const char* what) {
    const std::size_t count = matrix.rows * matrix.columns;
    for (std::size_t i = 0; i < count; ++i) {
        const float value = matrix.data[i];
        if (!std::isfinite(value)) {
            throw std::invalid_argument(std::string(what) + " block " + std::to_string(block) +
                                        ", row " + std::to_string(i / matrix.columns) +
                                        ", column " + std::to_string(i % matrix.columns) + " is " +
                                        (std::isnan(value) ? "NaN" : "infinite") +
                                        "; expected finite values");
        }
    }
}

double dot(const double* a, const double* b, std::size_t n) {
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        sum += a[i] * b[i];
    }
    return sum;
}

// The m x m matrix of dot products of the rows of `a` (m x n), divided by `scale`. Computed in
// 4 x 4 tiles of the upper triangle: sixteen independent sums per pass over n keep the FPU busy
// and reuse each loaded value four times, about twice as fast as one dot product at a time (this
// is the whole cost of a fit at 2000 rows x 2048 dimensions).
std::vector<double> rowGram(const std::vector<double>& a, std::size_t m, std::size_t n,
                            double scale) {
    constexpr std::size_t kTile = 4;
    std::vector<double> gram(m * m, 0.0);
    for (std::size_t i0 = 0; i0 < m; i0 += kTile) {
        for (std::size_t j0 = i0; j0 < m; j0 += kTile) {
            // Past the last row, repeat it: the extra sums are computed and dropped.
            const double* x[kTile];
            const double* y[kTile];
            for (std::size_t t = 0; t < kTile; ++t) {
                x[t] = &a[std::min(i0 + t, m - 1) * n];
                y[t] = &a[std::min(j0 + t, m - 1) * n];
            }
            double s[kTile][kTile] = {};
            for (std::size_t d = 0; d < n; ++d) {
                const double x0 = x[0][d], x1 = x[1][d], x2 = x[2][d], x3 = x[3][d];
                const double y0 = y[0][d], y1 = y[1][d], y2 = y[2][d], y3 = y[3][d];
                s[0][0] += x0 * y0;
                s[0][1] += x0 * y1;
                s[0][2] += x0 * y2;
                s[0][3] += x0 * y3;
                s[1][0] += x1 * y0;
                s[1][1] += x1 * y1;
                s[1][2] += x1 * y2;
                s[1][3] += x1 * y3;
                s[2][0] += x2 * y0;
                s[2][1] += x2 * y1;
                s[2][2] += x2 * y2;
                s[2][3] += x2 * y3;
                s[3][0] += x3 * y0;
                s[3][1] += x3 * y1;
                s[3][2] += x3 * y2;
                s[3][3] += x3 * y3;
            }
            for (std::size_t t = 0; t < kTile && i0 + t < m; ++t) {
                for (std::size_t u = 0; u < kTile && j0 + u < m; ++u) {
                    gram[(i0 + t) * m + j0 + u] = s[t][u] / scale;
                    gram[(j0 + u) * m + i0 + t] = s[t][u] / scale;
                }
            }
        }
    }
    return gram;
}

void multiply(const std::vector<double>& s, std::size_t k, const double* v, double* out) {
    for (std::size_t i = 0; i < k; ++i) {
        out[i] = dot(&s[i * k], v, k);
    }
}

double normalize(double* v, std::size_t n) {
    const double norm = std::sqrt(dot(v, v, n));
    if (norm > 0.0) {
        for (std::size_t i = 0; i < n; ++i) {
            v[i] /= norm;
        }
    }
    return norm;
}

void removeComponent(double* v, const double* unit, std::size_t n) {
    const double along = dot(v, unit, n);
    for (std::size_t i = 0; i < n; ++i) {
        v[i] -= along * unit[i];
    }
}

// Eigen-decomposition of a small symmetric matrix (b x b, row-major) by cyclic Jacobi rotations:
// simple, and accurate to rounding for the Rayleigh-Ritz step. Returns eigenvalues in descending
// order and the eigenvectors as the columns of `vectors`.
std::vector<double> jacobiEigen(std::vector<double> h, std::size_t b,
                                std::vector<double>& vectors) {
    vectors.assign(b * b, 0.0);
    for (std::size_t i = 0; i < b; ++i) {
        vectors[i * b + i] = 1.0;
    }
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0.0, total = 0.0;
        for (std::size_t i = 0; i < b; ++i) {
            for (std::size_t j = 0; j < b; ++j) {
                total += h[i * b + j] * h[i * b + j];
                off += i != j ? h[i * b + j] * h[i * b + j] : 0.0;
            }
        }
        if (off <= 1e-30 * total) {
            break;
        }
        for (std::size_t p = 0; p + 1 < b; ++p) {
            for (std::size_t q = p + 1; q < b; ++q) {
                const double apq = h[p * b + q];
                if (apq == 0.0) {
                    continue;
                }
                const double theta = (h[q * b + q] - h[p * b + p]) / (2.0 * apq);
                const double t = (theta >= 0.0 ? 1.0 : -1.0) /
                                 (std::abs(theta) + std::sqrt(theta * theta + 1.0));
                const double c = 1.0 / std::sqrt(t * t + 1.0), sn = t * c;
                for (std::size_t k = 0; k < b; ++k) {  // columns p and q
                    const double hkp = h[k * b + p], hkq = h[k * b + q];
                    h[k * b + p] = c * hkp - sn * hkq;
                    h[k * b + q] = sn * hkp + c * hkq;
                }
                for (std::size_t k = 0; k < b; ++k) {  // rows p and q
                    const double hpk = h[p * b + k], hqk = h[q * b + k];
                    h[p * b + k] = c * hpk - sn * hqk;
                    h[q * b + k] = sn * hpk + c * hqk;
                }
                for (std::size_t k = 0; k < b; ++k) {
                    const double vkp = vectors[k * b + p], vkq = vectors[k * b + q];
                    vectors[k * b + p] = c * vkp - sn * vkq;
                    vectors[k * b + q] = sn * vkp + c * vkq;
                }
            }
        }
    }
    std::vector<std::size_t> order(b);
    for (std::size_t i = 0; i < b; ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(),
              [&](std::size_t i, std::size_t j) { return h[i * b + i] > h[j * b + j]; });
    std::vector<double> values(b), sorted(b * b);
    for (std::size_t c = 0; c < b; ++c) {
        values[c] = h[order[c] * b + order[c]];
        for (std::size_t r = 0; r < b; ++r) {
            sorted[r * b + c] = vectors[r * b + order[c]];
        }
    }
    vectors.swap(sorted);
    return values;
}

struct TopTwo {
    double values[2] = {0.0, 0.0};
    std::vector<double> vectors[2];
    int iterations = 0;
    bool converged = false;
};

// Top two eigenpairs of a symmetric positive semi-definite k x k matrix by block subspace
// iteration: power iteration on a block of vectors at once, each deflated against the ones before
// it (Gram-Schmidt) every step, with a Rayleigh-Ritz rotation to read off the eigenpairs. Unlike
// one vector at a time, it finds the top plane even when the top eigenvalues nearly coincide.
TopTwo topTwoEigenpairs(const std::vector<double>& s, std::size_t k) {
    const std::size_t b = std::min(kBlock, k);
    // q and w hold b vectors of length k each, one after the other.
    std::vector<double> q(b * k), w(b * k), rotated(b * k);
    // A fixed pseudo-random start: deterministic between runs, and almost surely not orthogonal
    // to the top eigenvectors (a constant vector would be, for centred data). mt19937's output
    // sequence is fixed by the standard; its distributions are not, so scale by hand.
    std::mt19937 generator(20240611u);
    const auto randomFill = [&](double* v) {
        for (std::size_t i = 0; i < k; ++i) {
            v[i] = static_cast<double>(generator()) / 4294967296.0 - 0.5;
        }
    };
    // Orthonormalizes the b vectors of `v` in place; a vector that collapses (S has rank below
    // b) is replaced by a fresh random one, so the block always spans b dimensions.
    const auto orthonormalize = [&](std::vector<double>& v) {
        for (std::size_t j = 0; j < b; ++j) {
            double* vj = &v[j * k];
            const double before = std::sqrt(dot(vj, vj, k));
            for (int attempt = 0;; ++attempt) {
                for (int pass = 0; pass < 2; ++pass) {  // twice is enough (Kahan)
                    for (std::size_t i = 0; i < j; ++i) {
                        removeComponent(vj, &v[i * k], k);
                    }
                }
                const double norm = normalize(vj, k);
                if (norm > 1e-10 * before && norm > 0.0) {
                    break;
                }
                randomFill(vj);
            }
        }
    };
    for (std::size_t j = 0; j < b; ++j) {
        randomFill(&q[j * k]);
    }
    orthonormalize(q);

    TopTwo result;
    std::vector<double> h(b * b), y, theta;
    for (int iteration = 1;; ++iteration) {
        for (std::size_t j = 0; j < b; ++j) {
            multiply(s, k, &q[j * k], &w[j * k]);
        }
        for (std::size_t i = 0; i < b; ++i) {
            for (std::size_t j = i; j < b; ++j) {
                h[i * b + j] = h[j * b + i] =
                    0.5 * (dot(&q[i * k], &w[j * k], k) + dot(&q[j * k], &w[i * k], k));
            }
        }
        theta = jacobiEigen(h, b, y);
        // Ritz vectors Q y (into `rotated`) and their images S Q y = W y (into w, in place: each
        // row i is buffered first).
        for (std::size_t i = 0; i < k; ++i) {
            double qi[kBlock], wi[kBlock];
            for (std::size_t j = 0; j < b; ++j) {
                qi[j] = q[j * k + i];
                wi[j] = w[j * k + i];
            }
            for (std::size_t c = 0; c < b; ++c) {
                double ritz = 0.0, image = 0.0;
                for (std::size_t j = 0; j < b; ++j) {
                    ritz += qi[j] * y[j * b + c];
                    image += wi[j] * y[j * b + c];
                }
                rotated[c * k + i] = ritz;
                w[c * k + i] = image;
            }
        }
        result.iterations = iteration;
        double residual = 0.0;
        for (std::size_t c = 0; c < std::min<std::size_t>(2, b); ++c) {
            for (std::size_t i = 0; i < k; ++i) {
                const double r = w[c * k + i] - theta[c] * rotated[c * k + i];
                residual = std::max(residual, std::abs(r));
            }
        }
        if (theta[0] <= 0.0 || residual <= kResidualTolerance * theta[0]) {
            result.converged = true;
            break;
        }
        if (iteration >= kMaxIterations) {
            break;
        }
        q.swap(w);
        orthonormalize(q);
    }
    for (std::size_t c = 0; c < std::min<std::size_t>(2, b); ++c) {
        result.values[c] = theta[c];
        result.vectors[c].assign(rotated.begin() + static_cast<std::ptrdiff_t>(c * k),
                                 rotated.begin() + static_cast<std::ptrdiff_t>((c + 1) * k));
    }
    return result;
}

void fixSign(std::vector<double>& axis) {
    std::size_t largest = 0;
    for (std::size_t i = 1; i < axis.size(); ++i) {
        if (std::abs(axis[i]) > std::abs(axis[largest])) {
            largest = i;
        }
    }
    if (!axis.empty() && axis[largest] < 0.0) {
        for (auto& value : axis) {
            value = -value;
        }
    }
}

}  // namespace

double PcaProjection::explainedFraction1() const {
    return totalVariance > 0.0 ? variance1 / totalVariance : 0.0;
}

double PcaProjection::explainedFraction2() const {
    return totalVariance > 0.0 ? variance2 / totalVariance : 0.0;
}

PcaProjection fitPca2(const std::vector<FloatMatrixView>& blocks, PcaMethod method) {
    PcaProjection pca;
    if (blocks.empty()) {
        return pca;
    }
    const std::size_t dimension = blocks.front().columns;
    std::size_t rows = 0;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        if (blocks[b].columns != dimension) {
            throw std::invalid_argument("PCA input block " + std::to_string(b) + " has " +
                                        std::to_string(blocks[b].columns) + " columns; expected " +
                                        std::to_string(dimension) + " like block 0");
        }
        if (blocks[b].rows * dimension > 0 && blocks[b].data == nullptr) {
            throw std::invalid_argument("PCA input block " + std::to_string(b) + " has " +
                                        std::to_string(blocks[b].rows) + " rows but no data");
        }
        checkFinite(blocks[b], b, "PCA input");
        rows += blocks[b].rows;
    }
    pca.dimension = dimension;
    pca.fittedRows = rows;
    pca.mean.assign(dimension, 0.0);
    pca.axis1.assign(dimension, 0.0);
    pca.axis2.assign(dimension, 0.0);
    pca.method = method;
    if (rows == 0 || dimension == 0) {
        return pca;
    }

    for (const auto& block : blocks) {
        for (std::size_t r = 0; r < block.rows; ++r) {
            for (std::size_t d = 0; d < dimension; ++d) {
                pca.mean[d] += block.data[r * dimension + d];
            }
        }
    }
    for (auto& value : pca.mean) {
        value /= static_cast<double>(rows);
    }
    std::vector<double> centred(rows * dimension);
    std::size_t row = 0;
    for (const auto& block : blocks) {
        for (std::size_t r = 0; r < block.rows; ++r, ++row) {
            for (std::size_t d = 0; d < dimension; ++d) {
                centred[row * dimension + d] = block.data[r * dimension + d] - pca.mean[d];
            }
        }
    }
    const double n = static_cast<double>(rows);
    pca.totalVariance = dot(centred.data(), centred.data(), centred.size()) / n;
    if (pca.totalVariance <= 0.0) {
        return pca;
    }

    const bool gram =
        method == PcaMethod::Gram || (method == PcaMethod::Automatic && rows < dimension);
    pca.method = gram ? PcaMethod::Gram : PcaMethod::Covariance;
    TopTwo top;
    if (gram) {
        top = topTwoEigenpairs(rowGram(centred, rows, dimension, n), rows);
    } else {
        std::vector<double> transposed(rows * dimension);
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t d = 0; d < dimension; ++d) {
                transposed[d * rows + r] = centred[r * dimension + d];
            }
        }
        top = topTwoEigenpairs(rowGram(transposed, dimension, rows, n), dimension);
    }
    pca.iterations = top.iterations;
    pca.converged = top.converged;

    double* variances[2] = {&pca.variance1, &pca.variance2};
    std::vector<double>* axes[2] = {&pca.axis1, &pca.axis2};
    for (int i = 0; i < 2; ++i) {
        if (top.vectors[i].empty() || top.values[i] <= kNegligibleVariance * pca.totalVariance) {
            continue;  // stays zero: no such direction in the data
        }
        std::vector<double>& axis = *axes[i];
        if (gram) {
            // A Gram eigenvector u gives the covariance eigenvector X^T u (same eigenvalue).
            for (std::size_t r = 0; r < rows; ++r) {
                const double weight = top.vectors[i][r];
                for (std::size_t d = 0; d < dimension; ++d) {
                    axis[d] += weight * centred[r * dimension + d];
                }
            }
        } else {
            axis = top.vectors[i];
        }
        if (normalize(axis.data(), dimension) == 0.0) {
            continue;
        }
        fixSign(axis);
        *variances[i] = top.values[i];
    }
    return pca;
}

std::vector<PcaPoint> projectPca2(const PcaProjection& projection, const FloatMatrixView& matrix) {
    if (matrix.columns != projection.dimension) {
        throw std::invalid_argument("PCA projection of a matrix with " +
                                    std::to_string(matrix.columns) + " columns; expected " +
                                    std::to_string(projection.dimension));
    }
    if (matrix.rows * matrix.columns > 0 && matrix.data == nullptr) {
        throw std::invalid_argument("PCA projection of " + std::to_string(matrix.rows) +
                                    " rows with no data");
    }
    checkFinite(matrix, 0, "PCA projection input");
    std::vector<PcaPoint> points(matrix.rows);
    const std::size_t dimension = projection.dimension;
    for (std::size_t r = 0; r < matrix.rows; ++r) {
        double x = 0.0, y = 0.0;
        for (std::size_t d = 0; d < dimension; ++d) {
            const double centred = matrix.data[r * dimension + d] - projection.mean[d];
            x += centred * projection.axis1[d];
            y += centred * projection.axis2[d];
        }
        points[r] = {x, y};
    }
    return points;
}

}  // namespace noisynn
