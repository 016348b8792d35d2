#include "cli/bench_command.h"

#include "cli/config_options.h"
#include "cli/task_progress.h"
#include "config/run_dataset.h"
#include "error.h"
#include "runtime/library_versions.h"
#include "runtime/operator_trace.h"
#include "training/trainer.h"

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <optional>

namespace noisynn {
namespace {

// Sums the timings of the measured steps, after the warm-up ones, traces their operators when
// asked, and stops the run when it has enough.
class StepCollector : public TrainingEvents {
public:
    StepCollector(Trainer& trainer, std::size_t warmup, std::size_t steps, std::size_t batchSize,
                  TaskProgress& progress, OperatorTrace* trace)
        : m_trainer(trainer),
          m_warmup(warmup),
          m_steps(steps),
          m_batchSize(batchSize),
          m_progress(progress),
          m_trace(trace) {
        startTraceAfter(0);
    }

    void onBatch(const BatchMetrics& metrics) override {
        ++m_seen;
        startTraceAfter(m_seen);
        m_progress.update(m_seen * m_batchSize, (m_warmup + m_steps) * m_batchSize);
        if (m_seen > m_warmup && measured < m_steps) {
            ++measured;
            sum.data += metrics.timings.data;
            sum.forward += metrics.timings.forward;
            sum.backward += metrics.timings.backward;
            sum.optimizer += metrics.timings.optimizer;
        }
        if (measured >= m_steps) {
            m_trainer.requestStop();
        }
    }

    StepTimings sum;
    std::size_t measured = 0;

private:
    Trainer& m_trainer;
    std::size_t m_warmup;
    std::size_t m_steps;
    std::size_t m_batchSize;
    TaskProgress& m_progress;
    std::size_t m_seen = 0;
    OperatorTrace* m_trace;

    // The trace holds the measured steps only: a warm-up step also creates kernels and memory.
    void startTraceAfter(std::size_t stepsDone) {
        if (m_trace && stepsDone == m_warmup) {
            m_trace->start();
        }
    }
};

double peakMemoryMiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;  // Linux reports KiB
}

}  // namespace

int runBench(const std::vector<std::string>& arguments, std::ostream& out) {
    auto options = configOptions();
    options.push_back({"steps", true, "measured training steps (default 20)"});
    options.push_back({"warmup", true, "steps run before measuring (default 2)"});
    options.push_back(
        {"trace", true, "write the measured steps' operators, timed, to FILE as a Chrome trace"});
    options.push_back({"json", false, "print one JSON object"});
    options.push_back({"help", false, "show this help"});
    const CommandLine line(arguments, options);
    if (line.has("help")) {
        out << "usage: noisynn bench --preset NAME | --config FILE [--set key=value ...] "
               "[--steps N] [--warmup N] [--trace FILE] [--json]\n"
               "Trains for --steps steps after --warmup, then evaluates about as many images,\n"
               "in the config's precision, device, threads, batch sizes and evaluation order.\n"
               "Nothing is written to disk but the --trace file.\n"
            << optionHelp(options);
        return 0;
    }
    RunConfig config = configFromCommandLine(line);
    const auto steps = static_cast<std::size_t>(line.integer("steps", 20, 1, 1000000));
    const auto warmup = static_cast<std::size_t>(line.integer("warmup", 2, 0, 1000000));
    // Enough epochs that a small data set does not end the measurement early.
    config.set("train.epochs", std::max<long long>(config.integer("train.epochs"), 100000));
    Trainer trainer(config, openDataset(datasetRequestFrom(config)));

    const bool json = line.has("json");
    // Opened before training, so that a path that cannot be written fails before the work.
    std::optional<OperatorTrace> trace;
    if (line.has("trace")) {
        trace.emplace(line.value("trace"));
    }
    TaskProgress trainingProgress(out, json, "training", "trained on");
    trainingProgress.update(0, 1);
    StepCollector collector(trainer, warmup, steps,
                            static_cast<std::size_t>(config.integer("train.batch_size")),
                            trainingProgress, trace ? &*trace : nullptr);
    trainer.run(collector);
    const std::size_t tracedOperators = trace ? trace->finish() : 0;
    trainingProgress.finish();
    if (collector.measured == 0) {
        throw RunFailure("the training split ended before any step was measured");
    }
    const auto trainBatch = static_cast<double>(config.integer("train.batch_size"));
    const StepTimings& sum = collector.sum;
    const double perStep = sum.total() / collector.measured;

    const auto order = parseSampleOrder(config.text("eval.order"), "eval.order");
    const auto evalBatch = order == SampleOrder::Single
                               ? std::size_t{1}
                               : static_cast<std::size_t>(config.integer("eval.batch_size"));
    const std::size_t evalBatches =
        std::max<std::size_t>(1, static_cast<std::size_t>(steps * trainBatch) / evalBatch);
    trainer.evaluate(order, evalBatch, 1);  // warm-up
    TaskProgress evaluationProgress(out, json, "evaluating", "evaluated");
    const auto evalStart = std::chrono::steady_clock::now();
    const EvaluationResult evaluated = trainer.evaluate(
        order, evalBatch, evalBatches, nullptr, nullptr,
        [&](std::size_t images, std::size_t total) { evaluationProgress.update(images, total); });
    const double evalSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - evalStart).count();
    evaluationProgress.finish();

    const int threads = loadedLibraryVersions().torchThreads;
    const auto ms = [&](double seconds) { return 1000.0 * seconds / collector.measured; };
    nlohmann::json result{
        {"config", config.text("name")},
        {"device", trainer.device()},
        {"precision", trainer.precision()},
        {"threads", threads},
        {"batch_size", config.integer("train.batch_size")},
        {"steps", collector.measured},
        {"train_images_per_second", trainBatch / perStep},
        {"ms_per_step",
         {{"data", ms(sum.data)},
          {"forward", ms(sum.forward)},
          {"backward", ms(sum.backward)},
          {"optimizer", ms(sum.optimizer)},
          {"total", ms(sum.total())}}},
        {"data_share", sum.data / sum.total()},
        {"eval_order", toString(order)},
        {"eval_batch_size", evalBatch},
        {"eval_images", evaluated.samples},
        {"eval_images_per_second", evaluated.samples / std::max(1e-9, evalSeconds)},
        {"peak_memory_mib", peakMemoryMiB()}};
    if (trace) {
        result["trace"] = {{"file", line.value("trace")}, {"operators", tracedOperators}};
    }
    if (json) {
        out << result.dump(2) << "\n";
        return 0;
    }
    char text[600];
    std::snprintf(
        text, sizeof text,
        "%s on %s, %s, %lld threads, batch %lld, %zu steps:\n"
        "  train  %.1f images/s, %.1f ms per step = data %.1f + forward %.1f + backward %.1f + "
        "optimizer %.1f (data %.1f%%)\n"
        "  eval   %.1f images/s (%s order, batch %zu, %zu images)\n"
        "  peak memory %.0f MiB\n",
        config.text("name").c_str(), trainer.device().c_str(), trainer.precision().c_str(),
        static_cast<long long>(threads), static_cast<long long>(config.integer("train.batch_size")),
        collector.measured, trainBatch / perStep, ms(sum.total()), ms(sum.data), ms(sum.forward),
        ms(sum.backward), ms(sum.optimizer), 100.0 * sum.data / sum.total(),
        evaluated.samples / std::max(1e-9, evalSeconds), toString(order).c_str(), evalBatch,
        evaluated.samples, peakMemoryMiB());
    out << text;
    if (trace) {
        out << "  trace  " << tracedOperators << " operator calls of the measured steps "
            << "(recording slows them) in " << line.value("trace") << "\n";
    }
    return 0;
}

}  // namespace noisynn
