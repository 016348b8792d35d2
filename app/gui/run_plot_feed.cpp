#include "gui/run_plot_feed.h"

#include "plot_panel.h"

#include <algorithm>
#include <map>

namespace noisynn {

RunPlotFeed::RunPlotFeed(PlotPanel* panel, QString runKey)
    : m_panel(panel), m_key(std::move(runKey)) {}

void RunPlotFeed::batchPoint(int epoch, double batch, double batches, double loss, double accuracy,
                             double learningRate, double seconds) {
    m_batchesPerEpoch = batches;
    const double step = (epoch - 1) * batches + batch;
    m_panel->addBatchPoint(m_key, step, epoch - 1 + batch / batches, seconds, loss, accuracy,
                           learningRate);
}

void RunPlotFeed::addBatch(const BatchMetrics& metrics, double seconds) {
    batchPoint(metrics.epoch, static_cast<double>(metrics.batch),
               static_cast<double>(metrics.batches), metrics.loss, metrics.accuracy,
               metrics.learningRate, m_earlierSeconds + seconds);
}

void RunPlotFeed::addEpoch(const EpochMetrics& metrics, double seconds) {
    const EntropyFigures& entropy = metrics.validation.entropy;
    m_panel->addEpochPoint(m_key, metrics.epoch * m_batchesPerEpoch, metrics.epoch,
                           m_earlierSeconds + seconds, metrics.trainLoss, metrics.trainAccuracy,
                           metrics.validation.loss, metrics.validation.accuracy, entropy.before,
                           entropy.after, entropy.deltaSEstimated, entropy.deltaSTheory);
}

std::size_t RunPlotFeed::addRows(const std::vector<MetricsRow>& rows) {
    // Batch rows hold no time: they get their share of their epoch's recorded seconds.
    std::map<int, double> epochSeconds;
    std::map<int, double> batchesIn;
    for (const MetricsRow& row : rows) {
        if (row.kind == "epoch") {
            epochSeconds[row.epoch] = row.seconds;
        } else {
            batchesIn[row.epoch] = std::max(batchesIn[row.epoch], static_cast<double>(row.batch));
        }
    }
    std::size_t points = 0;
    double before = 0;  // the seconds of the epochs before the row's
    int currentEpoch = 0;
    for (const MetricsRow& row : rows) {
        if (row.epoch != currentEpoch) {
            for (int e = currentEpoch; e < row.epoch; ++e) {
                before += epochSeconds.count(e) ? epochSeconds[e] : 0;
            }
            currentEpoch = row.epoch;
        }
        if (row.kind == "batch") {
            const double batches = batchesIn[row.epoch];
            const double share = epochSeconds.count(row.epoch) ? epochSeconds[row.epoch] : 0;
            batchPoint(row.epoch, static_cast<double>(row.batch), batches, row.loss, row.accuracy,
                       row.learningRate, before + share * static_cast<double>(row.batch) / batches);
        } else {
            m_panel->addEpochPoint(m_key, row.epoch * m_batchesPerEpoch, row.epoch,
                                   before + row.seconds, row.loss, row.accuracy, row.valLoss,
                                   row.valAccuracy, row.taskEntropyBefore, row.taskEntropyAfter,
                                   row.deltaSEstimated, row.deltaSTheory);
        }
        ++points;
    }
    for (const auto& [epoch, seconds] : epochSeconds) {
        m_earlierSeconds += seconds;
    }
    return points;
}

}  // namespace noisynn
