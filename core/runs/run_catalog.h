#pragma once

#include <string>
#include <vector>

namespace noisynn {

// One run directory as the workbench's run list shows it, read from its config.json,
// metrics.csv and checkpoints.
struct RunListing {
    std::string path;
    std::string folder;    // "20261205-013000-fmnist-small-cnn"
    std::string name;      // the config's name
    std::string backbone;  // model.backbone
    std::string noise;     // "linear-optimal @ -1 (eval)" or "none"
    int epochs = 0;        // train.epochs
    int epochsCompleted = 0;
    double bestValAccuracy = -1;  // -1 before the first epoch
    bool resumable = false;       // checkpoints/last.pt is there and epochs remain
    std::string status;           // "finished", "stopped", "no checkpoint", "damaged: ..."
};

// The run directories directly under runsDir, newest first. A folder without config.json is not
// a run and is left out; a run whose files cannot be read is listed with a "damaged" status
// naming the file, so that one bad run never hides the others.
std::vector<RunListing> listRuns(const std::string& runsDir);
RunListing readRunListing(const std::string& runPath);

}  // namespace noisynn
