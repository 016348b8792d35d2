#include "data/channel_stats.h"

#include "data/in_memory_dataset.h"
#include "util/seeded_random.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace noisynn {

ChannelAccumulator::ChannelAccumulator(int channels)
    : m_channels(channels), m_sums(channels, 0), m_squares(channels, 0) {}

void ChannelAccumulator::add(const std::uint8_t* pixels, std::size_t count) {
    if (m_channels == 1) {
        std::uint64_t sum = 0;
        std::uint64_t squares = 0;
        for (std::size_t i = 0; i < count; ++i) {
            sum += pixels[i];
            squares += std::uint64_t{pixels[i]} * pixels[i];
        }
        m_sums[0] += sum;
        m_squares[0] += squares;
    } else {
        for (std::size_t i = 0; i < count; ++i) {
            const std::uint64_t value = pixels[i];
            m_sums[i % m_channels] += value;
            m_squares[i % m_channels] += value * value;
        }
    }
    m_values += count;
}

void ChannelAccumulator::merge(const ChannelAccumulator& other) {
    for (int c = 0; c < m_channels; ++c) {
        m_sums[c] += other.m_sums[c];
        m_squares[c] += other.m_squares[c];
    }
    m_values += other.m_values;
    m_images += other.m_images;
}

ChannelStats ChannelAccumulator::result() const {
    ChannelStats stats;
    stats.samples = m_images;
    const double perChannel = std::max(1.0, static_cast<double>(m_values) / m_channels);
    for (int c = 0; c < m_channels; ++c) {
        const double mean = static_cast<double>(m_sums[c]) / perChannel;
        const double meanSquare = static_cast<double>(m_squares[c]) / perChannel;
        stats.mean.push_back(mean / 255.0);
        stats.std.push_back(std::sqrt(std::max(0.0, meanSquare - mean * mean)) / 255.0);
    }
    return stats;
}

ChannelStats computeChannelStats(const Dataset& dataset, std::size_t maxSamples,
                                 std::uint64_t seed) {
    ChannelAccumulator accumulator(dataset.imageShape().channels);
    const bool everything = maxSamples == 0 || maxSamples >= dataset.size();
    const auto* inMemory = dynamic_cast<const InMemoryDataset*>(&dataset);
    if (everything && inMemory) {
        const auto& buffer = inMemory->pixelBuffer();
        accumulator.add(buffer.data(), buffer.size());
        accumulator.addImages(dataset.size());
        return accumulator.result();
    }
    std::vector<std::size_t> indices(dataset.size());
    std::iota(indices.begin(), indices.end(), std::size_t{0});
    if (!everything) {
        std::mt19937_64 generator(seed);
        seededShuffle(indices, generator);
        indices.resize(maxSamples);
    }
    for (std::size_t index : indices) {
        const Image image = dataset.image(index);
        accumulator.add(image.pixels.data(), image.pixels.size());
        accumulator.addImages(1);
    }
    return accumulator.result();
}

}  // namespace noisynn
