#include "metric_plot.h"

#include "qcustomplot_include.h"
#include "redraw_pacing.h"

#include <QFile>
#include <QFileInfo>
#include <QMouseEvent>
#include <QSvgGenerator>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <system_error>

namespace noisynn {

namespace {

constexpr int kRawAlpha = 50;
constexpr double kMarkerSize = 5.0;
const QString kRawLayer = QStringLiteral("raw");
const QString kOverlayLayer = QStringLiteral("overlay");

QString formatValue(double value) {
    return QString::number(value, 'g', 4);
}

std::filesystem::path toPath(const QString& file) {
    return std::filesystem::path(QFile::encodeName(file).toStdString());
}

}  // namespace

QColor MetricPlot::paletteColour(int index) {
    static const QColor palette[] = {
        QColor(31, 119, 180),  QColor(255, 127, 14), QColor(44, 160, 44),   QColor(214, 39, 40),
        QColor(148, 103, 189), QColor(140, 86, 75),  QColor(227, 119, 194), QColor(127, 127, 127),
        QColor(188, 189, 34),  QColor(23, 190, 207)};
    constexpr int count = static_cast<int>(sizeof(palette) / sizeof(palette[0]));
    return palette[((index % count) + count) % count];
}

MetricPlot::MetricPlot(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    m_plot->setObjectName(QStringLiteral("customPlot"));
    m_plot->setNoAntialiasingOnDrag(true);
    // Without tracking QCustomPlot reports moves only while a button is held.
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);

    // Raw copies go on their own layer below the main one, so every smoothed curve is drawn
    // over every faint curve whatever order the series were created in.
    m_plot->addLayer(kRawLayer, m_plot->layer(QStringLiteral("main")), QCustomPlot::limBelow);
    // A buffered overlay lets the crosshair follow the mouse by repainting one layer instead of
    // replotting thousands of points on every move.
    m_plot->layer(kOverlayLayer)->setMode(QCPLayer::lmBuffered);

    m_crosshairLine = new QCPItemStraightLine(m_plot);
    m_crosshairLine->setLayer(kOverlayLayer);
    m_crosshairLine->point1->setType(QCPItemPosition::ptAbsolute);
    m_crosshairLine->point2->setType(QCPItemPosition::ptAbsolute);
    m_crosshairLine->setPen(QPen(QColor(90, 90, 90), 1, Qt::DotLine));
    m_crosshairLine->setVisible(false);

    m_crosshairLabel = new QCPItemText(m_plot);
    m_crosshairLabel->setLayer(kOverlayLayer);
    m_crosshairLabel->position->setType(QCPItemPosition::ptAbsolute);
    m_crosshairLabel->setTextAlignment(Qt::AlignLeft);
    m_crosshairLabel->setPadding(QMargins(4, 2, 4, 2));
    m_crosshairLabel->setBrush(QColor(255, 255, 255, 225));
    m_crosshairLabel->setPen(QPen(QColor(160, 160, 160)));
    QFont small = font();
    if (small.pointSizeF() > 0) {
        small.setPointSizeF(small.pointSizeF() * 0.85);
    }
    m_crosshairLabel->setFont(small);
    m_crosshairLabel->setVisible(false);

    m_emptyLabel = new QCPItemText(m_plot);
    m_emptyLabel->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_emptyLabel->position->setCoords(0.5, 0.5);
    m_emptyLabel->setPositionAlignment(Qt::AlignCenter);
    m_emptyLabel->setColor(QColor(120, 120, 120));
    m_emptyLabel->setVisible(false);

    m_plot->legend->setFont(small);
    m_plot->legend->setIconSize(16, 8);
    m_plot->legend->setBrush(QColor(255, 255, 255, 200));
    m_plot->legend->setBorderPen(QPen(QColor(180, 180, 180)));
    m_plot->legend->setRowSpacing(0);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    m_plot->legend->setVisible(false);

    m_plot->xAxis->setLabel(xAxisLabel(m_xAxis));

    connect(m_plot, &QCustomPlot::afterReplot, this, [this] { ++m_replotCount; });
    connect(m_plot, &QCustomPlot::mouseMove, this,
            [this](QMouseEvent* event) { showCrosshairAt(event->position().toPoint()); });

    m_replotTimer.setSingleShot(true);
    connect(&m_replotTimer, &QTimer::timeout, this, &MetricPlot::flushRedraw);
}

MetricPlot::~MetricPlot() = default;

QString MetricPlot::xAxisLabel(XAxisKind kind) {
    switch (kind) {
        case XAxisKind::Step:
            return QStringLiteral("step");
        case XAxisKind::Epoch:
            return QStringLiteral("epoch");
        case XAxisKind::WallTime:
            return QStringLiteral("wall time (s)");
    }
    return {};
}

void MetricPlot::setSeries(const QString& key, const QString& label, const QColor& colour,
                           SeriesShape shape, bool dashed) {
    Series& series = ensureSeries(key);
    const bool reshaped = series.shape != shape;
    series.label = label;
    series.colour = colour;
    series.shape = shape;
    series.dashed = dashed;
    applyStyle(series);
    if (reshaped) {
        // The shape decides whether the series is smoothed, so its drawn values change.
        rebuildData(series);
    }
    markDirty();
}

MetricPlot::Series& MetricPlot::ensureSeries(const QString& key) {
    auto found = m_series.find(key);
    if (found != m_series.end()) {
        return *found;
    }
    Series series;
    series.label = key;
    series.colour = paletteColour(static_cast<int>(m_order.size()));
    series.ema = DebiasedEma(m_smoothing);
    series.raw = m_plot->addGraph();
    series.raw->setLayer(kRawLayer);
    series.raw->removeFromLegend();
    series.graph = m_plot->addGraph();
    m_order.append(key);
    auto inserted = m_series.insert(key, series);
    applyStyle(*inserted);
    return *inserted;
}

bool MetricPlot::isSmoothed(const Series& series) const {
    return series.shape == SeriesShape::Line && m_smoothing > 0.0;
}

void MetricPlot::applyStyle(Series& series) {
    QPen pen(series.colour, 1.0);
    pen.setStyle(series.dashed ? Qt::DashLine : Qt::SolidLine);
    series.graph->setName(series.label);
    series.graph->setPen(pen);
    series.graph->setLineStyle(QCPGraph::lsLine);
    // Antialiasing tens of thousands of segments costs more than it is worth on a live plot.
    series.graph->setAntialiased(false);
    if (series.shape == SeriesShape::Line) {
        series.graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssNone));
        series.graph->setAdaptiveSampling(true);
    } else {
        series.graph->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, series.colour, series.colour, kMarkerSize));
        // Per-epoch series are short; sampling them could drop a marker.
        series.graph->setAdaptiveSampling(false);
    }

    QColor faint = series.colour;
    faint.setAlpha(kRawAlpha);
    series.raw->setPen(QPen(faint, 1.0));
    series.raw->setLineStyle(QCPGraph::lsLine);
    series.raw->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssNone));
    series.raw->setAntialiased(false);
    series.raw->setAdaptiveSampling(true);

    series.graph->setVisible(series.visible);
    series.raw->setVisible(series.visible && isSmoothed(series));
    if (series.visible) {
        series.graph->addToLegend();
    } else {
        series.graph->removeFromLegend();
    }
}

double MetricPlot::xOf(const PlotPoint& point) const {
    switch (m_xAxis) {
        case XAxisKind::Step:
            return point.step;
        case XAxisKind::Epoch:
            return point.epoch;
        case XAxisKind::WallTime:
            return point.seconds;
    }
    return point.step;
}

double MetricPlot::drawnValue(double value) const {
    // QCustomPlot draws NaN as a gap; an infinity or a non-positive value on a log axis would
    // instead blow up the autoscaled range.
    if (!std::isfinite(value) || (m_logY && value <= 0.0)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return value;
}

void MetricPlot::rebuildData(Series& series) {
    const bool smoothed = isSmoothed(series);
    series.ema = DebiasedEma(smoothed ? m_smoothing : 0.0);
    series.smoothed.clear();
    series.smoothed.reserve(static_cast<size_t>(series.points.size()));
    QVector<double> keys;
    QVector<double> values;
    QVector<double> rawValues;
    keys.reserve(series.points.size());
    values.reserve(series.points.size());
    if (smoothed) {
        rawValues.reserve(series.points.size());
    }
    for (const PlotPoint& point : series.points) {
        const double value = series.ema.add(point.value);
        series.smoothed.push_back(value);
        keys.append(xOf(point));
        values.append(drawnValue(value));
        if (smoothed) {
            rawValues.append(drawnValue(point.value));
        }
    }
    series.graph->setData(keys, values);
    series.raw->setData(smoothed ? keys : QVector<double>(), rawValues);
    series.raw->setVisible(series.visible && smoothed);
}

void MetricPlot::addPoint(const QString& key, const PlotPoint& point) {
    Series& series = ensureSeries(key);
    series.points.append(point);
    const double value = series.ema.add(point.value);
    series.smoothed.push_back(value);
    const double x = xOf(point);
    // addData appends in O(1) when x does not go backwards, which training clocks never do.
    series.graph->addData(x, drawnValue(value));
    if (isSmoothed(series)) {
        series.raw->addData(x, drawnValue(point.value));
    }
    markDirty();
}

void MetricPlot::setPoints(const QString& key, const QVector<PlotPoint>& points) {
    Series& series = ensureSeries(key);
    series.points = points;
    rebuildData(series);
    markDirty();
}

void MetricPlot::removeSeries(const QString& key) {
    auto found = m_series.find(key);
    if (found == m_series.end()) {
        return;
    }
    m_plot->removeGraph(found->graph);
    m_plot->removeGraph(found->raw);
    m_series.erase(found);
    m_order.removeAll(key);
    if (m_series.isEmpty()) {
        hideCrosshair();
    }
    markDirty();
}

void MetricPlot::clear() {
    const QStringList keys = m_order;
    for (const QString& key : keys) {
        removeSeries(key);
    }
}

void MetricPlot::setSeriesVisible(const QString& key, bool visible) {
    auto found = m_series.find(key);
    if (found == m_series.end() || found->visible == visible) {
        return;
    }
    found->visible = visible;
    applyStyle(*found);
    markDirty();
}

bool MetricPlot::isSeriesVisible(const QString& key) const {
    const auto found = m_series.constFind(key);
    return found != m_series.constEnd() && found->visible;
}

QString MetricPlot::seriesLabel(const QString& key) const {
    const auto found = m_series.constFind(key);
    return found != m_series.constEnd() ? found->label : QString();
}

QVector<PlotPoint> MetricPlot::points(const QString& key) const {
    const auto found = m_series.constFind(key);
    return found != m_series.constEnd() ? found->points : QVector<PlotPoint>();
}

std::vector<double> MetricPlot::smoothedValues(const QString& key) const {
    const auto found = m_series.constFind(key);
    return found != m_series.constEnd() ? found->smoothed : std::vector<double>();
}

QCPGraph* MetricPlot::graph(const QString& key) const {
    const auto found = m_series.constFind(key);
    return found != m_series.constEnd() ? found->graph : nullptr;
}

QCPGraph* MetricPlot::rawGraph(const QString& key) const {
    const auto found = m_series.constFind(key);
    return found != m_series.constEnd() ? found->raw : nullptr;
}

void MetricPlot::setSmoothing(double weight) {
    const double clamped = DebiasedEma(weight).weight();
    if (clamped == m_smoothing) {
        return;
    }
    m_smoothing = clamped;
    for (Series& series : m_series) {
        rebuildData(series);
    }
    markDirty();
}

void MetricPlot::setXAxis(XAxisKind kind) {
    if (kind == m_xAxis) {
        return;
    }
    m_xAxis = kind;
    m_plot->xAxis->setLabel(xAxisLabel(kind));
    for (Series& series : m_series) {
        rebuildData(series);
    }
    hideCrosshair();
    markDirty();
}

void MetricPlot::setLogY(bool logarithmic) {
    if (logarithmic == m_logY) {
        return;
    }
    m_logY = logarithmic;
    QCPAxis* y = m_plot->yAxis;
    if (logarithmic) {
        y->setScaleType(QCPAxis::stLogarithmic);
        y->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
        // "gb": plain numbers where short, powers of ten with a superscript exponent otherwise;
        // two digits keep the ticks inside one decade (1.5e-3, 2e-3) apart.
        y->setNumberFormat(QStringLiteral("gb"));
        y->setNumberPrecision(2);
    } else {
        y->setScaleType(QCPAxis::stLinear);
        y->setTicker(QSharedPointer<QCPAxisTicker>::create());
        y->setNumberFormat(QStringLiteral("gbd"));
        y->setNumberPrecision(6);
    }
    for (Series& series : m_series) {
        rebuildData(series);
    }
    markDirty();
}

void MetricPlot::setTitle(const QString& title) {
    if (m_title == nullptr) {
        m_plot->plotLayout()->insertRow(0);
        QFont bold = font();
        bold.setBold(true);
        m_title = new QCPTextElement(m_plot, title, bold);
        m_plot->plotLayout()->addElement(0, 0, m_title);
    } else {
        m_title->setText(title);
    }
    markDirty();
}

QString MetricPlot::title() const {
    return m_title != nullptr ? m_title->text() : QString();
}

void MetricPlot::setYLabel(const QString& label) {
    m_plot->yAxis->setLabel(label);
    markDirty();
}

QString MetricPlot::yLabel() const {
    return m_plot->yAxis->label();
}

int MetricPlot::nearestPoint(const Series& series, double x) const {
    // A linear scan: it runs once per mouse move over one plot, and unlike a binary search it
    // stays right if a caller ever hands in points out of order.
    int best = -1;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (int i = 0; i < series.points.size(); ++i) {
        const double distance = std::abs(xOf(series.points[i]) - x);
        if (distance < bestDistance) {
            bestDistance = distance;
            best = i;
        }
    }
    return best;
}

QString MetricPlot::formatX(double x) const {
    switch (m_xAxis) {
        case XAxisKind::Step:
            return QStringLiteral("step %1").arg(std::llround(x));
        case XAxisKind::Epoch:
            return QStringLiteral("epoch %1").arg(x, 0, 'f', 2);
        case XAxisKind::WallTime:
            return QStringLiteral("wall time %1 s").arg(x, 0, 'f', 1);
    }
    return QString::number(x);
}

QString MetricPlot::crosshairText(double x) const {
    QStringList lines{formatX(x)};
    for (const QString& key : m_order) {
        const auto found = m_series.constFind(key);
        if (found == m_series.constEnd() || !found->visible) {
            continue;
        }
        const Series& series = *found;
        const int index = nearestPoint(series, x);
        if (index < 0) {
            continue;
        }
        const double shown = series.smoothed[static_cast<size_t>(index)];
        QString line = series.label + QLatin1Char(' ') + formatValue(shown);
        if (isSmoothed(series)) {
            // The smoothed value hides spikes; the raw one is what the batch actually gave.
            line += QStringLiteral(" (raw %1)").arg(formatValue(series.points[index].value));
        }
        lines.append(line);
    }
    return lines.join(QLatin1Char('\n'));
}

QString MetricPlot::shownCrosshairText() const {
    return m_crosshairLabel->visible() ? m_crosshairLabel->text() : QString();
}

void MetricPlot::showCrosshairAt(const QPoint& position) {
    const QRect area = m_plot->axisRect()->rect();
    if (!area.contains(position) || m_series.isEmpty()) {
        hideCrosshair();
        return;
    }
    m_crosshairX = m_plot->xAxis->pixelToCoord(position.x());
    m_crosshairLine->point1->setCoords(position.x(), area.top());
    m_crosshairLine->point2->setCoords(position.x(), area.bottom());
    m_crosshairLabel->setText(crosshairText(m_crosshairX));
    // Keep the label on the side of the line with more room, so it is not clipped.
    const bool leftHalf = position.x() < area.center().x();
    m_crosshairLabel->setPositionAlignment(Qt::AlignTop |
                                           (leftHalf ? Qt::AlignLeft : Qt::AlignRight));
    m_crosshairLabel->position->setCoords(position.x() + (leftHalf ? 8 : -8), area.top() + 4);
    m_crosshairLine->setVisible(true);
    m_crosshairLabel->setVisible(true);
    m_plot->layer(kOverlayLayer)->replot();
}

void MetricPlot::hideCrosshair() {
    if (!m_crosshairLine->visible() && !m_crosshairLabel->visible()) {
        return;
    }
    m_crosshairLine->setVisible(false);
    m_crosshairLabel->setVisible(false);
    m_plot->layer(kOverlayLayer)->replot();
}

bool MetricPlot::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_plot && event->type() == QEvent::Leave) {
        hideCrosshair();
    }
    return QWidget::eventFilter(watched, event);
}

void MetricPlot::markDirty() {
    m_dirty = true;
    // Restarting an active timer would postpone the redraw for as long as points keep coming.
    if (!m_replotTimer.isActive()) {
        m_replotTimer.start(redrawIntervalMs(m_plot->replotTime(/*average=*/true)));
    }
}

void MetricPlot::setEmptyText(const QString& text) {
    m_emptyLabel->setText(text);
    markDirty();
}

void MetricPlot::rescale() {
    m_plot->legend->setVisible(m_plot->legend->itemCount() > 0);
    // Ranges are computed here rather than with rescaleAxes so that a plot with nothing to show
    // keeps its range instead of having the headroom added again on every redraw.
    const QCP::SignDomain valueDomain = m_logY ? QCP::sdPositive : QCP::sdBoth;
    QCPRange keys;
    QCPRange values;
    bool haveKeys = false;
    bool haveValues = false;
    for (int i = 0; i < m_plot->graphCount(); ++i) {
        QCPGraph* graph = m_plot->graph(i);
        if (!graph->visible() || graph->dataCount() == 0) {
            continue;
        }
        bool found = false;
        const QCPRange keyRange = graph->getKeyRange(found, QCP::sdBoth);
        if (found) {
            keys = haveKeys ? keys.expanded(keyRange) : keyRange;
            haveKeys = true;
        }
        const QCPRange valueRange = graph->getValueRange(found, valueDomain);
        if (found) {
            values = haveValues ? values.expanded(valueRange) : valueRange;
            haveValues = true;
        }
    }
    m_emptyLabel->setVisible(!haveValues && !m_emptyLabel->text().isEmpty());
    if (haveKeys) {
        if (keys.size() <= 0.0) {
            keys = QCPRange(keys.lower - 0.5, keys.upper + 0.5);
        }
        m_plot->xAxis->setRange(keys);
    }
    if (!haveValues) {
        return;
    }
    // A little headroom so the extreme points do not sit on the frame.
    if (m_logY) {
        const double ratio = values.upper / values.lower;
        const double pad = ratio > 1.0 ? std::pow(ratio, 0.05) : 2.0;
        m_plot->yAxis->setRange(values.lower / pad, values.upper * pad);
    } else {
        const double span = values.size();
        const double pad = span > 0.0 ? 0.05 * span : std::max(0.5, 0.05 * std::abs(values.lower));
        m_plot->yAxis->setRange(values.lower - pad, values.upper + pad);
    }
}

void MetricPlot::flushRedraw() {
    if (!m_dirty) {
        return;
    }
    m_dirty = false;
    rescale();
    if (m_crosshairLabel->visible()) {
        m_crosshairLabel->setText(crosshairText(m_crosshairX));
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void MetricPlot::redrawNow() {
    m_replotTimer.stop();
    m_dirty = false;
    rescale();
    m_plot->replot(QCustomPlot::rpImmediateRefresh);
}

bool MetricPlot::writeSvg(const QString& file, const QSize& size) {
    QSvgGenerator generator;
    generator.setFileName(file);
    generator.setSize(size);
    // Pixels are written as millimetres at this resolution; 96 dpi is the CSS pixel that
    // browsers and Inkscape assume, so the figure opens at the widget's size there.
    generator.setResolution(96);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(title());
    generator.setDescription(QStringLiteral("NoisyNN Workbench plot"));
    QCPPainter painter;
    if (!painter.begin(&generator)) {
        return false;
    }
    // The same modes QCustomPlot's own PDF export uses for vector output.
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    m_plot->toPainter(&painter, size.width(), size.height());
    return painter.end();
}

bool MetricPlot::exportTo(const QString& file, QString* error) {
    auto fail = [error](const QString& message) {
        if (error != nullptr) {
            *error = message;
        }
        return false;
    };
    const QString suffix = QFileInfo(file).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("pdf") &&
        suffix != QLatin1String("svg")) {
        return fail(tr("Cannot export the plot to %1: expected a file name ending in .png, .pdf "
                       "or .svg, found \"%2\".")
                        .arg(file, suffix.isEmpty() ? tr("no suffix") : QLatin1Char('.') + suffix));
    }

    // Export what the data says now, not what the last timer tick drew; and without the
    // crosshair, which belongs to the mouse, not to the figure.
    m_replotTimer.stop();
    m_dirty = false;
    rescale();
    const bool lineShown = m_crosshairLine->visible();
    const bool labelShown = m_crosshairLabel->visible();
    m_crosshairLine->setVisible(false);
    m_crosshairLabel->setVisible(false);

    // The layout only sizes the inner plot once the widget is shown; the widget's own size is
    // the one callers set and expect.
    QSize size = this->size();
    const QSize smallest = minimumSizeHint();
    if (size.width() < smallest.width() || size.height() < smallest.height()) {
        // Never laid out (a child of a hidden window still has the default 100x30).
        size = sizeHint();
    }
    const QString part = file + QStringLiteral(".part");
    bool written = false;
    if (suffix == QLatin1String("png")) {
        written = m_plot->savePng(part, size.width(), size.height(), 1.0);
    } else if (suffix == QLatin1String("pdf")) {
        written = m_plot->savePdf(part, size.width(), size.height(), QCP::epAllowCosmetic,
                                  QStringLiteral("NoisyNN Workbench"), title());
    } else {
        written = writeSvg(part, size);
    }

    m_crosshairLine->setVisible(lineShown);
    m_crosshairLabel->setVisible(labelShown);
    m_plot->replot(QCustomPlot::rpQueuedReplot);

    if (!written || !QFileInfo(part).isFile()) {
        QFile::remove(part);
        return fail(tr("Could not write the plot to %1: expected a writable file in an existing "
                       "folder.")
                        .arg(file));
    }
    // std::filesystem::rename replaces an existing file in one step; QFile::rename refuses to.
    std::error_code renameError;
    std::filesystem::rename(toPath(part), toPath(file), renameError);
    if (renameError) {
        QFile::remove(part);
        return fail(tr("Could not write the plot to %1: %2.")
                        .arg(file, QString::fromStdString(renameError.message())));
    }
    return true;
}

QSize MetricPlot::sizeHint() const {
    return QSize(420, 300);
}

QSize MetricPlot::minimumSizeHint() const {
    return QSize(200, 140);
}

}  // namespace noisynn
