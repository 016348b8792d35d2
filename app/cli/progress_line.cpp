#include "cli/progress_line.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace noisynn {
namespace {

std::string duration(double seconds) {
    const long long total = static_cast<long long>(seconds + 0.5);
    char text[32];
    if (total >= 3600) {
        std::snprintf(text, sizeof text, "%lldh%02lldm", total / 3600, total % 3600 / 60);
    } else {
        std::snprintf(text, sizeof text, "%lldm%02llds", total / 60, total % 60);
    }
    return text;
}

}  // namespace

bool ProgressLine::stdoutIsTerminal() {
    return isatty(STDOUT_FILENO) == 1;
}

void ProgressLine::update(int epoch, int firstEpoch, int epochs, std::size_t batch,
                          std::size_t batches, double loss, double imagesPerSecond) {
    const auto now = Clock::now();
    if (m_drawn && batch != batches && now - m_lastDraw < std::chrono::milliseconds(200)) {
        return;
    }
    m_lastDraw = now;
    m_drawn = true;
    // The ETA extrapolates this session's pace (evaluations included) over what is left.
    if (m_doneBefore < 0) {
        m_doneBefore = double(batch) - 1;
    }
    const double done = double(epoch - firstEpoch) * batches + batch - m_doneBefore;
    const double left = double(epochs - epoch) * batches + double(batches - batch);
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const double eta = done > 0 ? elapsed / done * left : 0;
    constexpr int kWidth = 24;
    const int filled = batches ? static_cast<int>(kWidth * batch / batches) : 0;
    const std::string bar = std::string(filled, '#') + std::string(kWidth - filled, '.');
    char text[200];
    std::snprintf(text, sizeof text,
                  "\repoch %d/%d [%s] %zu/%zu  loss %.4f  %.0f img/s  elapsed %s  ETA %s \x1b[K",
                  epoch, epochs, bar.c_str(), batch, batches, loss, imagesPerSecond,
                  duration(elapsed).c_str(), duration(eta).c_str());
    m_out << text << std::flush;
}

void ProgressLine::clear() {
    if (m_drawn) {
        m_out << "\r\x1b[K" << std::flush;
        m_drawn = false;
    }
}

}  // namespace noisynn
