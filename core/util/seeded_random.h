#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace noisynn {

// SplitMix64: a counter-based generator. Deriving every random choice from (seed, epoch, sample)
// makes augmentation independent of which worker thread handles a sample, and of thread timing.
inline std::uint64_t splitMix64(std::uint64_t value) {
    value += 0x9E3779B97F4A7C15ull;
    value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ull;
    value = (value ^ (value >> 27)) * 0x94D049BB133111EBull;
    return value ^ (value >> 31);
}

inline std::uint64_t mixSeed(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0) {
    return splitMix64(splitMix64(splitMix64(seed) ^ a) ^ b);
}

// The standard's distributions and std::shuffle are implementation-defined; these are not, so a
// seed gives the same data, splits and orders with any standard library. std::mt19937_64 itself is
// fully specified.

inline double uniform01(std::mt19937_64& generator) {
    return static_cast<double>(generator() >> 11) * 0x1.0p-53;  // 53 random bits in [0, 1)
}

inline double standardNormal(std::mt19937_64& generator) {
    // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
    const double u = 1.0 - uniform01(generator);
    const double v = uniform01(generator);
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
}

template <typename T>
void seededShuffle(std::vector<T>& items, std::mt19937_64& generator) {
    for (std::size_t i = items.size(); i > 1; --i) {
        const std::size_t j = static_cast<std::size_t>(generator() % i);
        std::swap(items[i - 1], items[j]);
    }
}

}  // namespace noisynn
