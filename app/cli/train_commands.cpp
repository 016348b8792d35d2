#include "cli/train_commands.h"

#include "cli/config_options.h"
#include "cli/evaluation_options.h"
#include "cli/progress_line.h"
#include "config/run_dataset.h"
#include "error.h"
#include "runs/run_directory.h"
#include "training/checkpoint.h"
#include "training/trainer.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>

namespace noisynn {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int) {
    g_interrupted = true;
}

DatasetSplits datasetOf(const RunConfig& config) {
    return openDataset(datasetRequestFrom(config));
}

// Writes metrics, checkpoints and progress as the run goes, and turns Ctrl-C into a stop.
class RunRecorder : public TrainingEvents {
public:
    RunRecorder(Trainer& trainer, RunDirectory& run, std::ostream& out, bool quiet, int firstEpoch)
        : m_trainer(trainer),
          m_run(run),
          m_out(out),
          m_quiet(quiet),
          m_logEvery(run.config().integer("train.log_every")),
          m_firstEpoch(firstEpoch),
          m_epochs(static_cast<int>(run.config().integer("train.epochs"))),
          m_progress(out),
          m_showProgress(!quiet && ProgressLine::stdoutIsTerminal()) {}

    void onBatch(const BatchMetrics& metrics) override {
        if (g_interrupted) {
            m_trainer.requestStop();
        }
        if (m_showProgress) {
            m_progress.update(metrics.epoch, m_firstEpoch, m_epochs, metrics.batch, metrics.batches,
                              metrics.loss, metrics.imagesPerSecond);
        }
        if (metrics.batch % static_cast<std::size_t>(m_logEvery) == 0 ||
            metrics.batch == metrics.batches) {
            m_run.appendMetrics({"batch", metrics.epoch, static_cast<long long>(metrics.batch),
                                 metrics.loss, metrics.accuracy, metrics.learningRate,
                                 metrics.imagesPerSecond, 0, 0, 0});
            if (!m_quiet && !m_showProgress) {
                char line[160];
                std::snprintf(line, sizeof line,
                              "epoch %d batch %zu/%zu  loss %.4f  acc %.3f  lr %.2e  %.0f img/s\n",
                              metrics.epoch, metrics.batch, metrics.batches, metrics.loss,
                              metrics.accuracy, metrics.learningRate, metrics.imagesPerSecond);
                m_out << line << std::flush;
            }
        }
    }

    void onEpoch(const EpochMetrics& metrics) override {
        m_last = metrics;
        const EntropyFigures& entropy = metrics.validation.entropy;
        m_run.appendMetrics({"epoch", metrics.epoch, 0, metrics.trainLoss, metrics.trainAccuracy, 0,
                             metrics.trainImagesPerSecond, metrics.validation.loss,
                             metrics.validation.accuracy, metrics.seconds, entropy.before,
                             entropy.after, entropy.deltaSEstimated, entropy.deltaSTheory});
        saveCheckpoint(m_trainer, metrics.epoch, m_run.checkpointPath("last"));
        if (metrics.validation.accuracy > m_best) {
            m_best = metrics.validation.accuracy;
            saveCheckpoint(m_trainer, metrics.epoch, m_run.checkpointPath("best"));
        }
        char line[200];
        std::snprintf(line, sizeof line,
                      "epoch %d  train loss %.4f acc %.4f  val loss %.4f acc %.4f  %.0f img/s  "
                      "%.1f s",
                      metrics.epoch, metrics.trainLoss, metrics.trainAccuracy,
                      metrics.validation.loss, metrics.validation.accuracy,
                      metrics.trainImagesPerSecond, metrics.seconds);
        std::string text = line;
        if (entropy.estimated()) {
            char figures[160];
            std::snprintf(figures, sizeof figures,
                          "  H(T;Z) %.4f -> %.4f (Delta S estimated %.4f, theory %.4f)",
                          entropy.before, entropy.after, entropy.deltaSEstimated,
                          entropy.deltaSTheory);
            text += figures;
        }
        m_run.log(text);
        if (!m_quiet) {
            m_progress.clear();
            m_out << text << "\n" << std::flush;
        }
    }

    // Ends an unfinished progress line before anything else is printed.
    void finish() { m_progress.clear(); }

    const EpochMetrics& last() const { return m_last; }

private:
    Trainer& m_trainer;
    RunDirectory& m_run;
    std::ostream& m_out;
    bool m_quiet;
    long long m_logEvery;
    int m_firstEpoch;
    int m_epochs;
    ProgressLine m_progress;
    bool m_showProgress;
    double m_best = -1.0;
    EpochMetrics m_last;
};

int train(Trainer& trainer, RunDirectory& run, bool resume, bool json, std::ostream& out) {
    int firstEpoch = 1;
    if (resume) {
        firstEpoch = loadCheckpoint(trainer, run.checkpointPath("last")) + 1;
        const std::size_t into = trainer.batchesIntoEpoch();
        if (firstEpoch > run.config().integer("train.epochs")) {
            out << "run " << run.path() << " has completed all " << firstEpoch - 1
                << " epochs; nothing to resume\n";
            return 0;
        }
        const std::size_t discarded =
            run.discardMetricsAfter(firstEpoch - 1, static_cast<long long>(into));
        run.log("resumed after epoch " + std::to_string(firstEpoch - 1) +
                (into ? " and " + std::to_string(into) + " batches of epoch " +
                            std::to_string(firstEpoch)
                      : std::string()) +
                "; " + std::to_string(discarded) +
                " metrics rows written after that checkpoint were dropped");
    }
    run.log("training on " + trainer.device());
    RunRecorder recorder(trainer, run, out, json, firstEpoch);
    g_interrupted = false;
    auto previous = std::signal(SIGINT, onInterrupt);
    const int completed = trainer.run(recorder, firstEpoch);
    std::signal(SIGINT, previous);
    recorder.finish();
    const std::size_t into = trainer.batchesIntoEpoch();
    if (g_interrupted && into > 0) {
        // The batches trained since the last completed epoch are kept too.
        saveCheckpoint(trainer, completed, run.checkpointPath("last"));
        run.log("interrupted in epoch " + std::to_string(completed + 1) + " after batch " +
                std::to_string(into) + "; checkpoint saved");
    }
    const auto& last = recorder.last();
    const nlohmann::json summary{{"run_dir", run.path()},
                                 {"epochs_completed", completed},
                                 {"interrupted", g_interrupted.load()},
                                 {"batches_into_next_epoch", g_interrupted ? into : 0},
                                 {"val_accuracy", last.validation.accuracy},
                                 {"val_loss", last.validation.loss},
                                 {"train_images_per_second", last.trainImagesPerSecond},
                                 {"task_entropy_before", last.validation.entropy.before},
                                 {"task_entropy_after", last.validation.entropy.after},
                                 {"delta_s_estimated", last.validation.entropy.deltaSEstimated},
                                 {"delta_s_theory", last.validation.entropy.deltaSTheory}};
    run.writeSummary(summary);
    if (json) {
        out << summary.dump(2) << "\n";
    } else {
        out << "run " << run.path() << ": " << completed << " epochs\n";
    }
    return g_interrupted ? 130 : 0;
}

std::vector<OptionSpec> withCommon(std::vector<OptionSpec> options) {
    options.push_back({"json", false, "print one JSON object at the end"});
    options.push_back({"help", false, "show this help"});
    return options;
}

std::string onlyRunDir(const CommandLine& line, const std::string& command) {
    if (line.positional().size() != 1) {
        throw Error(command + " needs exactly one RUN_DIR; found " +
                    std::to_string(line.positional().size()) + " arguments");
    }
    return line.positional().front();
}

}  // namespace

int runTrain(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
    auto options = configOptions();
    options.push_back({"runs-dir", true, "where run directories go (default ./runs)"});
    options.push_back({"name", true, "the run's name (default: the config's name)"});
    options = withCommon(options);
    const CommandLine line(arguments, options);
    if (line.has("help")) {
        out << "usage: noisynn train --preset NAME | --config FILE [--set key=value ...] "
               "[--runs-dir DIR] [--name NAME] [--json]\n"
            << optionHelp(options);
        return 0;
    }
    const RunConfig config = configFromCommandLine(line);
    const std::string name =
        line.value("name", config.text("name").empty() ? "run" : config.text("name"));
    // Everything that can be refused is refused before a run directory exists.
    Trainer trainer(config, datasetOf(config));
    RunDirectory run = RunDirectory::create(line.value("runs-dir", "runs"), name, config);
    return train(trainer, run, false, line.has("json"), out);
}

int runResume(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
    const auto options = withCommon({});
    const CommandLine line(arguments, options);
    if (line.has("help")) {
        out << "usage: noisynn resume RUN_DIR [--json]\n" << optionHelp(options);
        return 0;
    }
    RunDirectory run = RunDirectory::open(onlyRunDir(line, "resume"));
    Trainer trainer(run.config(), datasetOf(run.config()));
    return train(trainer, run, true, line.has("json"), out);
}

int runEval(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
    auto options = evaluationOptions();
    options.push_back({"set", true,
                       "key=value for this evaluation only: a noise.*, eval.* or entropy.* key "
                       "(e.g. noise.type=none for the baseline)"});
    options = withCommon(options);
    const CommandLine line(arguments, options);
    if (line.has("help")) {
        out << "usage: noisynn eval RUN_DIR [--checkpoint best|last] [--eval-order ORDER] "
               "[--eval-batch N] [--set key=value ...] [--json]\n"
            << optionHelp(options);
        return 0;
    }
    RunDirectory run = RunDirectory::open(onlyRunDir(line, "eval"));
    // The checkpoint fixes the model and its training; what the evaluation does with it is free.
    RunConfig config = run.config();
    for (const std::string& setting : line.values("set")) {
        const std::string key = setting.substr(0, setting.find('='));
        const bool evaluationKey = key.rfind("noise.", 0) == 0 || key.rfind("eval.", 0) == 0 ||
                                   key.rfind("entropy.", 0) == 0;
        if (!evaluationKey) {
            throw Error("eval --set " + key +
                        ": the checkpoint was trained with it; expected a noise.*, eval.* or "
                        "entropy.* key");
        }
        config.apply(setting);
    }
    const auto [which, order, batch] = evaluationChoice(line, config);
    Trainer trainer(config, datasetOf(config));
    const int epoch = loadCheckpoint(trainer, run.checkpointPath(which));
    const EvaluationResult result = trainer.evaluate(order, batch);
    const nlohmann::json json{{"run_dir", run.path()},
                              {"checkpoint", which},
                              {"epochs_completed", epoch},
                              {"eval_order", toString(order)},
                              {"eval_batch", batch},
                              {"overrides", line.values("set")},
                              {"val_accuracy", result.accuracy},
                              {"val_loss", result.loss},
                              {"samples", result.samples},
                              {"task_entropy_before", result.entropy.before},
                              {"task_entropy_after", result.entropy.after},
                              {"delta_s_estimated", result.entropy.deltaSEstimated},
                              {"delta_s_theory", result.entropy.deltaSTheory},
                              {"entropy_samples", result.entropy.samples},
                              {"entropy_dimension", result.entropy.dimensionUsed},
                              {"entropy_seconds", result.entropy.seconds},
                              {"per_class_accuracy", result.perClassAccuracy},
                              {"confusion", result.confusion}};
    if (line.has("json")) {
        out << json.dump(2) << "\n";
    } else {
        char text[200];
        std::snprintf(text, sizeof text,
                      "%s checkpoint (epoch %d), %s order, batch %zu: accuracy %.4f, loss %.4f "
                      "on %zu images\n",
                      which.c_str(), epoch, toString(order).c_str(), batch, result.accuracy,
                      result.loss, result.samples);
        out << text;
        if (result.entropy.estimated()) {
            std::snprintf(text, sizeof text,
                          "task entropy H(T;Z) on %zu samples (dimension %zu): %.4f before the "
                          "noise, %.4f after; Delta S estimated %.4f, theory %.4f\n",
                          result.entropy.samples, result.entropy.dimensionUsed,
                          result.entropy.before, result.entropy.after,
                          result.entropy.deltaSEstimated, result.entropy.deltaSTheory);
            out << text;
        }
    }
    return 0;
}

}  // namespace noisynn
