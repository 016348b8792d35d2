// The workbench window driven as a user drives it, offscreen: a config set through the form's
// widgets (problems shown under their fields before Start), a tiny run on synthetic data with live
// points on the plots, pause, resume and stop, the event loop's latency during the run, exports
// that are valid PNG, SVG and CSV, a run reopened from disk, the audit table, and closing the
// window mid-run leaving a resumable checkpoint.
#include "data/npy_file.h"
#include "error.h"
#include "gui/audit_view.h"
#include "gui/config_panel.h"
#include "gui/inspect_view.h"
#include "gui/main_window.h"
#include "gui/run_exports.h"
#include "gui/runs_panel.h"
#include "gui/training_controller.h"
#include "runs/run_catalog.h"

#include <config_form.h>
#include <embedding_scatter.h>
#include <image_grid_widget.h>
#include <metric_plot.h>
#include <plot_panel.h>
#include <qcustomplot_include.h>
#include <run_list_widget.h>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QSlider>
#include <QSpinBox>
#include <QSvgRenderer>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>

using namespace noisynn;

namespace {

// Points drawn on a plot over all its series.
int pointsOn(MetricPlot* plot) {
    int points = 0;
    for (int i = 0; i < plot->plot()->graphCount(); ++i) {
        points = std::max(points, plot->plot()->graph(i)->dataCount());
    }
    return points;
}

void setCombo(ConfigForm* form, const QString& key, const QString& text) {
    auto* combo = qobject_cast<QComboBox*>(form->editor(key));
    QVERIFY2(combo, qPrintable(key));
    combo->setCurrentText(text);
}

void setInteger(ConfigForm* form, const QString& key, int value) {
    auto* box = qobject_cast<QSpinBox*>(form->editor(key));
    QVERIFY2(box, qPrintable(key));
    box->setValue(value);
}

bool waitForCheck(MainWindow& window) {
    return QTest::qWaitFor([&] { return !window.configPanel()->isChecking(); }, 60000);
}

// A small-cnn on the synthetic data set: 20 batches of 50 an epoch, a row every 2 batches.
void configureTinyRun(MainWindow& window, int epochs, const QString& noise = "gaussian") {
    ConfigForm* form = window.configPanel()->form();
    setCombo(form, "model.backbone", "small-cnn");
    setCombo(form, "data.dataset", "synthetic");
    setInteger(form, "data.train_subset", 1000);
    setCombo(form, "noise.type", noise);
    setInteger(form, "train.epochs", epochs);
    setInteger(form, "train.batch_size", 50);
    setInteger(form, "train.log_every", 2);
    setInteger(form, "entropy.samples", 300);
    auto* name = qobject_cast<QLineEdit*>(form->editor("name"));
    QVERIFY(name);
    name->setText("gui-test");
}

}  // namespace

class TestWorkbench : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void aZeroThatStandsForSomethingIsShownAsWhatItMeans();
    void aLayerTheBackboneLacksIsShownUnderItsFieldAndBlocksStart();
    void aLayerCountedFromTheEndIsShownAsTheLayerItStandsFor();
    void aConfigFileWithAMisspeltKeyIsRefusedNamingTheKeyAndChangesNothing();
    void aTinyRunPlotsLivePausesResumesStopsAndKeepsTheWindowResponsive();
    void exportsAreValidPngSvgAndCsv();
    void embeddingsCheckpointAndConfigExportWholeOrNotAtAll();
    void aFinishedRunReopensWithItsCurvesAndInspectViews();
    void theAuditEvaluatesOneCheckpointUnderOtherOrdersSideBySide();
    void closingTheWindowDuringARunLeavesAResumableCheckpoint();
    void aCheckedRunIsOverlaidDashedAndLeavesWhenUnchecked();
    void aRerunTrainsTheSameConfigWithTheNewSeed();
    void hiddenRunsLeaveTheListAndDeletedRunsLeaveTheDisk();
    void theConfigAndTheRunsFolderSurviveARestart();

private:
    QTemporaryDir m_home;
    QString m_runs;
    QString m_finishedRun;  // made by the live-run test, used by the later ones
    QString m_stoppedRun;   // made by the closing test
};

void TestWorkbench::initTestCase() {
    QVERIFY(m_home.isValid());
    // QSettings of this test live in a folder of its own.
    qputenv("XDG_CONFIG_HOME", m_home.filePath("config").toUtf8());
    QCoreApplication::setOrganizationName("NoisyNN-test");
    QCoreApplication::setApplicationName("noisynn-workbench-test");
    m_runs = m_home.filePath("runs");
}

void TestWorkbench::init() {
    QSettings().clear();
    QSettings().setValue("runs/folder", m_runs);
}

void TestWorkbench::aZeroThatStandsForSomethingIsShownAsWhatItMeans() {
    MainWindow window;
    ConfigForm* form = window.configPanel()->form();
    const auto shown = [&](const char* key) {
        return qobject_cast<QAbstractSpinBox*>(form->editor(key))->text();
    };
    QCOMPARE(form->value("model.classes").toInt(), 0);
    QCOMPARE(shown("model.classes"), QString("the data set's"));
    setInteger(form, "train.epochs", 0);
    QCOMPARE(shown("train.epochs"), QString("evaluate only"));
    QCOMPARE(form->value("train.epochs").toInt(), 0);  // still the number underneath
    setInteger(form, "train.epochs", 3);
    QCOMPARE(shown("train.epochs"), QString("3"));
    // A 0 that is only a number stays one.
    form->setValue("noise.strength", 0.0);
    QVERIFY2(shown("noise.strength").startsWith("0"), qPrintable(shown("noise.strength")));
}

void TestWorkbench::aLayerTheBackboneLacksIsShownUnderItsFieldAndBlocksStart() {
    MainWindow window;
    window.show();
    configureTinyRun(window, 1);
    setCombo(window.configPanel()->form(), "noise.layer", "9");
    QVERIFY(waitForCheck(window));
    const QString error = window.configPanel()->form()->fieldError("noise.layer");
    QVERIFY2(error.contains("noise.layer") && error.contains("9"), qPrintable(error));
    QVERIFY(!window.startAction()->isEnabled());
    QVERIFY(!window.startRun());

    // The list offers the small CNN's real injection points.
    auto* layers = qobject_cast<QComboBox*>(window.configPanel()->form()->editor("noise.layer"));
    QStringList offered;
    for (int i = 0; i < layers->count(); ++i) {
        offered << layers->itemText(i);
    }
    QCOMPARE(offered, QStringList({"1", "2", "3"}));

    setCombo(window.configPanel()->form(), "noise.layer", "2");
    QVERIFY(waitForCheck(window));
    QCOMPARE(window.configPanel()->form()->errorCount(), 0);
    QVERIFY(window.startAction()->isEnabled());

    // A data set that is not there is named under its field.
    setCombo(window.configPanel()->form(), "data.dataset", m_home.filePath("no-such-folder"));
    QVERIFY(waitForCheck(window));
    QVERIFY(window.configPanel()->form()->fieldError("data.dataset").contains("no-such-folder"));
    QVERIFY(!window.startAction()->isEnabled());
}

void TestWorkbench::aLayerCountedFromTheEndIsShownAsTheLayerItStandsFor() {
    MainWindow window;
    configureTinyRun(window, 1);
    ConfigForm* form = window.configPanel()->form();
    setCombo(form, "noise.layer", "-1");
    QVERIFY(waitForCheck(window));
    QCOMPARE(form->fieldNote("noise.layer"), QString("3: linear 3136 -> 128, ReLU"));

    setCombo(form, "noise.layer", "2");
    QVERIFY(waitForCheck(window));
    QCOMPARE(form->fieldNote("noise.layer"), QString("conv 3x3, 64 channels, ReLU, max-pool"));

    // A layer that does not exist has its error and no meaning.
    setCombo(form, "noise.layer", "-4");
    QVERIFY(waitForCheck(window));
    QVERIFY(!form->fieldError("noise.layer").isEmpty());
    QCOMPARE(form->fieldNote("noise.layer"), QString());
}

void TestWorkbench::aConfigFileWithAMisspeltKeyIsRefusedNamingTheKeyAndChangesNothing() {
    MainWindow window;
    window.show();
    const auto before = window.configPanel()->form()->values();
    QTemporaryDir dir;
    const QString file = dir.filePath("typo.json");
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(R"({"schema_version": 1, "noise": {"type": "gaussian", "strenght": 0.2}})");
    out.close();
    QVERIFY(!window.loadConfigFile(file));
    auto* box = window.findChild<QMessageBox*>("errorBox");
    QVERIFY(box);
    QVERIFY2(box->text().contains("noise.strength") && box->text().contains("typo.json"),
             qPrintable(box->text()));
    QCOMPARE(window.configPanel()->form()->values(), before);

    // The same file without the typo is taken.
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(R"({"schema_version": 1, "noise": {"type": "gaussian", "strength": 0.2}})");
    out.close();
    QVERIFY(window.loadConfigFile(file));
    QCOMPARE(window.configPanel()->form()->value("noise.type").toString(), QString("gaussian"));
    QCOMPARE(window.configPanel()->form()->value("noise.strength").toDouble(), 0.2);
}

void TestWorkbench::aTinyRunPlotsLivePausesResumesStopsAndKeepsTheWindowResponsive() {
    MainWindow window;
    window.show();
    configureTinyRun(window, 3);
    QVERIFY(waitForCheck(window));
    QVERIFY2(window.startAction()->isEnabled(),
             qPrintable(window.configPanel()->form()->values().value("data.dataset").toString()));

    // The event loop's lateness, sampled every 10 ms while the run goes.
    QVector<double> lateness;
    QElapsedTimer clock;
    clock.start();
    qint64 expected = clock.elapsed() + 10;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        lateness.push_back(static_cast<double>(std::max<qint64>(0, now - expected)));
        expected = now + 10;
    });
    probe.start(10);

    QSignalSpy started(window.controller(), &TrainingController::runStarted);
    QSignalSpy epochs(window.controller(), &TrainingController::epochDone);
    QElapsedTimer sinceStart;
    sinceStart.start();
    window.startAction()->trigger();
    MetricPlot* loss = window.plots()->lossPlot();
    QVERIFY(QTest::qWaitFor([&] { return pointsOn(loss) > 0; }, 60000));
    qInfo("first point plotted %lld ms after Start", static_cast<long long>(sinceStart.elapsed()));
    QCOMPARE(started.count(), 1);
    const QString run = started.first().at(0).toString();
    QVERIFY(window.progressBar()->text().contains("epoch 1/3"));
    QVERIFY(window.speedLabel()->text().contains("images/s"));

    // Pause, then resume: batches again.
    QVERIFY(QTest::qWaitFor([&] { return pointsOn(loss) >= 3; }, 60000));
    window.pauseAction()->trigger();
    // The batch in flight ends (a batch can take a second on a loaded machine), then nothing
    // comes: two seconds without a point, then two more.
    int paused = -1;
    QVERIFY(QTest::qWaitFor(
        [&] {
            const int before = pointsOn(loss);
            QTest::qWait(2000);
            paused = pointsOn(loss);
            return paused == before;
        },
        60000));
    QTest::qWait(2000);
    QCOMPARE(pointsOn(loss), paused);
    QVERIFY(window.progressBar()->text().startsWith("paused"));
    window.pauseAction()->trigger();
    QVERIFY(QTest::qWaitFor([&] { return pointsOn(loss) > paused; }, 30000));

    // An epoch brings validation points, entropy points and the inspect views.
    QVERIFY(epochs.wait(60000));
    QVERIFY(QTest::qWaitFor([&] { return !window.inspectView()->epochs().isEmpty(); }, 30000));
    QVERIFY(pointsOn(window.plots()->entropyPlot()) >= 1);
    QCOMPARE(window.inspectView()->imageGrid()->rowCount(), 3);
    // The PCA is fitted off the GUI thread, then drawn.
    QTRY_VERIFY_WITH_TIMEOUT(!window.inspectView()->scatter()->beforePoints().isEmpty(), 30000);

    // Stop: within a batch or two, with a checkpoint a resume continues from.
    QSignalSpy finished(window.controller(), &TrainingController::runFinished);
    window.stopAction()->trigger();
    QVERIFY(finished.wait(60000));
    probe.stop();
    QCOMPARE(finished.first().at(2).toBool(), true);
    const RunListing listing = readRunListing(run.toStdString());
    QVERIFY2(listing.resumable, listing.status.c_str());

    std::sort(lateness.begin(), lateness.end());
    QVERIFY(lateness.size() > 100);
    const double p99 = lateness[static_cast<int>(lateness.size() * 0.99)];
    qInfo("event-loop latency over %d samples: median %.1f ms, p99 %.1f ms, max %.1f ms",
          static_cast<int>(lateness.size()), lateness[lateness.size() / 2], p99, lateness.last());
    QVERIFY2(p99 < 50, qPrintable(QString("p99 %1 ms").arg(p99)));

    // Resume finishes the remaining epochs in the same directory.
    QSignalSpy resumed(window.controller(), &TrainingController::runFinished);
    window.resumeRun(run);
    QVERIFY(resumed.wait(120000));
    QCOMPARE(resumed.first().at(1).toInt(), 3);
    QCOMPARE(resumed.first().at(2).toBool(), false);
    QCOMPARE(readRunListing(run.toStdString()).status, std::string("finished"));
    // The resumed run continues the curves read from disk, forward in step and in wall time,
    // and the inspect views keep the epoch before the stop.
    const QVector<PlotPoint> points = loss->points(PlotPanel::seriesKey(run, "train_loss"));
    QVERIFY(points.size() > 20);
    for (int i = 1; i < points.size(); ++i) {
        QVERIFY2(points[i].step > points[i - 1].step && points[i].seconds >= points[i - 1].seconds,
                 qPrintable(QString("point %1: step %2 after %3, %4 s after %5 s")
                                .arg(i)
                                .arg(points[i].step)
                                .arg(points[i - 1].step)
                                .arg(points[i].seconds)
                                .arg(points[i - 1].seconds)));
    }
    QTRY_COMPARE(window.inspectView()->epochs(), QList<int>({1, 2, 3}));
    m_finishedRun = run;
}

void TestWorkbench::exportsAreValidPngSvgAndCsv() {
    QVERIFY2(!m_finishedRun.isEmpty(), "needs the live-run test's run");
    MainWindow window;
    window.show();
    window.openRun(m_finishedRun);
    QTemporaryDir out;
    QString error;
    const QString png = out.filePath("loss.png");
    const QString svg = out.filePath("accuracy.svg");
    QVERIFY2(window.plots()->exportPlot(PlotKind::Loss, png, &error), qPrintable(error));
    QVERIFY2(window.plots()->exportPlot(PlotKind::Accuracy, svg, &error), qPrintable(error));
    QImage image(png);
    QVERIFY(!image.isNull() && image.width() > 100);
    QVERIFY(QSvgRenderer(svg).isValid());

    const QString csv = out.filePath("metrics.csv");
    writeMetricsCsv({m_finishedRun}, csv);
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QVERIFY(lines.first().startsWith("run,kind,epoch,batch,loss"));
    const int columns = static_cast<int>(lines.first().count(','));
    int epochRows = 0;
    for (const QByteArray& line : lines.mid(1)) {
        QCOMPARE(static_cast<int>(line.count(',')), columns);
        QVERIFY(line.startsWith(QDir(m_finishedRun).dirName().toUtf8() + ','));
        epochRows += line.contains(",epoch,") ? 1 : 0;
    }
    QCOMPARE(epochRows, 3);

    // A plot cannot go to a folder that is not there; the message names the file.
    QVERIFY(!window.plots()->exportPlot(PlotKind::Loss, out.filePath("missing/loss.png"), &error));
    QVERIFY2(error.contains("missing/loss.png"), qPrintable(error));
}

void TestWorkbench::embeddingsCheckpointAndConfigExportWholeOrNotAtAll() {
    QVERIFY2(!m_finishedRun.isEmpty(), "needs the live-run test's run");
    MainWindow window;
    window.openRun(m_finishedRun);
    const ViewerSamples* samples = window.inspectView()->shownSamples();
    QVERIFY(samples && samples->features.rows > 0);
    QTemporaryDir out;
    writeEmbeddings(*samples, out.filePath("npy"));
    const NpyArray before = readNpy(out.filePath("npy/z_before.npy").toStdString());
    const NpyArray labels = readNpy(out.filePath("npy/labels.npy").toStdString());
    QCOMPARE(before.shape,
             std::vector<std::size_t>({samples->features.rows, samples->features.dimension}));
    QCOMPARE(before.dtype, std::string("<f4"));
    QCOMPARE(labels.rows(), samples->features.rows);

    const QString checkpoint = out.filePath("best.pt");
    copyCheckpoint(m_finishedRun, "best", checkpoint);
    QCOMPARE(QFileInfo(checkpoint).size(),
             QFileInfo(m_finishedRun + "/checkpoints/best.pt").size());
    const std::string missing = [&] {
        try {
            copyCheckpoint(m_finishedRun, "best", out.filePath("no/such/folder/best.pt"));
        } catch (const Error& error) {
            return std::string(error.what());
        }
        return std::string();
    }();
    QVERIFY2(missing.find("no/such/folder/best.pt") != std::string::npos, missing.c_str());

    const QString config = out.filePath("config.json");
    writeConfig(window.configPanel()->config(), config);
    QCOMPARE(RunConfig::fromFile(config.toStdString()).toJson(),
             window.configPanel()->config().toJson());
}

void TestWorkbench::aFinishedRunReopensWithItsCurvesAndInspectViews() {
    QVERIFY2(!m_finishedRun.isEmpty(), "needs the live-run test's run");
    MainWindow window;
    window.show();
    QVERIFY(window.runsPanel()->list()->paths().contains(m_finishedRun));
    window.openRun(m_finishedRun);
    // 10 batch rows (every 2 of 20 batches) and 1 epoch row per epoch.
    QTRY_VERIFY(pointsOn(window.plots()->lossPlot()) >= 30);
    QCOMPARE(pointsOn(window.plots()->accuracyPlot()), 30);
    QCOMPARE(window.inspectView()->epochs(), QList<int>({1, 2, 3}));
    window.inspectView()->epochSlider()->setValue(0);
    QCOMPARE(window.inspectView()->shownEpoch(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(!window.inspectView()->scatter()->beforePoints().isEmpty(), 30000);
    // Embeddings of several classes, in the class colours.
    QCustomPlot* before = window.inspectView()->scatter()->beforePlot();
    QVERIFY(before->graphCount() > 1);
    // Named as the data set names them, from the run's classes.json ("class 0" before it).
    QVERIFY(QFile::exists(m_finishedRun + "/classes.json"));
    QVERIFY2(before->graph(0)->name().startsWith("pattern "), qPrintable(before->graph(0)->name()));
    // Configure shows the run's config, not the defaults a new window starts with.
    ConfigForm* form = window.configPanel()->form();
    QCOMPARE(form->value("model.backbone").toString(), QString("small-cnn"));
    QCOMPARE(form->value("data.dataset").toString(), QString("synthetic"));
    QCOMPARE(form->value("train.epochs").toInt(), 3);
}

void TestWorkbench::theAuditEvaluatesOneCheckpointUnderOtherOrdersSideBySide() {
    QVERIFY2(!m_finishedRun.isEmpty(), "needs the live-run test's run");
    MainWindow window;
    window.show();
    AuditView* audit = window.auditView();
    audit->setRun(m_finishedRun);
    QSignalSpy idle(audit, &AuditView::idle);
    audit->auditRun();
    QVERIFY(idle.wait(120000));
    QTableWidget* table = audit->table();
    QCOMPARE(table->rowCount(), 3);  // as configured (shuffled), batch 1000, noise off
    for (int row = 0; row < table->rowCount(); ++row) {
        bool number = false;
        const double accuracy = table->item(row, 5)->text().toDouble(&number);
        QVERIFY2(number && accuracy > 0 && accuracy <= 1, qPrintable(table->item(row, 5)->text()));
    }
    QCOMPARE(table->item(2, 4)->text(), QString("noise.type=none noise.image.type=none"));
    // With the noise off there is no injection point, so no entropy figures.
    QCOMPARE(table->item(2, 7)->text(), QString("–"));
}

void TestWorkbench::closingTheWindowDuringARunLeavesAResumableCheckpoint() {
    QString run;
    {
        MainWindow window;
        window.show();
        configureTinyRun(window, 2);
        QVERIFY(waitForCheck(window));
        QSignalSpy started(window.controller(), &TrainingController::runStarted);
        QVERIFY(window.startRun());
        QVERIFY(started.wait(60000));
        run = started.first().at(0).toString();
        QVERIFY(QTest::qWaitFor([&] { return pointsOn(window.plots()->lossPlot()) >= 2; }, 60000));
        window.close();
        QVERIFY(QTest::qWaitFor([&] { return !window.isVisible(); }, 60000));
        QVERIFY(!window.controller()->isRunning());
    }
    const RunListing listing = readRunListing(run.toStdString());
    QVERIFY2(listing.resumable, listing.status.c_str());
    QVERIFY(QFile::exists(run + "/checkpoints/last.pt"));
    m_stoppedRun = run;
}

void TestWorkbench::aCheckedRunIsOverlaidDashedAndLeavesWhenUnchecked() {
    QVERIFY2(!m_finishedRun.isEmpty() && !m_stoppedRun.isEmpty(), "needs the earlier runs");
    MainWindow window;
    window.show();
    window.openRun(m_finishedRun);
    RunListWidget* list = window.runsPanel()->list();
    QVERIFY(list->paths().contains(m_stoppedRun));
    list->setChecked(m_stoppedRun, true);
    QVERIFY(window.plots()->runs().contains(m_stoppedRun));
    MetricPlot* loss = window.plots()->lossPlot();
    bool dashed = false;
    for (const QString& key : loss->seriesKeys()) {
        if (key.startsWith(m_stoppedRun) && loss->graph(key)) {
            dashed = dashed || loss->graph(key)->pen().style() == Qt::DashLine;
        }
    }
    QVERIFY2(dashed, qPrintable(loss->seriesKeys().join(", ")));
    list->setChecked(m_stoppedRun, false);
    QVERIFY(!window.plots()->runs().contains(m_stoppedRun));
}

void TestWorkbench::aRerunTrainsTheSameConfigWithTheNewSeed() {
    QVERIFY2(!m_stoppedRun.isEmpty(), "needs the closing test's run");
    MainWindow window;
    window.show();
    QSignalSpy started(window.controller(), &TrainingController::runStarted);
    QSignalSpy finished(window.controller(), &TrainingController::runFinished);
    window.rerun(m_stoppedRun, 77);
    QVERIFY(started.wait(60000));
    const QString rerun = started.first().at(0).toString();
    QVERIFY(rerun != m_stoppedRun);
    QVERIFY(finished.wait(120000));
    RunConfig expected = RunConfig::fromFile((m_stoppedRun + "/config.json").toStdString());
    expected.set("train.seed", 77);
    QCOMPARE(RunConfig::fromFile((rerun + "/config.json").toStdString()).toJson(),
             expected.toJson());
    QCOMPARE(readRunListing(rerun.toStdString()).status, std::string("finished"));
}

void TestWorkbench::hiddenRunsLeaveTheListAndDeletedRunsLeaveTheDisk() {
    QVERIFY2(!m_finishedRun.isEmpty() && !m_stoppedRun.isEmpty(), "needs the earlier runs");
    MainWindow window;
    RunsPanel* runs = window.runsPanel();
    runs->hideRuns({m_finishedRun});
    QVERIFY(!runs->list()->paths().contains(m_finishedRun));
    QVERIFY(QDir(m_finishedRun).exists());
    QVERIFY(runs->deleteRuns({m_stoppedRun}).isEmpty());
    QVERIFY(!QDir(m_stoppedRun).exists());
    QVERIFY(!runs->list()->paths().contains(m_stoppedRun));
    window.close();

    // Hidden stays hidden after a restart.
    MainWindow again;
    QVERIFY(!again.runsPanel()->list()->paths().contains(m_finishedRun));
}

void TestWorkbench::theConfigAndTheRunsFolderSurviveARestart() {
    const QString otherRuns = m_home.filePath("other-runs");
    {
        MainWindow window;
        window.show();
        setInteger(window.configPanel()->form(), "train.seed", 4242);
        window.setRunsFolder(otherRuns);
        window.close();
    }
    MainWindow window;
    QCOMPARE(window.configPanel()->form()->value("train.seed").toInt(), 4242);
    QCOMPARE(window.runsPanel()->runsFolder(), QDir(otherRuns).absolutePath());
}

QTEST_MAIN(TestWorkbench)
#include "test_workbench.moc"
