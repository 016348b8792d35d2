#pragma once

#include "config/run_config.h"
#include "gui/run_eta.h"
#include "training/training_events.h"

#include <QElapsedTimer>
#include <QMainWindow>

#include <memory>

class QAction;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QTabWidget;

namespace noisynn {

class AuditView;
class ConfigPanel;
class DatasetBrowser;
class InspectView;
class PlotPanel;
class RunPlotFeed;
class RunsPanel;
class TrainingController;
struct DatasetRequest;

// The workbench: configure a run (left), watch it live (Plots), look at what the noise does
// (Inspect), audit a checkpoint under other evaluations (Audit), browse data sets (Data), and the
// runs folder below. Training runs on the controller's worker thread; this window only draws.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    DatasetBrowser* datasetBrowser() const { return m_browser; }
    QPlainTextEdit* log() const { return m_log; }
    ConfigPanel* configPanel() const { return m_config; }
    PlotPanel* plots() const { return m_plots; }
    InspectView* inspectView() const { return m_inspect; }
    AuditView* auditView() const { return m_audit; }
    RunsPanel* runsPanel() const { return m_runs; }
    TrainingController* controller() const { return m_controller; }
    QTabWidget* tabs() const { return m_tabs; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* speedLabel() const { return m_speed; }
    QAction* startAction() const { return m_start; }
    QAction* pauseAction() const { return m_pause; }
    QAction* stopAction() const { return m_stop; }
    // The run shown on the plots: the one training, or the one opened last.
    const QString& currentRun() const { return m_currentRun; }

    void openDataset(const DatasetRequest& request);
    void applyPreset(const QString& name);
    // A config JSON into the form; false, with the message shown, for a file it cannot take.
    bool loadConfigFile(const QString& file);
    void setRunsFolder(const QString& folder);
    // Starts the configured run; false (with the reason in the log) when it cannot start.
    bool startRun();
    void resumeRun(const QString& runPath);
    // Shows a run from disk: its curves, and its inspect views for every epoch kept.
    void openRun(const QString& runPath);
    // The run's config again with another train.seed, started once the form's check passes.
    void rerun(const QString& runPath, int seed);
    void showAbout();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void connectController();
    void updateRunActions();
    void runEnded();
    void showBatchProgress(const BatchMetrics& metrics, double seconds);
    void setOverlay(const QString& runPath, bool shown);
    void rerunWithSeed(const QString& runPath);
    void exportPlot();
    void exportMetrics();
    void exportEmbeddings();
    void exportCheckpoint();
    void openConfigFile();
    void saveConfigFile();
    void restoreSettings();
    void saveSettings() const;
    void appendLog(const QString& message);
    void showError(const QString& title, const QString& message);

    DatasetBrowser* m_browser = nullptr;
    QPlainTextEdit* m_log = nullptr;
    ConfigPanel* m_config = nullptr;
    PlotPanel* m_plots = nullptr;
    InspectView* m_inspect = nullptr;
    AuditView* m_audit = nullptr;
    RunsPanel* m_runs = nullptr;
    TrainingController* m_controller = nullptr;
    QTabWidget* m_tabs = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_speed = nullptr;
    QAction* m_start = nullptr;
    QAction* m_pause = nullptr;
    QAction* m_stop = nullptr;

    QString m_currentRun;
    std::unique_ptr<RunPlotFeed> m_feed;
    int m_epochs = 0;
    bool m_closeWhenStopped = false;
    bool m_startWhenChecked = false;  // Rerun: start once the config check has passed
    QElapsedTimer m_sinceStart;       // Start to the first plotted point, reported in the log
    bool m_awaitingFirstPoint = false;
    QElapsedTimer m_pauseClock;
    RunEta m_eta;
};

}  // namespace noisynn
