#include "data/sample_order.h"

#include "error.h"
#include "util/seeded_random.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace noisynn {

std::string toString(SampleOrder order) {
    switch (order) {
        case SampleOrder::Shuffled:
            return "shuffled";
        case SampleOrder::ClassSorted:
            return "sorted";
        case SampleOrder::Single:
            return "single";
        case SampleOrder::Sequential:
            return "sequential";
    }
    return "?";
}

SampleOrder parseSampleOrder(const std::string& text, const std::string& key) {
    for (auto order : {SampleOrder::Shuffled, SampleOrder::ClassSorted, SampleOrder::Single,
                       SampleOrder::Sequential}) {
        if (text == toString(order)) {
            return order;
        }
    }
    throw Error(key + ": \"" + text + "\" is not an order; expected sorted, shuffled, single or " +
                "sequential");
}

std::vector<std::size_t> orderSamples(const Dataset& dataset, SampleOrder order, std::uint64_t seed,
                                      std::uint64_t epoch) {
    std::vector<std::size_t> indices(dataset.size());
    std::iota(indices.begin(), indices.end(), std::size_t{0});
    if (order == SampleOrder::Shuffled) {
        std::mt19937_64 generator(mixSeed(seed, epoch));
        seededShuffle(indices, generator);
    } else if (order == SampleOrder::ClassSorted) {
        std::stable_sort(indices.begin(), indices.end(), [&](std::size_t a, std::size_t b) {
            return dataset.label(a) < dataset.label(b);
        });
    }
    return indices;
}

}  // namespace noisynn
