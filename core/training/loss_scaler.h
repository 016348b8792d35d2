#pragma once

namespace noisynn {

// Dynamic loss scaling for fp16 training (LibTorch's C++ API has no GradScaler). The loss is
// multiplied by scale() before backward; when a gradient overflows the step is skipped and the
// scale halves, and after `growthInterval` good steps in a row it doubles.
class LossScaler {
public:
    explicit LossScaler(double initialScale = 65536.0, int growthInterval = 2000)
        : m_scale(initialScale), m_growthInterval(growthInterval) {}

    double scale() const { return m_scale; }
    int goodSteps() const { return m_goodSteps; }
    // For checkpoints: a resumed fp16 run skips the same steps as an uninterrupted one.
    void restore(double scale, int goodSteps) {
        m_scale = scale;
        m_goodSteps = goodSteps;
    }
    // Records whether the step's unscaled gradients were all finite; returns whether to step.
    bool update(bool gradientsFinite) {
        if (!gradientsFinite) {
            m_scale = m_scale / 2 < 1.0 ? 1.0 : m_scale / 2;
            m_goodSteps = 0;
            return false;
        }
        if (++m_goodSteps >= m_growthInterval) {
            m_scale *= 2;
            m_goodSteps = 0;
        }
        return true;
    }

private:
    double m_scale;
    int m_growthInterval;
    int m_goodSteps = 0;
};

}  // namespace noisynn
