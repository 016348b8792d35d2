#pragma once

#include "data/dataset.h"

#include <cstdint>
#include <vector>

namespace noisynn {

// Per-channel mean and standard deviation of pixel values scaled to 0..1.
struct ChannelStats {
    std::vector<double> mean;
    std::vector<double> std;
    std::size_t samples = 0;  // images the figures come from
};

// Exact running sums of interleaved 8-bit pixels; accumulators of parts of a split merge.
class ChannelAccumulator {
public:
    explicit ChannelAccumulator(int channels);
    void add(const std::uint8_t* pixels, std::size_t count);
    void addImages(std::size_t images) { m_images += images; }
    void merge(const ChannelAccumulator& other);
    ChannelStats result() const;

private:
    int m_channels;
    // Integer sums are exact: 60000 images of 28x28 sum to under 2^44.
    std::vector<std::uint64_t> m_sums;
    std::vector<std::uint64_t> m_squares;
    std::uint64_t m_values = 0;
    std::size_t m_images = 0;
};

// Over every image when maxSamples is 0 or at least the split's size, else over a seeded random
// subset of maxSamples images (decoding a whole image folder can take long).
ChannelStats computeChannelStats(const Dataset& dataset, std::size_t maxSamples = 0,
                                 std::uint64_t seed = 0);

}  // namespace noisynn
