#pragma once

#include <QColor>
#include <QHash>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVector>
#include <QWidget>

#include <vector>

#include "ema_smoothing.h"

// Forward declarations keep qcustomplot.h (and its keyword macros) out of every includer.
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;
class QCustomPlot;
class QMouseEvent;

namespace noisynn {

// One logged value and the three clocks it can be plotted against.
struct PlotPoint {
    double step = 0.0;     // global training step
    double epoch = 0.0;    // fractional epoch
    double seconds = 0.0;  // wall time since the run started
    double value = 0.0;
};

enum class SeriesShape {
    Line,     // per-batch curve: many points, smoothable
    Markers,  // per-epoch points joined by a line with circle markers, never smoothed
};

enum class XAxisKind { Step, Epoch, WallTime };

// A few named series of one metric against a selectable x axis, drawn with QCustomPlot.
// Points stream in at training speed, so adding one only appends it and marks the plot dirty;
// a single-shot timer rescales and redraws at most about 25 times a second.
class MetricPlot : public QWidget {
    Q_OBJECT
public:
    explicit MetricPlot(QWidget* parent = nullptr);
    ~MetricPlot() override;

    // Creates the series or, when the key exists, restyles it and keeps its points. Dashed is
    // meant for runs overlaid on the live one.
    void setSeries(const QString& key, const QString& label, const QColor& colour,
                   SeriesShape shape, bool dashed = false);
    // A key never passed to setSeries gets a Line series labelled with the key.
    void addPoint(const QString& key, const PlotPoint& point);
    void setPoints(const QString& key, const QVector<PlotPoint>& points);
    void removeSeries(const QString& key);
    void clear();
    void setSeriesVisible(const QString& key, bool visible);

    bool hasSeries(const QString& key) const { return m_series.contains(key); }
    QStringList seriesKeys() const { return m_order; }
    bool isSeriesVisible(const QString& key) const;
    QString seriesLabel(const QString& key) const;
    QVector<PlotPoint> points(const QString& key) const;
    // The values of the full-colour curve: the debiased EMA for a Line series while smoothing
    // is on, the raw values otherwise.
    std::vector<double> smoothedValues(const QString& key) const;

    // Weight of TensorBoard's debiased EMA, clamped to [0, 0.999]; 0 turns smoothing off.
    void setSmoothing(double weight);
    double smoothing() const { return m_smoothing; }

    void setXAxis(XAxisKind kind);
    XAxisKind xAxis() const { return m_xAxis; }
    static QString xAxisLabel(XAxisKind kind);
    // Matplotlib's tab10, so that series and runs nobody styled still look like plots people
    // know; the index wraps around.
    static QColor paletteColour(int index);

    // Non-positive values cannot be placed on a log axis; they are left out of the drawing (a
    // gap in the line) but kept, so switching back shows them again.
    void setLogY(bool logarithmic);
    bool logY() const { return m_logY; }

    void setTitle(const QString& title);
    QString title() const;
    void setYLabel(const QString& label);
    // Shown in the middle of the plot while it has no point to draw: what would bring some.
    void setEmptyText(const QString& text);
    QString yLabel() const;

    // The crosshair's text for an x in the current axis: the x, then each visible series' label
    // and its value at the point nearest that x, one per line.
    QString crosshairText(double x) const;
    // What the crosshair shows now; empty while it is hidden.
    QString shownCrosshairText() const;

    // Writes the plot as PNG, PDF or SVG, chosen by the file's suffix, at the widget's size.
    // The file is written beside the target and renamed into place, so a failure never leaves
    // a half-written file. On failure returns false and, if error is given, says why.
    bool exportTo(const QString& file, QString* error = nullptr);

    // How many times QCustomPlot has redrawn the whole plot; lets tests prove that a burst of
    // points costs one or two redraws rather than one per point.
    int replotCount() const { return m_replotCount; }
    // Milliseconds from the last new point to the redraw it waits for (redraw_pacing.h); -1 when
    // none is waiting.
    int nextRedrawInMs() const { return m_replotTimer.isActive() ? m_replotTimer.interval() : -1; }
    // Draws pending changes now instead of at the next timer tick.
    void redrawNow();

    QCustomPlot* plot() const { return m_plot; }
    // The full-colour graph of a series, and the faint raw copy drawn behind it while smoothing.
    QCPGraph* graph(const QString& key) const;
    QCPGraph* rawGraph(const QString& key) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Series {
        QString label;
        QColor colour;
        SeriesShape shape = SeriesShape::Line;
        bool dashed = false;
        bool visible = true;
        QVector<PlotPoint> points;
        std::vector<double> smoothed;  // one per point, kept in step with points
        DebiasedEma ema;               // state after the last point, for O(1) streaming
        QCPGraph* graph = nullptr;     // owned by m_plot
        QCPGraph* raw = nullptr;       // owned by m_plot
    };

    Series& ensureSeries(const QString& key);
    bool isSmoothed(const Series& series) const;
    void applyStyle(Series& series);
    void rebuildData(Series& series);
    double xOf(const PlotPoint& point) const;
    double drawnValue(double value) const;
    int nearestPoint(const Series& series, double x) const;
    QString formatX(double x) const;
    void markDirty();
    void flushRedraw();
    void rescale();
    void showCrosshairAt(const QPoint& position);
    void hideCrosshair();
    bool writeSvg(const QString& file, const QSize& size);

    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_title = nullptr;  // created on first setTitle, so untitled plots keep room
    QCPItemStraightLine* m_crosshairLine = nullptr;
    QCPItemText* m_crosshairLabel = nullptr;
    QCPItemText* m_emptyLabel = nullptr;
    double m_crosshairX = 0.0;
    QHash<QString, Series> m_series;
    QStringList m_order;  // legend and crosshair order: the order series were created in
    double m_smoothing = 0.0;
    XAxisKind m_xAxis = XAxisKind::Step;
    bool m_logY = false;
    QTimer m_replotTimer;
    bool m_dirty = false;
    int m_replotCount = 0;
};

}  // namespace noisynn
