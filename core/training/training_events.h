#pragma once

#include "data/image.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace noisynn {

// Wall time of one training step by phase, in seconds. Forward includes the loss and reading it
// back (which waits for the device); optimizer includes gradient clipping.
struct StepTimings {
    double data = 0;  // waiting for the loader and moving the batch to the device
    double forward = 0;
    double backward = 0;
    double optimizer = 0;
    double total() const { return data + forward + backward + optimizer; }
};

struct BatchMetrics {
    int epoch = 0;            // from 1
    std::size_t batch = 0;    // from 1 within the epoch
    std::size_t batches = 0;  // per epoch
    double loss = 0;
    double accuracy = 0;
    double learningRate = 0;
    double imagesPerSecond = 0;  // this batch, data wait included
    StepTimings timings;
};

// The task entropy H(T; Z) of NOISYNN.md on a fixed seeded subset of the evaluation split, from
// the features at the injection point before and after the noise, both as the evaluation formed
// them (its order and batch size). NaN where not estimated (no noise, entropy.samples 0).
struct EntropyFigures {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
    double before = kNone;
    double after = kNone;
    double deltaSEstimated = kNone;  // before - after: positive when the noise lowers it
    double deltaSTheory = kNone;     // -log|det(I + Q)| for linear noise applied in evaluation
    double spreadBefore = kNone;     // mean squared distance to the class mean
    double spreadAfter = kNone;
    std::size_t samples = 0;
    std::size_t dimensionUsed = 0;
    double seconds = 0;  // the estimate itself, the forward pass excluded
    bool estimated() const { return samples > 0; }
};

struct EvaluationResult {
    double loss = 0;
    double accuracy = 0;
    std::size_t samples = 0;
    std::vector<double> perClassAccuracy;
    std::vector<std::vector<long long>> confusion;  // [true class][predicted class]
    EntropyFigures entropy;
};

struct EpochMetrics {
    int epoch = 0;
    double trainLoss = 0;
    double trainAccuracy = 0;
    double trainImagesPerSecond = 0;
    EvaluationResult validation;
    double seconds = 0;
};

// Features at the injection point before and after the noise, pooled per sample (see
// NoiseCapture), rows in the evaluation order, the after-noise rows formed in evaluation batches.
struct FeatureSet {
    std::size_t rows = 0;
    std::size_t dimension = 0;
    std::vector<float> before;  // rows x dimension, row-major
    std::vector<float> after;
    std::vector<std::int64_t> labels;
    std::vector<std::int64_t> sampleIndices;  // into the evaluation split
};

// The first evaluation images in evaluation order, before and after the run's image noise, with
// the normalisation undone: values in [0, 1], count x channels x height x width.
struct ImagePreview {
    ImageShape shape;
    std::size_t count = 0;
    std::vector<float> before;
    std::vector<float> after;
    std::vector<std::int64_t> labels;
};

// What the viewers show after an epoch: images, the embeddings of an evaluation subset, and one
// sample's raw features at the injection point (tokens x width for a ViT, channels x positions for
// a CNN), all before and after the noise.
struct ViewerSamples {
    int epoch = 0;
    ImagePreview images;
    FeatureSet features;
    std::vector<std::int64_t> rawShape;  // [rows, columns] of rawBefore and rawAfter
    std::vector<float> rawBefore;
    std::vector<float> rawAfter;
};

// What a run reports, on the thread that runs it. The GUI's controller turns these into queued
// signals; the CLI prints them.
class TrainingEvents {
public:
    virtual ~TrainingEvents() = default;
    virtual void onBatch(const BatchMetrics&) {}
    virtual void onEpoch(const EpochMetrics&) {}
    // Viewer samples cost an extra forward pass over a subset, so they are made only when wanted.
    virtual bool wantsSamples() const { return false; }
    virtual void onSamples(const ViewerSamples&) {}
};

}  // namespace noisynn
