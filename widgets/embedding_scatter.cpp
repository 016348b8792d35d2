#include "embedding_scatter.h"

#include "qcustomplot_include.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>

namespace noisynn {

namespace {

// Beyond this many classes (CIFAR-100) a legend would take more room than the plot and the
// colours repeat anyway.
constexpr int kMaxLegendEntries = 20;
constexpr double kPointSize = 5.0;

QString percent(double fraction) {
    return QString::number(100.0 * fraction, 'f', 1) + QLatin1Char('%');
}

QString className(qint64 label, const QStringList& classNames) {
    if (label >= 0 && label < classNames.size() && !classNames[label].isEmpty()) {
        return classNames[label];
    }
    return QStringLiteral("class %1").arg(label);
}

QFont sizedFont(const QFont& base, double pointSize, bool bold = false) {
    QFont font = base;
    font.setPointSizeF(pointSize);
    font.setBold(bold);
    return font;
}

// The plots share the Inspect tab's lower half with the heatmaps, so each may be only ~240 px
// wide: small fonts, and as many ticks and legend columns as fit that width without labels
// running into each other. Called before every replot, so a resize adapts them.
void fitToSize(QCustomPlot* plot) {
    QCPAxisRect* rect = plot->axisRect();
    const QMargins margins = rect->width() > 0 ? rect->margins() : QMargins(70, 0, 15, 0);
    const int width = std::max(1, plot->width() - margins.left() - margins.right());
    const int height = std::max(1, rect->height() > 0 ? rect->height() : plot->height() - 140);
    // A label such as "-0.0025" is ~45 px at 8 pt; the readable tick steps can add one tick.
    plot->xAxis->ticker()->setTickCount(std::clamp(width / 90, 2, 6));
    plot->yAxis->ticker()->setTickCount(std::clamp(height / 50, 2, 6));

    QCPLegend* legend = plot->legend;
    int widest = 1;
    for (int i = 0; i < legend->itemCount(); ++i) {
        // A wrapped grid has empty cells at its end.
        if (QCPAbstractLegendItem* item = legend->item(i)) {
            widest = std::max(widest, item->minimumOuterSizeHint().width());
        }
    }
    const int available = plot->width() - legend->margins().left() - legend->margins().right();
    const int columns =
        std::max(1, (available + legend->columnSpacing()) / (widest + legend->columnSpacing()));
    if (legend->wrap() != columns) {
        legend->setWrap(columns);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);  // setWrap alone keeps the grid
    }
}

QCustomPlot* makePlot(const QString& title, QWidget* parent) {
    auto* plot = new QCustomPlot(parent);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->plotLayout()->insertRow(0);
    const QFont base = parent->font();
    auto* titleElement = new QCPTextElement(plot, title, sizedFont(base, 9.0, true));
    titleElement->setMargins(QMargins(2, 4, 2, 0));
    plot->plotLayout()->addElement(0, 0, titleElement);
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        axis->setTickLabelFont(sizedFont(base, 8.0));
        axis->setLabelFont(sizedFont(base, 8.5));
        axis->setLabelPadding(3);
        axis->ticker()->setTickStepStrategy(QCPAxisTicker::tssReadability);
    }
    // The legend goes under the axis rect rather than inside it, where it would hide points.
    plot->axisRect()->insetLayout()->take(plot->legend);
    plot->plotLayout()->addElement(2, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    plot->plotLayout()->setRowStretchFactor(2, 0.001);
    plot->legend->setFont(sizedFont(base, 8.0));
    plot->legend->setIconSize(8, 8);
    plot->legend->setIconTextPadding(4);
    plot->legend->setColumnSpacing(6);
    plot->legend->setRowSpacing(0);
    plot->legend->setMargins(QMargins(4, 0, 4, 2));
    plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot->legend->setWrap(5);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setVisible(false);
    plot->setMinimumSize(200, 240);
    QObject::connect(plot, &QCustomPlot::beforeReplot, plot, [plot] { fitToSize(plot); });
    return plot;
}

}  // namespace

QColor EmbeddingScatter::classColour(qint64 label) {
    // Tableau 10: distinguishable, and familiar from matplotlib plots of the same datasets.
    static const std::array<QRgb, 10> palette = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
                                                 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};
    const auto count = static_cast<qint64>(palette.size());
    return QColor(palette[static_cast<std::size_t>(((label % count) + count) % count)]);
}

EmbeddingScatter::EmbeddingScatter(QWidget* parent)
    : QWidget(parent), m_emptyMessage(tr("No embeddings: the run has no latent noise")) {
    m_stack = new QStackedWidget(this);
    m_message = new QLabel(m_stack);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_stack->addWidget(m_message);

    auto* plots = new QWidget(m_stack);
    auto* plotsLayout = new QVBoxLayout(plots);
    plotsLayout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    m_beforePlot = makePlot(tr("Before noise"), this);
    m_afterPlot = makePlot(tr("After noise"), this);
    row->addWidget(m_beforePlot);
    row->addWidget(m_afterPlot);
    plotsLayout->addLayout(row, 1);
    m_caption = new QLabel(plots);
    m_caption->setAlignment(Qt::AlignCenter);
    plotsLayout->addWidget(m_caption);
    m_stack->addWidget(plots);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);

    // Both plots show the same axes; dragging or zooming one must move the other, or the
    // comparison the view exists for would silently break.
    syncRanges(m_beforePlot, m_afterPlot);
    syncRanges(m_afterPlot, m_beforePlot);
    showMessage(m_emptyMessage);
}

void EmbeddingScatter::syncRanges(QCustomPlot* from, QCustomPlot* to) {
    const auto follow = [to](QCPAxis* source, QCPAxis* target) {
        connect(source, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), to,
                [to, target](const QCPRange& range) {
                    if (target->range() != range) {
                        target->setRange(range);
                        to->replot(QCustomPlot::rpQueuedReplot);
                    }
                });
    };
    follow(from->xAxis, to->xAxis);
    follow(from->yAxis, to->yAxis);
}

void EmbeddingScatter::setEmptyMessage(const QString& message) {
    m_emptyMessage = message;
    if (m_beforePoints.isEmpty()) {
        showMessage(message);
    }
}

void EmbeddingScatter::clear() {
    showMessage(m_emptyMessage);
}

void EmbeddingScatter::showMessage(const QString& message) {
    m_beforePoints.clear();
    m_afterPoints.clear();
    m_explained1 = m_explained2 = 0.0;
    for (QCustomPlot* plot : {m_beforePlot, m_afterPlot}) {
        plot->clearGraphs();
        plot->legend->setVisible(false);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
    m_caption->clear();
    m_message->setText(message);
    m_stack->setCurrentWidget(m_message);
}

bool EmbeddingScatter::isShowingMessage() const {
    return m_stack->currentWidget() == m_message;
}

QString EmbeddingScatter::message() const {
    return isShowingMessage() ? m_message->text() : QString();
}

QString EmbeddingScatter::caption() const {
    return m_caption->text();
}

QSize EmbeddingScatter::sizeHint() const {
    return QSize(900, 460);
}

bool EmbeddingScatter::checkSizes(int rows, int dimension, const QVector<float>& before,
                                  const QVector<float>& after, const QVector<qint64>& labels) {
    if (rows <= 0) {
        showMessage(m_emptyMessage);
        return false;
    }
    const qint64 expected = static_cast<qint64>(rows) * dimension;
    if (dimension <= 0 || before.size() != expected || after.size() != expected ||
        labels.size() != rows) {
        showMessage(tr("The embeddings do not fit together: %1 rows x %2 dimensions needs %3 "
                       "values before and after the noise and %1 labels; got %4, %5 and %6.")
                        .arg(rows)
                        .arg(dimension)
                        .arg(expected)
                        .arg(before.size())
                        .arg(after.size())
                        .arg(labels.size()));
        return false;
    }
    return true;
}

void EmbeddingScatter::setEmbeddings(int rows, int dimension, const QVector<float>& before,
                                     const QVector<float>& after, const QVector<qint64>& labels,
                                     const QStringList& classNames) {
    if (!checkSizes(rows, dimension, before, after, labels)) {
        return;
    }
    const auto r = static_cast<std::size_t>(rows);
    const auto d = static_cast<std::size_t>(dimension);
    PcaProjection fitted;
    try {
        fitted = fitPca2({{before.constData(), r, d}, {after.constData(), r, d}});
    } catch (const std::invalid_argument& error) {
        // Typically NaN features from a diverged run: say so instead of plotting garbage.
        showMessage(tr("Cannot project the embeddings: %1").arg(QString::fromUtf8(error.what())));
        return;
    }
    setEmbeddings(rows, dimension, before, after, labels, classNames, fitted);
}

void EmbeddingScatter::setEmbeddings(int rows, int dimension, const QVector<float>& before,
                                     const QVector<float>& after, const QVector<qint64>& labels,
                                     const QStringList& classNames, const PcaProjection& pca) {
    if (!checkSizes(rows, dimension, before, after, labels)) {
        return;
    }
    const auto r = static_cast<std::size_t>(rows);
    const auto d = static_cast<std::size_t>(dimension);
    std::vector<PcaPoint> beforeProjected, afterProjected;
    try {
        beforeProjected = projectPca2(pca, {before.constData(), r, d});
        afterProjected = projectPca2(pca, {after.constData(), r, d});
    } catch (const std::invalid_argument& error) {
        showMessage(tr("Cannot project the embeddings: %1").arg(QString::fromUtf8(error.what())));
        return;
    }

    const auto toPoints = [](const std::vector<PcaPoint>& projected) {
        QVector<QPointF> points;
        points.reserve(static_cast<int>(projected.size()));
        for (const auto& point : projected) {
            points.append(QPointF(point.x, point.y));
        }
        return points;
    };
    m_beforePoints = toPoints(beforeProjected);
    m_afterPoints = toPoints(afterProjected);
    m_explained1 = pca.explainedFraction1();
    m_explained2 = pca.explainedFraction2();

    double minX = 0.0, maxX = 0.0, minY = 0.0, maxY = 0.0;
    bool first = true;
    for (const auto* points : {&m_beforePoints, &m_afterPoints}) {
        for (const QPointF& point : *points) {
            minX = first ? point.x() : std::min(minX, point.x());
            maxX = first ? point.x() : std::max(maxX, point.x());
            minY = first ? point.y() : std::min(minY, point.y());
            maxY = first ? point.y() : std::max(maxY, point.y());
            first = false;
        }
    }
    const auto padded = [](double low, double high) {
        const double span = high - low;
        // Constant data projects to a single point; give it a visible range around it.
        const double pad = span > 0.0 ? 0.05 * span : std::max(1.0, std::abs(low));
        return QCPRange(low - pad, high + pad);
    };
    const QCPRange xRange = padded(minX, maxX);
    const QCPRange yRange = padded(minY, maxY);

    fillPlot(m_beforePlot, m_beforePoints, labels, classNames);
    fillPlot(m_afterPlot, m_afterPoints, labels, classNames);
    for (QCustomPlot* plot : {m_beforePlot, m_afterPlot}) {
        plot->xAxis->setLabel(tr("PC1 (%1)").arg(percent(m_explained1)));
        plot->yAxis->setLabel(tr("PC2 (%1)").arg(percent(m_explained2)));
        plot->xAxis->setRange(xRange);
        plot->yAxis->setRange(yRange);
        plot->replot(QCustomPlot::rpQueuedReplot);
    }

    QString caption =
        (rows == 1 ? tr("1 sample") : tr("%1 samples").arg(rows)) +
        (dimension == 1 ? tr(", 1 dimension") : tr(", %1 dimensions").arg(dimension)) +
        tr("; PCA fitted on before and after together");
    if (!pca.converged) {
        caption += tr(" (axes approximate: the top eigenvalues are nearly equal)");
    }
    m_caption->setText(caption);
    m_stack->setCurrentIndex(1);
}

void EmbeddingScatter::fillPlot(QCustomPlot* plot, const QVector<QPointF>& points,
                                const QVector<qint64>& labels, const QStringList& classNames) {
    plot->clearGraphs();
    // Sorted by label, so graphs and legend entries come in class order.
    std::map<qint64, QVector<int>> rowsOfClass;
    for (int row = 0; row < labels.size(); ++row) {
        rowsOfClass[labels[row]].append(row);
    }
    const bool legend = static_cast<int>(rowsOfClass.size()) <= kMaxLegendEntries;
    for (const auto& [label, rows] : rowsOfClass) {
        QVector<double> xs, ys;
        xs.reserve(rows.size());
        ys.reserve(rows.size());
        for (int row : rows) {
            xs.append(points[row].x());
            ys.append(points[row].y());
        }
        QCPGraph* graph = plot->addGraph();
        graph->setName(className(label, classNames));
        graph->setLineStyle(QCPGraph::lsNone);
        QColor colour = classColour(label);
        // Slightly transparent, so that dense overlapping clusters still show their density.
        colour.setAlpha(200);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, kPointSize));
        graph->setData(xs, ys);
        if (!legend) {
            graph->removeFromLegend();
        }
    }
    plot->legend->setVisible(legend && !rowsOfClass.empty());
}

}  // namespace noisynn
