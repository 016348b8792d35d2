// Metric plots: EMA smoothing, MetricPlot's data, redraws, axes, crosshair, export; PlotPanel.
#include <ema_smoothing.h>
#include <metric_plot.h>
#include <plot_panel.h>
#include <redraw_pacing.h>
#include <qcustomplot_include.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QMouseEvent>
#include <QSlider>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <limits>

using namespace noisynn;

Q_DECLARE_METATYPE(noisynn::XAxisKind)

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool near(double actual, double expected, double tolerance = 1e-4) {
    return std::abs(actual - expected) <= tolerance;
}

// Steps 0, 10, ..., 200; epochs step / 100; two seconds a step; value 1 - 0.002 * step.
QVector<PlotPoint> descendingCurve() {
    QVector<PlotPoint> points;
    for (int i = 0; i <= 20; ++i) {
        const double step = 10.0 * i;
        points.append({step, step / 100.0, 2.0 * step, 1.0 - 0.002 * step});
    }
    return points;
}

QVector<double> keysOf(const QCPGraph* graph) {
    QVector<double> keys;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
        keys.append(it->key);
    }
    return keys;
}

QVector<double> valuesOf(const QCPGraph* graph) {
    QVector<double> values;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
        values.append(it->value);
    }
    return values;
}

QVector<MetricPlot*> allPlots(const PlotPanel& panel) {
    return {panel.lossPlot(), panel.accuracyPlot(), panel.entropyPlot(), panel.learningRatePlot()};
}

}  // namespace

class TestMetricPlot : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void anEmptyPlotSaysWhatWouldFillItUntilAPointComes();
    void emaMatchesHandComputedDebiasedValues();
    void emaPassesNonFiniteValuesThroughWithoutAveragingThem();
    void pointsAddedAreThePointsDrawnInEachXMode_data();
    void pointsAddedAreThePointsDrawnInEachXMode();
    void aBurstOfPointsCostsAtMostTwoRedraws();
    void redrawsSpaceOutInProportionToWhatTheyCost();
    void smoothingDrawsTheEmaOverAFaintRawCopy();
    void logYSwitchesTheAxisAndLeavesOutNonPositiveValues();
    void crosshairTextNamesTheNearestValueOfEachVisibleSeries();
    void mouseMoveOverThePlotShowsTheCrosshair();
    void exportWritesPngPdfAndSvgAtTheWidgetSize();
    void exportFailsWithAMessageNamingTheFile_data();
    void exportFailsWithAMessageNamingTheFile();
    void panelControlsApplyToEveryPlot();
    void panelDrawsRunsAndSkipsUnmeasuredValues();
};

void TestMetricPlot::anEmptyPlotSaysWhatWouldFillItUntilAPointComes() {
    MetricPlot plot;
    plot.resize(400, 300);
    plot.setEmptyText("needs a latent noise");
    plot.setSeries("h", "H before", Qt::blue, SeriesShape::Markers);
    const auto emptyLabel = [&]() -> QCPItemText* {
        for (int i = 0; i < plot.plot()->itemCount(); ++i) {
            auto* text = qobject_cast<QCPItemText*>(plot.plot()->item(i));
            if (text && text->text() == "needs a latent noise") {
                return text;
            }
        }
        return nullptr;
    };
    plot.redrawNow();
    QVERIFY(emptyLabel() && emptyLabel()->visible());
    plot.addPoint("h", {1, 1, 1, -4.5});
    plot.redrawNow();
    QVERIFY(!emptyLabel()->visible());
    plot.clear();
    plot.redrawNow();
    QVERIFY(emptyLabel()->visible());
}

void TestMetricPlot::emaMatchesHandComputedDebiasedValues() {
    // last = 0.5, 1.25, 2.125; debiased by 1 - 0.5^n = 0.5, 0.75, 0.875.
    const std::vector<double> smoothed = debiasedEma({1.0, 2.0, 3.0}, 0.5);
    QCOMPARE(smoothed.size(), size_t(3));
    QVERIFY(near(smoothed[0], 1.0));
    QVERIFY(near(smoothed[1], 1.6667));
    QVERIFY(near(smoothed[2], 2.4286));

    const std::vector<double> input{3.0, -1.0, 7.5};
    QCOMPARE(debiasedEma(input, 0.0), input);

    // The streaming form used by the plot gives the same values as the batch one.
    DebiasedEma ema(0.5);
    QVERIFY(near(ema.add(1.0), 1.0));
    QVERIFY(near(ema.add(2.0), 1.6667));
    QVERIFY(near(ema.add(3.0), 2.4286));
    // A weight of 1 would divide by zero; it is clamped to 0.999.
    QCOMPARE(DebiasedEma(1.0).weight(), 0.999);
}

void TestMetricPlot::emaPassesNonFiniteValuesThroughWithoutAveragingThem() {
    const double inf = std::numeric_limits<double>::infinity();
    const std::vector<double> smoothed = debiasedEma({1.0, kNaN, inf, 3.0}, 0.5);
    QCOMPARE(smoothed.size(), size_t(4));
    QVERIFY(near(smoothed[0], 1.0));
    QVERIFY(std::isnan(smoothed[1]));
    QCOMPARE(smoothed[2], inf);
    // 3 is the second value averaged: (0.25 + 1.5) / 0.75.
    QVERIFY(near(smoothed[3], 2.3333));
}

void TestMetricPlot::pointsAddedAreThePointsDrawnInEachXMode_data() {
    QTest::addColumn<XAxisKind>("axis");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QVector<double>>("keys");
    QTest::newRow("step") << XAxisKind::Step << "step" << QVector<double>{0, 10, 20, 30, 40};
    QTest::newRow("epoch") << XAxisKind::Epoch << "epoch" << QVector<double>{0, 0.1, 0.2, 0.3, 0.4};
    QTest::newRow("wall time") << XAxisKind::WallTime << "wall time (s)"
                               << QVector<double>{0, 20, 40, 60, 80};
}

void TestMetricPlot::pointsAddedAreThePointsDrawnInEachXMode() {
    QFETCH(XAxisKind, axis);
    QFETCH(QString, label);
    QFETCH(QVector<double>, keys);

    MetricPlot plot;
    plot.setSeries("loss", "train loss", Qt::blue, SeriesShape::Line);
    const QVector<PlotPoint> points = descendingCurve().mid(0, 5);
    // Switch the axis half way, so both the re-keying of old points and the keys of new ones
    // are checked.
    for (int i = 0; i < 3; ++i) {
        plot.addPoint("loss", points[i]);
    }
    plot.setXAxis(axis);
    for (int i = 3; i < 5; ++i) {
        plot.addPoint("loss", points[i]);
    }

    QCOMPARE(plot.xAxis(), axis);
    QCOMPARE(plot.plot()->xAxis->label(), label);
    QCPGraph* graph = plot.graph("loss");
    QVERIFY(graph != nullptr);
    QCOMPARE(graph->dataCount(), 5);
    const QVector<double> drawnKeys = keysOf(graph);
    const QVector<double> drawnValues = valuesOf(graph);
    for (int i = 0; i < 5; ++i) {
        QVERIFY2(near(drawnKeys[i], keys[i], 1e-9), qPrintable(QString::number(drawnKeys[i])));
        QVERIFY(near(drawnValues[i], points[i].value, 1e-12));
    }
    QCOMPARE(plot.points("loss").size(), 5);
}

void TestMetricPlot::aBurstOfPointsCostsAtMostTwoRedraws() {
    MetricPlot plot;
    plot.resize(400, 300);
    plot.setSeries("loss", "train loss", Qt::blue, SeriesShape::Line);
    // Let anything the construction queued settle before counting.
    QTest::qWait(100);
    const int before = plot.replotCount();

    for (int i = 0; i < 1000; ++i) {
        plot.addPoint("loss", {double(i), i / 100.0, i * 0.1, std::sin(i * 0.01)});
    }
    QCOMPARE(plot.replotCount(), before);  // adding points never redraws by itself
    // The redraw comes within a second (redraw_pacing.h), and no other follows it.
    QTRY_VERIFY_WITH_TIMEOUT(plot.replotCount() > before, 1500);
    QTest::qWait(200);

    const int redraws = plot.replotCount() - before;
    QVERIFY2(redraws >= 1 && redraws <= 2, qPrintable(QString::number(redraws)));
    QCOMPARE(plot.graph("loss")->dataCount(), 1000);
    // And the coalesced redraw did rescale the x axis to the data.
    QVERIFY(near(plot.plot()->xAxis->range().lower, 0.0, 1e-9));
    QVERIFY(near(plot.plot()->xAxis->range().upper, 999.0, 1e-9));
}

void TestMetricPlot::redrawsSpaceOutInProportionToWhatTheyCost() {
    QCOMPARE(redrawIntervalMs(0.0), 40);  // nothing drawn yet
    QCOMPARE(redrawIntervalMs(0.3), 40);  // cheap: 25 a second
    QCOMPARE(redrawIntervalMs(2.5), 250);
    QCOMPARE(redrawIntervalMs(8.0), 800);
    QCOMPARE(redrawIntervalMs(80.0), 1000);  // never slower than one a second
    QCOMPARE(redrawIntervalMs(std::nan("")), 40);

    // A plot whose redraws take time waits longer between them.
    MetricPlot plot;
    plot.resize(1600, 1000);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setSeries("loss", "train loss", Qt::blue, SeriesShape::Line);
    for (int i = 0; i < 200000; ++i) {
        plot.addPoint("loss", {double(i), 0, 0, std::sin(i * 0.37)});
    }
    for (int i = 0; i < 3; ++i) {
        plot.redrawNow();
    }
    const double redrawMs = plot.plot()->replotTime(true);
    QVERIFY2(redrawMs > 0.0, qPrintable(QString::number(redrawMs)));
    plot.addPoint("loss", {200000.0, 0, 0, 0.5});
    QCOMPARE(plot.nextRedrawInMs(), redrawIntervalMs(redrawMs));
    QVERIFY2(plot.nextRedrawInMs() > 40, qPrintable(QString::number(redrawMs)));  // about 11 ms here
}

void TestMetricPlot::smoothingDrawsTheEmaOverAFaintRawCopy() {
    MetricPlot plot;
    const QColor colour(200, 30, 40);
    plot.setSeries("loss", "train loss", colour, SeriesShape::Line);
    plot.setSeries("val", "val loss", Qt::darkGreen, SeriesShape::Markers);
    plot.setSmoothing(0.5);
    for (int i = 0; i < 3; ++i) {
        plot.addPoint("loss", {double(i), 0, 0, double(i + 1)});
        plot.addPoint("val", {double(i), 0, 0, double(i + 1)});
    }

    const std::vector<double> smoothed = plot.smoothedValues("loss");
    QCOMPARE(smoothed.size(), size_t(3));
    QVERIFY(near(smoothed[0], 1.0));
    QVERIFY(near(smoothed[1], 1.6667));
    QVERIFY(near(smoothed[2], 2.4286));
    const QVector<double> drawn = valuesOf(plot.graph("loss"));
    QVERIFY(near(drawn[1], 1.6667) && near(drawn[2], 2.4286));

    QCPGraph* raw = plot.rawGraph("loss");
    QVERIFY(raw->visible());
    QCOMPARE(valuesOf(raw), (QVector<double>{1.0, 2.0, 3.0}));
    QCOMPARE(raw->pen().color().rgb(), colour.rgb());
    QCOMPARE(raw->pen().color().alpha(), 50);
    QCOMPARE(plot.graph("loss")->pen().color().alpha(), 255);
    // Faint copies sit on a layer below the curves, whatever order series were made in.
    QVERIFY(raw->layer()->index() < plot.graph("val")->layer()->index());

    // Per-epoch markers are never smoothed.
    QCOMPARE(plot.smoothedValues("val"), (std::vector<double>{1.0, 2.0, 3.0}));
    QVERIFY(!plot.rawGraph("val")->visible());
    QCOMPARE(plot.graph("val")->scatterStyle().shape(), QCPScatterStyle::ssCircle);

    // Re-smoothing the stored points gives what streaming them gave.
    plot.setSmoothing(0.0);
    plot.setSmoothing(0.5);
    QVERIFY(near(plot.smoothedValues("loss")[2], 2.4286));

    plot.setSmoothing(0.0);
    QVERIFY(!plot.rawGraph("loss")->visible());
    QCOMPARE(valuesOf(plot.graph("loss")), (QVector<double>{1.0, 2.0, 3.0}));
    plot.setSmoothing(5.0);
    QCOMPARE(plot.smoothing(), 0.999);
}

void TestMetricPlot::logYSwitchesTheAxisAndLeavesOutNonPositiveValues() {
    MetricPlot plot;
    plot.setSeries("lr", "learning rate", Qt::blue, SeriesShape::Line);
    const double values[] = {1.0, 0.0, -1.0, 10.0};
    for (int i = 0; i < 4; ++i) {
        plot.addPoint("lr", {double(i), 0, 0, values[i]});
    }

    plot.setLogY(true);
    QVERIFY(plot.logY());
    QCOMPARE(plot.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    QVERIFY(!qSharedPointerDynamicCast<QCPAxisTickerLog>(plot.plot()->yAxis->ticker()).isNull());
    const QVector<double> drawn = valuesOf(plot.graph("lr"));
    QCOMPARE(drawn[0], 1.0);
    QVERIFY(std::isnan(drawn[1]) && std::isnan(drawn[2]));
    QCOMPARE(drawn[3], 10.0);
    plot.redrawNow();
    const QCPRange range = plot.plot()->yAxis->range();
    QVERIFY(range.lower > 0.0 && range.lower <= 1.0 && range.upper >= 10.0);
    // A point added while the axis is logarithmic is mapped the same way.
    plot.addPoint("lr", {4, 0, 0, -5.0});
    QVERIFY(std::isnan(valuesOf(plot.graph("lr"))[4]));

    plot.setLogY(false);
    QCOMPARE(plot.plot()->yAxis->scaleType(), QCPAxis::stLinear);
    QCOMPARE(valuesOf(plot.graph("lr")), (QVector<double>{1.0, 0.0, -1.0, 10.0, -5.0}));
}

void TestMetricPlot::crosshairTextNamesTheNearestValueOfEachVisibleSeries() {
    MetricPlot plot;
    plot.setSeries("train", "train loss", Qt::blue, SeriesShape::Line);
    plot.setSeries("val", "val loss", Qt::red, SeriesShape::Markers);
    plot.setPoints("train", descendingCurve());
    plot.addPoint("val", {100, 1.0, 200, 0.65});
    plot.addPoint("val", {200, 2.0, 400, 0.6});

    // Step 120 is nearer 118 than step 110 is; the val point at 100 is nearer than 200.
    QCOMPARE(plot.crosshairText(118), QString("step 118\ntrain loss 0.76\nval loss 0.65"));
    QCOMPARE(plot.crosshairText(190), QString("step 190\ntrain loss 0.62\nval loss 0.6"));

    plot.setXAxis(XAxisKind::Epoch);
    QCOMPARE(plot.crosshairText(1.18), QString("epoch 1.18\ntrain loss 0.76\nval loss 0.65"));

    plot.setSeriesVisible("val", false);
    QCOMPARE(plot.crosshairText(1.18), QString("epoch 1.18\ntrain loss 0.76"));

    // While smoothing, the smoothed value leads and the raw value follows it.
    plot.setSmoothing(0.5);
    const QString smoothed = plot.crosshairText(0.0);
    QCOMPARE(smoothed, QString("epoch 0.00\ntrain loss 1 (raw 1)"));
}

void TestMetricPlot::mouseMoveOverThePlotShowsTheCrosshair() {
    MetricPlot plot;
    plot.setSeries("train", "train loss", Qt::blue, SeriesShape::Line);
    plot.setPoints("train", descendingCurve());
    plot.resize(500, 350);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.redrawNow();

    QCustomPlot* custom = plot.plot();
    const QPoint at(qRound(custom->xAxis->coordToPixel(120.0)), custom->axisRect()->center().y());
    QMouseEvent move(QEvent::MouseMove, at, custom->mapToGlobal(at), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QCoreApplication::sendEvent(custom, &move);
    const QString shown = plot.shownCrosshairText();
    QVERIFY2(shown.startsWith("step 1") && shown.endsWith("\ntrain loss 0.76"), qPrintable(shown));

    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(custom, &leave);
    QVERIFY(plot.shownCrosshairText().isEmpty());
}

void TestMetricPlot::exportWritesPngPdfAndSvgAtTheWidgetSize() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    MetricPlot plot;
    plot.setTitle("Loss");
    plot.setYLabel("loss");
    plot.setSeries("train", "train loss", Qt::blue, SeriesShape::Line);
    plot.setPoints("train", descendingCurve());
    plot.resize(480, 320);

    QString error;
    const QString png = dir.filePath("plot.png");
    QVERIFY2(plot.exportTo(png, &error), qPrintable(error));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), plot.size());
    // Exporting again replaces the file.
    QVERIFY2(plot.exportTo(png, &error), qPrintable(error));

    const QString svg = dir.filePath("plot.svg");
    QVERIFY2(plot.exportTo(svg, &error), qPrintable(error));
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBox(), QRect(QPoint(0, 0), plot.size()));

    const QString pdf = dir.filePath("plot.pdf");
    QVERIFY2(plot.exportTo(pdf, &error), qPrintable(error));
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QCOMPARE(pdfFile.read(4), QByteArray("%PDF"));

    // Nothing but the three exports is left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
             (QStringList{"plot.pdf", "plot.png", "plot.svg"}));
}

void TestMetricPlot::exportFailsWithAMessageNamingTheFile_data() {
    QTest::addColumn<QString>("relativePath");
    QTest::addColumn<QString>("expected");
    QTest::newRow("text suffix") << "plot.txt"
                                 << ".png, .pdf or .svg";
    QTest::newRow("no suffix") << "plot"
                               << ".png, .pdf or .svg";
    QTest::newRow("png in a missing folder") << "missing/plot.png"
                                             << "writable";
    QTest::newRow("pdf in a missing folder") << "missing/plot.pdf"
                                             << "writable";
    QTest::newRow("svg in a missing folder") << "missing/plot.svg"
                                             << "writable";
}

void TestMetricPlot::exportFailsWithAMessageNamingTheFile() {
    QFETCH(QString, relativePath);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    MetricPlot plot;
    plot.setPoints("train", descendingCurve());
    plot.resize(300, 200);

    const QString file = dir.filePath(relativePath);
    QString error;
    QVERIFY(!plot.exportTo(file, &error));
    QVERIFY2(error.contains(file), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY(!QFile::exists(file));
    QVERIFY(!QFile::exists(file + ".part"));
    QVERIFY(!plot.exportTo(file));  // no error pointer: still fails, does not crash
}

void TestMetricPlot::panelControlsApplyToEveryPlot() {
    PlotPanel panel;
    QCOMPARE(panel.findChild<MetricPlot*>("lossPlot"), panel.lossPlot());
    QCOMPARE(panel.findChild<MetricPlot*>("accuracyPlot"), panel.accuracyPlot());
    QCOMPARE(panel.findChild<MetricPlot*>("entropyPlot"), panel.entropyPlot());
    QCOMPARE(panel.findChild<MetricPlot*>("lrPlot"), panel.learningRatePlot());
    QCOMPARE(panel.plot(PlotKind::Entropy)->yLabel(), QString("nats"));
    QCOMPARE(panel.lossPlot()->title(), QString("Loss"));

    auto* slider = panel.findChild<QSlider*>("smoothingSlider");
    auto* combo = panel.findChild<QComboBox*>("xAxisCombo");
    auto* logY = panel.findChild<QCheckBox*>("logYCheck");
    QVERIFY(slider && combo && logY);

    // The learning rate is a schedule and is left unsmoothed; every other plot follows.
    QCOMPARE(slider->value(), 60);
    slider->setValue(90);
    QCOMPARE(panel.smoothing(), 0.9);
    QCOMPARE(panel.lossPlot()->smoothing(), 0.9);
    QCOMPARE(panel.accuracyPlot()->smoothing(), 0.9);
    QCOMPARE(panel.entropyPlot()->smoothing(), 0.9);
    QCOMPARE(panel.learningRatePlot()->smoothing(), 0.0);
    slider->setValue(0);
    QCOMPARE(panel.lossPlot()->smoothing(), 0.0);

    combo->setCurrentIndex(combo->findData(static_cast<int>(XAxisKind::Epoch)));
    for (MetricPlot* plot : allPlots(panel)) {
        QCOMPARE(plot->xAxis(), XAxisKind::Epoch);
        QCOMPARE(plot->plot()->xAxis->label(), QString("epoch"));
    }
    panel.setXAxis(XAxisKind::WallTime);
    QCOMPARE(combo->currentData().toInt(), static_cast<int>(XAxisKind::WallTime));
    for (MetricPlot* plot : allPlots(panel)) {
        QCOMPARE(plot->xAxis(), XAxisKind::WallTime);
    }

    // Accuracy is bounded and entropies can be negative: log y is for loss and learning rate.
    logY->setChecked(true);
    QVERIFY(panel.lossPlot()->logY());
    QVERIFY(panel.learningRatePlot()->logY());
    QVERIFY(!panel.accuracyPlot()->logY());
    QVERIFY(!panel.entropyPlot()->logY());
    logY->setChecked(false);
    QVERIFY(!panel.lossPlot()->logY());
}

void TestMetricPlot::panelDrawsRunsAndSkipsUnmeasuredValues() {
    PlotPanel panel;
    panel.setRunStyle("live", "", Qt::blue, false);
    panel.addBatchPoint("live", 1, 0.1, 0.5, 2.0, 0.1, 1e-3);
    panel.addBatchPoint("live", 2, 0.2, 1.0, 1.8, 0.2, 1e-3);
    panel.addEpochPoint("live", 10, 1.0, 5.0, 1.9, 0.15, 1.7, 0.3, 3.2, 3.5, kNaN, 0.3);

    MetricPlot* loss = panel.lossPlot();
    const QString trainLoss = PlotPanel::seriesKey("live", "train_loss");
    const QString valLoss = PlotPanel::seriesKey("live", "val_loss");
    QCOMPARE(loss->points(trainLoss).size(), 2);
    QCOMPARE(loss->points(valLoss).size(), 1);
    QCOMPARE(loss->points(valLoss)[0].value, 1.7);
    QCOMPARE(loss->seriesLabel(valLoss), QString("val loss"));
    QCOMPARE(panel.accuracyPlot()->points(PlotPanel::seriesKey("live", "val_acc"))[0].value, 0.3);
    QCOMPARE(panel.learningRatePlot()->points(PlotPanel::seriesKey("live", "lr")).size(), 2);
    MetricPlot* entropy = panel.entropyPlot();
    QVERIFY(entropy->hasSeries(PlotPanel::seriesKey("live", "entropy_before")));
    QVERIFY(entropy->hasSeries(PlotPanel::seriesKey("live", "delta_s_theory")));
    QVERIFY(!entropy->hasSeries(PlotPanel::seriesKey("live", "delta_s_estimated")));

    // An overlaid run: labelled, dashed, and hideable and removable on its own.
    panel.setRunStyle("base", "baseline", Qt::red, true);
    panel.addEpochPoint("base", 10, 1.0, 6.0, 2.1, 0.1, 1.9, 0.2, kNaN, kNaN, kNaN, kNaN);
    const QString baseVal = PlotPanel::seriesKey("base", "val_loss");
    QCOMPARE(loss->seriesLabel(baseVal), QString("baseline: val loss"));
    QCOMPARE(loss->graph(baseVal)->pen().style(), Qt::DashLine);
    QCOMPARE(loss->graph(valLoss)->pen().style(), Qt::SolidLine);
    QCOMPARE(panel.runs(), (QStringList{"live", "base"}));

    panel.setRunStyle("base", "other", Qt::red, false);
    QCOMPARE(loss->seriesLabel(baseVal), QString("other: val loss"));
    QCOMPARE(loss->graph(baseVal)->pen().style(), Qt::SolidLine);

    panel.setRunVisible("base", false);
    QVERIFY(!loss->isSeriesVisible(baseVal));
    QVERIFY(loss->isSeriesVisible(valLoss));
    QVERIFY(!loss->crosshairText(10).contains("other"));

    panel.removeRun("base");
    QVERIFY(!loss->hasSeries(baseVal));
    QCOMPARE(panel.runs(), QStringList{"live"});

    QString error;
    QTemporaryDir dir;
    panel.resize(800, 600);
    QVERIFY2(panel.exportPlot(PlotKind::Loss, dir.filePath("loss.png"), &error), qPrintable(error));

    panel.clear();
    for (MetricPlot* plot : allPlots(panel)) {
        QVERIFY(plot->seriesKeys().isEmpty());
    }
    QVERIFY(panel.runs().isEmpty());
}

QTEST_MAIN(TestMetricPlot)
#include "test_metric_plot.moc"
