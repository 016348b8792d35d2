#pragma once

namespace noisynn {

// The time left in a run. Training steps go at their pace since this start, with pauses and
// evaluations left out; each epoch still to end adds one evaluation at the length of the last
// one. The evaluation can be most of an epoch: a ViT over class-sorted batches of 10 spends
// minutes there.
class RunEta {
public:
    explicit RunEta(int epochs = 0) : m_epochs(epochs) {}

    // `seconds` count from this start or resume, on one clock for all three.
    void batch(int epoch, long long batch, long long batches, double seconds);
    void epochEnded(double seconds);
    void paused(double seconds) { m_pausedSeconds += seconds; }

    // Before the first batch: 0.
    double secondsLeft() const;
    // False until an epoch has ended here: secondsLeft() counts training only until then.
    bool knowsEvaluations() const { return m_evaluationSeconds >= 0; }
    long long step() const { return m_step; }
    long long totalSteps() const;

private:
    int m_epochs;
    int m_epoch = 0;
    long long m_batches = 0;     // per epoch
    long long m_firstStep = -1;  // the step before this start's first batch
    long long m_step = 0;
    double m_lastBatchSeconds = 0;
    double m_pausedSeconds = 0;
    double m_evaluatedSeconds = 0;    // all evaluations since this start
    double m_evaluationSeconds = -1;  // the last one
    bool m_epochEvaluated = false;    // m_epoch's evaluation has ended
};

}  // namespace noisynn
