#include "gui/main_window.h"

#include "config_form.h"
#include "gui/about_dialog.h"
#include "gui/audit_view.h"
#include "gui/config_panel.h"
#include "gui/dataset_browser.h"
#include "gui/inspect_view.h"
#include "gui/run_eta.h"
#include "gui/run_exports.h"
#include "gui/run_plot_feed.h"
#include "gui/runs_panel.h"
#include "gui/training_controller.h"
#include "plot_panel.h"
#include "run_list_widget.h"
#include "runs/class_names_file.h"
#include "runs/metrics_file.h"
#include "runs/run_directory.h"
#include "runs/run_session.h"
#include "runs/viewer_samples_file.h"
#include "runtime/library_versions.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>

#include <cstdio>

namespace noisynn {
namespace {

QColor runColour(int index) {
    static const QColor palette[] = {QColor(0x1f77b4), QColor(0xd62728), QColor(0x2ca02c),
                                     QColor(0x9467bd), QColor(0xff7f0e), QColor(0x8c564b),
                                     QColor(0xe377c2), QColor(0x17becf)};
    return palette[index % 8];
}

QString folderName(const QString& runPath) {
    return QDir(runPath).dirName();
}

// "run 02:08:50" for runs/20261205-020850-name: short enough for legends, and runs of one config
// differ in it.
QString overlayLabel(const QString& runPath) {
    const QString folder = folderName(runPath);
    const QRegularExpressionMatch time =
        QRegularExpression(QStringLiteral("^\\d{8}-(\\d\\d)(\\d\\d)(\\d\\d)")).match(folder);
    return time.hasMatch() ? QStringLiteral("run %1:%2:%3")
                                 .arg(time.captured(1), time.captured(2), time.captured(3))
                           : folder;
}

QString duration(double seconds) {
    const auto total = static_cast<long long>(seconds + 0.5);
    return total >= 3600
               ? QStringLiteral("%1:%2:%3")
                     .arg(total / 3600)
                     .arg(total / 60 % 60, 2, 10, QLatin1Char('0'))
                     .arg(total % 60, 2, 10, QLatin1Char('0'))
               : QStringLiteral("%1:%2").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(QApplication::applicationDisplayName());
    setWindowIcon(QIcon(QStringLiteral(":/icons/noisynn.svg")));
    setDockOptions(dockOptions() | QMainWindow::AllowTabbedDocks);

    m_controller = new TrainingController(this);
    m_plots = new PlotPanel;
    m_plots->setObjectName(QStringLiteral("plotPanel"));
    m_inspect = new InspectView;
    m_audit = new AuditView;
    m_browser = new DatasetBrowser;
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->addTab(m_plots, tr("Plots"));
    m_tabs->addTab(m_inspect, tr("Inspect"));
    m_tabs->addTab(m_audit, tr("Audit"));
    m_tabs->addTab(m_browser, tr("Data"));
    setCentralWidget(m_tabs);

    m_config = new ConfigPanel;
    auto* configDock = new QDockWidget(tr("Configure"), this);
    configDock->setObjectName(QStringLiteral("configDock"));
    configDock->setWidget(m_config);
    addDockWidget(Qt::LeftDockWidgetArea, configDock);

    m_runs = new RunsPanel;
    auto* runsDock = new QDockWidget(tr("Runs"), this);
    runsDock->setObjectName(QStringLiteral("runsDock"));
    runsDock->setWidget(m_runs);
    addDockWidget(Qt::BottomDockWidgetArea, runsDock);

    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    auto* logDock = new QDockWidget(tr("Log"), this);
    logDock->setObjectName(QStringLiteral("logDock"));
    logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    tabifyDockWidget(runsDock, logDock);
    runsDock->raise();
    resizeDocks({configDock}, {380}, Qt::Horizontal);
    resizeDocks({runsDock}, {190}, Qt::Vertical);

    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setMinimumWidth(360);
    m_progress->setTextVisible(true);
    m_progress->setFormat(tr("idle"));
    m_progress->setValue(0);
    m_speed = new QLabel;
    m_speed->setObjectName(QStringLiteral("speedLabel"));
    statusBar()->addPermanentWidget(m_speed);
    statusBar()->addPermanentWidget(m_progress);

    buildMenus();
    connectController();

    connect(m_config, &ConfigPanel::validityChanged, this, [this] { updateRunActions(); });
    connect(m_config, &ConfigPanel::checked, this, [this](const ConfigCheck& check) {
        updateRunActions();
        if (m_startWhenChecked) {
            m_startWhenChecked = false;
            startRun();  // logs why when it cannot
        }
        if (!check.ok()) {
            statusBar()->showMessage(tr("The config has problems; see the Configure panel"), 5000);
        }
    });
    connect(m_browser, &DatasetBrowser::datasetShown, this, [this](const QString& summary) {
        QString plain = summary;
        plain.replace(QStringLiteral("<br>"), QStringLiteral("; "));
        plain.remove(QRegularExpression(QStringLiteral("<[^>]*>")));
        appendLog(tr("Opened %1").arg(plain));
    });
    connect(m_browser, &DatasetBrowser::loadFailed, this,
            [this](const QString& message) { showError(tr("Cannot open data set"), message); });
    connect(m_runs, &RunsPanel::openRequested, this, &MainWindow::openRun);
    connect(m_runs, &RunsPanel::resumeRequested, this, &MainWindow::resumeRun);
    connect(m_runs, &RunsPanel::rerunRequested, this, &MainWindow::rerunWithSeed);
    connect(m_runs, &RunsPanel::auditRequested, this, [this](const QString& path) {
        m_audit->setRun(path);
        m_tabs->setCurrentWidget(m_audit);
        m_audit->auditRun();
    });
    connect(m_runs, &RunsPanel::overlayChanged, this, &MainWindow::setOverlay);
    connect(m_runs, &RunsPanel::message, this, &MainWindow::appendLog);
    connect(m_runs, &RunsPanel::runsRemoved, this, [this](const QStringList& paths) {
        for (const QString& path : paths) {
            m_plots->removeRun(path);
            appendLog(tr("Deleted %1").arg(path));
        }
    });
    connect(m_runs->list(), &QTreeWidget::itemSelectionChanged, this, [this] {
        const QString run = m_runs->currentRun();
        if (!run.isEmpty() && !m_audit->isBusy()) {
            m_audit->setRun(run);
        }
    });
    connect(m_audit, &AuditView::idle, this, [this] { updateRunActions(); });
    connect(m_audit, &AuditView::evaluationStarted, this, [this] { updateRunActions(); });
    connect(m_audit, &AuditView::failed, this, [this](const QString& message) {
        appendLog(tr("Evaluation failed: %1").arg(message));
    });

    const LibraryVersions versions = loadedLibraryVersions();
    appendLog(tr("LibTorch %1, %2 threads; BLAS %3")
                  .arg(QString::fromStdString(versions.libtorch))
                  .arg(versions.torchThreads)
                  .arg(QString::fromStdString(versions.blasLibrary)));
    if (!isOptimisedBlas(versions)) {
        appendLog(
            tr("Warning: LibTorch uses the reference BLAS, about 17x slower than OpenBLAS; "
               "run packaging/setup-dependencies.sh"));
    }
    resize(1440, 900);
    restoreSettings();
    updateRunActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open config…"), QKeySequence::Open, this, &MainWindow::openConfigFile);
    file->addAction(tr("&Save config…"), QKeySequence::Save, this, &MainWindow::saveConfigFile);
    QMenu* presets = file->addMenu(tr("&Presets"));
    presets->setObjectName(QStringLiteral("presetsMenu"));
    for (const std::string& name : presetNames()) {
        const QString preset = QString::fromStdString(name);
        presets->addAction(preset, this, [this, preset] { applyPreset(preset); });
    }
    file->addSeparator();
    file->addAction(tr("Choose &runs folder…"), this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose the runs folder"),
                                                                 m_runs->runsFolder());
        if (!folder.isEmpty()) {
            setRunsFolder(folder);
        }
    });
    file->addAction(tr("Browse a data-set &folder…"), this, [this] {
        const QString folder =
            QFileDialog::getExistingDirectory(this, tr("Open a data-set folder"));
        if (!folder.isEmpty()) {
            DatasetRequest request;
            request.source = folder.toStdString();
            openDataset(request);
        }
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    m_start = run->addAction(QIcon::fromTheme(QStringLiteral("media-playback-start")), tr("&Start"),
                             this, [this] { startRun(); });
    m_start->setObjectName(QStringLiteral("startAction"));
    m_start->setShortcut(Qt::CTRL | Qt::Key_R);
    m_pause =
        run->addAction(QIcon::fromTheme(QStringLiteral("media-playback-pause")), tr("&Pause"), this,
                       [this](bool paused) {
                           m_controller->setPaused(paused);
                           if (paused) {
                               m_pauseClock.start();
                           } else if (m_pauseClock.isValid()) {
                               m_eta.paused(m_pauseClock.elapsed() / 1000.0);
                               m_pauseClock.invalidate();
                           }
                           m_pause->setText(paused ? tr("&Resume") : tr("&Pause"));
                           appendLog(paused ? tr("Paused") : tr("Resumed"));
                           if (paused) {
                               m_progress->setFormat(tr("paused · %1").arg(m_progress->format()));
                           }
                       });
    m_pause->setObjectName(QStringLiteral("pauseAction"));
    m_pause->setCheckable(true);
    m_stop = run->addAction(QIcon::fromTheme(QStringLiteral("media-playback-stop")), tr("S&top"),
                            this, [this] {
                                appendLog(
                                    tr("Stopping: the checkpoint is saved at the next "
                                       "batch"));
                                m_controller->stop();
                            });
    m_stop->setObjectName(QStringLiteral("stopAction"));
    auto* toolbar = addToolBar(tr("Run"));
    toolbar->setObjectName(QStringLiteral("runToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addActions({m_start, m_pause, m_stop});

    QMenu* exports = menuBar()->addMenu(tr("&Export"));
    exports->addAction(tr("&Plot as PNG, PDF or SVG…"), this, &MainWindow::exportPlot);
    exports->addAction(tr("&Metrics of the selected runs (CSV)…"), this,
                       &MainWindow::exportMetrics);
    exports->addAction(tr("&Embeddings shown (NPY)…"), this, &MainWindow::exportEmbeddings);
    exports->addAction(tr("&Checkpoint of the selected run…"), this, &MainWindow::exportCheckpoint);
    exports->addAction(tr("C&onfig…"), this, &MainWindow::saveConfigFile);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* dock : findChildren<QDockWidget*>()) {
        view->addAction(dock->toggleViewAction());
    }
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About NoisyNN Workbench"), this, [this] { showAbout(); });
}

void MainWindow::connectController() {
    connect(m_controller, &TrainingController::runStarted, this,
            [this](const QString& runPath, int epochs, const QStringList& classNames) {
                m_epochs = epochs;
                m_eta = RunEta(epochs);
                // A resumed run continues the curves and samples openRun read from disk.
                if (runPath != m_currentRun || !m_feed) {
                    m_currentRun = runPath;
                    m_plots->clear();
                    m_feed = std::make_unique<RunPlotFeed>(m_plots, runPath);
                    m_inspect->clear();
                }
                m_plots->setRunStyle(runPath, QString(), runColour(0), false);
                m_inspect->setClassNames(classNames);
                m_audit->setRun(runPath);
                m_audit->setHeld(true);
                m_config->setModelChecksHeld(true);
                m_runs->setActiveRun(runPath);
                appendLog(tr("Training %1").arg(runPath));
                updateRunActions();
            });
    connect(m_controller, &TrainingController::batchDone, this,
            [this](const BatchMetrics& metrics, double seconds) {
                if (m_feed) {
                    m_feed->addBatch(metrics, seconds);
                }
                showBatchProgress(metrics, seconds);
                if (m_awaitingFirstPoint) {
                    m_awaitingFirstPoint = false;
                    appendLog(tr("First point plotted %1 s after Start")
                                  .arg(m_sinceStart.elapsed() / 1000.0, 0, 'f', 2));
                }
            });
    connect(m_controller, &TrainingController::epochDone, this,
            [this](const EpochMetrics& metrics, double seconds) {
                m_eta.epochEnded(seconds);
                if (m_feed) {
                    m_feed->addEpoch(metrics, seconds);
                }
                appendLog(QString::fromStdString(epochLine(metrics)));
                m_runs->refreshRun(m_currentRun);
            });
    connect(m_controller, &TrainingController::samplesReady, this,
            [this](const ViewerSamples& samples) { m_inspect->addSamples(samples); });
    connect(m_controller, &TrainingController::runFinished, this,
            [this](const QString& runPath, int epochs, bool stopped) {
                if (runPath.isEmpty()) {
                    appendLog(tr("Stopped before the run began; nothing was written"));
                } else {
                    appendLog(stopped ? tr("Stopped %1 after %2 epochs; Resume continues it")
                                            .arg(runPath)
                                            .arg(epochs)
                                      : tr("Finished %1: %2 epochs").arg(runPath).arg(epochs));
                }
                m_progress->setFormat(stopped ? tr("stopped") : tr("finished"));
                runEnded();
            });
    connect(m_controller, &TrainingController::runFailed, this,
            [this](const QString& runPath, const QString& message) {
                m_progress->setFormat(tr("failed"));
                showError(tr("The run failed"),
                          runPath.isEmpty() ? message : tr("%1\n\n%2").arg(runPath, message));
                runEnded();
            });
}

void MainWindow::runEnded() {
    m_controller->waitForFinished();
    m_runs->setActiveRun(QString());
    m_pause->setChecked(false);
    m_pause->setText(tr("&Pause"));
    // Evaluations and model checks use LibTorch's global generator, which the run was drawing
    // from: they wait for its end so that a seed gives the same run with or without them.
    m_audit->setHeld(false);
    m_config->setModelChecksHeld(false);
    updateRunActions();
    if (m_closeWhenStopped) {
        close();
    }
}

void MainWindow::updateRunActions() {
    const bool running = m_controller->isRunning();
    // An evaluation in the Audit tab shares LibTorch's global generator with a run.
    const bool auditing = m_audit->isBusy();
    m_start->setEnabled(!running && !auditing && m_config->isValid());
    m_start->setToolTip(running               ? tr("A run is going")
                        : auditing            ? tr("Waits for the Audit tab's evaluation")
                        : m_config->isValid() ? tr("Train the configured run")
                                              : tr("Fix the problems shown in Configure first"));
    m_pause->setEnabled(running);
    m_stop->setEnabled(running);
}

void MainWindow::showBatchProgress(const BatchMetrics& metrics, double seconds) {
    m_eta.batch(metrics.epoch, static_cast<long long>(metrics.batch),
                static_cast<long long>(metrics.batches), seconds);
    m_progress->setRange(0, 1000);
    m_progress->setValue(static_cast<int>(1000.0 * static_cast<double>(m_eta.step()) /
                                          static_cast<double>(m_eta.totalSteps())));
    // The batch in flight when Pause was pressed still arrives.
    const QString paused = m_pause->isChecked() ? tr("paused · ") : QString();
    // Until an epoch has ended here, the evaluations' length is unknown.
    const QString eta = duration(m_eta.secondsLeft()) +
                        (m_eta.knowsEvaluations() ? QString() : tr(" + evaluations"));
    m_progress->setFormat(paused + tr("epoch %1/%2 · batch %3/%4 · ETA %5")
                                       .arg(metrics.epoch)
                                       .arg(m_epochs)
                                       .arg(metrics.batch)
                                       .arg(metrics.batches)
                                       .arg(eta));
    m_speed->setText(tr("%1 images/s").arg(metrics.imagesPerSecond, 0, 'f', 0));
}

void MainWindow::openDataset(const DatasetRequest& request) {
    appendLog(tr("Opening %1").arg(QString::fromStdString(request.source)));
    m_browser->openDataset(request);
}

void MainWindow::applyPreset(const QString& name) {
    try {
        m_config->setConfig(presetConfig(name.toStdString()));
        appendLog(tr("Preset %1").arg(name));
    } catch (const std::exception& error) {
        showError(tr("Cannot use the preset"), QString::fromStdString(error.what()));
    }
}

void MainWindow::setRunsFolder(const QString& folder) {
    // Made by the first run, not here: opening the window leaves no folder behind.
    m_runs->setRunsFolder(QDir(folder).absolutePath());
}

bool MainWindow::startRun() {
    if (m_controller->isRunning()) {
        return false;
    }
    if (!m_config->isValid() || m_audit->isBusy()) {
        appendLog(
            tr("Not started: the config has problems (see Configure), is being checked, "
               "or an evaluation in the Audit tab is running"));
        return false;
    }
    const RunConfig config = m_config->config();
    const QString name = QString::fromStdString(config.text("name"));
    QDir().mkpath(m_runs->runsFolder());
    m_plots->clear();
    m_runs->list()->blockSignals(true);
    for (const QString& path : m_runs->list()->checkedPaths()) {
        m_runs->list()->setChecked(path, false);
    }
    m_runs->list()->blockSignals(false);
    m_progress->setFormat(tr("preparing the data and the model…"));
    m_sinceStart.start();
    m_awaitingFirstPoint = true;
    m_controller->start(config, m_runs->runsFolder(),
                        name.isEmpty() ? QStringLiteral("run") : name);
    updateRunActions();
    m_tabs->setCurrentWidget(m_plots);
    return true;
}

void MainWindow::resumeRun(const QString& runPath) {
    if (m_controller->isRunning()) {
        appendLog(tr("A run is going; stop it before resuming another"));
        return;
    }
    openRun(runPath);
    m_progress->setFormat(tr("resuming…"));
    m_controller->resume(runPath);
    updateRunActions();
}

void MainWindow::openRun(const QString& runPath) {
    std::vector<MetricsRow> rows;
    try {
        rows = readMetricsFile(QDir(runPath).filePath(QStringLiteral("metrics.csv")).toStdString());
    } catch (const std::exception& error) {
        showError(tr("Cannot open the run"), QString::fromStdString(error.what()));
        return;
    }
    m_plots->clear();
    m_currentRun = runPath;
    m_feed = std::make_unique<RunPlotFeed>(m_plots, runPath);
    m_plots->setRunStyle(runPath, QString(), runColour(0), false);
    m_feed->addRows(rows);
    m_inspect->clear();
    QStringList damaged;
    // The run's own names, or none (a run from before classes.json: "class 3"), never those of
    // the run shown before it.
    QStringList classNames;
    try {
        for (const std::string& name : readClassNames(runPath.toStdString())) {
            classNames << QString::fromStdString(name);
        }
    } catch (const std::exception& error) {
        damaged << QString::fromStdString(error.what());
    }
    m_inspect->setClassNames(classNames);
    // Configure shows what made the run, as a starting point for the next one.
    try {
        m_config->setConfig(RunDirectory::open(runPath.toStdString()).config());
    } catch (const std::exception& error) {
        damaged << QString::fromStdString(error.what());
    }
    for (int epoch : viewerSampleEpochs(runPath.toStdString())) {
        try {
            m_inspect->addSamples(readViewerSamples(runPath.toStdString(), epoch));
        } catch (const std::exception& error) {
            damaged << QString::fromStdString(error.what());
        }
    }
    for (const QString& message : damaged) {
        appendLog(tr("Opening %1: %2").arg(runPath, message));
    }
    m_audit->setRun(runPath);
    appendLog(tr("Opened %1: %2 metrics rows, %3 epochs of samples")
                  .arg(runPath)
                  .arg(rows.size())
                  .arg(m_inspect->epochs().size()));
}

void MainWindow::setOverlay(const QString& runPath, bool shown) {
    if (runPath == m_currentRun) {
        return;  // already drawn in full colour
    }
    if (!shown) {
        m_plots->removeRun(runPath);
        return;
    }
    try {
        const auto rows =
            readMetricsFile(QDir(runPath).filePath(QStringLiteral("metrics.csv")).toStdString());
        const int index = static_cast<int>(m_runs->list()->checkedPaths().indexOf(runPath)) + 1;
        m_plots->setRunStyle(runPath, overlayLabel(runPath), runColour(index), true);
        RunPlotFeed(m_plots, runPath).addRows(rows);
    } catch (const std::exception& error) {
        appendLog(tr("Cannot overlay %1: %2").arg(runPath, QString::fromStdString(error.what())));
    }
}

void MainWindow::rerunWithSeed(const QString& runPath) {
    try {
        const RunConfig config = RunDirectory::open(runPath.toStdString()).config();
        bool ok = false;
        const int seed = QInputDialog::getInt(this, tr("Rerun with another seed"), tr("train.seed"),
                                              static_cast<int>(config.integer("train.seed")) + 1, 0,
                                              2147483647, 1, &ok);
        if (ok) {
            rerun(runPath, seed);
        }
    } catch (const std::exception& error) {
        showError(tr("Cannot rerun"), QString::fromStdString(error.what()));
    }
}

void MainWindow::rerun(const QString& runPath, int seed) {
    if (m_controller->isRunning()) {
        appendLog(tr("A run is going; stop it before starting another"));
        return;
    }
    try {
        RunConfig config = RunDirectory::open(runPath.toStdString()).config();
        config.set("train.seed", seed);
        m_config->setConfig(config);
        m_startWhenChecked = true;
        appendLog(tr("Rerunning the config of %1 with train.seed %2 once it is checked")
                      .arg(runPath)
                      .arg(seed));
    } catch (const std::exception& error) {
        showError(tr("Cannot rerun"), QString::fromStdString(error.what()));
    }
}

void MainWindow::exportPlot() {
    const QStringList kinds{tr("Loss"), tr("Accuracy"), tr("Task entropy"), tr("Learning rate")};
    bool ok = false;
    const QString kind =
        QInputDialog::getItem(this, tr("Export a plot"), tr("Plot"), kinds, 0, false, &ok);
    if (!ok) {
        return;
    }
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export the %1 plot").arg(kind),
        QDir(m_runs->runsFolder()).filePath(kind.toLower().replace(' ', '-') + ".png"),
        tr("Images (*.png *.pdf *.svg)"));
    if (file.isEmpty()) {
        return;
    }
    QString error;
    if (m_plots->exportPlot(static_cast<PlotKind>(kinds.indexOf(kind)), file, &error)) {
        appendLog(tr("Saved %1").arg(file));
    } else {
        showError(tr("Cannot export the plot"), error);
    }
}

void MainWindow::exportMetrics() {
    QStringList runs = m_runs->list()->selectedPaths();
    if (runs.isEmpty() && !m_currentRun.isEmpty()) {
        runs << m_currentRun;
    }
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export metrics"), QDir(m_runs->runsFolder()).filePath("metrics.csv"),
        tr("CSV (*.csv)"));
    if (file.isEmpty()) {
        return;
    }
    try {
        writeMetricsCsv(runs, file);
        appendLog(tr("Saved %1 (%n run(s))", "", static_cast<int>(runs.size())).arg(file));
    } catch (const std::exception& error) {
        showError(tr("Cannot export the metrics"), QString::fromStdString(error.what()));
    }
}

void MainWindow::exportEmbeddings() {
    const ViewerSamples* samples = m_inspect->shownSamples();
    if (!samples) {
        showError(tr("No embeddings"), tr("No epoch is shown in Inspect yet."));
        return;
    }
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Folder for the NPY files"),
                                          QDir(m_currentRun).filePath(QStringLiteral("exports")));
    if (folder.isEmpty()) {
        return;
    }
    try {
        writeEmbeddings(*samples, folder);
        appendLog(tr("Saved z_before.npy, z_after.npy and labels.npy of epoch %1 in %2")
                      .arg(samples->epoch)
                      .arg(folder));
    } catch (const std::exception& error) {
        showError(tr("Cannot export the embeddings"), QString::fromStdString(error.what()));
    }
}

void MainWindow::exportCheckpoint() {
    const QString run = m_runs->currentRun().isEmpty() ? m_currentRun : m_runs->currentRun();
    if (run.isEmpty()) {
        showError(tr("No run"), tr("Select a run in the Runs list."));
        return;
    }
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Save the best checkpoint of %1").arg(folderName(run)),
        QDir::home().filePath(folderName(run) + "-best.pt"), tr("Checkpoints (*.pt)"));
    if (file.isEmpty()) {
        return;
    }
    try {
        copyCheckpoint(run, QStringLiteral("best"), file);
        appendLog(tr("Saved %1; it loads with the run's config.json").arg(file));
    } catch (const std::exception& error) {
        showError(tr("Cannot save the checkpoint"), QString::fromStdString(error.what()));
    }
}

void MainWindow::openConfigFile() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Open a config"), QString(),
                                                      tr("Run configs (*.json)"));
    if (!file.isEmpty()) {
        loadConfigFile(file);
    }
}

bool MainWindow::loadConfigFile(const QString& file) {
    try {
        m_config->setConfig(RunConfig::fromFile(file.toStdString()));
        appendLog(tr("Config %1").arg(file));
        return true;
    } catch (const std::exception& error) {
        // The form keeps what it had: a bad file changes nothing.
        showError(tr("Cannot open the config"), QString::fromStdString(error.what()));
        return false;
    }
}

void MainWindow::saveConfigFile() {
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Save the config"), QStringLiteral("config.json"), tr("Run configs (*.json)"));
    if (file.isEmpty()) {
        return;
    }
    try {
        writeConfig(m_config->config(), file);
        appendLog(tr("Saved %1").arg(file));
    } catch (const std::exception& error) {
        showError(tr("Cannot save the config"), QString::fromStdString(error.what()));
    }
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    const QByteArray config = settings.value(QStringLiteral("config/last")).toByteArray();
    if (!config.isEmpty()) {
        try {
            m_config->setConfig(RunConfig::fromJson(nlohmann::json::parse(config.toStdString()),
                                                    "the saved settings"));
        } catch (const std::exception& error) {
            appendLog(tr("The last config was not restored: %1")
                          .arg(QString::fromStdString(error.what())));
            applyPreset(QStringLiteral("fmnist-small-cnn"));
        }
    } else {
        applyPreset(QStringLiteral("fmnist-small-cnn"));
    }
    m_runs->setHiddenRuns(settings.value(QStringLiteral("runs/hidden")).toStringList());
    setRunsFolder(
        settings.value(QStringLiteral("runs/folder"), QDir::current().filePath("runs")).toString());
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("config/last"),
                      QByteArray::fromStdString(m_config->config().toJson().dump()));
    settings.setValue(QStringLiteral("runs/folder"), m_runs->runsFolder());
    settings.setValue(QStringLiteral("runs/hidden"), m_runs->hiddenRuns());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_controller->isRunning()) {
        // The window closes once the worker has saved a checkpoint at the next batch.
        m_closeWhenStopped = true;
        m_progress->setFormat(tr("stopping: saving a checkpoint…"));
        m_controller->stop();
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

void MainWindow::showAbout() {
    auto* dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::appendLog(const QString& message) {
    const QString line = QStringLiteral("%1  %2").arg(
        QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")), message);
    m_log->appendPlainText(line);
    std::fprintf(stderr, "%s\n", qPrintable(line));  // the same in the terminal that started it
}

void MainWindow::showError(const QString& title, const QString& message) {
    appendLog(tr("Error: %1").arg(message));
    // Window-modal and opened, not exec()'d: the workbench keeps running behind it.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

}  // namespace noisynn
