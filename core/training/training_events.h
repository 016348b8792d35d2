#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace noisynn {

struct BatchMetrics {
    int epoch = 0;            // from 1
    std::size_t batch = 0;    // from 1 within the epoch
    std::size_t batches = 0;  // per epoch
    double loss = 0;
    double accuracy = 0;
    double learningRate = 0;
    double imagesPerSecond = 0;  // this batch, data wait included
};

struct EvaluationResult {
    double loss = 0;
    double accuracy = 0;
    std::size_t samples = 0;
    std::vector<double> perClassAccuracy;
    std::vector<std::vector<long long>> confusion;  // [true class][predicted class]
};

struct EpochMetrics {
    int epoch = 0;
    double trainLoss = 0;
    double trainAccuracy = 0;
    double trainImagesPerSecond = 0;
    EvaluationResult validation;
    double seconds = 0;
};

// What a run reports, on the thread that runs it. The GUI's controller turns these into queued
// signals; the CLI prints them.
class TrainingEvents {
public:
    virtual ~TrainingEvents() = default;
    virtual void onBatch(const BatchMetrics&) {}
    virtual void onEpoch(const EpochMetrics&) {}
};

}  // namespace noisynn
