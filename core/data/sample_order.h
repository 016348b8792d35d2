#pragma once

#include "data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace noisynn {

// The order in which a split's samples are visited. ClassSorted reproduces the NoisyNN authors'
// evaluation (one class folder after another), where a batch holds mostly one class; Single visits
// one sample per batch, where batch-mixing noise has nothing to mix.
enum class SampleOrder { Shuffled, ClassSorted, Single, Sequential };

std::string toString(SampleOrder order);  // "shuffled", "sorted", "single", "sequential"
// Throws noisynn::Error naming key and the allowed values.
SampleOrder parseSampleOrder(const std::string& text, const std::string& key);

// Shuffled is a permutation seeded by (seed, epoch); ClassSorted is stable within a class.
std::vector<std::size_t> orderSamples(const Dataset& dataset, SampleOrder order, std::uint64_t seed,
                                      std::uint64_t epoch);

}  // namespace noisynn
