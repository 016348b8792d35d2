#include "runs/run_directory.h"

#include "error.h"
#include "runs/metrics_file.h"
#include "util/file_writing.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iterator>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace noisynn {
namespace {

// What log.txt's error handler records for a failed write that left errno at 0.
constexpr int kUnknownLogError = -1;

std::string timestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &local);
    return text;
}

// Folder names keep to letters, digits, '-', '_' and '.'.
std::string safeName(const std::string& name) {
    std::string safe;
    for (char c : name) {
        safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')
                    ? c
                    : '-';
    }
    return safe.empty() ? "run" : safe;
}

// The keys every run's config.json has held since the first version. A config file a user writes
// may leave any key to its default, but a run's is written whole when the run begins: one of
// these missing means the file was edited or damaged, and a default would silently stand in for
// what the run trained and evaluates with (a missing "noise" section would evaluate without noise).
void requireRunKeys(const std::string& file) {
    static const char* const kKeys[] = {
        "model.backbone", "model.weights",      "data.dataset",     "data.root",
        "data.train_subset", "noise.type",      "noise.layer",      "noise.position",
        "noise.scope",    "noise.strength",     "noise.phase",      "noise.image.type",
        "train.epochs",   "train.batch_size",   "train.optimizer",  "train.lr",
        "train.weight_decay", "train.warmup_epochs", "train.label_smoothing", "train.precision",
        "train.device",   "train.threads",      "train.seed",       "eval.order",
        "eval.batch_size"};
    std::ifstream stream(file);
    const nlohmann::json document = nlohmann::json::parse(stream, nullptr, false);
    for (const char* key : kKeys) {
        std::string pointer = std::string("/") + key;
        std::replace(pointer.begin(), pointer.end(), '.', '/');
        if (!document.contains(nlohmann::json::json_pointer(pointer))) {
            throw Error(file + ": " + key + " is missing; a run's config.json holds every key, " +
                        "written when the run began; expected the file as the run wrote it");
        }
    }
}

}  // namespace

RunDirectory::RunDirectory(std::string path, RunConfig config)
    : m_path(std::move(path)), m_config(std::move(config)) {}

void RunDirectory::openForWriting() {
    if (m_metrics) {
        return;
    }
    const std::string metrics = (fs::path(m_path) / "metrics.csv").string();
    const bool fresh = !fs::exists(metrics);
    errno = 0;
    auto stream = std::make_shared<std::ofstream>(metrics, std::ios::app);
    if (!*stream) {
        throwWriteFailure(errno, metrics + ": cannot be opened for appending");
    }
    if (fresh) {
        *stream << metricsHeader() << std::flush;
        if (!*stream) {
            throwWriteFailure(errno, metrics + ": cannot be written");
        }
    }
    static std::atomic<int> counter{0};
    const std::string logFile = (fs::path(m_path) / "log.txt").string();
    try {
        m_logger = spdlog::basic_logger_mt("run-" + std::to_string(counter++), logFile);
    } catch (const spdlog::spdlog_ex&) {
        throwWriteFailure(errno, logFile + ": cannot be opened for appending");
    }
    m_metrics = std::move(stream);
    m_logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %l %v");
    m_logger->flush_on(spdlog::level::info);
    // spdlog's own handler prints "[*** LOG ERROR ***]" to stderr beside our message; log()
    // reports the failure instead, naming the file.
    m_logger->set_error_handler([failure = m_logError](const std::string&) {
        *failure = errno == 0 ? kUnknownLogError : errno;
    });
}

RunDirectory RunDirectory::create(const std::string& runsDir, const std::string& name,
                                  const RunConfig& config) {
    if (runsDir.empty()) {
        throw Error("the runs folder is an empty path; expected a folder (--runs-dir) to hold "
                    "run directories");
    }
    const std::string folderName = timestamp() + "-" + safeName(name);
    fs::path path = fs::path(runsDir) / folderName;
    for (int suffix = 2; fs::exists(path); ++suffix) {
        path = fs::path(runsDir) / (folderName + "-" + std::to_string(suffix));
    }
    makeFolders(path / "checkpoints", "expected a writable folder (--runs-dir) for runs");
    makeFolders(path / "exports", "expected a writable folder (--runs-dir) for runs");
    writeFileAtomically((path / "config.json").string(), config.toJson().dump(2) + "\n");
    RunDirectory run(path.string(), config);
    run.openForWriting();  // metrics.csv starts with its header
    return run;
}

RunDirectory RunDirectory::open(const std::string& path) {
    const std::string config = (fs::path(path) / "config.json").string();
    if (!fs::is_regular_file(config)) {
        throw Error(path + ": not a run directory (no config.json)");
    }
    RunConfig parsed = RunConfig::fromFile(config);
    requireRunKeys(config);
    return RunDirectory(path, std::move(parsed));
}

std::string RunDirectory::checkpointPath(const std::string& which) const {
    return (fs::path(m_path) / "checkpoints" / (which + ".pt")).string();
}

void RunDirectory::lockForTraining() {
    if (m_lock) {
        return;
    }
    const std::string config = (fs::path(m_path) / "config.json").string();
    // Opened for writing: NFS emulates flock with fcntl locks, which need it.
    const int descriptor = ::open(config.c_str(), O_RDWR | O_CLOEXEC);
    if (descriptor < 0) {
        throw Error(config + ": cannot be opened to lock the run (" + std::strerror(errno) +
                    "); expected a writable run directory");
    }
    if (::flock(descriptor, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(descriptor);
        if (error == EWOULDBLOCK) {
            throw Error(m_path + ": another process is training this run; expected it to finish "
                        "or be stopped before this one trains it");
        }
        throw Error(config + ": cannot be locked (" + std::strerror(error) +
                    "); expected a file system that supports locks");
    }
    m_lock = std::shared_ptr<int>(new int(descriptor), [](int* held) {
        ::close(*held);
        delete held;
    });
}

void RunDirectory::appendMetrics(const MetricsRow& row) {
    openForWriting();
    const std::string text = metricsLine(row);
    errno = 0;
    *m_metrics << text << std::flush;  // a killed run keeps every row written before
    if (!*m_metrics) {
        throwWriteFailure(errno, m_path + "/metrics.csv: cannot be appended to");
    }
}

std::size_t RunDirectory::discardMetricsAfter(int epoch, long long batchesIntoNext) {
    const std::string metrics = (fs::path(m_path) / "metrics.csv").string();
    openForWriting();
    m_metrics->close();
    std::ifstream in(metrics, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::string kept;
    std::size_t discarded = 0;
    bool upgraded = false;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        const std::string line = text.substr(start, end - start + 1);
        // kind,epoch,batch,...
        const auto comma = line.find(',');
        const auto second = line.find(',', comma + 1);
        const int rowEpoch = start == 0 ? 0 : std::atoi(line.c_str() + comma + 1);
        const long long rowBatch = start == 0 ? 0 : std::atoll(line.c_str() + second + 1);
        const bool earlierBatch =
            rowEpoch == epoch + 1 && line.rfind("batch,", 0) == 0 && rowBatch <= batchesIntoNext;
        if (start == 0) {
            // A run from an older version gains the newer columns; its old rows stay short.
            upgraded = line != metricsHeader();
            kept += metricsHeader();
        } else if (rowEpoch <= epoch || earlierBatch) {
            kept += line;
        } else {
            ++discarded;
        }
    }
    discarded += start < text.size() ? 1 : 0;  // a row the kill cut short
    if (discarded > 0 || upgraded) {
        writeFileAtomically(metrics, kept);
    }
    errno = 0;
    m_metrics = std::make_shared<std::ofstream>(metrics, std::ios::app);
    if (!*m_metrics) {
        throwWriteFailure(errno, metrics + ": cannot be opened for appending");
    }
    return discarded;
}

void RunDirectory::log(const std::string& message) {
    openForWriting();
    *m_logError = 0;
    m_logger->info(message);
    if (*m_logError != 0) {
        throwWriteFailure(*m_logError == kUnknownLogError ? 0 : *m_logError,
                          m_path + "/log.txt: cannot be appended to");
    }
}

void RunDirectory::writeSummary(const nlohmann::json& summary) const {
    writeFileAtomically((fs::path(m_path) / "summary.json").string(), summary.dump(2) + "\n");
}

}  // namespace noisynn
