#pragma once

#include "config/run_config.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <limits>
#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace noisynn {

// One row of metrics.csv: a logged training batch, or an epoch with its validation figures.
struct MetricsRow {
    std::string kind;  // "batch" or "epoch"
    int epoch = 0;
    long long batch = 0;
    double loss = 0;
    double accuracy = 0;
    double learningRate = 0;
    double imagesPerSecond = 0;
    double valLoss = 0;      // epoch rows
    double valAccuracy = 0;  // epoch rows
    double seconds = 0;      // epoch rows
    // Epoch rows with a noise to measure (NaN, an empty cell, otherwise): the task entropy before
    // and after the noise, their difference and the theory's Delta S.
    double taskEntropyBefore = std::numeric_limits<double>::quiet_NaN();
    double taskEntropyAfter = std::numeric_limits<double>::quiet_NaN();
    double deltaSEstimated = std::numeric_limits<double>::quiet_NaN();
    double deltaSTheory = std::numeric_limits<double>::quiet_NaN();
};

// runs/<yyyymmdd-hhmmss>-<name>/ as DESIGN.md lays it out: config.json (the full resolved config),
// metrics.csv (appended and flushed row by row), log.txt, checkpoints/, summary.json, exports/.
class RunDirectory {
public:
    // Creates a new run directory under runsDir. Throws noisynn::Error naming the folder when it
    // cannot be made or written.
    static RunDirectory create(const std::string& runsDir, const std::string& name,
                               const RunConfig& config);
    // Opens an existing run; its config.json is read and validated. Nothing is written until the
    // first metrics row or log line.
    static RunDirectory open(const std::string& path);

    const std::string& path() const { return m_path; }
    const RunConfig& config() const { return m_config; }
    std::string checkpointPath(const std::string& which) const;  // "last", "best"

    // Takes the run for this process until the RunDirectory goes (an advisory lock on
    // config.json), so that two processes never train it at once. Throws noisynn::Error naming
    // the run when another process holds it.
    void lockForTraining();

    void appendMetrics(const MetricsRow& row);
    // On resume from a checkpoint taken after `epoch` plus `batchesIntoNext` batches of the next:
    // drops the rows written after that point (a killed run's, which the resumed run writes
    // again) and a last line cut short by the kill. Returns how many rows went. The file is
    // replaced atomically, so a crash keeps the old one.
    std::size_t discardMetricsAfter(int epoch, long long batchesIntoNext = 0);
    void log(const std::string& message);
    // Written to a temporary file and renamed, like the checkpoints.
    void writeSummary(const nlohmann::json& summary) const;

private:
    RunDirectory(std::string path, RunConfig config);
    // Opens metrics.csv and log.txt for appending on the first write, so that reading a run
    // (eval, export, the runs list) works on a read-only copy. Throws noisynn::Error naming the
    // file when it cannot be opened.
    void openForWriting();

    std::string m_path;
    RunConfig m_config;
    std::shared_ptr<std::ofstream> m_metrics;
    std::shared_ptr<spdlog::logger> m_logger;
    // The errno of log.txt's last failed write, which spdlog reports to a handler, not by a throw.
    std::shared_ptr<int> m_logError = std::make_shared<int>(0);
    std::shared_ptr<int> m_lock;  // the locked descriptor; copies made after the lock share it
};

}  // namespace noisynn
