#include "cli/progress_line.h"

#include <unistd.h>

#include <algorithm>
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

constexpr int kWidth = 24;

std::string bar(double fraction) {
    const int filled = static_cast<int>(kWidth * std::min(1.0, std::max(0.0, fraction)));
    return std::string(filled, '#') + std::string(kWidth - filled, '.');
}

}  // namespace

bool ProgressLine::due(bool last) {
    const auto now = Clock::now();
    if (m_drawn && !last && now - m_lastDraw < std::chrono::milliseconds(200)) {
        return false;
    }
    m_lastDraw = now;
    m_drawn = true;
    return true;
}

bool ProgressLine::stdoutIsTerminal() {
    return isatty(STDOUT_FILENO) == 1;
}

void ProgressLine::update(int epoch, int firstEpoch, int epochs, std::size_t batch,
                          std::size_t batches, double loss, double imagesPerSecond) {
    if (!due(batch == batches)) {
        return;
    }
    const auto now = m_lastDraw;
    // The ETA extrapolates this session's pace (evaluations included) over what is left.
    if (m_doneBefore < 0) {
        m_doneBefore = double(batch) - 1;
    }
    const double done = double(epoch - firstEpoch) * batches + batch - m_doneBefore;
    const double left = double(epochs - epoch) * batches + double(batches - batch);
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const double eta = done > 0 ? elapsed / done * left : 0;
    char text[200];
    std::snprintf(text, sizeof text,
                  "\repoch %d/%d [%s] %zu/%zu  loss %.4f  %.0f img/s  elapsed %s  ETA %s \x1b[K",
                  epoch, epochs, bar(batches ? double(batch) / batches : 0).c_str(), batch,
                  batches, loss, imagesPerSecond, duration(elapsed).c_str(),
                  duration(eta).c_str());
    m_out << text << std::flush;
}

void ProgressLine::updateImages(std::string_view task, std::size_t images, std::size_t total) {
    if (images == 0) {
        m_start = Clock::now();
        return;
    }
    if (!due(images >= total)) {
        return;
    }
    const double elapsed = std::chrono::duration<double>(m_lastDraw - m_start).count();
    const double perSecond = elapsed > 0 ? images / elapsed : 0;
    const double eta = perSecond > 0 ? double(total - std::min(images, total)) / perSecond : 0;
    char text[200];
    std::snprintf(text, sizeof text,
                  "\r%.*s [%s] %zu/%zu images  %.0f img/s  elapsed %s  ETA %s \x1b[K",
                  static_cast<int>(task.size()), task.data(),
                  bar(total ? double(images) / total : 0).c_str(), images, total, perSecond,
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
