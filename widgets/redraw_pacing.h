#pragma once

#include <algorithm>
#include <cmath>

namespace noisynn {

// How long a live plot waits before its next redraw, given how long its recent redraws took: at
// least 40 ms (about 25 a second, smooth enough to watch), and otherwise 100 times a redraw, so
// that redrawing keeps to 1/100 of a core per plot however many points it holds and however slow
// the screen is (Xvfb draws in software). With a fixed 40 ms, fmnist-small-cnn trained a third
// slower in the window than in the CLI on 2 cores of a Zen 4, and with 40 times a redraw still
// 15% slower: every moment the GUI thread takes from a training thread, the other one spins
// waiting for it. At most a second, so that a plot never looks stalled.
inline int redrawIntervalMs(double averageRedrawMs) {
    constexpr int kFastest = 40;
    constexpr int kSlowest = 1000;
    constexpr double kCostRatio = 100.0;
    if (!std::isfinite(averageRedrawMs) || averageRedrawMs <= 0.0) {
        return kFastest;
    }
    return static_cast<int>(std::clamp(kCostRatio * averageRedrawMs, double(kFastest),
                                       double(kSlowest)));
}

}  // namespace noisynn
