// The workbench window, offscreen: the data-set browser shows a data set's classes, counts and
// sample images; a data set that cannot be opened is reported and the window carries on; the About
// box lists the loaded libraries.
#include "data/dataset_catalog.h"
#include "gui/about_dialog.h"
#include "gui/dataset_browser.h"
#include "gui/main_window.h"

#include <class_count_table.h>
#include <image_grid_widget.h>

#include <QMessageBox>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace noisynn;

namespace {

bool waitUntilIdle(DatasetBrowser* browser) {
    return QTest::qWaitFor([browser] { return !browser->isBusy(); }, 60000);
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void browsingFashionMnistShowsItsClassesCountsAndSamples();
    void aDataSetThatCannotBeOpenedIsReportedAndTheWindowCarriesOn();
    void theAboutBoxListsTheLoadedLibraries();
};

void TestMainWindow::browsingFashionMnistShowsItsClassesCountsAndSamples() {
    MainWindow window;
    window.show();
    DatasetRequest request;
    request.source = "fashion-mnist";
    QSignalSpy shown(window.datasetBrowser(), &DatasetBrowser::samplesShown);
    window.openDataset(request);
    QVERIFY(shown.wait(60000));
    QVERIFY(waitUntilIdle(window.datasetBrowser()));

    ClassCountTable* table = window.datasetBrowser()->classTable();
    QCOMPARE(table->rowCount(), 11);
    QVERIFY(table->item(9, 0)->text().contains("Ankle boot"));
    QCOMPARE(table->item(10, 1)->data(Qt::UserRole).toLongLong(), 60000);
    QCOMPARE(table->item(10, 2)->data(Qt::UserRole).toLongLong(), 10000);

    ImageGridWidget* grid = window.datasetBrowser()->imageGrid();
    QCOMPARE(grid->rowCount(), 10);
    QCOMPARE(grid->tileCount(), 100);
    QVERIFY(window.datasetBrowser()->summaryText().contains("28x28x1"));

    // A sample tile is a real image: not one flat colour.
    const QImage shot = grid->grab().toImage();
    const QRect tile = grid->tileRect(0, 0);
    QSet<QRgb> colours;
    for (int y = tile.top(); y <= tile.bottom(); y += 2)
        for (int x = tile.left(); x <= tile.right(); x += 2)
            colours.insert(shot.pixel(x, y));
    QVERIFY2(colours.size() > 10, qPrintable(QString::number(colours.size())));
}

void TestMainWindow::aDataSetThatCannotBeOpenedIsReportedAndTheWindowCarriesOn() {
    MainWindow window;
    window.show();
    QTemporaryDir dir;
    QDir(dir.path()).mkpath("empty-class");
    QDir(dir.path()).mkpath("full-class");
    QFile file(dir.filePath("full-class/a.png"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not really a png");
    file.close();

    QSignalSpy failed(window.datasetBrowser(), &DatasetBrowser::loadFailed);
    DatasetRequest request;
    request.source = dir.path().toStdString();
    window.openDataset(request);
    QVERIFY(failed.wait(30000));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(dir.filePath("empty-class")), qPrintable(message));
    QVERIFY(window.log()->toPlainText().contains(dir.filePath("empty-class")));
    auto* box = window.findChild<QMessageBox*>("errorBox");
    QVERIFY(box);
    QVERIFY(box->text().contains("empty class folder"));
    box->close();

    // Still usable afterwards.
    QSignalSpy shown(window.datasetBrowser(), &DatasetBrowser::samplesShown);
    request.source = "synthetic";
    window.openDataset(request);
    QVERIFY(shown.wait(30000));
    QCOMPARE(window.datasetBrowser()->imageGrid()->rowCount(), 10);
}

void TestMainWindow::theAboutBoxListsTheLoadedLibraries() {
    AboutDialog dialog;
    const QString text = dialog.versionsText();
    for (const char* library : {"Qt", "LibTorch", "BLAS", "OpenCV", "QCustomPlot"}) {
        QVERIFY2(text.contains(library), library);
    }
    QVERIFY(text.contains(QString::fromLatin1(qVersion())));
    QVERIFY2(text.contains("openblas"), qPrintable(text));
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
