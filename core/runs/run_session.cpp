#include "runs/run_session.h"

#include "error.h"
#include "runs/class_names_file.h"
#include "runs/metrics_file.h"
#include "runs/run_directory.h"
#include "runs/run_summary.h"
#include "runs/viewer_samples_file.h"
#include "training/checkpoint.h"
#include "training/trainer.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace noisynn {
namespace {

class RunRecorder : public TrainingEvents {
public:
    RunRecorder(Trainer& trainer, RunDirectory& run, TrainingEvents& observer, double best,
                int lastEpoch)
        : m_trainer(trainer),
          m_run(run),
          m_observer(observer),
          m_best(best),
          m_lastEpoch(lastEpoch),
          m_logEvery(static_cast<std::size_t>(run.config().integer("train.log_every"))) {}

    void onBatch(const BatchMetrics& metrics) override {
        if (metrics.batch % m_logEvery == 0 || metrics.batch == metrics.batches) {
            // A batch row has no validation figures or epoch time: empty cells.
            constexpr double kNone = std::numeric_limits<double>::quiet_NaN();
            m_run.appendMetrics({"batch", metrics.epoch, static_cast<long long>(metrics.batch),
                                 metrics.loss, metrics.accuracy, metrics.learningRate,
                                 metrics.imagesPerSecond, kNone, kNone, kNone});
        }
        m_observer.onBatch(metrics);
    }

    void onEpoch(const EpochMetrics& metrics) override {
        m_lastEpoch = metrics.epoch;
        const EntropyFigures& entropy = metrics.validation.entropy;
        constexpr double kNone = std::numeric_limits<double>::quiet_NaN();  // no one rate
        m_run.appendMetrics({"epoch", metrics.epoch, 0, metrics.trainLoss, metrics.trainAccuracy,
                             kNone, metrics.trainImagesPerSecond, metrics.validation.loss,
                             metrics.validation.accuracy, metrics.seconds, entropy.before,
                             entropy.after, entropy.deltaSEstimated, entropy.deltaSTheory});
        saveCheckpoint(m_trainer, metrics.epoch, m_run.checkpointPath("last"));
        if (metrics.validation.accuracy > m_best) {
            m_best = metrics.validation.accuracy;
            saveCheckpoint(m_trainer, metrics.epoch, m_run.checkpointPath("best"));
        }
        m_run.log(epochLine(metrics));
        m_observer.onEpoch(metrics);
    }

    int lastEpoch() const { return m_lastEpoch; }

    bool wantsSamples() const override { return m_observer.wantsSamples(); }
    void onSamples(const ViewerSamples& samples) override {
        try {
            writeViewerSamples(m_run.path(), samples);
        } catch (const std::exception& error) {
            // The inspect views of a finished run lose this epoch; the run itself goes on.
            m_run.log(std::string("viewer samples not saved: ") + error.what());
        }
        m_observer.onSamples(samples);
    }

private:
    Trainer& m_trainer;
    RunDirectory& m_run;
    TrainingEvents& m_observer;
    double m_best;  // best.pt's validation accuracy
    int m_lastEpoch;  // the last epoch completed, in this process or before the resume
    std::size_t m_logEvery;
};

}  // namespace

std::string epochLine(const EpochMetrics& metrics) {
    char line[200];
    if (std::isnan(metrics.trainLoss)) {
        // train.epochs 0: the model evaluated as it is, nothing trained.
        std::snprintf(line, sizeof line, "epoch %d (no training)  val loss %.4f acc %.4f  %.1f s",
                      metrics.epoch, metrics.validation.loss, metrics.validation.accuracy,
                      metrics.seconds);
    } else {
        std::snprintf(
            line, sizeof line,
            "epoch %d  train loss %.4f acc %.4f  val loss %.4f acc %.4f  %.0f img/s  %.1f s",
            metrics.epoch, metrics.trainLoss, metrics.trainAccuracy, metrics.validation.loss,
            metrics.validation.accuracy, metrics.trainImagesPerSecond, metrics.seconds);
    }
    std::string text = line;
    const EntropyFigures& entropy = metrics.validation.entropy;
    if (entropy.estimated()) {
        char figures[160];
        std::snprintf(figures, sizeof figures,
                      "  H(T;Z) %.4f -> %.4f (Delta S estimated %.4f, theory %.4f)", entropy.before,
                      entropy.after, entropy.deltaSEstimated, entropy.deltaSTheory);
        text += figures;
    }
    return text;
}

RunOutcome recordRun(Trainer& trainer, RunDirectory& run, bool resume, TrainingEvents& observer) {
    RunOutcome outcome;
    run.lockForTraining();
    int firstEpoch = 1;
    double best = -1.0;
    if (resume) {
        firstEpoch = loadCheckpoint(trainer, run.checkpointPath("last")) + 1;
        const std::size_t into = trainer.batchesIntoEpoch();
        if (firstEpoch > run.config().integer("train.epochs")) {
            outcome.epochsCompleted = firstEpoch - 1;
            outcome.nothingToResume = true;
            outcome.summary = runSummary(run, outcome.epochsCompleted, false, 0);
            outcome.summary["nothing_to_resume"] = true;
            return outcome;
        }
        // Read (and so checked) before anything in the run changes. A resumed run replaces
        // best.pt only with a better epoch than the ones before the stop.
        best = bestValidationAccuracy(readMetricsFile(run.path() + "/metrics.csv"),
                                      firstEpoch - 1);
        const std::size_t discarded =
            run.discardMetricsAfter(firstEpoch - 1, static_cast<long long>(into));
        run.log("resumed after epoch " + std::to_string(firstEpoch - 1) +
                (into ? " and " + std::to_string(into) + " batches of epoch " +
                            std::to_string(firstEpoch)
                      : std::string()) +
                "; " + std::to_string(discarded) +
                " metrics rows written after that checkpoint were dropped");
    }
    // Written once a resume has passed its checks, so that a refused one changes nothing; a run
    // from before the file existed gains it.
    writeClassNames(run.path(), trainer.classNames());
    run.log("training on " + trainer.device());
    RunRecorder recorder(trainer, run, observer, best, firstEpoch - 1);
    try {
        outcome.epochsCompleted = trainer.run(recorder, firstEpoch);
    } catch (const std::exception& failure) {
        // A run failure, or bad input met mid-run (an unreadable image in the evaluation split).
        // The checkpoints of completed epochs stay as they are; log.txt and summary.json say why
        // the run ended. A disk too full to say so must not hide the failure itself.
        // Each step on its own: log.txt may be the file that failed.
        const auto attempt = [](const auto& step) {
            try {
                step();
            } catch (const std::exception&) {
            }
        };
        std::size_t kept = 0;
        const std::size_t trained = trainer.batchesIntoEpoch();
        if (dynamic_cast<const Error*>(&failure) && trained > 0) {
            // Bad input stopped it, not bad weights (a RunFailure such as a loss that is no
            // longer finite keeps the last good checkpoint): the batches trained are kept, as
            // after a stop, so that a resume once the input is mended loses nothing.
            attempt([&] {
                saveCheckpoint(trainer, recorder.lastEpoch(), run.checkpointPath("last"));
                kept = trained;
            });
            if (kept > 0) {
                attempt([&] {
                    run.log("stopped in epoch " + std::to_string(recorder.lastEpoch() + 1) +
                            " after batch " + std::to_string(trained) + "; checkpoint saved");
                });
            }
        }
        attempt([&] { run.log(std::string("failed: ") + failure.what()); });
        attempt([&] {
            auto summary = runSummary(run, recorder.lastEpoch(), kept > 0, kept);
            summary["failed"] = failure.what();
            run.writeSummary(summary);
        });
        throw;
    }
    // A stop that came after the last epoch leaves nothing to resume.
    outcome.stopped =
        trainer.stopRequested() && outcome.epochsCompleted < run.config().integer("train.epochs");
    const std::size_t into = trainer.batchesIntoEpoch();
    if (outcome.stopped && into > 0) {
        // The batches trained since the last completed epoch are kept too.
        saveCheckpoint(trainer, outcome.epochsCompleted, run.checkpointPath("last"));
        run.log("stopped in epoch " + std::to_string(outcome.epochsCompleted + 1) +
                " after batch " + std::to_string(into) + "; checkpoint saved");
        outcome.batchesIntoNextEpoch = into;
    }
    outcome.summary = runSummary(run, outcome.epochsCompleted, outcome.stopped,
                                 outcome.batchesIntoNextEpoch);
    run.writeSummary(outcome.summary);
    return outcome;
}

}  // namespace noisynn
