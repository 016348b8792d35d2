#pragma once

#include "data/dataset.h"

#include <cstdint>

namespace noisynn {

struct SyntheticOptions {
    int classes = 10;
    std::size_t trainSize = 2000;
    std::size_t testSize = 500;
    ImageShape shape{28, 28, 1};
    double noise = 0.15;  // std of the per-pixel noise, in units of the full 0..1 range
    std::uint64_t seed = 0;
};

// Class-separable patterns for tests and offline demos: class k is a sinusoidal grating with its
// own orientation and frequency (and, in colour, its own tint), drawn with a random phase, contrast
// and pixel noise. The same options always give the same images.
DatasetSplits makeSyntheticDataset(const SyntheticOptions& options);

}  // namespace noisynn
