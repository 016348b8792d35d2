#pragma once

#include <cstdint>

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

}  // namespace noisynn
