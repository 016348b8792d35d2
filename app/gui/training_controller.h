#pragma once

#include "config/run_config.h"
#include "training/training_events.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

namespace noisynn {

class Trainer;

// Runs core's trainer on a worker thread and records the run in its directory (recordRun), as
// `noisynn train` does. Its signals are emitted on the GUI thread: the worker posts each event as
// a queued call, so widgets only ever see plain values on their own thread. Stop and pause take
// effect within one batch; a stop inside an epoch saves a checkpoint there.
class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    // Stops a run still going and waits for its checkpoint.
    ~TrainingController() override;

    // A new run directory under runsDir; refused (false) while a run is going.
    bool start(const RunConfig& config, const QString& runsDir, const QString& name);
    // Continues a run directory from its last checkpoint.
    bool resume(const QString& runPath);
    void setPaused(bool paused);
    void stop();

    // From Start until runFinished or runFailed has been emitted (GUI thread).
    bool isRunning() const { return m_running; }
    // Blocks until the worker has ended (for tests and for closing the window).
    void waitForFinished();

Q_SIGNALS:
    void runStarted(const QString& runPath, int epochs, const QStringList& classNames);
    // `seconds`: wall time since this start or resume.
    void batchDone(const noisynn::BatchMetrics& metrics, double seconds);
    void epochDone(const noisynn::EpochMetrics& metrics, double seconds);
    void samplesReady(const noisynn::ViewerSamples& samples);
    void runFinished(const QString& runPath, int epochsCompleted, bool stopped);
    // An empty runPath: stopped before the run directory was made. The run could not start or
    // failed on the way; its checkpoints stay as they were.
    void runFailed(const QString& runPath, const QString& message);

private:
    class Observer;
    void launch(std::function<void()> work);
    void work(const RunConfig* config, const QString& runsDir, const QString& name,
              const QString& resumePath);

    std::thread m_worker;
    std::atomic<bool> m_running{false};
    std::atomic<bool> m_paused{false};
    std::atomic<bool> m_stop{false};
    std::mutex m_trainerMutex;  // guards m_trainer against the worker's end
    Trainer* m_trainer = nullptr;
};

}  // namespace noisynn
