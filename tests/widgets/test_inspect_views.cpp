// The inspect views: the before/after embedding scatter and the feature heatmaps, their data,
// shared scales, empty and bad-input messages, and offscreen rendering.
#include <embedding_scatter.h>
#include <feature_heatmap.h>
#include <pca_projection.h>
#include <qcustomplot_include.h>

#include <QtTest/QtTest>

#include <cmath>
#include <random>
#include <set>

using namespace noisynn;

namespace {

const QStringList kClassNames = {"zero", "one", "two",   "three", "four",
                                 "five", "six", "seven", "eight", "nine"};

struct Embeddings {
    int rows = 0;
    int dimension = 0;
    QVector<float> before;
    QVector<float> after;
    QVector<qint64> labels;
};

// Classes 0, 2 and 5 only (10, 20 and 30 rows), interleaved, each around its own centre; the
// noise adds a seeded Gaussian to every feature.
Embeddings threeClasses() {
    Embeddings e;
    e.rows = 60;
    e.dimension = 16;
    std::mt19937 generator(42u);
    std::uniform_int_distribution<int> jitter(-100, 100);
    for (int row = 0; row < e.rows; ++row) {
        const qint64 label = row % 6 == 0 ? 0 : (row % 6 < 3 ? 2 : 5);
        e.labels.append(label);
        for (int d = 0; d < e.dimension; ++d) {
            const float centre = (d % 3 == label % 3) ? 3.0f * static_cast<float>(label) : 0.0f;
            const float value = centre + 0.01f * static_cast<float>(jitter(generator));
            e.before.append(value);
            e.after.append(value + 0.02f * static_cast<float>(jitter(generator)));
        }
    }
    return e;
}

// Shows the widget offscreen and draws every plot now, so that grab() sees the current data
// rather than a replot still queued on the event loop.
void settle(QWidget* widget, QSize size) {
    widget->resize(size);
    widget->show();
    QVERIFY(QTest::qWaitForWindowExposed(widget));
    QCoreApplication::processEvents();
    for (QCustomPlot* plot : widget->findChildren<QCustomPlot*>()) {
        plot->replot(QCustomPlot::rpImmediateRefresh);
    }
}

int distinctColours(const QImage& image) {
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            colours.insert(image.pixel(x, y));
        }
    }
    return static_cast<int>(colours.size());
}

}  // namespace

class TestInspectViews : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void scatterDrawsOneGraphPerClassPresentInBothPlots();
    void scatterPlotsShareIdenticalAxisRanges();
    void scatterPointsAreTheSharedPcaProjection();
    void scatterTakesAxesFittedElsewhere();
    void scatterShowsTheMessageAndNoDataWhenEmpty();
    void scatterExplainsInputThatDoesNotFit();
    void scatterRendersItsClassColoursOffscreen();
    void heatmapCellsEqualBeforeAfterAndDifference();
    void heatmapBeforeAndAfterShareOneDataRange();
    void heatmapDifferenceScaleIsSymmetricAboutZero();
    void heatmapShowsTheMessageAndNoDataWhenEmpty();
    void heatmapFindsAndDescribesTheCellUnderThePointer();
    void heatmapRendersOffscreen();
    void emptyViewsRenderTheirMessage();
};

void TestInspectViews::scatterDrawsOneGraphPerClassPresentInBothPlots() {
    const Embeddings e = threeClasses();
    EmbeddingScatter scatter;
    scatter.setEmbeddings(e.rows, e.dimension, e.before, e.after, e.labels, kClassNames);
    QVERIFY(!scatter.isShowingMessage());
    for (QCustomPlot* plot : {scatter.beforePlot(), scatter.afterPlot()}) {
        QCOMPARE(plot->graphCount(), 3);
        QCOMPARE(plot->graph(0)->name(), QString("zero"));
        QCOMPARE(plot->graph(1)->name(), QString("two"));
        QCOMPARE(plot->graph(2)->name(), QString("five"));
        QCOMPARE(plot->graph(0)->data()->size(), 10);
        QCOMPARE(plot->graph(1)->data()->size(), 20);
        QCOMPARE(plot->graph(2)->data()->size(), 30);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(plot->graph(i)->lineStyle(), QCPGraph::lsNone);
            QCOMPARE(plot->graph(i)->scatterStyle().shape(), QCPScatterStyle::ssDisc);
        }
        QCOMPARE(plot->graph(2)->scatterStyle().pen().color().rgb(),
                 EmbeddingScatter::classColour(5).rgb());
        QVERIFY(plot->legend->visible());
        QCOMPARE(plot->legend->itemCount(), 3);
        QVERIFY(plot->xAxis->label().startsWith("PC1 (") && plot->xAxis->label().endsWith("%)"));
        QVERIFY(plot->yAxis->label().startsWith("PC2 ("));
    }
    QCOMPARE(scatter.beforePoints().size(), e.rows);
    QCOMPARE(scatter.afterPoints().size(), e.rows);
    QVERIFY2(
        scatter.caption().contains("60 samples") && scatter.caption().contains("16 dimensions"),
        qPrintable(scatter.caption()));
}

void TestInspectViews::scatterPlotsShareIdenticalAxisRanges() {
    const Embeddings e = threeClasses();
    EmbeddingScatter scatter;
    scatter.setEmbeddings(e.rows, e.dimension, e.before, e.after, e.labels, kClassNames);
    QCOMPARE(scatter.beforePlot()->xAxis->range(), scatter.afterPlot()->xAxis->range());
    QCOMPARE(scatter.beforePlot()->yAxis->range(), scatter.afterPlot()->yAxis->range());
    const QCPRange x = scatter.beforePlot()->xAxis->range();
    const QCPRange y = scatter.beforePlot()->yAxis->range();
    for (const auto* points : {&scatter.beforePoints(), &scatter.afterPoints()}) {
        for (const QPointF& point : *points) {
            QVERIFY(x.contains(point.x()) && y.contains(point.y()));
        }
    }
    // Zooming one plot moves the other with it.
    scatter.afterPlot()->xAxis->setRange(-1.0, 1.0);
    QCOMPARE(scatter.beforePlot()->xAxis->range(), QCPRange(-1.0, 1.0));
}

void TestInspectViews::scatterPointsAreTheSharedPcaProjection() {
    const Embeddings e = threeClasses();
    EmbeddingScatter scatter;
    scatter.setEmbeddings(e.rows, e.dimension, e.before, e.after, e.labels, kClassNames);
    const auto rows = static_cast<std::size_t>(e.rows);
    const auto dimension = static_cast<std::size_t>(e.dimension);
    const FloatMatrixView before{e.before.constData(), rows, dimension};
    const FloatMatrixView after{e.after.constData(), rows, dimension};
    const PcaProjection pca = fitPca2({before, after});
    const std::vector<PcaPoint> expectedBefore = projectPca2(pca, before);
    const std::vector<PcaPoint> expectedAfter = projectPca2(pca, after);
    for (int row = 0; row < e.rows; ++row) {
        QCOMPARE(scatter.beforePoints()[row],
                 QPointF(expectedBefore[row].x, expectedBefore[row].y));
        QCOMPARE(scatter.afterPoints()[row], QPointF(expectedAfter[row].x, expectedAfter[row].y));
    }
    QCOMPARE(scatter.explainedFraction1(), pca.explainedFraction1());
    QVERIFY(scatter.beforePlot()->xAxis->label().contains(
        QString::number(100.0 * pca.explainedFraction1(), 'f', 1)));
}

void TestInspectViews::scatterTakesAxesFittedElsewhere() {
    // Axes fitted on the features before the noise only differ from the shared fit: the points
    // must follow the axes given, not a refit.
    const Embeddings e = threeClasses();
    const auto rows = static_cast<std::size_t>(e.rows);
    const auto dimension = static_cast<std::size_t>(e.dimension);
    const FloatMatrixView before{e.before.constData(), rows, dimension};
    const FloatMatrixView after{e.after.constData(), rows, dimension};
    const PcaProjection beforeOnly = fitPca2({before});
    EmbeddingScatter scatter;
    scatter.setEmbeddings(e.rows, e.dimension, e.before, e.after, e.labels, kClassNames,
                          beforeOnly);
    const std::vector<PcaPoint> expected = projectPca2(beforeOnly, after);
    QCOMPARE(scatter.afterPoints()[7], QPointF(expected[7].x, expected[7].y));
    QCOMPARE(scatter.explainedFraction2(), beforeOnly.explainedFraction2());

    const PcaProjection wrongDimension = fitPca2({{e.before.constData(), rows, 8}});
    scatter.setEmbeddings(e.rows, e.dimension, e.before, e.after, e.labels, kClassNames,
                          wrongDimension);
    QVERIFY(scatter.isShowingMessage());
    QVERIFY2(scatter.message().contains("expected 8"), qPrintable(scatter.message()));
}

void TestInspectViews::scatterShowsTheMessageAndNoDataWhenEmpty() {
    EmbeddingScatter scatter;
    QVERIFY(scatter.isShowingMessage());
    QVERIFY(scatter.message().contains("No embeddings"));
    QCOMPARE(scatter.beforePlot()->graphCount(), 0);

    const Embeddings e = threeClasses();
    scatter.setEmbeddings(e.rows, e.dimension, e.before, e.after, e.labels, kClassNames);
    QVERIFY(!scatter.isShowingMessage());
    scatter.clear();
    QVERIFY(scatter.isShowingMessage());
    QCOMPARE(scatter.beforePlot()->graphCount(), 0);
    QCOMPARE(scatter.afterPlot()->graphCount(), 0);
    QVERIFY(scatter.beforePoints().isEmpty() && scatter.afterPoints().isEmpty());

    scatter.setEmbeddings(0, 16, {}, {}, {}, kClassNames);
    QVERIFY(scatter.isShowingMessage());
    scatter.setEmptyMessage("Noise is injected into the logits: nothing to project");
    QCOMPARE(scatter.message(), QString("Noise is injected into the logits: nothing to project"));
}

void TestInspectViews::scatterExplainsInputThatDoesNotFit() {
    Embeddings e = threeClasses();
    EmbeddingScatter scatter;
    scatter.setEmbeddings(e.rows, e.dimension, e.before, e.after.mid(1), e.labels, kClassNames);
    QVERIFY(scatter.isShowingMessage());
    QVERIFY2(scatter.message().contains("do not fit"), qPrintable(scatter.message()));
    QCOMPARE(scatter.afterPlot()->graphCount(), 0);

    e.after[5 * e.dimension + 2] = std::nanf("");
    scatter.setEmbeddings(e.rows, e.dimension, e.before, e.after, e.labels, kClassNames);
    QVERIFY(scatter.isShowingMessage());
    QVERIFY2(scatter.message().contains("row 5, column 2"), qPrintable(scatter.message()));
}

void TestInspectViews::scatterRendersItsClassColoursOffscreen() {
    const Embeddings e = threeClasses();
    EmbeddingScatter scatter;
    scatter.setEmbeddings(e.rows, e.dimension, e.before, e.after, e.labels, kClassNames);
    settle(&scatter, QSize(900, 450));
    const QImage shot = scatter.grab().toImage();
    QVERIFY(!shot.isNull());
    QVERIFY(distinctColours(shot) > 3);
    // Somewhere a disc of class 5 (its colour, at alpha 200, over the white background).
    const QColor pure = EmbeddingScatter::classColour(5);
    const auto blend = [](int c) { return (c * 200 + 255 * 55) / 255; };
    const QColor expected(blend(pure.red()), blend(pure.green()), blend(pure.blue()));
    bool found = false;
    for (int y = 0; y < shot.height() && !found; ++y) {
        for (int x = 0; x < shot.width() && !found; ++x) {
            const QColor c = shot.pixelColor(x, y);
            found = std::abs(c.red() - expected.red()) <= 3 &&
                    std::abs(c.green() - expected.green()) <= 3 &&
                    std::abs(c.blue() - expected.blue()) <= 3;
        }
    }
    QVERIFY2(found, "no point of class 5 was drawn");
}

void TestInspectViews::heatmapCellsEqualBeforeAfterAndDifference() {
    constexpr int rows = 5, columns = 7;
    QVector<float> before, after;
    for (int i = 0; i < rows * columns; ++i) {
        before.append(std::sin(0.7f * static_cast<float>(i)));
        after.append(before.back() + 0.1f * std::cos(1.3f * static_cast<float>(i)));
    }
    FeatureHeatmap heatmap;
    heatmap.setMatrices(rows, columns, before, after, "token", "channel");
    QVERIFY(!heatmap.isShowingMessage());
    QCOMPARE(heatmap.rowCount(), rows);
    QCOMPARE(heatmap.columnCount(), columns);
    for (QCPColorMap* map : {heatmap.beforeMap(), heatmap.afterMap(), heatmap.differenceMap()}) {
        QCOMPARE(map->data()->keySize(), columns);
        QCOMPARE(map->data()->valueSize(), rows);
        QVERIFY(!map->interpolate());
        QCOMPARE(map->keyAxis()->label(), QString("channel"));
    }
    QCOMPARE(heatmap.beforeMap()->valueAxis()->label(), QString("token"));
    // Row 0 is drawn at the top, as the matrix is written.
    QVERIFY(heatmap.beforeMap()->valueAxis()->rangeReversed());
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < columns; ++column) {
            const int i = row * columns + column;
            QCOMPARE(heatmap.beforeMap()->data()->cell(column, row), double(before[i]));
            QCOMPARE(heatmap.afterMap()->data()->cell(column, row), double(after[i]));
            QCOMPARE(heatmap.differenceMap()->data()->cell(column, row),
                     double(after[i]) - double(before[i]));
        }
    }
}

void TestInspectViews::heatmapBeforeAndAfterShareOneDataRange() {
    // After the noise the values reach further than before: the shared range must cover both.
    const QVector<float> before = {0.0f, 1.0f, 2.0f, 3.0f, 4.0f, 5.0f};
    const QVector<float> after = {-1.5f, 1.0f, 2.5f, 3.0f, 4.0f, 7.25f};
    FeatureHeatmap heatmap;
    heatmap.setMatrices(2, 3, before, after, "channel", "position");
    QCOMPARE(heatmap.beforeMap()->colorScale(), heatmap.sharedScale());
    QCOMPARE(heatmap.afterMap()->colorScale(), heatmap.sharedScale());
    QCOMPARE(heatmap.beforeMap()->dataRange(), heatmap.afterMap()->dataRange());
    QCOMPARE(heatmap.sharedDataRange(), QCPRange(-1.5, 7.25));
    QCOMPARE(heatmap.beforeMap()->dataRange(), QCPRange(-1.5, 7.25));
}

void TestInspectViews::heatmapDifferenceScaleIsSymmetricAboutZero() {
    const QVector<float> before = {0.0f, 1.0f, 2.0f, 3.0f};
    const QVector<float> after = {0.5f, 1.0f, -1.0f, 3.25f};
    FeatureHeatmap heatmap;
    heatmap.setMatrices(2, 2, before, after, "token", "channel");
    QCOMPARE(heatmap.differenceMap()->colorScale(), heatmap.differenceScale());
    QCOMPARE(heatmap.differenceDataRange(), QCPRange(-3.0, 3.0));
    QCOMPARE(heatmap.differenceMap()->dataRange(), QCPRange(-3.0, 3.0));
    QVERIFY(heatmap.differenceScale() != heatmap.sharedScale());

    // No change at all (noise of zero): still a valid range, not [0, 0].
    heatmap.setMatrices(2, 2, before, before, "token", "channel");
    QVERIFY(heatmap.differenceDataRange().size() > 0.0);
    QCOMPARE(heatmap.differenceDataRange().center(), 0.0);
}

void TestInspectViews::heatmapShowsTheMessageAndNoDataWhenEmpty() {
    FeatureHeatmap heatmap;
    QVERIFY(heatmap.isShowingMessage());
    QVERIFY(heatmap.message().contains("No feature maps"));
    QVERIFY(heatmap.beforeMap()->data()->isEmpty());

    heatmap.setMatrices(2, 2, {1, 2, 3, 4}, {1, 2, 3, 5}, "token", "channel");
    QVERIFY(!heatmap.isShowingMessage());
    heatmap.clear();
    QVERIFY(heatmap.isShowingMessage());
    for (QCPColorMap* map : {heatmap.beforeMap(), heatmap.afterMap(), heatmap.differenceMap()}) {
        QVERIFY(map->data()->isEmpty());
    }

    heatmap.setMatrices(2, 3, {1, 2, 3, 4}, {1, 2, 3, 4}, "token", "channel");
    QVERIFY(heatmap.isShowingMessage());
    QVERIFY2(heatmap.message().contains("do not fit"), qPrintable(heatmap.message()));
    QVERIFY(heatmap.afterMap()->data()->isEmpty());
}

void TestInspectViews::heatmapFindsAndDescribesTheCellUnderThePointer() {
    QVector<float> before, after;
    for (int i = 0; i < 4 * 6; ++i) {
        before.append(static_cast<float>(i));
        after.append(static_cast<float>(i) + 0.5f);
    }
    FeatureHeatmap heatmap;
    heatmap.setMatrices(4, 6, before, after, "token", "channel");
    settle(&heatmap, QSize(1000, 360));
    QCPColorMap* map = heatmap.afterMap();
    const QPoint centre(qRound(map->keyAxis()->coordToPixel(3)),
                        qRound(map->valueAxis()->coordToPixel(2)));
    QCOMPARE(heatmap.cellAt(centre), qMakePair(2, 3));
    QCOMPARE(heatmap.cellAt(QPoint(0, 0)), qMakePair(-1, -1));
    const QString description = heatmap.describeCell(2, 3);
    QVERIFY2(description.contains("token 2, channel 3") && description.contains("before 15") &&
                 description.contains("after 15.5") && description.contains("difference 0.5"),
             qPrintable(description));
}

void TestInspectViews::heatmapRendersOffscreen() {
    constexpr int rows = 50, columns = 192;  // a ViT-Tiny's tokens x width
    QVector<float> before, after;
    std::mt19937 generator(3u);
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    for (int i = 0; i < rows * columns; ++i) {
        before.append(uniform(generator));
        after.append(before.back() + 0.3f * uniform(generator));
    }
    FeatureHeatmap heatmap;
    heatmap.setMatrices(rows, columns, before, after, "token", "channel");
    settle(&heatmap, QSize(1000, 360));
    const QImage shot = heatmap.grab().toImage();
    QVERIFY(!shot.isNull());
    QVERIFY2(distinctColours(shot) > 50, "the heatmaps were not drawn");
}

void TestInspectViews::emptyViewsRenderTheirMessage() {
    EmbeddingScatter scatter;
    FeatureHeatmap heatmap;
    for (QWidget* widget : std::initializer_list<QWidget*>{&scatter, &heatmap}) {
        settle(widget, QSize(600, 300));
        const QImage shot = widget->grab().toImage();
        QVERIFY(!shot.isNull());
        QVERIFY2(distinctColours(shot) > 1, "the message was not drawn");
    }
}

QTEST_MAIN(TestInspectViews)
#include "test_inspect_views.moc"
