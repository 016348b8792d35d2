#include "cli/train_commands.h"

#include "cli/config_options.h"
#include "cli/evaluation_options.h"
#include "cli/progress_line.h"
#include "cli/task_progress.h"
#include "config/run_dataset.h"
#include "error.h"
#include "runs/checkpoint_evaluation.h"
#include "runs/run_directory.h"
#include "runs/run_session.h"
#include "runs/run_summary.h"
#include "training/checkpoint.h"
#include "training/trainer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>

namespace noisynn {
namespace {

// The run Ctrl-C stops. Trainer::requestStop only stores to a lock-free atomic, which a signal
// handler may do; the stop then lands within one batch, in training or in evaluation.
std::atomic<Trainer*> g_interruptible{nullptr};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<Trainer*>::is_always_lock_free);

extern "C" void onInterrupt(int) {
    if (Trainer* trainer = g_interruptible.load()) {
        trainer->requestStop();
    }
}

// While alive, Ctrl-C stops `trainer` instead of ending the process.
class InterruptStopsRun {
public:
    explicit InterruptStopsRun(Trainer& trainer) {
        g_interruptible = &trainer;
        m_previous = std::signal(SIGINT, onInterrupt);
    }
    ~InterruptStopsRun() {
        std::signal(SIGINT, m_previous);
        g_interruptible = nullptr;
    }
    InterruptStopsRun(const InterruptStopsRun&) = delete;
    InterruptStopsRun& operator=(const InterruptStopsRun&) = delete;

private:
    void (*m_previous)(int) = SIG_DFL;
};

DatasetSplits datasetOf(const RunConfig& config) {
    return openDataset(datasetRequestFrom(config));
}

// Shows progress and epochs as the run goes.
class ProgressPrinter : public TrainingEvents {
public:
    ProgressPrinter(const RunConfig& config, std::ostream& out, bool quiet)
        : m_out(out),
          m_quiet(quiet),
          m_logEvery(static_cast<std::size_t>(config.integer("train.log_every"))),
          m_epochs(static_cast<int>(config.integer("train.epochs"))),
          m_progress(out),
          m_showProgress(!quiet && ProgressLine::stdoutIsTerminal()) {}

    void onBatch(const BatchMetrics& metrics) override {
        if (m_firstEpoch == 0) {
            m_firstEpoch = metrics.epoch;  // the ETA counts from where this process began
        }
        if (m_showProgress) {
            m_progress.update(metrics.epoch, m_firstEpoch, m_epochs, metrics.batch, metrics.batches,
                              metrics.loss, metrics.imagesPerSecond);
        } else if (!m_quiet &&
                   (metrics.batch % m_logEvery == 0 || metrics.batch == metrics.batches)) {
            char line[160];
            std::snprintf(line, sizeof line,
                          "epoch %d batch %zu/%zu  loss %.4f  acc %.3f  lr %.2e  %.0f img/s\n",
                          metrics.epoch, metrics.batch, metrics.batches, metrics.loss,
                          metrics.accuracy, metrics.learningRate, metrics.imagesPerSecond);
            m_out << line << std::flush;
        }
    }

    void onEpoch(const EpochMetrics& metrics) override {
        if (!m_quiet) {
            m_progress.clear();
            m_out << epochLine(metrics) << "\n" << std::flush;
        }
    }

    // Ends an unfinished progress line before anything else is printed.
    void finish() { m_progress.clear(); }

private:
    std::ostream& m_out;
    bool m_quiet;
    std::size_t m_logEvery;
    int m_firstEpoch = 0;
    int m_epochs;
    ProgressLine m_progress;
    bool m_showProgress;
};

int train(Trainer& trainer, RunDirectory& run, bool resume, bool json, std::ostream& out) {
    ProgressPrinter printer(run.config(), out, json);
    const RunOutcome outcome = [&] {
        InterruptStopsRun interrupts(trainer);
        return recordRun(trainer, run, resume, printer);
    }();
    printer.finish();
    if (outcome.nothingToResume && !json) {
        out << "run " << run.path() << " has completed all " << outcome.epochsCompleted
            << " epochs; nothing to resume\n";
        return 0;
    }
    if (json) {
        out << outcome.summary.dump(2) << "\n";
    } else {
        out << "run " << run.path() << ": " << outcome.epochsCompleted << " epochs\n";
    }
    return outcome.stopped ? 130 : 0;
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
                       "(e.g. noise.type=none for the baseline); repeatable",
                       true});
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
    const RunConfig config = evaluationConfig(run.config(), line.values("set"));
    const auto [which, order, batch] = evaluationChoice(line, config);
    const bool json = line.has("json");
    TaskProgress progress(out, json, "evaluating", "evaluated");
    const EvaluationProgress onProgress = [&](std::size_t images, std::size_t total) {
        progress.update(images, total);
    };
    const auto [epoch, result] =
        evaluateCheckpoint(config, chosenCheckpoint(run, which), order, batch, nullptr, onProgress);
    progress.finish();
    // The checkpoint's own training speed, as metrics.csv recorded it for its epoch.
    const nlohmann::json trained = runSummary(run, epoch, false, 0);
    const nlohmann::json summary{{"run_dir", run.path()},
                                 {"checkpoint", which},
                                 {"epochs_completed", epoch},
                                 {"eval_order", toString(order)},
                                 {"eval_batch", batch},
                                 {"overrides", line.values("set")},
                                 {"precision", config.text("train.precision")},
                                 {"device", config.text("train.device")},
                                 {"val_accuracy", result.accuracy},
                                 {"val_loss", result.loss},
                                 {"train_images_per_second", trained["train_images_per_second"]},
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
    if (json) {
        out << summary.dump(2) << "\n";
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
