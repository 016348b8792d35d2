#include "runs/run_catalog.h"

#include "runs/metrics_file.h"
#include "runs/run_directory.h"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace noisynn {
namespace {

std::string noiseSummary(const RunConfig& config) {
    std::string noise;
    if (config.text("noise.type") != "none") {
        noise = config.text("noise.type") + " @ " + config.text("noise.layer") + " (" +
                config.text("noise.phase") + ")";
    }
    if (config.text("noise.image.type") != "none") {
        noise +=
            (noise.empty() ? "" : ", ") + std::string("image ") + config.text("noise.image.type");
    }
    return noise.empty() ? "none" : noise;
}

}  // namespace

RunListing readRunListing(const std::string& runPath) {
    RunListing listing;
    listing.path = runPath;
    listing.folder = fs::path(runPath).filename().string();
    try {
        const RunDirectory run = RunDirectory::open(runPath);
        const RunConfig& config = run.config();
        listing.name = config.text("name");
        listing.backbone = config.text("model.backbone");
        listing.noise = noiseSummary(config);
        listing.epochs = static_cast<int>(config.integer("train.epochs"));
        const std::string metrics = (fs::path(runPath) / "metrics.csv").string();
        if (fs::exists(metrics)) {
            for (const MetricsRow& row : readMetricsFile(metrics)) {
                if (row.kind == "epoch") {
                    listing.epochsCompleted = std::max(listing.epochsCompleted, row.epoch);
                    listing.bestValAccuracy = std::max(listing.bestValAccuracy, row.valAccuracy);
                }
            }
        }
        const bool checkpoint = fs::exists(run.checkpointPath("last"));
        listing.resumable = checkpoint && listing.epochsCompleted < listing.epochs;
        listing.status = listing.epochsCompleted >= listing.epochs && checkpoint ? "finished"
                         : checkpoint                                            ? "stopped"
                                                                                 : "no checkpoint";
    } catch (const std::exception& error) {
        listing.status = std::string("damaged: ") + error.what();
    }
    return listing;
}

std::vector<RunListing> listRuns(const std::string& runsDir) {
    std::vector<RunListing> runs;
    std::error_code failure;
    for (const auto& entry : fs::directory_iterator(runsDir, failure)) {
        if (entry.is_directory() && fs::exists(entry.path() / "config.json")) {
            runs.push_back(readRunListing(entry.path().string()));
        }
    }
    // Folder names start with the creation time, so the name orders them.
    std::sort(runs.begin(), runs.end(),
              [](const RunListing& a, const RunListing& b) { return a.folder > b.folder; });
    return runs;
}

}  // namespace noisynn
