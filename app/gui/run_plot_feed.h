#pragma once

#include "runs/run_directory.h"
#include "training/training_events.h"

#include <QString>

#include <vector>

namespace noisynn {

class PlotPanel;

// Puts one run's metrics on the plot panel, live or read back from metrics.csv, giving each point
// the three x values the panel switches between: the global step, the fractional epoch and the
// wall time.
class RunPlotFeed {
public:
    RunPlotFeed(PlotPanel* panel, QString runKey);

    // `seconds` counts from this start or resume; the wall time of earlier epochs (read from the
    // run's metrics.csv) is added to it.
    void addBatch(const BatchMetrics& metrics, double seconds);
    void addEpoch(const EpochMetrics& metrics, double seconds);
    // metrics.csv rows in file order; returns how many points went on the plots. Afterwards live
    // events continue the same curves.
    std::size_t addRows(const std::vector<MetricsRow>& rows);

    const QString& runKey() const { return m_key; }

private:
    void batchPoint(int epoch, double batch, double batches, double loss, double accuracy,
                    double learningRate, double seconds);

    PlotPanel* m_panel;
    QString m_key;
    double m_batchesPerEpoch = 0;
    double m_earlierSeconds = 0;  // wall time of the epochs recorded before this start
};

}  // namespace noisynn
