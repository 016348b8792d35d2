#include "gui/training_controller.h"

#include "config/run_dataset.h"
#include "data/dataset_catalog.h"
#include "error.h"
#include "runs/run_directory.h"
#include "runs/run_session.h"
#include "training/trainer.h"

#include <QMetaObject>

#include <chrono>

namespace noisynn {

// Posts the trainer's events to the GUI thread, where the controller emits them.
class TrainingController::Observer : public TrainingEvents {
public:
    explicit Observer(TrainingController* controller)
        : m_controller(controller), m_start(std::chrono::steady_clock::now()) {}

    void onBatch(const BatchMetrics& metrics) override {
        const double seconds = elapsed();
        QMetaObject::invokeMethod(
            m_controller,
            [c = m_controller, metrics, seconds] { Q_EMIT c->batchDone(metrics, seconds); },
            Qt::QueuedConnection);
    }
    void onEpoch(const EpochMetrics& metrics) override {
        const double seconds = elapsed();
        QMetaObject::invokeMethod(
            m_controller,
            [c = m_controller, metrics, seconds] { Q_EMIT c->epochDone(metrics, seconds); },
            Qt::QueuedConnection);
    }
    bool wantsSamples() const override { return true; }
    void onSamples(const ViewerSamples& samples) override {
        QMetaObject::invokeMethod(
            m_controller, [c = m_controller, samples] { Q_EMIT c->samplesReady(samples); },
            Qt::QueuedConnection);
    }

private:
    double elapsed() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }
    TrainingController* m_controller;
    std::chrono::steady_clock::time_point m_start;
};

TrainingController::TrainingController(QObject* parent) : QObject(parent) {}

TrainingController::~TrainingController() {
    stop();
    waitForFinished();
}

bool TrainingController::start(const RunConfig& config, const QString& runsDir,
                               const QString& name) {
    if (m_running) {
        return false;
    }
    launch([this, config, runsDir, name] { work(&config, runsDir, name, QString()); });
    return true;
}

bool TrainingController::resume(const QString& runPath) {
    if (m_running) {
        return false;
    }
    launch([this, runPath] { work(nullptr, QString(), QString(), runPath); });
    return true;
}

void TrainingController::launch(std::function<void()> work) {
    waitForFinished();  // the previous worker has posted its end; join it
    m_running = true;
    m_stop = false;
    m_paused = false;
    m_worker = std::thread(std::move(work));
}

void TrainingController::setPaused(bool paused) {
    m_paused = paused;
    std::lock_guard<std::mutex> lock(m_trainerMutex);
    if (m_trainer) {
        m_trainer->setPaused(paused);
    }
}

void TrainingController::stop() {
    m_stop = true;
    std::lock_guard<std::mutex> lock(m_trainerMutex);
    if (m_trainer) {
        m_trainer->requestStop();
        m_trainer->setPaused(false);
    }
}

void TrainingController::waitForFinished() {
    if (m_worker.joinable()) {
        m_worker.join();
    }
}

void TrainingController::work(const RunConfig* config, const QString& runsDir, const QString& name,
                              const QString& resumePath) {
    QString runPath = resumePath;
    const auto post = [this](auto call) {
        QMetaObject::invokeMethod(this, call, Qt::QueuedConnection);
    };
    try {
        // Everything that can be refused is refused before a run directory exists.
        const RunConfig resolved =
            config ? *config : RunDirectory::open(resumePath.toStdString()).config();
        DatasetSplits data = openDataset(datasetRequestFrom(resolved));
        QStringList classNames;
        for (const std::string& name : data.train->classNames()) {
            classNames << QString::fromStdString(name);
        }
        Trainer trainer(resolved, std::move(data));
        if (m_stop) {
            // Stopped while the data and the model were prepared: nothing to keep on disk.
            post([this] {
                m_running = false;
                Q_EMIT runFinished(QString(), 0, true);
            });
            return;
        }
        RunDirectory run =
            config ? RunDirectory::create(runsDir.toStdString(), name.toStdString(), resolved)
                   : RunDirectory::open(resumePath.toStdString());
        runPath = QString::fromStdString(run.path());
        {
            std::lock_guard<std::mutex> lock(m_trainerMutex);
            m_trainer = &trainer;
            trainer.setPaused(m_paused);
            if (m_stop) {
                trainer.requestStop();
            }
        }
        const int epochs = static_cast<int>(resolved.integer("train.epochs"));
        post([this, runPath, epochs, classNames] {
            Q_EMIT runStarted(runPath, epochs, classNames);
        });
        Observer observer(this);
        RunOutcome outcome;
        try {
            outcome = recordRun(trainer, run, !config, observer);
        } catch (...) {
            std::lock_guard<std::mutex> lock(m_trainerMutex);
            m_trainer = nullptr;
            throw;
        }
        {
            std::lock_guard<std::mutex> lock(m_trainerMutex);
            m_trainer = nullptr;
        }
        // m_running changes on the GUI thread, in order with the signals: a Start that comes
        // before this one is handled is refused rather than overlapping it.
        post([this, runPath, outcome] {
            m_running = false;
            Q_EMIT runFinished(runPath, outcome.epochsCompleted, outcome.stopped);
        });
    } catch (const std::exception& error) {
        const QString message = QString::fromStdString(error.what());
        post([this, runPath, message] {
            m_running = false;
            Q_EMIT runFailed(runPath, message);
        });
    }
}

}  // namespace noisynn
