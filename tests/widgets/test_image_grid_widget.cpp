// The image grid: geometry of rows and tiles, what it paints where, and its tool tips.
#include <image_grid_widget.h>

#include <QtTest/QtTest>

using namespace noisynn;

namespace {

QImage solid(QColor colour) {
    QImage image(4, 4, QImage::Format_RGB888);
    image.fill(colour);
    return image;
}

}  // namespace

class TestImageGridWidget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rowsAndColumnsFollowTheTilesGiven();
    void eachTileIsPaintedWithItsImageUnsmoothed();
    void tileAtFindsTheTileUnderAPoint();
};

void TestImageGridWidget::rowsAndColumnsFollowTheTilesGiven() {
    ImageGridWidget grid;
    grid.setTileSize(20);
    grid.setRows({"a", "b"},
                 {{{solid(Qt::red), "r"}, {solid(Qt::green), "g"}, {solid(Qt::blue), "b"}},
                  {{solid(Qt::white), "w"}}});
    QCOMPARE(grid.rowCount(), 2);
    QCOMPARE(grid.columnCount(), 3);
    QCOMPARE(grid.tileCount(), 4);
    const QSize hint = grid.sizeHint();
    QVERIFY(hint.width() >= 3 * 20 && hint.height() >= 2 * 20);
    grid.clear();
    QCOMPARE(grid.tileCount(), 0);
}

void TestImageGridWidget::eachTileIsPaintedWithItsImageUnsmoothed() {
    ImageGridWidget grid;
    grid.setTileSize(24);
    QImage checker(2, 1, QImage::Format_RGB888);
    checker.setPixelColor(0, 0, Qt::black);
    checker.setPixelColor(1, 0, Qt::white);
    grid.setRows({"x"}, {{{solid(Qt::red), {}}, {checker, {}}}});
    grid.resize(grid.sizeHint());
    const QImage shot = grid.grab().toImage();
    const QRect first = grid.tileRect(0, 0);
    QCOMPARE(shot.pixelColor(first.center()), QColor(Qt::red));
    // The 2x1 checker is scaled to fit 24 px wide: a hard edge, no grey in between.
    const QRect second = grid.tileRect(0, 1);
    const int y = second.center().y();
    QCOMPARE(shot.pixelColor(second.left() + 2, y), QColor(Qt::black));
    QCOMPARE(shot.pixelColor(second.right() - 2, y), QColor(Qt::white));
    QCOMPARE(shot.pixelColor(second.left() + 11, y), QColor(Qt::black));
    QCOMPARE(shot.pixelColor(second.left() + 12, y), QColor(Qt::white));
}

void TestImageGridWidget::tileAtFindsTheTileUnderAPoint() {
    ImageGridWidget grid;
    grid.setRows({"one", "two"}, {{{solid(Qt::red), "first"}},
                                  {{solid(Qt::blue), "second"}, {solid(Qt::blue), "third"}}});
    const QRect third = grid.tileRect(1, 1);
    QCOMPARE(grid.tileAt(third.center()), qMakePair(1, 1));
    QCOMPARE(grid.tileAt(QPoint(0, 0)), qMakePair(-1, -1));
    QCOMPARE(grid.tileAt(grid.tileRect(0, 0).topLeft()), qMakePair(0, 0));
}

QTEST_MAIN(TestImageGridWidget)
#include "test_image_grid_widget.moc"
