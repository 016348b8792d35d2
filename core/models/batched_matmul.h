#pragma once

#include <torch/types.h>

namespace noisynn {

// a · b over stacks of matrices: a [..., M, K] and b [..., K, N] give [..., M, N], differentiable,
// equal to torch::matmul for same-shaped stacks.
//
// Why not torch::matmul: attention multiplies hundreds of small matrices (a ViT on 28 x 28 images
// with patch 4 has 50 x 32 by 32 x 50 per head and sample). LibTorch's CPU bmm multiplies them one
// after another, and each is too small for OpenBLAS to split over threads, so a 2-core machine
// computes attention on one core. Here the stack is shared out across LibTorch's compute threads
// in an OpenMP loop, each matrix one single-threaded BLAS call. Other devices, other types, empty
// matrices and autocast regions go to torch::matmul.
torch::Tensor batchedMatmul(const torch::Tensor& a, const torch::Tensor& b);

}  // namespace noisynn
