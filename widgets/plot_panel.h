#pragma once

#include <QColor>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include "metric_plot.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace noisynn {

enum class PlotKind { Loss, Accuracy, Entropy, LearningRate };

// The live plots of a training run in a 2x2 grid (loss, accuracy, task entropy, learning rate)
// under one row of controls shared by all of them. Other runs can be overlaid: every series
// belongs to a run, and a run's series are keyed "<run>/<metric>".
class PlotPanel : public QWidget {
    Q_OBJECT
public:
    explicit PlotPanel(QWidget* parent = nullptr);

    MetricPlot* plot(PlotKind kind) const;
    MetricPlot* lossPlot() const { return plot(PlotKind::Loss); }
    MetricPlot* accuracyPlot() const { return plot(PlotKind::Accuracy); }
    MetricPlot* entropyPlot() const { return plot(PlotKind::Entropy); }
    MetricPlot* learningRatePlot() const { return plot(PlotKind::LearningRate); }

    // How a run's series look. The label prefixes every series name ("baseline: val loss"); an
    // empty label leaves bare names, which suits the one live run. A run never styled gets its
    // name as label and the next palette colour. Restyles series already drawn.
    void setRunStyle(const QString& run, const QString& label, const QColor& colour, bool dashed);
    void addBatchPoint(const QString& run, double step, double epoch, double seconds, double loss,
                       double accuracy, double lr);
    // NaN marks a value that was not measured (no validation split, entropy not estimated this
    // epoch) and is skipped rather than drawn.
    void addEpochPoint(const QString& run, double step, double epoch, double seconds,
                       double trainLoss, double trainAcc, double valLoss, double valAcc,
                       double entropyBefore, double entropyAfter, double deltaSEstimated,
                       double deltaSTheory);
    void removeRun(const QString& run);
    void setRunVisible(const QString& run, bool visible);
    QStringList runs() const { return m_runs; }
    // Removes every run's series; run styles stay, so a restarted run looks the same.
    void clear();

    static QString seriesKey(const QString& run, const QString& metric);

    // These move the shared controls, which then apply the setting to the plots.
    void setSmoothing(double weight);
    double smoothing() const;
    void setXAxis(XAxisKind kind);
    XAxisKind xAxis() const;
    void setLogY(bool logarithmic);
    bool logY() const;

    bool exportPlot(PlotKind kind, const QString& file, QString* error = nullptr);

private:
    struct RunStyle {
        QString label;
        QColor colour;
        bool dashed = false;
        bool visible = true;
    };
    struct Metric;

    static const QVector<Metric>& metrics();
    RunStyle& styleOf(const QString& run);
    void ensureSeries(const QString& run, const Metric& metric);
    void applyStyle(const QString& run, const Metric& metric, bool create);
    void addValue(const QString& run, const QString& metricId, const PlotPoint& point);
    void applySmoothing(int sliderValue);
    void applyXAxis(int comboIndex);
    void applyLogY(bool logarithmic);

    QVector<MetricPlot*> m_plots;  // indexed by PlotKind
    QSlider* m_smoothingSlider = nullptr;
    QLabel* m_smoothingValue = nullptr;
    QComboBox* m_xAxisCombo = nullptr;
    QCheckBox* m_logYCheck = nullptr;
    QHash<QString, RunStyle> m_styles;
    QStringList m_runs;  // runs with series, in the order they first appeared
    int m_runsStyled = 0;
};

}  // namespace noisynn
