#include "plot_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>

#include <cmath>

namespace noisynn {

struct PlotPanel::Metric {
    PlotKind plot;
    QString id;
    QString name;
    SeriesShape shape;
    int shade;  // which variant of the run's colour, see shadeOf
};

namespace {

constexpr int kDefaultSmoothing = 60;  // percent; TensorBoard's default is 0.6 too

// Series of one run share its hue, so overlaid runs stay apart by colour; within a run, darker
// shades and the complementary hue tell the series of one plot apart.
QColor shadeOf(const QColor& base, int shade) {
    QColor colour = base;
    if (shade >= 2 && base.hsvHue() >= 0) {
        colour = QColor::fromHsv((base.hsvHue() + 180) % 360, base.hsvSaturation(), base.value(),
                                 base.alpha());
    }
    if (shade % 2 == 1) {
        colour = colour.darker(160);
    }
    return colour;
}

}  // namespace

const QVector<PlotPanel::Metric>& PlotPanel::metrics() {
    static const QVector<Metric> all = {
        {PlotKind::Loss, QStringLiteral("train_loss"), QStringLiteral("train loss"),
         SeriesShape::Line, 0},
        {PlotKind::Loss, QStringLiteral("train_loss_epoch"), QStringLiteral("train loss (epoch)"),
         SeriesShape::Markers, 0},
        {PlotKind::Loss, QStringLiteral("val_loss"), QStringLiteral("val loss"),
         SeriesShape::Markers, 1},
        {PlotKind::Accuracy, QStringLiteral("train_acc"), QStringLiteral("train accuracy"),
         SeriesShape::Line, 0},
        {PlotKind::Accuracy, QStringLiteral("train_acc_epoch"),
         QStringLiteral("train accuracy (epoch)"), SeriesShape::Markers, 0},
        {PlotKind::Accuracy, QStringLiteral("val_acc"), QStringLiteral("val accuracy"),
         SeriesShape::Markers, 1},
        {PlotKind::Entropy, QStringLiteral("entropy_before"), QStringLiteral("H(T;Z) before noise"),
         SeriesShape::Markers, 0},
        {PlotKind::Entropy, QStringLiteral("entropy_after"), QStringLiteral("H(T;Z) after noise"),
         SeriesShape::Markers, 1},
        {PlotKind::Entropy, QStringLiteral("delta_s_estimated"),
         QString::fromUtf8("\u0394S estimated"), SeriesShape::Markers, 2},
        {PlotKind::Entropy, QStringLiteral("delta_s_theory"), QString::fromUtf8("\u0394S theory"),
         SeriesShape::Markers, 3},
        {PlotKind::LearningRate, QStringLiteral("lr"), QStringLiteral("learning rate"),
         SeriesShape::Line, 0},
    };
    return all;
}

PlotPanel::PlotPanel(QWidget* parent) : QWidget(parent) {
    m_smoothingSlider = new QSlider(Qt::Horizontal, this);
    m_smoothingSlider->setObjectName(QStringLiteral("smoothingSlider"));
    m_smoothingSlider->setRange(0, 99);
    m_smoothingSlider->setValue(kDefaultSmoothing);
    m_smoothingSlider->setMaximumWidth(180);
    m_smoothingSlider->setToolTip(
        tr("Weight of the exponential moving average drawn over per-batch curves"));
    m_smoothingValue = new QLabel(this);
    m_smoothingValue->setObjectName(QStringLiteral("smoothingValueLabel"));
    // Wide enough for "0.99", so the row does not shift while the slider moves.
    m_smoothingValue->setMinimumWidth(
        m_smoothingValue->fontMetrics().horizontalAdvance(QStringLiteral("0.00")) + 4);
    auto* smoothingLabel = new QLabel(tr("Smoothing"), this);
    smoothingLabel->setBuddy(m_smoothingSlider);

    m_xAxisCombo = new QComboBox(this);
    m_xAxisCombo->setObjectName(QStringLiteral("xAxisCombo"));
    m_xAxisCombo->addItem(tr("Step"), static_cast<int>(XAxisKind::Step));
    m_xAxisCombo->addItem(tr("Epoch"), static_cast<int>(XAxisKind::Epoch));
    m_xAxisCombo->addItem(tr("Wall time"), static_cast<int>(XAxisKind::WallTime));
    auto* xAxisLabel = new QLabel(tr("X axis"), this);
    xAxisLabel->setBuddy(m_xAxisCombo);

    m_logYCheck = new QCheckBox(tr("Log y"), this);
    m_logYCheck->setObjectName(QStringLiteral("logYCheck"));
    m_logYCheck->setToolTip(tr("Logarithmic y axis for the loss and learning rate plots"));

    auto* controls = new QHBoxLayout;
    controls->addWidget(smoothingLabel);
    controls->addWidget(m_smoothingSlider);
    controls->addWidget(m_smoothingValue);
    controls->addSpacing(16);
    controls->addWidget(xAxisLabel);
    controls->addWidget(m_xAxisCombo);
    controls->addSpacing(16);
    controls->addWidget(m_logYCheck);
    controls->addStretch(1);

    struct PlotSetup {
        const char* objectName;
        QString title;
        QString yLabel;
    };
    const PlotSetup setups[] = {
        {"lossPlot", tr("Loss"), tr("loss")},
        {"accuracyPlot", tr("Accuracy"), tr("accuracy")},
        {"entropyPlot", tr("Task entropy"), tr("nats")},
        {"lrPlot", tr("Learning rate"), tr("learning rate")},
    };
    auto* grid = new QGridLayout;
    for (int i = 0; i < 4; ++i) {
        auto* plot = new MetricPlot(this);
        plot->setObjectName(QString::fromLatin1(setups[i].objectName));
        plot->setTitle(setups[i].title);
        plot->setYLabel(setups[i].yLabel);
        plot->setEmptyText(i == static_cast<int>(PlotKind::Entropy)
                               ? tr("H(T;Z) is estimated after each epoch\nof a run with a latent "
                                    "noise (noise.type)")
                               : tr("Start a run, or open one from the Runs list"));
        grid->addWidget(plot, i / 2, i % 2);
        m_plots.append(plot);
    }

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addLayout(grid, 1);

    connect(m_smoothingSlider, &QSlider::valueChanged, this, &PlotPanel::applySmoothing);
    connect(m_xAxisCombo, qOverload<int>(&QComboBox::currentIndexChanged), this,
            &PlotPanel::applyXAxis);
    connect(m_logYCheck, &QCheckBox::toggled, this, &PlotPanel::applyLogY);
    applySmoothing(m_smoothingSlider->value());
    applyXAxis(m_xAxisCombo->currentIndex());
    applyLogY(m_logYCheck->isChecked());
}

MetricPlot* PlotPanel::plot(PlotKind kind) const {
    return m_plots.value(static_cast<int>(kind), nullptr);
}

QString PlotPanel::seriesKey(const QString& run, const QString& metric) {
    return run + QLatin1Char('/') + metric;
}

PlotPanel::RunStyle& PlotPanel::styleOf(const QString& run) {
    auto found = m_styles.find(run);
    if (found == m_styles.end()) {
        RunStyle style;
        style.label = run;
        style.colour = MetricPlot::paletteColour(m_runsStyled++);
        found = m_styles.insert(run, style);
    }
    return *found;
}

void PlotPanel::applyStyle(const QString& run, const Metric& metric, bool create) {
    MetricPlot* target = plot(metric.plot);
    const QString key = seriesKey(run, metric.id);
    if (!create && !target->hasSeries(key)) {
        return;
    }
    const RunStyle& style = styleOf(run);
    const QString label =
        style.label.isEmpty() ? metric.name : style.label + QStringLiteral(": ") + metric.name;
    target->setSeries(key, label, shadeOf(style.colour, metric.shade), metric.shape, style.dashed);
    target->setSeriesVisible(key, style.visible);
}

void PlotPanel::ensureSeries(const QString& run, const Metric& metric) {
    if (!plot(metric.plot)->hasSeries(seriesKey(run, metric.id))) {
        applyStyle(run, metric, true);
    }
    if (!m_runs.contains(run)) {
        m_runs.append(run);
    }
}

void PlotPanel::setRunStyle(const QString& run, const QString& label, const QColor& colour,
                            bool dashed) {
    RunStyle& style = styleOf(run);
    style.label = label;
    style.colour = colour;
    style.dashed = dashed;
    for (const Metric& metric : metrics()) {
        applyStyle(run, metric, false);
    }
}

void PlotPanel::addValue(const QString& run, const QString& metricId, const PlotPoint& point) {
    if (std::isnan(point.value)) {
        return;
    }
    for (const Metric& metric : metrics()) {
        if (metric.id == metricId) {
            ensureSeries(run, metric);
            plot(metric.plot)->addPoint(seriesKey(run, metric.id), point);
            return;
        }
    }
}

void PlotPanel::addBatchPoint(const QString& run, double step, double epoch, double seconds,
                              double loss, double accuracy, double lr) {
    addValue(run, QStringLiteral("train_loss"), {step, epoch, seconds, loss});
    addValue(run, QStringLiteral("train_acc"), {step, epoch, seconds, accuracy});
    addValue(run, QStringLiteral("lr"), {step, epoch, seconds, lr});
}

void PlotPanel::addEpochPoint(const QString& run, double step, double epoch, double seconds,
                              double trainLoss, double trainAcc, double valLoss, double valAcc,
                              double entropyBefore, double entropyAfter, double deltaSEstimated,
                              double deltaSTheory) {
    const auto at = [&](double value) { return PlotPoint{step, epoch, seconds, value}; };
    addValue(run, QStringLiteral("train_loss_epoch"), at(trainLoss));
    addValue(run, QStringLiteral("val_loss"), at(valLoss));
    addValue(run, QStringLiteral("train_acc_epoch"), at(trainAcc));
    addValue(run, QStringLiteral("val_acc"), at(valAcc));
    addValue(run, QStringLiteral("entropy_before"), at(entropyBefore));
    addValue(run, QStringLiteral("entropy_after"), at(entropyAfter));
    addValue(run, QStringLiteral("delta_s_estimated"), at(deltaSEstimated));
    addValue(run, QStringLiteral("delta_s_theory"), at(deltaSTheory));
}

void PlotPanel::removeRun(const QString& run) {
    for (const Metric& metric : metrics()) {
        plot(metric.plot)->removeSeries(seriesKey(run, metric.id));
    }
    m_runs.removeAll(run);
    m_styles.remove(run);
}

void PlotPanel::setRunVisible(const QString& run, bool visible) {
    styleOf(run).visible = visible;
    for (const Metric& metric : metrics()) {
        plot(metric.plot)->setSeriesVisible(seriesKey(run, metric.id), visible);
    }
}

void PlotPanel::clear() {
    for (MetricPlot* each : m_plots) {
        each->clear();
    }
    m_runs.clear();
}

void PlotPanel::setSmoothing(double weight) {
    m_smoothingSlider->setValue(static_cast<int>(std::lround(weight * 100.0)));
}

double PlotPanel::smoothing() const {
    return m_smoothingSlider->value() / 100.0;
}

void PlotPanel::setXAxis(XAxisKind kind) {
    m_xAxisCombo->setCurrentIndex(m_xAxisCombo->findData(static_cast<int>(kind)));
}

XAxisKind PlotPanel::xAxis() const {
    return static_cast<XAxisKind>(m_xAxisCombo->currentData().toInt());
}

void PlotPanel::setLogY(bool logarithmic) {
    m_logYCheck->setChecked(logarithmic);
}

bool PlotPanel::logY() const {
    return m_logYCheck->isChecked();
}

bool PlotPanel::exportPlot(PlotKind kind, const QString& file, QString* error) {
    return plot(kind)->exportTo(file, error);
}

void PlotPanel::applySmoothing(int sliderValue) {
    const double weight = sliderValue / 100.0;
    m_smoothingValue->setText(QString::number(weight, 'f', 2));
    for (MetricPlot* each : m_plots) {
        // The learning rate is a schedule, not a noisy measurement: smoothing would only make
        // a warm-up or a step decay look later than it happened.
        if (each != learningRatePlot()) {
            each->setSmoothing(weight);
        }
    }
}

void PlotPanel::applyXAxis(int comboIndex) {
    const auto kind = static_cast<XAxisKind>(m_xAxisCombo->itemData(comboIndex).toInt());
    for (MetricPlot* each : m_plots) {
        each->setXAxis(kind);
    }
}

void PlotPanel::applyLogY(bool logarithmic) {
    // Accuracy is bounded in [0, 1] and entropies and Delta S can be negative, so a log axis
    // only helps the loss and the learning rate.
    lossPlot()->setLogY(logarithmic);
    learningRatePlot()->setLogY(logarithmic);
}

}  // namespace noisynn
