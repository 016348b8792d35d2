#pragma once

#include <chrono>
#include <ostream>
#include <string_view>

namespace noisynn {

// A one-line progress bar with an ETA, redrawn in place (at most 5 times a second) for a terminal.
class ProgressLine {
public:
    explicit ProgressLine(std::ostream& out) : m_out(out) {}

    // After batch `batch` of `batches` in epoch `epoch` (from firstEpoch) of `epochs`.
    void update(int epoch, int firstEpoch, int epochs, std::size_t batch, std::size_t batches,
                double loss, double imagesPerSecond);
    // After `images` of the `total` a task (e.g. "evaluating") goes through. A call with
    // `images` 0 marks the task's start, so that its rate and ETA leave out what came before
    // (building the model, loading a checkpoint).
    void updateImages(std::string_view task, std::size_t images, std::size_t total);
    // Ends the line, so that the next output starts on a fresh one.
    void clear();

    // Whether standard output is a terminal, where a redrawn line makes sense.
    static bool stdoutIsTerminal();

private:
    // Whether to redraw now: at most 5 times a second, and always at the end.
    bool due(bool last);

    using Clock = std::chrono::steady_clock;
    std::ostream& m_out;
    Clock::time_point m_start = Clock::now();
    Clock::time_point m_lastDraw{};
    bool m_drawn = false;
    double m_doneBefore = -1;  // batches a resumed epoch had done before this session
};

}  // namespace noisynn
