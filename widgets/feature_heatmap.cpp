#include "feature_heatmap.h"

#include "qcustomplot_include.h"

#include <QLabel>
#include <QStackedWidget>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace noisynn {

namespace {

QCPColorGradient gradient(QCPColorGradient::GradientPreset preset) {
    QCPColorGradient result(preset);
    // NaN from a diverged run must stand out, not masquerade as the lowest value.
    result.setNanHandling(QCPColorGradient::nhNanColor);
    result.setNanColor(QColor(128, 128, 128));
    return result;
}

// A colour scale cannot map an empty range (it divides by its width).
QCPRange widened(double low, double high) {
    if (!(high > low)) {
        const double pad = std::max(1.0, std::abs(low));
        return QCPRange(low - pad, high + pad);
    }
    return QCPRange(low, high);
}

QFont sizedFont(const QFont& base, double pointSize, bool bold = false) {
    QFont font = base;
    font.setPointSizeF(pointSize);
    font.setBold(bold);
    return font;
}

// A tick step of 1, 2 or 5 times a power of ten giving at most `labels` labels over `cells`
// cells: the maps may be only ~100 px wide, where "0 10 20 30 40" already collide.
double cellStep(int cells, int labels) {
    const double wanted = std::max(1.0, static_cast<double>(cells) / std::max(1, labels));
    const double power = std::pow(10.0, std::floor(std::log10(wanted)));
    for (const double mantissa : {1.0, 2.0, 5.0}) {
        if (mantissa * power >= wanted) {
            return mantissa * power;
        }
    }
    return 10.0 * power;
}

void setCellTicks(QCPAxis* axis, int cells, int labels) {
    auto ticker = axis->ticker().dynamicCast<QCPAxisTickerFixed>();
    if (ticker) {
        ticker->setTickStep(cellStep(cells, labels));
        ticker->setScaleStrategy(QCPAxisTickerFixed::ssNone);
    }
}

}  // namespace

FeatureHeatmap::FeatureHeatmap(QWidget* parent)
    : QWidget(parent), m_emptyMessage(tr("No feature maps: the run has no latent noise")) {
    m_stack = new QStackedWidget(this);
    m_message = new QLabel(m_stack);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_stack->addWidget(m_message);
    m_plot = new QCustomPlot(m_stack);
    m_plot->setMinimumSize(480, 200);
    m_stack->addWidget(m_plot);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    // One plot rather than three, because a QCPColorScale can only drive maps in its own plot:
    // row 0 holds the titles, row 1 [before][after][shared scale][difference][difference scale].
    // The three map columns stretch equally and share their left and right margins, so the maps
    // are equally wide; the scales are thin bars in columns of their own.
    QCPLayoutGrid* grid = m_plot->plotLayout();
    grid->setColumnSpacing(0);
    m_rects[0] = m_plot->axisRect();
    m_rects[1] = new QCPAxisRect(m_plot);
    m_rects[2] = new QCPAxisRect(m_plot);
    m_sharedScale = new QCPColorScale(m_plot);
    m_differenceScale = new QCPColorScale(m_plot);
    grid->addElement(0, 1, m_rects[1]);
    grid->addElement(0, 2, m_sharedScale);
    grid->addElement(0, 3, m_rects[2]);
    grid->addElement(0, 4, m_differenceScale);
    grid->setColumnStretchFactor(2, 0.001);
    grid->setColumnStretchFactor(4, 0.001);
    grid->insertRow(0);
    const QFont tickFont = sizedFont(font(), 8.0);
    const QFont labelFont = sizedFont(font(), 8.5);
    auto* verticalMargins = new QCPMarginGroup(m_plot);
    auto* sideMargins = new QCPMarginGroup(m_plot);
    const QStringList titles = {tr("Before noise"), tr("After noise"), tr("After \u2212 before")};
    const int titleColumns[] = {0, 1, 3};
    for (int i = 0; i < 3; ++i) {
        auto* title = new QCPTextElement(m_plot, titles[i], sizedFont(font(), 9.0, true));
        title->setMargins(QMargins(0, 4, 0, 2));
        // A title must not widen its column, or its map would be wider than the others; it may
        // run into the margins beside its map instead.
        title->setMinimumSize(1, 0);
        title->setTextFlags(Qt::AlignCenter | Qt::TextDontClip);
        title->setMarginGroup(QCP::msLeft | QCP::msRight, sideMargins);
        grid->addElement(0, titleColumns[i], title);
    }
    grid->setRowStretchFactor(0, 0.001);

    m_sharedScale->setGradient(gradient(QCPColorGradient::gpThermal));
    m_differenceScale->setGradient(gradient(QCPColorGradient::gpPolar));
    for (QCPColorScale* scale : {m_sharedScale, m_differenceScale}) {
        // The titles say what the colours are; an axis label would take a map's width.
        scale->setType(QCPAxis::atRight);
        scale->setBarWidth(8);
        scale->setMinimumMargins(QMargins(4, 0, 4, 0));
        scale->axis()->setTickLabelFont(tickFont);
        scale->axis()->setTickLabelPadding(3);
        scale->axis()->setNumberFormat(QStringLiteral("g"));
        scale->axis()->ticker()->setTickCount(4);
        // Keeps the bars level with the maps whatever the tick labels' heights.
        scale->setMarginGroup(QCP::msTop | QCP::msBottom, verticalMargins);
    }
    for (int i = 0; i < 3; ++i) {
        QCPAxisRect* rect = m_rects[i];
        rect->setMarginGroup(QCP::msTop | QCP::msBottom, verticalMargins);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, sideMargins);
        rect->setMinimumMargins(QMargins(4, 0, 4, 0));
        for (QCPAxis* axis : {rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft)}) {
            axis->setTickLabelFont(tickFont);
            axis->setLabelFont(labelFont);
            axis->setTickLabelPadding(3);
            axis->setLabelPadding(2);
            // Whole cells only, spaced before each replot to suit the size.
            axis->setTicker(QSharedPointer<QCPAxisTickerFixed>::create());
        }
        // Row 0 at the top, as the matrix is written.
        rect->axis(QCPAxis::atLeft)->setRangeReversed(true);
        auto* map = new QCPColorMap(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        // Cells are tokens and channels, not samples of a smooth field.
        map->setInterpolate(false);
        map->setColorScale(i < 2 ? m_sharedScale : m_differenceScale);
        m_maps[i] = map;
    }

    // Tick labels about 40 px apart whatever the size: the maps may be only ~90 px wide, where
    // "0 10 20 30 40" would collide. Estimated from the plot's size, as before a replot the maps'
    // own sizes are those of the last layout.
    connect(m_plot, &QCustomPlot::beforeReplot, this, [this] {
        if (m_rows == 0) {
            return;
        }
        const int mapWidth = (m_plot->width() - 240) / 3;
        const int mapHeight = m_plot->height() - 60;
        for (QCPAxisRect* rect : m_rects) {
            setCellTicks(rect->axis(QCPAxis::atBottom), m_columns, std::max(3, mapWidth / 40));
            setCellTicks(rect->axis(QCPAxis::atLeft), m_rows, std::max(3, mapHeight / 40));
        }
    });
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        showToolTip(event->pos(), event->globalPosition().toPoint());
    });
    showMessage(m_emptyMessage);
}

QSize FeatureHeatmap::sizeHint() const {
    return QSize(1000, 360);
}

void FeatureHeatmap::setEmptyMessage(const QString& message) {
    m_emptyMessage = message;
    if (m_rows == 0) {
        showMessage(message);
    }
}

void FeatureHeatmap::clear() {
    showMessage(m_emptyMessage);
}

void FeatureHeatmap::showMessage(const QString& message) {
    m_rows = m_columns = 0;
    for (QCPColorMap* map : m_maps) {
        map->data()->clear();
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    m_message->setText(message);
    m_stack->setCurrentWidget(m_message);
}

bool FeatureHeatmap::isShowingMessage() const {
    return m_stack->currentWidget() == m_message;
}

QString FeatureHeatmap::message() const {
    return isShowingMessage() ? m_message->text() : QString();
}

QCPRange FeatureHeatmap::sharedDataRange() const {
    return m_sharedScale->dataRange();
}

QCPRange FeatureHeatmap::differenceDataRange() const {
    return m_differenceScale->dataRange();
}

void FeatureHeatmap::setMatrices(int rows, int columns, const QVector<float>& before,
                                 const QVector<float>& after, const QString& rowName,
                                 const QString& columnName) {
    if (rows <= 0 || columns <= 0) {
        showMessage(m_emptyMessage);
        return;
    }
    const qint64 expected = static_cast<qint64>(rows) * columns;
    if (before.size() != expected || after.size() != expected) {
        showMessage(tr("The feature matrices do not fit: %1 x %2 needs %3 values before and after "
                       "the noise; got %4 and %5.")
                        .arg(rows)
                        .arg(columns)
                        .arg(expected)
                        .arg(before.size())
                        .arg(after.size()));
        return;
    }
    m_rows = rows;
    m_columns = columns;
    m_rowName = rowName;
    m_columnName = columnName;

    double low = INFINITY, high = -INFINITY, largestChange = 0.0;
    for (int i = 0; i < static_cast<int>(expected); ++i) {
        for (const float value : {before[i], after[i]}) {
            if (std::isfinite(value)) {
                low = std::min(low, static_cast<double>(value));
                high = std::max(high, static_cast<double>(value));
            }
        }
        const double change = static_cast<double>(after[i]) - static_cast<double>(before[i]);
        if (std::isfinite(change)) {
            largestChange = std::max(largestChange, std::abs(change));
        }
    }
    if (!(high >= low)) {
        low = high = 0.0;  // nothing finite at all
    }

    for (QCPColorMap* map : m_maps) {
        QCPColorMapData* data = map->data();
        data->setSize(columns, rows);
        data->setRange(QCPRange(0, columns - 1), QCPRange(0, rows - 1));
    }
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < columns; ++column) {
            const int index = row * columns + column;
            const double was = before[index];
            const double now = after[index];
            m_maps[0]->data()->setCell(column, row, was);
            m_maps[1]->data()->setCell(column, row, now);
            m_maps[2]->data()->setCell(column, row, now - was);
        }
    }
    m_sharedScale->setDataRange(widened(low, high));
    m_differenceScale->setDataRange(largestChange > 0.0 ? QCPRange(-largestChange, largestChange)
                                                        : QCPRange(-1.0, 1.0));

    for (int i = 0; i < 3; ++i) {
        QCPAxis* xAxis = m_rects[i]->axis(QCPAxis::atBottom);
        QCPAxis* yAxis = m_rects[i]->axis(QCPAxis::atLeft);
        xAxis->setLabel(columnName);
        yAxis->setLabel(i == 0 ? rowName : QString());
        xAxis->setRange(-0.5, columns - 0.5);
        yAxis->setRange(-0.5, rows - 0.5);
    }
    m_stack->setCurrentWidget(m_plot);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QPair<int, int> FeatureHeatmap::cellAt(const QPoint& plotPosition) const {
    if (m_rows == 0) {
        return {-1, -1};
    }
    for (QCPAxisRect* rect : m_rects) {
        if (!rect->rect().contains(plotPosition)) {
            continue;
        }
        const int column = qRound(rect->axis(QCPAxis::atBottom)->pixelToCoord(plotPosition.x()));
        const int row = qRound(rect->axis(QCPAxis::atLeft)->pixelToCoord(plotPosition.y()));
        if (row >= 0 && row < m_rows && column >= 0 && column < m_columns) {
            return {row, column};
        }
    }
    return {-1, -1};
}

QString FeatureHeatmap::describeCell(int row, int column) const {
    if (row < 0 || row >= m_rows || column < 0 || column >= m_columns) {
        return {};
    }
    const auto value = [&](int map) {
        return QString::number(m_maps[map]->data()->cell(column, row), 'g', 4);
    };
    return tr("%1 %2, %3 %4: before %5, after %6, difference %7")
        .arg(m_rowName.isEmpty() ? tr("row") : m_rowName)
        .arg(row)
        .arg(m_columnName.isEmpty() ? tr("column") : m_columnName)
        .arg(column)
        .arg(value(0), value(1), value(2));
}

void FeatureHeatmap::showToolTip(const QPoint& plotPosition, const QPoint& globalPosition) {
    const auto [row, column] = cellAt(plotPosition);
    if (row < 0) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(globalPosition, describeCell(row, column), m_plot);
}

}  // namespace noisynn
