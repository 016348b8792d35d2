#include "models/batched_matmul.h"

#include <ATen/Parallel.h>
#include <ATen/autocast_mode.h>
#include <cblas.h>
#include <torch/csrc/autograd/custom_function.h>

#include <algorithm>
#include <limits>

#ifndef _OPENMP
#error "core must be compiled with OpenMP (-fopenmp), or attention computes on one core"
#endif

namespace noisynn {
namespace {

// Each thread takes at least this many matrices: fewer cost more to hand out than to multiply.
constexpr int64_t kMatricesPerTask = 4;

// op(x) · op(y) for each matrix of two contiguous float32 stacks [S, rows, columns], where op
// transposes when asked.
torch::Tensor multiplyStacks(const torch::Tensor& x, bool transposeX, const torch::Tensor& y,
                             bool transposeY) {
    const int64_t stack = x.size(0);
    const int64_t m = transposeX ? x.size(2) : x.size(1);
    const int64_t k = transposeX ? x.size(1) : x.size(2);
    const int64_t n = transposeY ? y.size(1) : y.size(2);
    auto product = torch::empty({stack, m, n}, x.options());
    const float* xData = x.data_ptr<float>();
    const float* yData = y.data_ptr<float>();
    float* productData = product.data_ptr<float>();
    const int64_t xStride = x.size(1) * x.size(2);
    const int64_t yStride = y.size(1) * y.size(2);
    // The thread count LibTorch was given (train.threads), named explicitly, so that it holds even
    // when LibTorch carries its own copy of the OpenMP runtime. Inside the parallel region OpenBLAS
    // computes on the calling thread alone.
    const int threads = static_cast<int>(std::max<int64_t>(
        1, std::min<int64_t>(at::get_num_threads(), stack / kMatricesPerTask)));
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t s = 0; s < stack; ++s) {
        cblas_sgemm(CblasRowMajor, transposeX ? CblasTrans : CblasNoTrans,
                    transposeY ? CblasTrans : CblasNoTrans, static_cast<int>(m),
                    static_cast<int>(n), static_cast<int>(k), 1.0F, xData + s * xStride,
                    static_cast<int>(x.size(2)), yData + s * yStride,
                    static_cast<int>(y.size(2)), 0.0F, productData + s * m * n,
                    static_cast<int>(n));
    }
    return product;
}

// Differentiable once: the backward pass multiplies raw buffers, so a gradient of a gradient
// (create_graph) does not reach the inputs. Nothing in the workbench asks for one.
class BatchedMatmulFunction : public torch::autograd::Function<BatchedMatmulFunction> {
public:
    // a [S, M, K], b [S, K, N], both contiguous float32 on the CPU.
    static torch::Tensor forward(torch::autograd::AutogradContext* context, const torch::Tensor& a,
                                 const torch::Tensor& b) {
        context->save_for_backward({a, b});
        return multiplyStacks(a, false, b, false);
    }

    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* context,
                                                 torch::autograd::tensor_list gradients) {
        const auto saved = context->get_saved_variables();
        const auto& a = saved[0];
        const auto& b = saved[1];
        const auto gradient = gradients[0].contiguous();
        torch::Tensor gradientA;
        torch::Tensor gradientB;
        if (context->needs_input_grad(0)) {
            gradientA = multiplyStacks(gradient, false, b, true);  // dC · Bᵀ
        }
        if (context->needs_input_grad(1)) {
            gradientB = multiplyStacks(a, true, gradient, false);  // Aᵀ · dC
        }
        return {gradientA, gradientB};
    }
};

// BLAS takes int sizes, and an empty matrix would leave the product unwritten.
bool fitsBlas(const torch::Tensor& t) {
    return t.numel() > 0 && t.size(-2) <= std::numeric_limits<int>::max() &&
           t.size(-1) <= std::numeric_limits<int>::max();
}

bool sharesOutOnCpu(const torch::Tensor& a, const torch::Tensor& b) {
    return a.device().is_cpu() && b.device().is_cpu() && a.scalar_type() == torch::kFloat &&
           b.scalar_type() == torch::kFloat && a.dim() >= 3 && a.dim() == b.dim() &&
           a.sizes().slice(0, a.dim() - 2) == b.sizes().slice(0, b.dim() - 2) &&
           a.size(-1) == b.size(-2) && fitsBlas(a) && fitsBlas(b) &&
           !at::autocast::is_cpu_enabled();
}

}  // namespace

torch::Tensor batchedMatmul(const torch::Tensor& a, const torch::Tensor& b) {
    if (!sharesOutOnCpu(a, b)) {
        return torch::matmul(a, b);
    }
    auto leading = a.sizes().slice(0, a.dim() - 2).vec();
    const auto stackA = a.contiguous().reshape({-1, a.size(-2), a.size(-1)});
    const auto stackB = b.contiguous().reshape({-1, b.size(-2), b.size(-1)});
    auto product = BatchedMatmulFunction::apply(stackA, stackB);
    leading.push_back(a.size(-2));
    leading.push_back(b.size(-1));
    return product.reshape(leading);
}

}  // namespace noisynn
