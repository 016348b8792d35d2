#pragma once

#include "data/image.h"

#include <cstdint>
#include <vector>

namespace noisynn {

// Applied in this order: resize, pad and random crop, random horizontal flip, scaling to 0..1 and
// per-channel normalisation.
struct TransformOptions {
    int resizeHeight = 0;  // 0 with resizeWidth 0: keep the data set's size
    int resizeWidth = 0;
    int cropPadding = 0;  // > 0: zero-pad each side, then crop the original size at a random offset
    bool horizontalFlip = false;  // mirror with probability 1/2
    std::vector<float> mean;      // one per channel; empty: no normalisation
    std::vector<float> std;
};

class SampleTransform {
public:
    // Throws noisynn::Error when mean/std do not match the channel count or a std is not positive.
    SampleTransform(TransformOptions options, ImageShape input);

    ImageShape outputShape() const { return m_output; }
    bool isRandom() const { return m_options.cropPadding > 0 || m_options.horizontalFlip; }

    // Writes outputShape().elementCount() floats, channels first, to out. Random choices depend
    // only on (seed, epoch, sampleIndex).
    void apply(const Image& image, std::uint64_t seed, std::uint64_t epoch,
               std::uint64_t sampleIndex, float* out) const;

private:
    TransformOptions m_options;
    ImageShape m_input;
    ImageShape m_output;
};

}  // namespace noisynn
