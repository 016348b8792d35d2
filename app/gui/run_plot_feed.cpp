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
    // Batches per epoch from the epochs that ended: a stopped epoch's last row is not its end.
    std::map<int, double> lastBatch;
    std::map<int, double> epochSeconds;
    for (const MetricsRow& row : rows) {
        if (row.kind == "epoch") {
            epochSeconds[row.epoch] = row.seconds;
        } else {
            lastBatch[row.epoch] = std::max(lastBatch[row.epoch], static_cast<double>(row.batch));
        }
    }
    double perEpoch = 0;
    double secondsPerBatch = 0;  // of the last epoch that ended, for a stopped epoch's rows
    for (const auto& [epoch, seconds] : epochSeconds) {
        if (lastBatch.count(epoch) && lastBatch[epoch] > 0) {
            perEpoch = std::max(perEpoch, lastBatch[epoch]);
            secondsPerBatch = seconds / lastBatch[epoch];
        }
    }
    if (perEpoch == 0) {
        for (const auto& [epoch, batch] : lastBatch) {
            perEpoch = std::max(perEpoch, batch);
        }
    }
    m_batchesPerEpoch = perEpoch;
    // Rows come in file order, each epoch's batch rows before its epoch row; batch rows hold no
    // time, so they get their share of their epoch's recorded seconds.
    double before = 0;  // the seconds of the epochs ended before the row's
    std::size_t points = 0;
    for (const MetricsRow& row : rows) {
        if (row.kind == "batch") {
            const auto batch = static_cast<double>(row.batch);
            const double seconds = epochSeconds.count(row.epoch)
                                       ? epochSeconds[row.epoch] * batch / perEpoch
                                       : secondsPerBatch * batch;
            batchPoint(row.epoch, batch, perEpoch, row.loss, row.accuracy, row.learningRate,
                       before + seconds);
        } else {
            before += row.seconds;
            m_panel->addEpochPoint(m_key, row.epoch * perEpoch, row.epoch, before, row.loss,
                                   row.accuracy, row.valLoss, row.valAccuracy,
                                   row.taskEntropyBefore, row.taskEntropyAfter, row.deltaSEstimated,
                                   row.deltaSTheory);
        }
        ++points;
    }
    // A resumed run goes on after the stopped epoch's batches, not over them.
    const MetricsRow* last = rows.empty() ? nullptr : &rows.back();
    const bool stoppedInEpoch =
        last && last->kind == "batch" && epochSeconds.count(last->epoch) == 0;
    m_earlierSeconds += before + (stoppedInEpoch ? secondsPerBatch * last->batch : 0);
    return points;
}

}  // namespace noisynn
